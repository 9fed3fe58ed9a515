// Package export writes tables of values as CSV, JSON, NDJSON, Parquet,
// or an SQL dump for SQLite or PostgreSQL, deterministically: the same rows
// in give the same bytes out. It also writes a snapshot as IANA's own CSV
// (OfficialCSVEncoder, through gocsv) and as /etc/services
// (WriteServices).
//
// Each format is an Encoder driven by the typed description of its tables
// (internal/schema): Begin starts a table, Encode writes one row of it,
// and Close finishes the output and returns the first write error. Values
// are nil, int64, float64, string or []byte; a boolean column's 0 and 1
// become the format's booleans, a date column's text its dates, and bytes
// are hex in CSV and JSON, a blob literal in SQL, bytes in Parquet.
package export

import "github.com/ianaports/ianaports/internal/schema"

// Encoder writes tables of rows in one format.
type Encoder interface {
	// Begin starts a table, described by t.
	Begin(t *schema.Table) error
	// Encode writes one row of the current table; len(values) must equal
	// the number of columns.
	Encode(values []any) error
	// Close finishes the output and returns the first error met.
	Close() error
}
