-- +goose Up
-- The end of the move to spans (migrations 6 and 7): the tables of
-- membership per snapshot go, and views of the same names give them back
-- from the spans, so that queries written for them keep working.
DROP VIEW registry;
DROP VIEW snapshot_registry;
DROP TABLE snapshot_ports;
DROP TABLE snapshot_contacts;
DROP TABLE aliases;
CREATE UNIQUE INDEX snapshots_seq ON snapshots (seq);
-- The spans have no index on their seqs: what a snapshot holds is read
-- from all of them, a few tens of thousands of rows, at once.

-- Which records each snapshot holds, unordered: the cheap way to ask
-- which snapshots held a record, or what a snapshot holds.
CREATE VIEW snapshot_members AS
SELECT s.id AS snapshot_id, sp.port_id, sp.rendition_id
FROM snapshots s
JOIN port_spans sp ON sp.first_seq <= s.seq AND coalesce(sp.last_seq, s.seq) >= s.seq;

-- Which records each snapshot holds, in registry order (position,
-- 1-based). Filter by snapshot_id: the order is computed per snapshot.
CREATE VIEW snapshot_ports AS
SELECT s.id AS snapshot_id,
       row_number() OVER (PARTITION BY s.id ORDER BY sp.order_group, sp.order_name, sp.order_rank) AS position,
       sp.port_id,
       sp.rendition_id
FROM snapshots s
JOIN port_spans sp ON sp.first_seq <= s.seq AND coalesce(sp.last_seq, s.seq) >= s.seq;

-- Which persons each snapshot's <people> lists, in order, and what it said
-- of each (detail_id).
CREATE VIEW snapshot_contacts AS
SELECT s.id AS snapshot_id,
       row_number() OVER (PARTITION BY s.id ORDER BY cs.order_key, cs.order_rank) AS position,
       cs.contact_id,
       cs.detail_id
FROM snapshots s
JOIN contact_spans cs ON cs.first_seq <= s.seq AND coalesce(cs.last_seq, s.seq) >= s.seq;

-- Every historic/well-formed pair any snapshot stated.
CREATE VIEW aliases AS
SELECT DISTINCT historic, well_formed FROM port_aliases;

-- The pairs each snapshot states.
CREATE VIEW snapshot_aliases AS
SELECT DISTINCT m.snapshot_id, a.historic, a.well_formed
FROM snapshot_members m
JOIN port_aliases a ON a.port_id = m.port_id;

-- What each snapshot says of each person it lists.
CREATE VIEW snapshot_contact_details AS
SELECT sc.snapshot_id, sc.position, sc.contact_id, d.name, d.organization, d.last_updated,
       (SELECT group_concat(uri, ' ') FROM (SELECT uri FROM contact_detail_uris
        WHERE detail_id = d.id ORDER BY position)) AS uris
FROM snapshot_contacts sc
LEFT JOIN contact_details d ON d.id = sc.detail_id;

-- The registry as of any date: each complete snapshot that stands for its
-- date (the most faithful of that date) stood from its registry date
-- (valid_from) to the next one's (valid_to, exclusive; NULL: it still
-- stands). As of D:
--   SELECT * FROM snapshot_registry WHERE snapshot_id =
--     (SELECT snapshot_id FROM snapshot_periods
--      WHERE valid_from <= D AND (valid_to IS NULL OR valid_to > D))
CREATE VIEW snapshot_periods AS
SELECT id AS snapshot_id,
       registry_date AS valid_from,
       lead(registry_date) OVER (ORDER BY registry_date) AS valid_to
FROM (SELECT id, registry_date,
             row_number() OVER (PARTITION BY registry_date ORDER BY fidelity DESC, id DESC) AS k
      FROM snapshots
      WHERE kind = 'complete' AND registry_date IS NOT NULL)
WHERE k = 1;

-- Every snapshot's records with the official columns, each exactly as the
-- snapshot came (its rendition where it has one, else the record's
-- identity), NULL where IANA's cell is empty; unordered, with the
-- placement that orders them (order_group, order_name, order_rank).
-- snapshot_registry and registry number its rows: they share these
-- columns, and a filter on it is a join, cheap for any snapshot.
CREATE VIEW snapshot_records AS
SELECT s.id AS snapshot_id,
       sp.order_group,
       sp.order_name,
       sp.order_rank,
       v.name AS service_name,
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
FROM snapshots s
JOIN port_spans sp ON sp.first_seq <= s.seq AND coalesce(sp.last_seq, s.seq) >= s.seq
JOIN ports p ON p.id = sp.port_id
LEFT JOIN port_renditions r ON r.id = sp.rendition_id
LEFT JOIN services v ON v.id = p.service_id;

-- Every snapshot's records in registry order (position, 1-based). Filter
-- it by snapshot_id: the order is computed per snapshot.
CREATE VIEW snapshot_registry AS
SELECT snapshot_id,
       row_number() OVER (PARTITION BY snapshot_id ORDER BY order_group, order_name, order_rank) AS position,
       service_name, port_number, port_low, port_high, transport_protocol, description,
       assignee, contact, registration_date, modification_date, reference, service_code,
       unauthorized_use_reported, assignment_notes, port_id, rendition_id
FROM snapshot_records;

-- The newest snapshot's records (the newest complete one, where there is
-- one), for people who just want to query.
CREATE VIEW registry AS
SELECT row_number() OVER (ORDER BY order_group, order_name, order_rank) AS position,
       service_name, port_number, port_low, port_high, transport_protocol,
       description, assignee, contact, registration_date, modification_date,
       reference, service_code, unauthorized_use_reported, assignment_notes,
       port_id -- joins with port_roles, port_contacts, port_references, ports
FROM snapshot_records
WHERE snapshot_id = (SELECT id FROM snapshots_by_recency WHERE recency = 1)
ORDER BY position;
