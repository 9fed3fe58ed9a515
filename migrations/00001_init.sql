-- +goose Up
-- The schema keeps a record's content apart from its membership in a
-- snapshot: ports, port_contacts, port_references and port_extras hold each
-- distinct record once (keyed by a hash of its content), and snapshot_ports
-- says which records a snapshot holds, in which order.

-- One imported document: a complete rendering of the registry or an excerpt.
CREATE TABLE snapshots (
    id            INTEGER PRIMARY KEY,
    registry_date TEXT,                 -- the registry's "Last Updated", YYYY-MM-DD
    date_source   TEXT NOT NULL,        -- where registry_date came from: document, file-name, flag, records
    format        TEXT NOT NULL,        -- xml, csv
    style         TEXT,                 -- variant of the format, such as crlf-folded for IANA's older CSV
    kind          TEXT NOT NULL CHECK (kind IN ('complete', 'excerpt')),
    source        TEXT NOT NULL,        -- the input's file name (base name), or <stdin>
    sha256        TEXT NOT NULL UNIQUE, -- of the input bytes
    record_count  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX snapshots_registry_date ON snapshots (registry_date);

-- Registry-level parts of a snapshot kept verbatim: title, category, expert,
-- notes, and anything the importer did not know.
CREATE TABLE snapshot_extras (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    text        TEXT NOT NULL,
    line        INTEGER,
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;

-- What the importer reported as warnings, with where.
CREATE TABLE snapshot_warnings (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    line        INTEGER,
    col         INTEGER,
    message     TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;

-- The registry's <footnote>s, cited by references of type note.
CREATE TABLE footnotes (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    anchor      TEXT NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, anchor)
) WITHOUT ROWID;

-- One row per distinct service name.
CREATE TABLE services (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- One row per distinct registry record.
CREATE TABLE ports (
    id                   INTEGER PRIMARY KEY,
    -- SHA-256 of the record's content; unique, kept so by the importer,
    -- which holds every hash in memory. An index on random hashes cost a
    -- twelfth of an import and no query needs one.
    content_hash         BLOB NOT NULL,
    service_id           INTEGER REFERENCES services (id),
    port_low             INTEGER CHECK (port_low BETWEEN 0 AND 65535),
    port_high            INTEGER CHECK (port_high BETWEEN port_low AND 65535),
    port_range           INTEGER NOT NULL DEFAULT 0 CHECK (port_range IN (0, 1)), -- 1: written as a range, even 4748-4748
    protocol             TEXT,
    description          TEXT NOT NULL,
    description_xml      TEXT, -- the XML's inner markup, where rendering changed it
    registration_date    TEXT,
    modification_date    TEXT,
    service_code         TEXT,
    unauthorized_use     TEXT,
    unauthorized_use_xml TEXT,
    assignment_notes     TEXT,
    assignment_notes_xml TEXT,
    -- 1: the record has no <assignee>, so by the XML's rule its contacts
    -- are its assignees too (port_roles spells that out).
    assignee_implied     INTEGER NOT NULL DEFAULT 0 CHECK (assignee_implied IN (0, 1)),
    CHECK ((port_low IS NULL) = (port_high IS NULL))
);
CREATE INDEX ports_service ON ports (service_id);
CREATE INDEX ports_port ON ports (port_low, port_high);

-- Which records a snapshot holds, in registry order.
CREATE TABLE snapshot_ports (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL, -- 1-based
    port_id     INTEGER NOT NULL REFERENCES ports (id),
    line        INTEGER,          -- where the record starts in the source
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
CREATE INDEX snapshot_ports_port ON snapshot_ports (port_id);

-- The registry's <people>. A CSV names persons by id only; the newest XML
-- that describes a person fills in the rest.
CREATE TABLE contacts (
    id           TEXT PRIMARY KEY,
    name         TEXT,
    organization TEXT,
    last_updated TEXT,
    described_by INTEGER REFERENCES snapshots (id) ON DELETE SET NULL
) WITHOUT ROWID;

CREATE TABLE contact_uris (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    uri        TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE TABLE contact_extras (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

-- Which persons a snapshot's <people> section lists, in order.
CREATE TABLE snapshot_contacts (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    contact_id  TEXT NOT NULL REFERENCES contacts (id),
    line        INTEGER,
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
CREATE INDEX snapshot_contacts_contact ON snapshot_contacts (contact_id);

-- Assignees and contacts of a record as the source writes them, in order
-- within each role. Where ports.assignee_implied is 1 the contacts are the
-- assignees too; port_roles gives both.
CREATE TABLE port_contacts (
    port_id    INTEGER NOT NULL REFERENCES ports (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('assignee', 'contact')),
    position   INTEGER NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    PRIMARY KEY (port_id, role, position)
) WITHOUT ROWID;
CREATE INDEX port_contacts_contact ON port_contacts (contact_id);

-- A record's references in document order: rfc, draft, uri, text, or note
-- (data is a footnote anchor). label is what IANA renders in brackets.
CREATE TABLE port_references (
    port_id  INTEGER NOT NULL REFERENCES ports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    type     TEXT NOT NULL,
    data     TEXT,
    text     TEXT,
    section  TEXT,
    label    TEXT NOT NULL,
    PRIMARY KEY (port_id, position)
) WITHOUT ROWID;
CREATE INDEX port_references_data ON port_references (type, data);

-- Elements and attributes of a record the importer did not know, verbatim.
CREATE TABLE port_extras (
    port_id  INTEGER NOT NULL REFERENCES ports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (port_id, position)
) WITHOUT ROWID;

-- Historic service names and the well-formed names that replace them.
CREATE TABLE aliases (
    historic    TEXT NOT NULL REFERENCES services (name),
    well_formed TEXT NOT NULL REFERENCES services (name),
    PRIMARY KEY (historic, well_formed)
) WITHOUT ROWID;
CREATE INDEX aliases_well_formed ON aliases (well_formed);

-- Every role a person has in a record, with the XML's rule applied: a
-- record with no <assignee> has its contacts as assignees (implied 1).
CREATE VIEW port_roles AS
SELECT port_id, role, position, contact_id, 0 AS implied
FROM port_contacts
UNION ALL
SELECT pc.port_id, 'assignee', pc.position, pc.contact_id, 1
FROM port_contacts pc
JOIN ports p ON p.id = pc.port_id
WHERE p.assignee_implied AND pc.role = 'contact';

-- Snapshots from newest to oldest: by registry date, then complete before
-- excerpt, XML before CSV, and the later import first. recency 1 is what
-- "the newest snapshot" means everywhere.
CREATE VIEW snapshots_by_recency AS
SELECT row_number() OVER (
           ORDER BY registry_date DESC, kind = 'complete' DESC, format = 'xml' DESC, id DESC
       ) AS recency,
       *
FROM snapshots;

-- Every snapshot's records with the official columns, rendered as IANA's
-- CSV renders them (NULL where IANA's cell is empty).
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
       p.description,
       (SELECT group_concat('[' || contact_id || ']', '')
        FROM (SELECT contact_id FROM port_contacts
              WHERE port_id = p.id
                AND role = CASE WHEN p.assignee_implied THEN 'contact' ELSE 'assignee' END
              ORDER BY position)) AS assignee,
       (SELECT group_concat('[' || contact_id || ']', '')
        FROM (SELECT contact_id FROM port_contacts
              WHERE port_id = p.id AND role = 'contact' ORDER BY position)) AS contact,
       p.registration_date,
       p.modification_date,
       (SELECT group_concat('[' || label || ']', '')
        FROM (SELECT label FROM port_references
              WHERE port_id = p.id ORDER BY position)) AS reference,
       p.service_code,
       p.unauthorized_use AS unauthorized_use_reported,
       p.assignment_notes,
       p.id AS port_id
FROM snapshot_ports sp
JOIN ports p ON p.id = sp.port_id
LEFT JOIN services s ON s.id = p.service_id;

-- The newest snapshot's records, for people who just want to query.
CREATE VIEW registry AS
SELECT position, service_name, port_number, port_low, port_high, transport_protocol,
       description, assignee, contact, registration_date, modification_date,
       reference, service_code, unauthorized_use_reported, assignment_notes,
       port_id -- joins with port_roles, port_contacts, port_references, ports
FROM snapshot_registry
WHERE snapshot_id = (SELECT id FROM snapshots_by_recency WHERE recency = 1)
ORDER BY position;

-- +goose Down
DROP VIEW registry;
DROP VIEW snapshot_registry;
DROP VIEW snapshots_by_recency;
DROP VIEW port_roles;
DROP TABLE aliases;
DROP TABLE port_extras;
DROP TABLE port_references;
DROP TABLE port_contacts;
DROP TABLE snapshot_contacts;
DROP TABLE contact_extras;
DROP TABLE contact_uris;
DROP TABLE contacts;
DROP TABLE snapshot_ports;
DROP TABLE ports;
DROP TABLE services;
DROP TABLE footnotes;
DROP TABLE snapshot_warnings;
DROP TABLE snapshot_extras;
DROP TABLE snapshots;
