-- Service names the newest snapshot registers on several transport
-- protocols, with the protocols (in alphabetical order) and the port
-- numbers (in port order); most services hold one port on both tcp and
-- udp. A name's records without a protocol are left out.
--
-- Run: sqlite3 -header -column ianaports.db < queries/multi_protocol_services.sql
--      export -db ianaports.db -query queries/multi_protocol_services.sql -format csv
WITH newest AS (
    SELECT seq FROM snapshots_by_recency WHERE recency = 1
), records AS MATERIALIZED (
    SELECT s.name, p.protocol, p.port_low,
           CASE WHEN p.port_low = p.port_high AND NOT p.port_range THEN CAST(p.port_low AS TEXT)
                ELSE p.port_low || '-' || p.port_high END AS port_number
    FROM newest n
    JOIN port_spans sp ON sp.first_seq <= n.seq AND coalesce(sp.last_seq, n.seq) >= n.seq
    JOIN ports p ON p.id = sp.port_id
    JOIN services s ON s.id = p.service_id
    WHERE p.protocol IS NOT NULL
), protocols AS (
    -- group_concat takes its rows in the order the subquery gives them.
    SELECT name, count(*) AS protocol_count, group_concat(protocol, ',') AS protocols
    FROM (SELECT DISTINCT name, protocol FROM records ORDER BY name, protocol)
    GROUP BY name
    HAVING count(*) > 1
), port_lists AS (
    SELECT name, group_concat(port_number, ',') AS ports
    FROM (SELECT DISTINCT name, port_low, port_number FROM records
          WHERE port_number IS NOT NULL ORDER BY name, port_low, port_number)
    GROUP BY name
)
SELECT pr.name AS service_name, pr.protocol_count, pr.protocols, po.ports
FROM protocols pr
LEFT JOIN port_lists po ON po.name = pr.name
ORDER BY pr.protocol_count DESC, service_name;
