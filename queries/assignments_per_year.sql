-- Assignments and de-assignments per year, as the history in the
-- database shows them, beside the registration dates of what the newest
-- snapshot holds.
--
-- An assignment is a service name newly on a port number (or range) and
-- transport protocol, or a service name newly registered without a port:
-- a key (port number, protocol, service name) with a service name that a
-- standing snapshot holds and the standing snapshot before it did not
-- (snapshot_periods: the complete snapshot standing for each registry
-- date, in date order). A de-assignment is such a key that a standing
-- snapshot no longer holds. A renamed service counts as one of each (see
-- service_changes.sql); a record that only changes (description,
-- contacts, dates) counts as neither, and neither do the records without
-- a service name (Unassigned and Reserved ports). Each is counted in the
-- year of the snapshot where it is first seen (assigned) or first missing
-- (deassigned); the first standing snapshot counts as neither, and where
-- snapshots are missing between two standing ones what happened in
-- between is counted at the later one. snapshots is how many standing
-- snapshots of the year were compared with the one before (empty for a
-- year with none).
--
-- registered is the other view: how many of the newest snapshot's records
-- with a service name give a registration date in the year (assignments
-- that still stand, as IANA dates them; many old records give no date).
--
-- Run: sqlite3 -header -column ianaports.db < queries/assignments_per_year.sql
--      export -db ianaports.db -query queries/assignments_per_year.sql -format csv
WITH standing AS (
    SELECT row_number() OVER (ORDER BY pd.valid_from) AS k, pd.valid_from AS date, s.seq
    FROM snapshot_periods pd
    JOIN snapshots s ON s.id = pd.snapshot_id
), pairs AS MATERIALIZED (
    -- Each standing snapshot (b) but the first, with the one before (a).
    SELECT b.k, b.date, a.seq AS a_seq, b.seq AS b_seq, min(a.seq, b.seq) AS lo, max(a.seq, b.seq) AS hi
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
    WHERE p.service_id IS NOT NULL
), classified AS MATERIALIZED (
    -- Whether a and b hold any record of each key that changed.
    SELECT ky.k,
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
), history AS (
    SELECT substr(pr.date, 1, 4) AS year,
           count(DISTINCT pr.k) AS snapshots,
           coalesce(sum(c.in_b AND NOT c.in_a), 0) AS assigned,
           coalesce(sum(c.in_a AND NOT c.in_b), 0) AS deassigned
    FROM pairs pr
    LEFT JOIN classified c ON c.k = pr.k
    GROUP BY year
), newest AS (
    SELECT seq FROM snapshots_by_recency WHERE recency = 1
), registered AS (
    -- The newest snapshot's named records by the year of their
    -- registration date.
    SELECT substr(p.registration_date, 1, 4) AS year, count(*) AS registered
    FROM newest n
    JOIN port_spans sp ON sp.first_seq <= n.seq AND coalesce(sp.last_seq, n.seq) >= n.seq
    JOIN ports p ON p.id = sp.port_id
    WHERE p.service_id IS NOT NULL AND p.registration_date IS NOT NULL
    GROUP BY year
), years AS (
    SELECT year FROM history
    UNION
    SELECT year FROM registered
)
SELECT y.year,
       h.snapshots,
       h.assigned,
       h.deassigned,
       coalesce(r.registered, 0) AS registered
FROM years y
LEFT JOIN history h ON h.year = y.year
LEFT JOIN registered r ON r.year = y.year
ORDER BY y.year;
