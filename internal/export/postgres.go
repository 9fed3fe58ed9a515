package export

import (
	"errors"
	"io"

	"github.com/ianaports/ianaports/internal/schema"
)

// PostgresEncoder writes an SQL dump that psql loads into PostgreSQL.
// (Being written.)
type PostgresEncoder struct{ err error }

// NewPostgresEncoder returns an encoder writing to w.
func NewPostgresEncoder(w io.Writer) *PostgresEncoder {
	return &PostgresEncoder{err: errors.New("postgres: not written yet")}
}

func (e *PostgresEncoder) Begin(t *schema.Table) error { return e.err }
func (e *PostgresEncoder) Encode(values []any) error   { return e.err }
func (e *PostgresEncoder) Close() error                { return e.err }
