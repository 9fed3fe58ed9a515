// Package export writes tables of values as CSV, JSON, NDJSON or SQL,
// deterministically: the same rows in give the same bytes out.
//
// Each format is an Encoder: Begin starts a table, Encode writes one row of
// it, and Close finishes the output and returns the first write error.
// Values are nil, int64, float64, string or []byte (written as hex in CSV
// and JSON, as a blob literal in SQL).
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
