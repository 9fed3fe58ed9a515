-- The newest snapshot as /etc/services lines: named records with a single
-- port and a protocol, in port order, the first name per port and protocol
-- (in registry order), the description on one line.
--
-- Run: sqlite3 -noheader -list ianaports.db < queries/etc_services.sql
--      export -db ianaports.db -query queries/etc_services.sql -format csv
WITH newest AS (
    SELECT seq FROM snapshots_by_recency WHERE recency = 1
), records AS (
    SELECT s.name, p.port_low, p.protocol,
           coalesce(r.description, p.description) AS description,
           row_number() OVER (PARTITION BY p.port_low, p.protocol
                              ORDER BY sp.order_group, sp.order_name, sp.order_rank) AS n
    FROM newest nw
    JOIN port_spans sp ON sp.first_seq <= nw.seq AND coalesce(sp.last_seq, nw.seq) >= nw.seq
    JOIN ports p ON p.id = sp.port_id
    JOIN services s ON s.id = p.service_id
    LEFT JOIN port_renditions r ON r.id = sp.rendition_id
    WHERE p.port_low = p.port_high AND p.protocol IS NOT NULL
)
SELECT printf('%-15s %5d/%-4s # %s', name, port_low, protocol,
              replace(replace(description, char(13), ' '), char(10), ' ')) AS line
FROM records
WHERE n = 1
ORDER BY port_low, protocol;
