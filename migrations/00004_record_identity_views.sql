-- +goose Up
-- The end of the move to one record identity (migration 2): the markup and
-- unknown elements now live with the renditions, and the flag on ports
-- says what it now means.
ALTER TABLE ports DROP COLUMN description_xml;
ALTER TABLE ports DROP COLUMN unauthorized_use_xml;
ALTER TABLE ports DROP COLUMN assignment_notes_xml;
DROP TABLE port_extras;
-- 1: the record's Assignee column repeats its Contact column (the XML's
-- rule for a record without <assignee>, and most records), so
-- port_contacts holds the persons once, as contacts; port_roles gives both.
ALTER TABLE ports RENAME COLUMN assignee_implied TO assignee_is_contact;

-- Every role a person has in a record: the rows of port_contacts, and
-- where the Assignee column repeats the Contact column, the contacts again
-- as assignees (implied 1).
CREATE VIEW port_roles AS
SELECT port_id, role, position, contact_id, 0 AS implied
FROM port_contacts
UNION ALL
SELECT pc.port_id, 'assignee', pc.position, pc.contact_id, 1
FROM port_contacts pc
JOIN ports p ON p.id = pc.port_id
WHERE p.assignee_is_contact AND pc.role = 'contact';

-- Snapshots from newest to oldest. Complete snapshots come before every
-- excerpt: an excerpt (a search result, a page copied as text) is an
-- observation of part of the registry, and never "the registry", however
-- recent. Then by registry date, the most faithful format first (XML,
-- then IANA's other renderings, then copies), and the later import
-- first. recency 1 is what "the newest snapshot" means everywhere; it is
-- an excerpt only where the database holds no complete snapshot.
CREATE VIEW snapshots_by_recency AS
SELECT row_number() OVER (
           ORDER BY kind = 'complete' DESC, registry_date DESC, fidelity DESC, id DESC
       ) AS recency,
       *
FROM snapshots;

-- Every snapshot's records with the official columns, each exactly as the
-- snapshot came (its rendition where it has one, else the record's
-- identity); NULL where IANA's cell is empty.
CREATE VIEW snapshot_registry AS
SELECT sp.snapshot_id,
       sp.position,
       s.name AS service_name,
       CASE
           WHEN p.port_low IS NULL THEN NULL
           WHEN p.port_low = p.port_high AND NOT p.port_range THEN CAST(p.port_low AS TEXT)
           ELSE p.port_low || '-' || p.port_high
       END AS port_number,
       p.port_low,
       p.port_high,
       p.protocol AS transport_protocol,
       coalesce(r.description, p.description) AS description,
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
       coalesce((SELECT group_concat('[' || label || ']', '')
                 FROM (SELECT label FROM rendition_references
                       WHERE rendition_id = sp.rendition_id ORDER BY position)),
                (SELECT group_concat('[' || label || ']', '')
                 FROM (SELECT label FROM port_references
                       WHERE port_id = p.id ORDER BY position))) AS reference,
       p.service_code,
       coalesce(r.unauthorized_use, p.unauthorized_use) AS unauthorized_use_reported,
       coalesce(r.assignment_notes, p.assignment_notes) AS assignment_notes,
       p.id AS port_id,
       sp.rendition_id
FROM snapshot_ports sp
JOIN ports p ON p.id = sp.port_id
LEFT JOIN port_renditions r ON r.id = sp.rendition_id
LEFT JOIN services s ON s.id = p.service_id;

-- The newest snapshot's records (the newest complete one, where there is
-- one), for people who just want to query.
CREATE VIEW registry AS
SELECT position, service_name, port_number, port_low, port_high, transport_protocol,
       description, assignee, contact, registration_date, modification_date,
       reference, service_code, unauthorized_use_reported, assignment_notes,
       port_id -- joins with port_roles, port_contacts, port_references, ports
FROM snapshot_registry
WHERE snapshot_id = (SELECT id FROM snapshots_by_recency WHERE recency = 1)
ORDER BY position;
