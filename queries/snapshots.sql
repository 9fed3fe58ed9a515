-- Every snapshot in the database, newest first, with what it holds:
-- record_count records, and people persons in its contact section.
--
-- Run: sqlite3 -header -column ianaports.db < queries/snapshots.sql
--      export -db ianaports.db -query queries/snapshots.sql -format csv
WITH people AS (
    SELECT s.id, count(*) AS people
    FROM snapshots s
    JOIN contact_spans cs ON cs.first_seq <= s.seq AND coalesce(cs.last_seq, s.seq) >= s.seq
    GROUP BY s.id
)
SELECT s.recency,
       s.id,
       s.registry_date,
       s.format,
       s.kind,
       s.source,
       s.record_count,
       coalesce(p.people, 0) AS people
FROM snapshots_by_recency s
LEFT JOIN people p ON p.id = s.id
ORDER BY s.recency;
