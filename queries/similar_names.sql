-- Service names of the newest snapshot that differ only in letter case,
-- hyphens or underscores (such as "sql-net" and "sqlnet", or "SQLNet"):
-- groups of two names or more with the same lower-case name less its
-- hyphens and underscores (folded), largest groups first. names lists
-- each group's names in byte order; records is how many records carry
-- them.
--
-- Run: sqlite3 -header -column ianaports.db < queries/similar_names.sql
--      export -db ianaports.db -query queries/similar_names.sql -format csv
WITH newest AS (
    SELECT seq FROM snapshots_by_recency WHERE recency = 1
), records AS MATERIALIZED (
    SELECT s.name, lower(replace(replace(s.name, '-', ''), '_', '')) AS folded
    FROM newest n
    JOIN port_spans sp ON sp.first_seq <= n.seq AND coalesce(sp.last_seq, n.seq) >= n.seq
    JOIN ports p ON p.id = sp.port_id
    JOIN services s ON s.id = p.service_id
), groups AS (
    SELECT folded, count(*) AS name_count, group_concat(name, ', ') AS names
    FROM (SELECT DISTINCT folded, name FROM records ORDER BY folded, name)
    GROUP BY folded
    HAVING count(*) > 1
)
SELECT g.folded, g.name_count, g.names,
       (SELECT count(*) FROM records r WHERE r.folded = g.folded) AS records
FROM groups g
ORDER BY g.name_count DESC, g.folded;
