-- Ports with unauthorized use reported, in the newest snapshot.
--
-- Run: sqlite3 -header -column ianaports.db < queries/unauthorized_use.sql
--      export -db ianaports.db -query queries/unauthorized_use.sql -format csv
WITH newest AS (
    SELECT seq FROM snapshots_by_recency WHERE recency = 1
)
SELECT CASE WHEN p.port_low = p.port_high AND NOT p.port_range THEN CAST(p.port_low AS TEXT)
            ELSE p.port_low || '-' || p.port_high END AS port_number,
       p.protocol AS transport_protocol,
       s.name AS service_name,
       coalesce(r.unauthorized_use, p.unauthorized_use) AS unauthorized_use_reported
FROM newest n
JOIN port_spans sp ON sp.first_seq <= n.seq AND coalesce(sp.last_seq, n.seq) >= n.seq
JOIN ports p ON p.id = sp.port_id
LEFT JOIN services s ON s.id = p.service_id
LEFT JOIN port_renditions r ON r.id = sp.rendition_id
WHERE p.unauthorized_use IS NOT NULL
ORDER BY p.port_low, p.protocol, sp.order_group, sp.order_name, sp.order_rank;
