// Package db opens ianaports databases (SQLite through modernc.org/sqlite,
// schema applied by goose from the embedded migrations), imports snapshots
// into them in one transaction each, removes them, and reads them back for
// export.
//
// A database is written by one process at a time: Open, Import and Remove
// take an exclusive flock on the database file (apart from the fcntl locks
// SQLite takes), so that concurrent imports, the migration of a new
// database included, wait on each other. Open refuses, untouched, a file
// that is not an ianaports database or is of a newer schema. Failures of
// the database itself are *DatabaseError, those of the input
// *normalize.ParseError.
package db
