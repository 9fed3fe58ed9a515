-- Blocks of ports the newest snapshot lists as Unassigned, largest first.
-- Run: sqlite3 -header -column ianaports.db < queries/unassigned_ranges.sql
SELECT port_low,
       port_high,
       port_high - port_low + 1 AS size,
       group_concat(coalesce(transport_protocol, 'any')) AS protocols
FROM registry
WHERE description = 'Unassigned' AND port_low IS NOT NULL
GROUP BY port_low, port_high
ORDER BY size DESC, port_low
LIMIT 50;
