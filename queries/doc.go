// Package queries holds curated SQL for ianaports databases, to run as it
// is with the sqlite3 shell or with export, which runs it on a connection
// that cannot write:
//
//	sqlite3 -header -column ianaports.db < queries/top_contacts.sql
//	export -db ianaports.db -query queries/top_contacts.sql -format csv
//
// Each file is one statement and starts with a comment saying what it
// answers and how to run it. Where a query takes a parameter (the port of
// port_history.sql, the protocols of free_ranges.sql) it is in a leading
// params CTE with a default, for users to edit.
//
// The newest snapshot:
//
//   - well_known_ports.sql: system ports (0-1023) with a service name.
//   - etc_services.sql: the registry as /etc/services lines.
//   - unauthorized_use.sql: ports with unauthorized use reported.
//   - free_ranges.sql: the port ranges no record holds, for any protocol or one.
//   - top_contacts.sql: the persons and organizations holding the most records.
//   - multi_protocol_services.sql: service names on several protocols.
//   - similar_names.sql: service names that differ only in case, hyphens, underscores.
//   - aliases.sql: historic names and the well-formed names replacing them.
//
// The history (the standing snapshot of each date, snapshot_periods):
//
//   - snapshots.sql: every snapshot, newest first.
//   - changes_since_previous.sql: the records the newest snapshot added or removed.
//   - changes_per_year.sql: records added, removed and changed per year.
//   - assignments_per_year.sql: service names assigned and de-assigned per year.
//   - service_changes.sql: ports whose service name changed, and when.
//   - port_history.sql: every version of the records of one port, with dates.
//
// A database of the whole history holds hundreds of snapshots, so no query
// reads the views that put every snapshot's records in order
// (snapshot_ports, snapshot_registry, registry): the newest snapshot's
// records come from port_spans at its seq, and the changes from the spans
// that begin or end between two standing snapshots. Each runs in well under
// a second on a database of the 379 snapshots of 2017-2026.
//
// The files are embedded in FS so that tests (and programs) can reach them.
package queries

import "embed"

// FS holds the *.sql files of this directory.
//
//go:embed *.sql
var FS embed.FS
