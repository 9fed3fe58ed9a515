-- +goose Up
-- One record identity whatever shape it came from. A row of ports is now
-- what a record says: its twelve cells as IANA renders them, white space
-- folded and IANA's mojibake repaired, keyed by a hash of them. What a
-- source says beyond that (exact white space and line breaks, markup, the
-- XML's xref attributes and <assignee>, unknown elements, IANA's bytes
-- before repair) is a rendition of the record, which a snapshot's row
-- points to. Migration 3 moves the data (in Go, for it computes the new
-- hashes), migration 4 drops the old columns and makes the views anew.
DROP VIEW registry;
DROP VIEW snapshot_registry;
DROP VIEW snapshots_by_recency;
DROP VIEW port_roles;

-- How faithfully the snapshot's format carries the registry: 3 IANA's
-- XML, 2 IANA's other renderings (CSV, HTML, fixed-width text), 1 copies
-- people make (page text, Markdown). A person's details come from the
-- most faithful snapshot that describes them; among snapshots of one date
-- the most faithful is "the" snapshot of that date.
ALTER TABLE snapshots ADD COLUMN fidelity INTEGER NOT NULL DEFAULT 0;
UPDATE snapshots SET fidelity = CASE format WHEN 'xml' THEN 3 WHEN 'csv' THEN 2 ELSE 1 END;

-- What a source says of a record beyond its identity; a column is NULL
-- where the source says what the identity says.
CREATE TABLE port_renditions (
    id                   INTEGER PRIMARY KEY,
    port_id              INTEGER NOT NULL REFERENCES ports (id),
    -- SHA-256 of the rendition's content; unique per record, kept so by
    -- the importer.
    content_hash         BLOB NOT NULL,
    description          TEXT, -- the cell exactly as rendered
    description_xml      TEXT, -- the XML's inner markup, where rendering changed it
    unauthorized_use     TEXT,
    unauthorized_use_xml TEXT,
    assignment_notes     TEXT,
    assignment_notes_xml TEXT,
    -- 1: the XML record has an <assignee> element, 0: it has none; NULL
    -- where it is as the identity implies (none where the Assignee
    -- column repeats the Contact column or is empty).
    assignee_written     INTEGER CHECK (assignee_written IN (0, 1))
);
CREATE INDEX port_renditions_port ON port_renditions (port_id);

-- A rendition's references, where they are not what their labels imply
-- (an xref's own type, data and text; IANA's bytes before repair).
CREATE TABLE rendition_references (
    rendition_id INTEGER NOT NULL REFERENCES port_renditions (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    type         TEXT NOT NULL,
    data         TEXT,
    text         TEXT,
    section      TEXT,
    label        TEXT NOT NULL,
    PRIMARY KEY (rendition_id, position)
) WITHOUT ROWID;

-- Elements and attributes of a record the importer did not know, verbatim
-- (they were port_extras).
CREATE TABLE rendition_extras (
    rendition_id INTEGER NOT NULL REFERENCES port_renditions (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    text         TEXT NOT NULL,
    PRIMARY KEY (rendition_id, position)
) WITHOUT ROWID;

-- The rendition a snapshot's record came as; NULL: the identity itself.
ALTER TABLE snapshot_ports ADD COLUMN rendition_id INTEGER REFERENCES port_renditions (id);

-- A person's name and organization as the source wrote them, where the
-- repair of IANA's mojibake changed them; a URI as a browser's copy
-- damaged it, where it was repaired.
ALTER TABLE contacts ADD COLUMN name_raw TEXT;
ALTER TABLE contacts ADD COLUMN organization_raw TEXT;
ALTER TABLE contact_uris ADD COLUMN raw TEXT;

-- Lines of a text snapshot that the importer could not read, kept.
CREATE TABLE rejects (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    text        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, line)
) WITHOUT ROWID;

-- Questions a copy's text could not settle (a lone date: registration or
-- modification?), the reading taken, and the complete snapshot that
-- settled it, where one did.
CREATE TABLE ambiguities (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL, -- 1-based, in input order
    line        INTEGER,
    record      INTEGER,          -- the record's position in the snapshot; NULL for a contact's
    contact_id  TEXT,             -- the contact's id, for a contact's
    question    TEXT NOT NULL,
    reading     TEXT NOT NULL,
    resolved_by INTEGER REFERENCES snapshots (id) ON DELETE SET NULL,
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
