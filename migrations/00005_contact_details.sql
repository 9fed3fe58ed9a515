-- +goose Up
-- What each snapshot says of each person, kept: contacts holds the details
-- of the most faithful, latest snapshot that describes the person (its
-- described_by), and when that snapshot is removed the details fall back
-- to the next one's, which must therefore be known. Details are stored
-- once per distinct content; snapshot_contacts.detail_id says which one a
-- snapshot gave.
CREATE TABLE contact_details (
    id               INTEGER PRIMARY KEY,
    contact_id       TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    name             TEXT,
    organization     TEXT,
    last_updated     TEXT,
    name_raw         TEXT,
    organization_raw TEXT
);
CREATE INDEX contact_details_contact ON contact_details (contact_id);

CREATE TABLE contact_detail_uris (
    detail_id INTEGER NOT NULL REFERENCES contact_details (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    uri       TEXT NOT NULL,
    raw       TEXT,
    PRIMARY KEY (detail_id, position)
) WITHOUT ROWID;

CREATE TABLE contact_detail_extras (
    detail_id INTEGER NOT NULL REFERENCES contact_details (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (detail_id, position)
) WITHOUT ROWID;

-- NULL where the snapshot was imported before this migration and did not
-- describe the person last: what it said was not kept then. Not indexed:
-- only a removal looks details up from here, all at once, and an index
-- would cost a twentieth of an import.
ALTER TABLE snapshot_contacts ADD COLUMN detail_id INTEGER REFERENCES contact_details (id);

-- A database made before: the details each described person has came from
-- the snapshot that described it.
INSERT INTO contact_details (contact_id, name, organization, last_updated, name_raw, organization_raw)
SELECT id, name, organization, last_updated, name_raw, organization_raw
FROM contacts
WHERE described_by IS NOT NULL
ORDER BY id;

INSERT INTO contact_detail_uris (detail_id, position, uri, raw)
SELECT d.id, u.position, u.uri, u.raw
FROM contact_uris u
JOIN contact_details d ON d.contact_id = u.contact_id;

INSERT INTO contact_detail_extras (detail_id, position, name, text)
SELECT d.id, x.position, x.name, x.text
FROM contact_extras x
JOIN contact_details d ON d.contact_id = x.contact_id;

UPDATE snapshot_contacts
SET detail_id = (SELECT d.id FROM contact_details d WHERE d.contact_id = snapshot_contacts.contact_id)
WHERE snapshot_id = (SELECT described_by FROM contacts c WHERE c.id = snapshot_contacts.contact_id);
