-- What changed between the two newest complete snapshots: records present
-- in one and not the other. A changed record shows as one row removed and
-- one added. Records are compared by content, so nothing is re-read.
-- With fewer than two complete snapshots it returns nothing.
-- Run: sqlite3 -header -column ianaports.db < queries/changes_since_previous.sql
WITH newest AS (
    SELECT id, recency FROM snapshots_by_recency WHERE kind = 'complete' ORDER BY recency LIMIT 2
), new AS (
    SELECT id FROM newest ORDER BY recency LIMIT 1
), old AS (
    SELECT id FROM newest ORDER BY recency LIMIT 1 OFFSET 1
), added AS (
    SELECT port_id FROM snapshot_ports WHERE snapshot_id = (SELECT id FROM new)
    EXCEPT
    SELECT port_id FROM snapshot_ports WHERE snapshot_id = (SELECT id FROM old)
), removed AS (
    SELECT port_id FROM snapshot_ports WHERE snapshot_id = (SELECT id FROM old)
    EXCEPT
    SELECT port_id FROM snapshot_ports WHERE snapshot_id = (SELECT id FROM new)
)
SELECT change, r.service_name, r.port_number, r.transport_protocol, r.description, r.modification_date
FROM (SELECT 'added' AS change, port_id, (SELECT id FROM new) AS snapshot_id FROM added
      UNION ALL
      SELECT 'removed', port_id, (SELECT id FROM old) FROM removed) c
JOIN snapshot_registry r ON r.port_id = c.port_id AND r.snapshot_id = c.snapshot_id
WHERE EXISTS (SELECT 1 FROM old)
ORDER BY r.port_low, r.service_name, r.transport_protocol, change DESC;
