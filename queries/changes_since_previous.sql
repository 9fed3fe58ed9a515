-- What changed between the newest complete snapshot and the newest complete
-- snapshot of an earlier date: records present in one and not the other.
-- A changed record shows as one row removed and one added. Records are
-- compared by identity (a record is the same whatever shape it came in),
-- so two renderings of one day (the XML and the CSV) show no change, and
-- excerpts, which hold only part of the registry, are left out.
-- With no earlier complete snapshot it returns nothing.
-- Run: sqlite3 -header -column ianaports.db < queries/changes_since_previous.sql
WITH new AS (
    SELECT id, registry_date FROM snapshots_by_recency WHERE kind = 'complete' ORDER BY recency LIMIT 1
), old AS (
    SELECT id FROM snapshots_by_recency
    WHERE kind = 'complete' AND registry_date < (SELECT registry_date FROM new)
    ORDER BY recency LIMIT 1
), added AS (
    SELECT port_id FROM snapshot_members WHERE snapshot_id = (SELECT id FROM new)
    EXCEPT
    SELECT port_id FROM snapshot_members WHERE snapshot_id = (SELECT id FROM old)
), removed AS (
    SELECT port_id FROM snapshot_members WHERE snapshot_id = (SELECT id FROM old)
    EXCEPT
    SELECT port_id FROM snapshot_members WHERE snapshot_id = (SELECT id FROM new)
)
SELECT change, r.service_name, r.port_number, r.transport_protocol, r.description, r.modification_date
FROM (SELECT 'added' AS change, port_id, (SELECT id FROM new) AS snapshot_id FROM added
      UNION ALL
      SELECT 'removed', port_id, (SELECT id FROM old) FROM removed) c
JOIN snapshot_registry r ON r.port_id = c.port_id AND r.snapshot_id = c.snapshot_id
WHERE EXISTS (SELECT 1 FROM old)
ORDER BY r.port_low, r.service_name, r.transport_protocol, change DESC;
