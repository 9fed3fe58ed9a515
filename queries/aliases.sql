-- Historic service names and the well-formed names IANA assigned to replace
-- them (every pair any snapshot stated), with the port numbers of the
-- newest snapshot's records that carry the well-formed name, in registry
-- order.
--
-- Run: sqlite3 -header -column ianaports.db < queries/aliases.sql
--      export -db ianaports.db -query queries/aliases.sql -format csv
WITH newest AS (
    SELECT seq FROM snapshots_by_recency WHERE recency = 1
), records AS MATERIALIZED (
    -- The newest snapshot's named records, with their place in it.
    SELECT s.name,
           CASE WHEN p.port_low = p.port_high AND NOT p.port_range THEN CAST(p.port_low AS TEXT)
                ELSE p.port_low || '-' || p.port_high END AS port_number,
           row_number() OVER (ORDER BY sp.order_group, sp.order_name, sp.order_rank) AS position
    FROM newest n
    JOIN port_spans sp ON sp.first_seq <= n.seq AND coalesce(sp.last_seq, n.seq) >= n.seq
    JOIN ports p ON p.id = sp.port_id
    JOIN services s ON s.id = p.service_id
)
SELECT a.historic,
       a.well_formed,
       -- group_concat takes the rows in the order the subquery gives them.
       (SELECT group_concat(port_number)
        FROM (SELECT port_number, min(position) AS first FROM records r
              WHERE r.name = a.well_formed AND port_number IS NOT NULL
              GROUP BY port_number ORDER BY first)) AS ports
FROM aliases a
ORDER BY a.historic, a.well_formed;
