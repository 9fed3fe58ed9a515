package export

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ianaports/ianaports/internal/schema"
)

// ErrOneTable is returned by encoders whose format holds a single table
// when asked to begin a second one.
var ErrOneTable = errors.New("this format holds one table")

// CSVEncoder writes one table as CSV: a header row of the column names,
// then one line per row, LF line ends, cells quoted only where needed.
// NULL is written as an empty cell.
type CSVEncoder struct {
	w      *csv.Writer
	out    io.Writer
	crlf   bool
	cr     int          // cells holding a carriage return
	buf    bytes.Buffer // a row, with crlf
	err    error
	begun  bool
	record []string
}

// NewCSVEncoder returns an encoder writing to w.
func NewCSVEncoder(w io.Writer) *CSVEncoder {
	return &CSVEncoder{w: csv.NewWriter(w), out: w}
}

// EndRowsWithCRLF makes the encoder end each row with CR LF, as IANA's
// older CSV did, while a line break inside a cell stays as it is (which
// encoding/csv's UseCRLF would change). Call it before Begin.
func (e *CSVEncoder) EndRowsWithCRLF() {
	e.crlf = true
	e.w = csv.NewWriter(&e.buf)
}

func (e *CSVEncoder) write(record []string) error {
	if e.err != nil {
		return e.err
	}
	if !e.crlf {
		return e.w.Write(record)
	}
	e.buf.Reset()
	if err := e.w.Write(record); err != nil {
		return err
	}
	e.w.Flush()
	if e.err = e.w.Error(); e.err != nil {
		return e.err
	}
	row := bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))
	if _, e.err = e.out.Write(append(row, '\r', '\n')); e.err != nil {
		return e.err
	}
	return nil
}

func (e *CSVEncoder) Begin(t *schema.Table) error {
	if e.begun {
		return fmt.Errorf("csv: table %s: %w", t.Name, ErrOneTable)
	}
	e.begun = true
	e.record = make([]string, len(t.Columns))
	return e.write(t.ColumnNames())
}

func (e *CSVEncoder) Encode(values []any) error {
	if len(values) != len(e.record) {
		return fmt.Errorf("csv: %d values for %d columns", len(values), len(e.record))
	}
	for i, v := range values {
		e.record[i] = text(v)
		if strings.IndexByte(e.record[i], '\r') >= 0 {
			e.cr++
		}
	}
	return e.write(e.record)
}

// CarriageReturns counts the cells written that hold a carriage return.
// The encoder writes them as they are, but CSV readers (Go's encoding/csv,
// spreadsheets) read CR LF inside a quoted cell as LF: a format other
// than CSV carries such cells unaltered.
func (e *CSVEncoder) CarriageReturns() int { return e.cr }

func (e *CSVEncoder) Close() error {
	if e.crlf {
		return e.err
	}
	e.w.Flush()
	return e.w.Error()
}

// text renders a value as a CSV cell.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []byte:
		return hex.EncodeToString(v)
	case bool:
		if v {
			return "1"
		}
		return "0"
	}
	return fmt.Sprint(v)
}
