// Package db opens ianaports databases (SQLite through modernc.org/sqlite,
// schema applied by goose from the embedded migrations), imports snapshots
// into them in one transaction each, and reads them back for export.
package db
