-- The whole history of one port number (443 unless params says another):
-- every version of every record that covers it (a record for that port,
-- or a range that includes it, such as an Unassigned block), as the
-- standing snapshots show them (snapshot_periods: the complete snapshot
-- standing for each registry date, in date order). A version is a
-- record's whole content: one that changes (a new description, contact,
-- date, reference...) is a new version of the record, which is known by
-- its port number, transport protocol and service name.
--
-- stood_from is the registry date of the first standing snapshot holding
-- the version, stood_to that of the first standing snapshot after it that
-- does not (exclusive: the version stood until then; empty: it still
-- stands, in the newest). A version that went and came back has one row
-- per stretch. The other columns are IANA's, as the record says them
-- (white space folded). Rows come by protocol, service name, then date.
--
-- Edit params for another port.
--
-- Run: sqlite3 -header -column ianaports.db < queries/port_history.sql
--      export -db ianaports.db -query queries/port_history.sql -format csv
WITH params(port) AS (VALUES (443)),
standing AS MATERIALIZED (
    SELECT row_number() OVER (ORDER BY pd.valid_from) AS k, pd.valid_from, pd.valid_to, s.seq
    FROM snapshot_periods pd
    JOIN snapshots s ON s.id = pd.snapshot_id
), versions AS (
    SELECT p.id
    FROM params pa
    JOIN ports p ON p.port_low <= pa.port AND p.port_high >= pa.port
), held AS (
    -- Each standing snapshot holding each version, numbered per version.
    SELECT port_id, k, k - row_number() OVER (PARTITION BY port_id ORDER BY k) AS stretch
    FROM (SELECT DISTINCT v.id AS port_id, st.k
          FROM versions v
          JOIN port_spans sp ON sp.port_id = v.id
          JOIN standing st ON st.seq >= sp.first_seq AND st.seq <= coalesce(sp.last_seq, st.seq))
), stretches AS (
    SELECT port_id, min(k) AS first_k, max(k) AS last_k
    FROM held
    GROUP BY port_id, stretch
)
SELECT f.valid_from AS stood_from,
       l.valid_to AS stood_to,
       s.name AS service_name,
       CASE WHEN p.port_low = p.port_high AND NOT p.port_range THEN CAST(p.port_low AS TEXT)
            ELSE p.port_low || '-' || p.port_high END AS port_number,
       p.protocol AS transport_protocol,
       p.description,
       (SELECT group_concat('[' || contact_id || ']', '')
        FROM (SELECT contact_id FROM port_contacts
              WHERE port_id = p.id
                AND role = CASE WHEN p.assignee_is_contact THEN 'contact' ELSE 'assignee' END
              ORDER BY position)) AS assignee,
       (SELECT group_concat('[' || contact_id || ']', '')
        FROM (SELECT contact_id FROM port_contacts
              WHERE port_id = p.id AND role = 'contact' ORDER BY position)) AS contact,
       p.registration_date,
       p.modification_date,
       (SELECT group_concat('[' || label || ']', '')
        FROM (SELECT label FROM port_references WHERE port_id = p.id ORDER BY position)) AS reference,
       p.service_code,
       p.unauthorized_use AS unauthorized_use_reported,
       p.assignment_notes,
       p.id AS port_id
FROM stretches x
JOIN ports p ON p.id = x.port_id
JOIN standing f ON f.k = x.first_k
JOIN standing l ON l.k = x.last_k
LEFT JOIN services s ON s.id = p.service_id
ORDER BY transport_protocol, service_name, p.port_low, p.port_high, stood_from;
