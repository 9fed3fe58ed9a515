// Package queries holds curated SQL for ianaports databases, to run as it
// is with the sqlite3 shell:
//
//	sqlite3 -header -column ianaports.db < queries/top_assignees.sql
//
// Each file starts with a comment saying what it answers. The files are
// embedded in FS so that tests (and programs) can reach them.
package queries

import "embed"

// FS holds the *.sql files of this directory.
//
//go:embed *.sql
var FS embed.FS
