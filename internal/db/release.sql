-- Made in a release's copy of the database, after VACUUM INTO.

-- goose's wall-clock time of each migration: the release's time, or none.
UPDATE goose_db_version SET tstamp = :tstamp;

-- Full-text search over the release's snapshot: service names,
-- descriptions, and the rest of what a person searches by.
--   SELECT * FROM registry_search WHERE registry_search MATCH 'kerberos';
CREATE VIRTUAL TABLE registry_search USING fts5(
    service_name, port_number, transport_protocol, description,
    assignment_notes, port_id UNINDEXED, position UNINDEXED,
    tokenize = 'unicode61'
);

INSERT INTO registry_search
    (service_name, port_number, transport_protocol, description, assignment_notes, port_id, position)
SELECT service_name, port_number, transport_protocol, description, assignment_notes, port_id, position
FROM snapshot_registry
WHERE snapshot_id = :snapshot
ORDER BY position;

-- One segment: the index's bytes depend on its content alone.
INSERT INTO registry_search (registry_search) VALUES ('optimize');
