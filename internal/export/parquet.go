package export

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	pqschema "github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/ianaports/ianaports/internal/schema"
)

// The Parquet writer's fixed settings: with them, and the library's
// version pinned in go.mod, the same rows give the same bytes.
const (
	// ParquetCreatedBy is the file's created_by: no version or build, so
	// that it does not change the bytes from one build to the next.
	ParquetCreatedBy = "ianaports"
	// ParquetMetadataKey is the key-value metadata entry holding the
	// table's description as JSON: {"name", "description", "columns":
	// [{"name", "type", "nullable", "description"}]}, the types being
	// ianaports' logical types (schema.Type).
	ParquetMetadataKey = "ianaports.table"

	parquetRowGroupRows = 1 << 20 // rows in a row group: every table in one
	parquetPageBytes    = 1 << 20 // a data page's size, before compression
	parquetZstdLevel    = 3       // zstd's default level, pinned
)

// ParquetEncoder writes one table as a Parquet file. Each column's Parquet
// type follows its logical type: integer as INT64, number as DOUBLE, text
// and any as BYTE_ARRAY annotated STRING, blob as BYTE_ARRAY, boolean as
// BOOLEAN, date as INT32 annotated DATE (days since 1970-01-01). A NOT
// NULL column is required, any other optional.
//
// A value is converted to its column's type: an integer column takes
// int64; a number column float64 or int64; a boolean column 0 or 1; a
// date column a full date, YYYY-MM-DD; a blob column []byte or string (its
// bytes). A text or any column takes any value, written as text: a string
// as it is, int64 in decimal, float64 in Go's shortest 'g' form
// (strconv.FormatFloat(f, 'g', -1, 64)), []byte as lowercase hex, as in
// CSV. Any other value is an error naming the column and the value.
//
// The file is deterministic: created_by is ParquetCreatedBy, compression
// is zstd at level 3, row groups hold up to 1,048,576 rows and data pages
// 1 MiB, pages are version 1, PLAIN-encoded, with statistics, and no time
// is recorded. Dictionary encoding is off: the library lists a column
// chunk's page encodings in map order when a dictionary overflows and
// falls back to PLAIN, so the footer's bytes would vary from run to run;
// and on ianaports' tables zstd alone gives smaller files. The table's and
// columns' descriptions go in the key-value metadata under
// ParquetMetadataKey. Rows are buffered a row group at a time; Close
// writes the rest and the footer.
type ParquetEncoder struct {
	out   *bufio.Writer
	w     *file.Writer
	table *schema.Table
	root  *pqschema.GroupNode
	cols  []parquetColumn
	rows  int // rows buffered
	err   error
	done  bool // closed
}

// parquetColumn buffers one column's values: only the non-null ones, with
// a definition level per row where the column is optional.
type parquetColumn struct {
	col    schema.Column
	def    []int16
	ints   []int64
	dates  []int32
	floats []float64
	bools  []bool
	bytes  []parquet.ByteArray
}

// NewParquetEncoder returns an encoder writing to w. It writes nothing
// before Close, and does not close w.
func NewParquetEncoder(w io.Writer) *ParquetEncoder {
	return &ParquetEncoder{out: bufio.NewWriterSize(w, 1<<16)}
}

func (e *ParquetEncoder) fail(err error) error {
	if e.err == nil {
		e.err = err
	}
	return e.err
}

func (e *ParquetEncoder) Begin(t *schema.Table) error {
	if e.table != nil {
		return fmt.Errorf("parquet: table %s: %w", t.Name, ErrOneTable)
	}
	if e.err != nil {
		return e.err
	}
	e.table = t
	fields := make(pqschema.FieldList, len(t.Columns))
	e.cols = make([]parquetColumn, len(t.Columns))
	for i, c := range t.Columns {
		node, err := parquetNode(c)
		if err != nil {
			return e.fail(fmt.Errorf("parquet: table %s, column %s: %w", t.Name, c.Name, err))
		}
		fields[i] = node
		e.cols[i].col = c
	}
	root, err := pqschema.NewGroupNode(t.Name, parquet.Repetitions.Required, fields, -1)
	if err != nil {
		return e.fail(fmt.Errorf("parquet: table %s: %w", t.Name, err))
	}
	e.root = root
	return nil
}

// parquetNode gives a column's Parquet type.
func parquetNode(c schema.Column) (pqschema.Node, error) {
	rep := parquet.Repetitions.Optional
	if c.NotNull {
		rep = parquet.Repetitions.Required
	}
	var logical pqschema.LogicalType = pqschema.NoLogicalType{}
	var physical parquet.Type
	switch c.Type {
	case schema.Integer:
		physical = parquet.Types.Int64
	case schema.Number:
		physical = parquet.Types.Double
	case schema.Text, schema.Any:
		logical, physical = pqschema.StringLogicalType{}, parquet.Types.ByteArray
	case schema.Blob:
		physical = parquet.Types.ByteArray
	case schema.Boolean:
		physical = parquet.Types.Boolean
	case schema.Date:
		logical, physical = pqschema.DateLogicalType{}, parquet.Types.Int32
	default:
		return nil, fmt.Errorf("type %q has no Parquet type", c.Type)
	}
	return pqschema.NewPrimitiveNodeLogical(c.Name, rep, logical, physical, -1, -1)
}

func (e *ParquetEncoder) Encode(values []any) error {
	if e.err != nil {
		return e.err
	}
	if e.done {
		return e.fail(errors.New("parquet: Encode after Close"))
	}
	if e.table == nil {
		return e.fail(errors.New("parquet: Encode before Begin"))
	}
	if len(values) != len(e.cols) {
		return e.fail(fmt.Errorf("parquet: table %s: %d values for %d columns", e.table.Name, len(values), len(e.cols)))
	}
	// Check the whole row before buffering any of it.
	for i, v := range values {
		if err := e.cols[i].check(v); err != nil {
			return e.fail(fmt.Errorf("parquet: table %s, column %s: %w", e.table.Name, e.cols[i].col.Name, err))
		}
	}
	for i, v := range values {
		e.cols[i].add(v)
	}
	e.rows++
	if e.rows == parquetRowGroupRows {
		return e.flush()
	}
	return nil
}

// check reports whether v can be written to the column.
func (c *parquetColumn) check(v any) error {
	if v == nil {
		if c.col.NotNull {
			return errors.New("null in a NOT NULL column")
		}
		return nil
	}
	switch c.col.Type {
	case schema.Integer:
		if _, ok := v.(int64); ok {
			return nil
		}
	case schema.Number:
		switch v.(type) {
		case float64, int64:
			return nil
		}
	case schema.Boolean:
		switch v := v.(type) {
		case bool:
			return nil
		case int64:
			if v == 0 || v == 1 {
				return nil
			}
		}
	case schema.Date:
		if s, ok := v.(string); ok {
			if _, err := parquetDate(s); err == nil {
				return nil
			}
			return fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
		}
	case schema.Blob:
		switch v.(type) {
		case []byte, string:
			return nil
		}
	case schema.Text, schema.Any:
		switch v.(type) {
		case string, int64, float64, []byte:
			return nil
		}
	}
	return fmt.Errorf("%T value %v is not of type %s", v, v, c.col.Type)
}

// add buffers a value that check accepted.
func (c *parquetColumn) add(v any) {
	if !c.col.NotNull {
		if v == nil {
			c.def = append(c.def, 0)
			return
		}
		c.def = append(c.def, 1)
	}
	switch c.col.Type {
	case schema.Integer:
		c.ints = append(c.ints, v.(int64))
	case schema.Number:
		switch v := v.(type) {
		case float64:
			c.floats = append(c.floats, v)
		case int64:
			c.floats = append(c.floats, float64(v))
		}
	case schema.Boolean:
		switch v := v.(type) {
		case bool:
			c.bools = append(c.bools, v)
		case int64:
			c.bools = append(c.bools, v == 1)
		}
	case schema.Date:
		d, _ := parquetDate(v.(string))
		c.dates = append(c.dates, d)
	case schema.Blob:
		switch v := v.(type) {
		case []byte:
			c.bytes = append(c.bytes, append(parquet.ByteArray(nil), v...))
		case string:
			c.bytes = append(c.bytes, parquet.ByteArray(v))
		}
	default: // text, any
		if s, ok := v.(string); ok {
			c.bytes = append(c.bytes, parquet.ByteArray(s))
		} else {
			c.bytes = append(c.bytes, parquet.ByteArray(text(v)))
		}
	}
}

// parquetDate gives the days since 1970-01-01 of a full date, YYYY-MM-DD.
func parquetDate(s string) (int32, error) {
	if len(s) != len("2006-01-02") {
		return 0, errors.New("not YYYY-MM-DD")
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, err
	}
	// Midnight UTC: Unix time is a whole number of days.
	return int32(t.Unix() / 86400), nil
}

func (e *ParquetEncoder) writer() (*file.Writer, error) {
	if e.w != nil {
		return e.w, nil
	}
	props := parquet.NewWriterProperties(
		parquet.WithCreatedBy(ParquetCreatedBy),
		parquet.WithVersion(parquet.V2_6),
		parquet.WithDataPageVersion(parquet.DataPageV1),
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCompressionLevel(parquetZstdLevel),
		parquet.WithMaxRowGroupLength(parquetRowGroupRows),
		parquet.WithDataPageSize(parquetPageBytes),
		parquet.WithDictionaryDefault(false), // see ParquetEncoder
		parquet.WithEncoding(parquet.Encodings.Plain),
		parquet.WithStats(true),
		parquet.WithPageIndexEnabled(false),
		parquet.WithBloomFilterEnabled(false),
		parquet.WithRootName(e.table.Name),
		parquet.WithRootRepetition(parquet.Repetitions.Required),
	)
	meta, err := parquetMetadata(e.table)
	if err != nil {
		return nil, err
	}
	// The library closes its sink when it is an io.Closer: the file is
	// the caller's to close, so the sink hides Close.
	sink := struct{ io.Writer }{e.out}
	w, err := file.NewParquetWriterWithError(sink, e.root, file.WithWriterProps(props), file.WithWriteMetadata(meta))
	if err != nil {
		return nil, err
	}
	e.w = w
	return w, nil
}

// parquetMetadata describes the table in the file's key-value metadata.
func parquetMetadata(t *schema.Table) (metadata.KeyValueMetadata, error) {
	type column struct {
		Name        string `json:"name"`
		Type        string `json:"type"`
		Nullable    bool   `json:"nullable"`
		Description string `json:"description,omitempty"`
	}
	desc := struct {
		Name        string   `json:"name"`
		Description string   `json:"description,omitempty"`
		Columns     []column `json:"columns"`
	}{Name: t.Name, Description: t.Description, Columns: make([]column, len(t.Columns))}
	for i, c := range t.Columns {
		desc.Columns[i] = column{c.Name, string(c.Type), !c.NotNull, c.Description}
	}
	js, err := json.Marshal(desc)
	if err != nil {
		return nil, err
	}
	meta := metadata.NewKeyValueMetadata()
	if err := meta.Append(ParquetMetadataKey, string(js)); err != nil {
		return nil, err
	}
	return meta, nil
}

// flush writes the buffered rows as a row group.
func (e *ParquetEncoder) flush() (err error) {
	// The library panics on some failures; they become the error.
	defer func() {
		if r := recover(); r != nil {
			err = e.fail(fmt.Errorf("parquet: table %s: %v", e.table.Name, r))
		}
	}()
	w, err := e.writer()
	if err != nil {
		return e.fail(fmt.Errorf("parquet: table %s: %w", e.table.Name, err))
	}
	rg, err := w.AppendRowGroupChecked()
	if err != nil {
		return e.fail(fmt.Errorf("parquet: table %s: %w", e.table.Name, err))
	}
	for i := range e.cols {
		c := &e.cols[i]
		cw, err := rg.NextColumn()
		if err != nil {
			return e.fail(fmt.Errorf("parquet: table %s, column %s: %w", e.table.Name, c.col.Name, err))
		}
		if err := c.write(cw); err != nil {
			return e.fail(fmt.Errorf("parquet: table %s, column %s: %w", e.table.Name, c.col.Name, err))
		}
		if err := cw.Close(); err != nil {
			return e.fail(fmt.Errorf("parquet: table %s, column %s: %w", e.table.Name, c.col.Name, err))
		}
		c.reset()
	}
	if err := rg.Close(); err != nil {
		return e.fail(fmt.Errorf("parquet: table %s: %w", e.table.Name, err))
	}
	e.rows = 0
	return nil
}

// write gives the buffered values to the column's writer.
func (c *parquetColumn) write(cw file.ColumnChunkWriter) error {
	var err error
	switch cw := cw.(type) {
	case *file.Int64ColumnChunkWriter:
		_, err = cw.WriteBatch(c.ints, c.def, nil)
	case *file.Int32ColumnChunkWriter:
		_, err = cw.WriteBatch(c.dates, c.def, nil)
	case *file.Float64ColumnChunkWriter:
		_, err = cw.WriteBatch(c.floats, c.def, nil)
	case *file.BooleanColumnChunkWriter:
		_, err = cw.WriteBatch(c.bools, c.def, nil)
	case *file.ByteArrayColumnChunkWriter:
		_, err = cw.WriteBatch(c.bytes, c.def, nil)
	default:
		err = fmt.Errorf("unexpected column writer %T", cw)
	}
	return err
}

func (c *parquetColumn) reset() {
	c.def, c.ints, c.dates, c.floats, c.bools, c.bytes = c.def[:0], c.ints[:0], c.dates[:0], c.floats[:0], c.bools[:0], nil
}

// Close writes the buffered rows and the footer, and returns the first
// error met. A table without rows is a valid file of no row group.
func (e *ParquetEncoder) Close() (err error) {
	if e.err != nil || e.done {
		return e.err
	}
	if e.table == nil {
		return e.fail(errors.New("parquet: Close before Begin: no table to write"))
	}
	if e.rows > 0 {
		if err := e.flush(); err != nil {
			return err
		}
	}
	defer func() {
		if r := recover(); r != nil {
			err = e.fail(fmt.Errorf("parquet: table %s: %v", e.table.Name, r))
		}
	}()
	w, err := e.writer()
	if err != nil {
		return e.fail(fmt.Errorf("parquet: table %s: %w", e.table.Name, err))
	}
	if err := w.Close(); err != nil {
		return e.fail(fmt.Errorf("parquet: table %s: %w", e.table.Name, err))
	}
	if err := e.out.Flush(); err != nil {
		return e.fail(fmt.Errorf("parquet: table %s: %w", e.table.Name, err))
	}
	e.done = true
	return nil
}
