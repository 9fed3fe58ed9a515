-- The 25 persons and organizations holding the most records in the newest
-- snapshot, as assignee or as contact, with their details where a
-- snapshot has described them (contacts holds the most faithful, latest
-- description). records counts each record once, whatever the roles;
-- as_assignee and as_contact count the records of each role (most records
-- name one person in both: the Assignee column repeats the Contact
-- column); services counts the distinct service names of those records.
--
-- Run: sqlite3 -header -column ianaports.db < queries/top_contacts.sql
--      export -db ianaports.db -query queries/top_contacts.sql -format csv
WITH newest AS (
    SELECT seq FROM snapshots_by_recency WHERE recency = 1
), roles AS (
    SELECT DISTINCT r.contact_id, r.role, p.id AS port_id, p.service_id
    FROM newest n
    JOIN port_spans sp ON sp.first_seq <= n.seq AND coalesce(sp.last_seq, n.seq) >= n.seq
    JOIN ports p ON p.id = sp.port_id
    JOIN port_roles r ON r.port_id = p.id
)
SELECT r.contact_id AS contact,
       c.name,
       c.organization,
       count(DISTINCT r.port_id) AS records,
       count(DISTINCT r.port_id) FILTER (WHERE r.role = 'assignee') AS as_assignee,
       count(DISTINCT r.port_id) FILTER (WHERE r.role = 'contact') AS as_contact,
       count(DISTINCT r.service_id) AS services
FROM roles r
LEFT JOIN contacts c ON c.id = r.contact_id
GROUP BY r.contact_id
ORDER BY records DESC, contact
LIMIT 25;
