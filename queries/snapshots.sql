-- Every snapshot in the database, newest first, with what it holds.
-- Run: sqlite3 -header -column ianaports.db < queries/snapshots.sql
SELECT recency,
       id,
       registry_date,
       format,
       kind,
       source,
       record_count,
       (SELECT count(*) FROM snapshot_contacts c WHERE c.snapshot_id = s.id) AS people
FROM snapshots_by_recency s
ORDER BY recency;
