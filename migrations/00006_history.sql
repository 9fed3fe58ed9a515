-- +goose Up
-- The registry's history, stored by change rather than by snapshot.
-- Hundreds of snapshots hold nearly the same records: rows of membership
-- per snapshot (snapshot_ports, snapshot_contacts) were 98% of a database
-- of the history. A record's membership is now its spans of consecutive
-- snapshots, and what restores each snapshot's order (see port_spans).
-- Migration 7 moves the data (in Go: ids now follow content, so that
-- imports in any order give the same database); migration 8 drops the old
-- tables and makes views of the same names.

-- A snapshot's place in the chain of snapshots the spans run along: by
-- fidelity, format, kind, registry date, then input hash, so that
-- snapshots of one lineage (IANA's XML, day after day) are consecutive.
-- It follows from the set of snapshots alone.
ALTER TABLE snapshots ADD COLUMN seq INTEGER;

-- Which records snapshots hold: the record (with the rendition it came as)
-- is in every snapshot whose seq is from first_seq to last_seq, NULL
-- meaning to the last of the chain. A snapshot's records sort by
-- (order_group, order_name, order_rank): by port, the records without one
-- last by name, and within them IANA's order (normalize.Place); a span
-- ends where any of this changes.
CREATE TABLE port_spans (
    port_id      INTEGER NOT NULL REFERENCES ports (id),
    first_seq    INTEGER NOT NULL,
    last_seq     INTEGER CHECK (last_seq >= first_seq),
    order_group  INTEGER NOT NULL,
    order_name   TEXT NOT NULL,
    order_rank   INTEGER NOT NULL,
    rendition_id INTEGER REFERENCES port_renditions (id),
    PRIMARY KEY (port_id, first_seq, order_group, order_name, order_rank)
) WITHOUT ROWID;

-- Which persons snapshots list, with what each said of them (detail_id),
-- the same way; persons sort by (order_key, order_rank), order_key being
-- the person's id save for the few IANA lists out of order.
CREATE TABLE contact_spans (
    contact_id TEXT NOT NULL REFERENCES contacts (id),
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER CHECK (last_seq >= first_seq),
    order_key  TEXT NOT NULL,
    order_rank INTEGER NOT NULL,
    detail_id  INTEGER REFERENCES contact_details (id),
    PRIMARY KEY (contact_id, first_seq, order_key, order_rank)
) WITHOUT ROWID;

-- The historic names and well-formed names a record states, so that the
-- aliases of any snapshot are those of its records.
CREATE TABLE port_aliases (
    port_id     INTEGER NOT NULL REFERENCES ports (id) ON DELETE CASCADE,
    historic    TEXT NOT NULL REFERENCES services (name),
    well_formed TEXT NOT NULL REFERENCES services (name),
    PRIMARY KEY (port_id, historic, well_formed)
) WITHOUT ROWID;
CREATE INDEX port_aliases_names ON port_aliases (historic, well_formed);
