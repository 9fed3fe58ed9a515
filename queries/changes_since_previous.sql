-- What changed between the newest complete snapshot and the newest complete
-- snapshot of an earlier date: records present in one and not the other.
-- A changed record shows as one row removed and one added. Records are
-- compared by identity (a record is the same whatever shape it came in),
-- so two renderings of one day (the XML and the CSV) show no change, and
-- excerpts, which hold only part of the registry, are left out.
-- With no earlier complete snapshot it returns nothing. (For the changes
-- over the whole history, see changes_per_year.sql and service_changes.sql.)
--
-- Run: sqlite3 -header -column ianaports.db < queries/changes_since_previous.sql
--      export -db ianaports.db -query queries/changes_since_previous.sql -format csv
WITH new AS (
    SELECT id, registry_date FROM snapshots_by_recency WHERE kind = 'complete' ORDER BY recency LIMIT 1
), old AS (
    SELECT id FROM snapshots_by_recency
    WHERE kind = 'complete' AND registry_date < (SELECT registry_date FROM new)
    ORDER BY recency LIMIT 1
), new_members AS MATERIALIZED (
    SELECT port_id, rendition_id FROM snapshot_members WHERE snapshot_id = (SELECT id FROM new)
), old_members AS MATERIALIZED (
    SELECT port_id, rendition_id FROM snapshot_members WHERE snapshot_id = (SELECT id FROM old)
), changes AS (
    SELECT 'added' AS change, port_id, rendition_id FROM new_members
    WHERE port_id NOT IN (SELECT port_id FROM old_members)
    UNION ALL
    SELECT 'removed', port_id, rendition_id FROM old_members
    WHERE port_id NOT IN (SELECT port_id FROM new_members)
)
SELECT c.change,
       s.name AS service_name,
       CASE WHEN p.port_low = p.port_high AND NOT p.port_range THEN CAST(p.port_low AS TEXT)
            ELSE p.port_low || '-' || p.port_high END AS port_number,
       p.protocol AS transport_protocol,
       coalesce(r.description, p.description) AS description,
       p.modification_date
FROM changes c
JOIN ports p ON p.id = c.port_id
LEFT JOIN services s ON s.id = p.service_id
LEFT JOIN port_renditions r ON r.id = c.rendition_id
WHERE EXISTS (SELECT 1 FROM old)
ORDER BY p.port_low, service_name, transport_protocol, c.change DESC;
