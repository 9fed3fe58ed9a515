-- Free port ranges in the newest complete snapshot: the runs of port
-- numbers (0-65535) that no record holds, for a transport protocol or for
-- every protocol at once. Nothing where the database holds no complete
-- snapshot.
--
-- A port is held for a protocol by any record of the newest snapshot that
-- covers it (a single port or a range) with that protocol, or with no
-- protocol, save the records whose description is "Unassigned", which
-- say the port is free. Reserved ports, de-registered ones and the like
-- are held. For 'any', a port is free where no record of any protocol
-- holds it: what IANA lists as Unassigned, and any port it does not list
-- at all. For 'tcp', 'udp', 'sctp' or 'dccp', a port is free where no
-- record of that protocol (nor one without a protocol) holds it: most
-- ports are free for sctp and dccp, which few services use.
--
-- Edit params to choose: one row per protocol wanted, such as
-- VALUES ('tcp'), ('udp'). Rows come by protocol, then port; to see the
-- largest first, change the ORDER BY to size DESC.
--
-- Run: sqlite3 -header -column ianaports.db < queries/free_ranges.sql
--      export -db ianaports.db -query queries/free_ranges.sql -format csv
WITH params(protocol) AS (VALUES ('any')),
newest AS (
    -- The newest complete snapshot: an excerpt leaves out ports it does
    -- not list, which are not free for that.
    SELECT seq FROM snapshots_by_recency WHERE recency = 1 AND kind = 'complete'
), held AS (
    SELECT p.port_low, p.port_high, p.protocol
    FROM newest n
    JOIN port_spans sp ON sp.first_seq <= n.seq AND coalesce(sp.last_seq, n.seq) >= n.seq
    JOIN ports p ON p.id = sp.port_id
    WHERE p.port_low IS NOT NULL AND lower(p.description) <> 'unassigned'
), bounds AS (
    -- What each protocol asked for has held, with a port before the first
    -- and one after the last as sentinels.
    SELECT pa.protocol, h.port_low, h.port_high
    FROM params pa
    JOIN held h ON pa.protocol = 'any' OR h.protocol IS NULL OR h.protocol = pa.protocol
    UNION ALL
    SELECT protocol, -1, -1 FROM params WHERE EXISTS (SELECT 1 FROM newest)
    UNION ALL
    SELECT protocol, 65536, 65536 FROM params WHERE EXISTS (SELECT 1 FROM newest)
), reach AS (
    -- The highest port held before each range, in port order.
    SELECT protocol, port_low,
           max(port_high) OVER (PARTITION BY protocol ORDER BY port_low, port_high
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS held_to
    FROM bounds
)
SELECT protocol,
       held_to + 1 AS port_low,
       port_low - 1 AS port_high,
       port_low - held_to - 1 AS size
FROM reach
WHERE port_low > held_to + 1
ORDER BY protocol, port_low;
