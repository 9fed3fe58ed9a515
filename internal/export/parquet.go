package export

import (
	"errors"
	"io"

	"github.com/ianaports/ianaports/internal/schema"
)

// ParquetEncoder writes one table as Parquet.
// (Being written.)
type ParquetEncoder struct{ err error }

// NewParquetEncoder returns an encoder writing to w.
func NewParquetEncoder(w io.Writer) *ParquetEncoder {
	return &ParquetEncoder{err: errors.New("parquet: not written yet")}
}

func (e *ParquetEncoder) Begin(t *schema.Table) error { return e.err }
func (e *ParquetEncoder) Encode(values []any) error   { return e.err }
func (e *ParquetEncoder) Close() error                { return e.err }
