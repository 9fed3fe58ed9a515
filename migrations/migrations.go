// Package migrations holds the database schema as goose migrations,
// embedded so that the commands carry it with them.
package migrations

import "embed"

// FS holds the migrations, named NNNNN_description.sql.
//
//go:embed *.sql
var FS embed.FS
