-- System ports (0-1023) with a service name in the newest snapshot, one
-- line per record, by port and protocol.
--
-- Run: sqlite3 -header -column ianaports.db < queries/well_known_ports.sql
--      export -db ianaports.db -query queries/well_known_ports.sql -format csv
WITH newest AS (
    SELECT seq FROM snapshots_by_recency WHERE recency = 1
)
SELECT CASE WHEN p.port_low = p.port_high AND NOT p.port_range THEN CAST(p.port_low AS TEXT)
            ELSE p.port_low || '-' || p.port_high END AS port_number,
       p.protocol AS transport_protocol,
       s.name AS service_name,
       coalesce(r.description, p.description) AS description
FROM newest n
JOIN port_spans sp ON sp.first_seq <= n.seq AND coalesce(sp.last_seq, n.seq) >= n.seq
JOIN ports p ON p.id = sp.port_id
JOIN services s ON s.id = p.service_id
LEFT JOIN port_renditions r ON r.id = sp.rendition_id
WHERE p.port_low <= 1023
ORDER BY p.port_low, p.port_high, p.protocol, sp.order_group, sp.order_name, sp.order_rank;
