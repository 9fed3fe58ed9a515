-- How much the registry changed each year: between each standing snapshot
-- and the standing snapshot before it (snapshot_periods: the complete
-- snapshot that stands for each registry date, in date order), how many
-- records were added, removed and changed, summed per year of the later
-- snapshot.
--
-- A record is tracked by its key: port number (or range), transport
-- protocol and service name, any of which may be empty. A key the later
-- snapshot holds and the earlier one did not is added; the reverse is
-- removed; a key both hold whose record says something else (description,
-- contacts, dates, references, notes...) is changed. Unassigned ranges are
-- records too: assigning a port in one splits it, which shows as a range
-- removed and the narrower ranges added (assignments_per_year.sql counts
-- service names only). The first standing snapshot has nothing to be
-- compared with; where snapshots are missing between two standing ones,
-- what changed in between is counted once, at the later one. snapshots is
-- how many standing snapshots of the year were compared with one before.
--
-- Only records that some span (port_spans) begins or ends between two
-- standing snapshots are looked at, so this stays fast on a database of
-- the whole history.
--
-- Run: sqlite3 -header -column ianaports.db < queries/changes_per_year.sql
--      export -db ianaports.db -query queries/changes_per_year.sql -format csv
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
), per_pair AS (
    SELECT pr.date,
           coalesce(sum(c.in_b AND NOT c.in_a), 0) AS added,
           coalesce(sum(c.in_a AND NOT c.in_b), 0) AS removed,
           coalesce(sum(c.in_a AND c.in_b), 0) AS changed
    FROM pairs pr
    LEFT JOIN classified c ON c.k = pr.k
    GROUP BY pr.k
)
SELECT substr(date, 1, 4) AS year,
       count(*) AS snapshots,
       sum(added) AS added,
       sum(removed) AS removed,
       sum(changed) AS changed
FROM per_pair
GROUP BY year
ORDER BY year;
