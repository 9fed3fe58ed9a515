-- Ports whose service name changed: for each port number (or range) and
-- transport protocol, a standing snapshot that holds a service name there
-- the standing snapshot before it did not, and lacks one that it held
-- (snapshot_periods: the complete snapshot standing for each registry
-- date, in date order). old_name is the name (or names, comma-separated,
-- where a port and protocol lost several at once) that went, new_name the
-- one that came, date the registry date of the snapshot that first shows
-- the new name, previous_date that of the standing snapshot before it,
-- which still showed the old one: the change happened in between.
-- A port that only loses its name (de-assigned, now Reserved or
-- Unassigned) or only gains one (assigned) is not a change of name: see
-- assignments_per_year.sql. Names are compared exactly, so a change of
-- case is a change.
--
-- Run: sqlite3 -header -column ianaports.db < queries/service_changes.sql
--      export -db ianaports.db -query queries/service_changes.sql -format csv
WITH standing AS (
    SELECT row_number() OVER (ORDER BY pd.valid_from) AS k, pd.valid_from AS date, s.seq
    FROM snapshot_periods pd
    JOIN snapshots s ON s.id = pd.snapshot_id
), pairs AS MATERIALIZED (
    -- Each standing snapshot (b) but the first, with the one before (a).
    SELECT b.k, b.date, a.date AS a_date, a.seq AS a_seq, b.seq AS b_seq, min(a.seq, b.seq) AS lo, max(a.seq, b.seq) AS hi
    FROM standing b
    JOIN standing a ON a.k = b.k - 1
), steps AS MATERIALIZED (
    -- The seqs of the chain from a's to b's: a record in one and not the
    -- other has a span that begins or ends among them.
    SELECT pr.k, s.seq, s.seq > pr.lo AS starts, s.seq < pr.hi AS ends
    FROM pairs pr
    JOIN snapshots s ON s.seq BETWEEN pr.lo AND pr.hi
), candidates AS (
    SELECT st.k, sp.port_id
    FROM port_spans sp
    CROSS JOIN steps st ON st.seq = sp.first_seq AND st.starts
    UNION
    SELECT st.k, sp.port_id
    FROM port_spans sp
    CROSS JOIN steps st ON st.seq = sp.last_seq AND st.ends
), diff AS (
    -- Records in exactly one of a and b.
    SELECT k, port_id
    FROM (SELECT c.k, c.port_id,
                 EXISTS (SELECT 1 FROM port_spans x WHERE x.port_id = c.port_id
                         AND x.first_seq <= pr.a_seq AND coalesce(x.last_seq, pr.a_seq) >= pr.a_seq) AS in_a,
                 EXISTS (SELECT 1 FROM port_spans x WHERE x.port_id = c.port_id
                         AND x.first_seq <= pr.b_seq AND coalesce(x.last_seq, pr.b_seq) >= pr.b_seq) AS in_b
          FROM candidates c
          JOIN pairs pr ON pr.k = c.k)
    WHERE in_a <> in_b
), keys AS (
    SELECT DISTINCT d.k, p.port_low, p.port_high, p.protocol, p.service_id
    FROM diff d
    JOIN ports p ON p.id = d.port_id
    WHERE p.service_id IS NOT NULL AND p.port_low IS NOT NULL
), classified AS MATERIALIZED (
    -- Whether a and b hold any record of each key that changed.
    SELECT ky.*,
           EXISTS (SELECT 1 FROM ports q JOIN port_spans x ON x.port_id = q.id
                   WHERE q.port_low IS ky.port_low AND q.port_high IS ky.port_high
                     AND q.protocol IS ky.protocol AND q.service_id IS ky.service_id
                     AND x.first_seq <= pr.a_seq AND coalesce(x.last_seq, pr.a_seq) >= pr.a_seq) AS in_a,
           EXISTS (SELECT 1 FROM ports q JOIN port_spans x ON x.port_id = q.id
                   WHERE q.port_low IS ky.port_low AND q.port_high IS ky.port_high
                     AND q.protocol IS ky.protocol AND q.service_id IS ky.service_id
                     AND x.first_seq <= pr.b_seq AND coalesce(x.last_seq, pr.b_seq) >= pr.b_seq) AS in_b
    FROM keys ky
    JOIN pairs pr ON pr.k = ky.k
), names AS (
    -- The names a port and protocol lost (old) and gained (new).
    SELECT c.k, c.port_low, c.port_high, c.protocol, c.in_b AS new, sv.name
    FROM classified c
    JOIN services sv ON sv.id = c.service_id
    WHERE c.in_a <> c.in_b
    ORDER BY c.k, c.port_low, c.port_high, c.protocol, c.in_b, sv.name
), changes AS (
    SELECT k, port_low, port_high, protocol,
           group_concat(name, ', ') FILTER (WHERE NOT new) AS old_name,
           group_concat(name, ', ') FILTER (WHERE new) AS new_name
    FROM names
    GROUP BY k, port_low, port_high, protocol
)
SELECT CASE WHEN c.port_low = c.port_high THEN CAST(c.port_low AS TEXT)
            ELSE c.port_low || '-' || c.port_high END AS port_number,
       c.protocol AS transport_protocol,
       c.old_name,
       c.new_name,
       pr.date,
       pr.a_date AS previous_date
FROM changes c
JOIN pairs pr ON pr.k = c.k
WHERE c.old_name IS NOT NULL AND c.new_name IS NOT NULL
ORDER BY pr.date, c.port_low, c.port_high, c.protocol;
