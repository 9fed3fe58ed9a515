package export_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	pqschema "github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/schema"
)

// parquetFile is what a Parquet file reads back as.
type parquetFile struct {
	createdBy string
	meta      map[string]string
	root      string
	columns   []parquetColumn
	rowGroups int
	rows      [][]any // strings, int64, float64, bool, []byte; dates as YYYY-MM-DD
}

type parquetColumn struct {
	name     string
	physical parquet.Type
	logical  string // the logical type's name, such as String or Date; None for none
	optional bool
}

// readParquet reads a file back with the library's reader.
func readParquet(t *testing.T, data []byte) parquetFile {
	t.Helper()
	r, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	defer r.Close()
	md := r.MetaData()
	f := parquetFile{createdBy: md.GetCreatedBy(), meta: map[string]string{}, rowGroups: r.NumRowGroups()}
	kv := md.KeyValueMetadata()
	for i, k := range kv.Keys() {
		f.meta[k] = kv.Values()[i]
	}
	f.root = md.Schema.Root().Name()
	for i := 0; i < md.Schema.NumColumns(); i++ {
		c := md.Schema.Column(i)
		f.columns = append(f.columns, parquetColumn{
			name:     c.Name(),
			physical: c.PhysicalType(),
			logical:  logicalName(c.LogicalType()),
			optional: c.MaxDefinitionLevel() > 0,
		})
	}
	f.rows = make([][]any, 0, r.NumRows())
	for g := 0; g < r.NumRowGroups(); g++ {
		rg := r.RowGroup(g)
		n := int(rg.NumRows())
		base := len(f.rows)
		for i := 0; i < n; i++ {
			f.rows = append(f.rows, make([]any, len(f.columns)))
		}
		for c := range f.columns {
			cr, err := rg.Column(c)
			if err != nil {
				t.Fatal(err)
			}
			vals := readColumn(t, cr, n)
			for i, v := range vals {
				f.rows[base+i][c] = v
			}
		}
	}
	if int64(len(f.rows)) != r.NumRows() {
		t.Errorf("read %d rows, the footer says %d", len(f.rows), r.NumRows())
	}
	return f
}

func logicalName(l pqschema.LogicalType) string {
	switch l.(type) {
	case nil, pqschema.NoLogicalType:
		return "None"
	case pqschema.StringLogicalType:
		return "String"
	case pqschema.DateLogicalType:
		return "Date"
	}
	return l.String()
}

// readColumn reads n rows of a column chunk, nil for null.
func readColumn(t *testing.T, cr file.ColumnChunkReader, n int) []any {
	t.Helper()
	out := make([]any, 0, n)
	def := make([]int16, n)
	maxDef := cr.Descriptor().MaxDefinitionLevel()
	// spread puts the k values read among the rows whose level says
	// they are there.
	spread := func(levels int64, value func(int) any) {
		v := 0
		for i := 0; i < int(levels); i++ {
			if maxDef > 0 && def[i] < maxDef {
				out = append(out, nil)
				continue
			}
			out = append(out, value(v))
			v++
		}
	}
	for len(out) < n {
		var levels int64
		var err error
		switch cr := cr.(type) {
		case *file.Int64ColumnChunkReader:
			vals := make([]int64, n)
			levels, _, err = cr.ReadBatch(int64(n-len(out)), vals, def, nil)
			spread(levels, func(i int) any { return vals[i] })
		case *file.Int32ColumnChunkReader:
			vals := make([]int32, n)
			levels, _, err = cr.ReadBatch(int64(n-len(out)), vals, def, nil)
			spread(levels, func(i int) any {
				return time.Unix(int64(vals[i])*86400, 0).UTC().Format(time.DateOnly)
			})
		case *file.Float64ColumnChunkReader:
			vals := make([]float64, n)
			levels, _, err = cr.ReadBatch(int64(n-len(out)), vals, def, nil)
			spread(levels, func(i int) any { return vals[i] })
		case *file.BooleanColumnChunkReader:
			vals := make([]bool, n)
			levels, _, err = cr.ReadBatch(int64(n-len(out)), vals, def, nil)
			spread(levels, func(i int) any { return vals[i] })
		case *file.ByteArrayColumnChunkReader:
			vals := make([]parquet.ByteArray, n)
			levels, _, err = cr.ReadBatch(int64(n-len(out)), vals, def, nil)
			str := logicalName(cr.Descriptor().LogicalType()) == "String"
			spread(levels, func(i int) any {
				if str {
					return string(vals[i])
				}
				return append([]byte{}, vals[i]...)
			})
		default:
			t.Fatalf("unexpected column reader %T", cr)
		}
		if err != nil {
			t.Fatal(err)
		}
		if levels == 0 {
			t.Fatalf("column %s: %d rows of %d", cr.Descriptor().Name(), len(out), n)
		}
	}
	return out
}

func encodeParquet(t *testing.T, table *schema.Table, rows [][]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := export.NewParquetEncoder(&buf)
	if err := enc.Begin(table); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// parquetEveryType has a column of each type, required and optional.
var parquetEveryType = &schema.Table{
	Name:        "every_type",
	Description: "A column of each type.",
	Columns: []schema.Column{
		{Name: "id", Type: schema.Integer, NotNull: true, Description: "The key."},
		{Name: "n", Type: schema.Number},
		{Name: "name", Type: schema.Text, NotNull: true},
		{Name: "note", Type: schema.Text},
		{Name: "hash", Type: schema.Blob},
		{Name: "flag", Type: schema.Boolean, NotNull: true},
		{Name: "maybe", Type: schema.Boolean},
		{Name: "day", Type: schema.Date},
		{Name: "computed", Type: schema.Any},
		{Name: "count", Type: schema.Integer},
	},
}

func TestParquetRoundTrip(t *testing.T) {
	cases := []struct {
		name  string
		table *schema.Table
		rows  [][]any
		want  [][]any // nil: the rows as they went in
	}{
		{
			name:  "every type",
			table: parquetEveryType,
			rows: [][]any{
				{int64(1), 1.5, "tcpmux", "TCP Port Service Multiplexer", []byte{0xde, 0xad, 0x00, 0xff}, int64(1), int64(0), "2026-08-17", "x", int64(-5)},
				{int64(math.MaxInt64), -0.25, "", "", []byte{}, int64(0), int64(1), "1970-01-01", "", int64(math.MinInt64)},
			},
			want: [][]any{
				{int64(1), 1.5, "tcpmux", "TCP Port Service Multiplexer", []byte{0xde, 0xad, 0x00, 0xff}, true, false, "2026-08-17", "x", int64(-5)},
				{int64(math.MaxInt64), -0.25, "", "", []byte{}, false, true, "1970-01-01", "", int64(math.MinInt64)},
			},
		},
		{
			name:  "nulls in every optional column",
			table: parquetEveryType,
			rows: [][]any{
				{int64(2), nil, "a", nil, nil, int64(1), nil, nil, nil, nil},
				{int64(3), 2.0, "b", "not null", []byte("x"), int64(0), int64(1), "2000-02-29", "y", int64(7)},
				{int64(4), nil, "c", nil, nil, int64(1), nil, nil, nil, nil},
			},
			want: [][]any{
				{int64(2), nil, "a", nil, nil, true, nil, nil, nil, nil},
				{int64(3), 2.0, "b", "not null", []byte("x"), false, true, "2000-02-29", "y", int64(7)},
				{int64(4), nil, "c", nil, nil, true, nil, nil, nil, nil},
			},
		},
		{
			name:  "text as it is: newlines, tabs, CR, quotes, non-ASCII",
			table: schema.TextTable("texts", []string{"t"}),
			rows: [][]any{
				{"line one\nline two"}, {"a\tb"}, {"crlf\r\n"}, {`"quoted", \N`}, {"Ĳssel — 日本語 ✓"}, {""}, {nil},
			},
		},
		{
			name:  "any columns hold numbers and blobs as text",
			table: schema.UntypedTable("query", []string{"v"}),
			rows:  [][]any{{int64(42)}, {-1.5}, {1e21}, {0.1}, {[]byte{0xab, 0x01}}, {"text"}, {nil}},
			want:  [][]any{{"42"}, {"-1.5"}, {"1e+21"}, {"0.1"}, {"ab01"}, {"text"}, {nil}},
		},
		{
			name: "numbers take integers; blobs take strings; booleans take bools",
			table: &schema.Table{Name: "conversions", Columns: []schema.Column{
				{Name: "n", Type: schema.Number, NotNull: true},
				{Name: "b", Type: schema.Blob, NotNull: true},
				{Name: "f", Type: schema.Boolean, NotNull: true},
			}},
			rows: [][]any{{int64(3), "text bytes", true}, {math.Inf(-1), []byte{1}, false}},
			want: [][]any{{3.0, []byte("text bytes"), true}, {math.Inf(-1), []byte{1}, false}},
		},
		{
			name:  "dates at the edges",
			table: &schema.Table{Name: "dates", Columns: []schema.Column{{Name: "d", Type: schema.Date, NotNull: true}}},
			rows:  [][]any{{"0001-01-01"}, {"1969-12-31"}, {"1970-01-01"}, {"1970-01-02"}, {"2024-02-29"}, {"9999-12-31"}},
		},
		{
			name:  "IANA's column names, with spaces",
			table: export.RegistryTable(),
			rows: [][]any{
				{"http", "80", "tcp", "World Wide Web HTTP", "", "", "", "", "", "", "", ""},
			},
		},
		{
			name:  "no rows",
			table: parquetEveryType,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := encodeParquet(t, c.table, c.rows)
			got := readParquet(t, data)
			want := c.want
			if want == nil {
				want = c.rows
			}
			if len(want) == 0 {
				want = [][]any{}
			}
			if !reflect.DeepEqual(got.rows, want) {
				t.Errorf("rows read back:\n got %#v\nwant %#v", got.rows, want)
			}
			if got.root != c.table.Name {
				t.Errorf("root %q, want the table's name %q", got.root, c.table.Name)
			}
			if len(got.columns) != len(c.table.Columns) {
				t.Fatalf("%d columns, want %d", len(got.columns), len(c.table.Columns))
			}
			for i, col := range c.table.Columns {
				want := parquetColumn{name: col.Name, optional: !col.NotNull}
				want.physical, want.logical = parquetTypeOf(col.Type)
				if got.columns[i] != want {
					t.Errorf("column %d: %+v, want %+v", i, got.columns[i], want)
				}
			}
			if len(c.rows) == 0 && got.rowGroups != 0 {
				t.Errorf("an empty table has %d row groups, want none", got.rowGroups)
			}
		})
	}
}

// parquetTypeOf is the mapping the encoder documents.
func parquetTypeOf(t schema.Type) (parquet.Type, string) {
	switch t {
	case schema.Integer:
		return parquet.Types.Int64, "None"
	case schema.Number:
		return parquet.Types.Double, "None"
	case schema.Text, schema.Any:
		return parquet.Types.ByteArray, "String"
	case schema.Blob:
		return parquet.Types.ByteArray, "None"
	case schema.Boolean:
		return parquet.Types.Boolean, "None"
	case schema.Date:
		return parquet.Types.Int32, "Date"
	}
	panic("type " + t)
}

func TestParquetDeterministic(t *testing.T) {
	rows := [][]any{
		{int64(1), 1.5, "tcpmux", "note", []byte{1, 2}, int64(1), nil, "2026-08-17", "x", int64(9)},
		{int64(2), nil, "echo", nil, nil, int64(0), int64(1), nil, nil, nil},
	}
	for i := 0; i < 500; i++ {
		rows = append(rows, []any{int64(i + 3), float64(i) / 7, fmt.Sprintf("svc%d", i%37), nil, nil, int64(i % 2), nil, "1999-12-31", int64(i), nil})
	}
	// Over 1 MiB of distinct values: a dictionary would overflow, which
	// made the library's footer list page encodings in map order.
	distinct := &schema.Table{Name: "distinct", Columns: []schema.Column{
		{Name: "h", Type: schema.Text, NotNull: true},
		{Name: "n", Type: schema.Integer, NotNull: true},
	}}
	var many [][]any
	for i := 0; i < 60000; i++ {
		many = append(many, []any{fmt.Sprintf("%032x", i*7919), int64(i) * 1000003})
	}
	cases := []struct {
		name  string
		table *schema.Table
		rows  [][]any
	}{
		{"every type", parquetEveryType, rows},
		{"no rows", parquetEveryType, nil},
		{"many distinct values", distinct, many},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			first := encodeParquet(t, c.table, c.rows)
			// Map order is random at each iteration: several runs show it.
			for i := 0; i < 8; i++ {
				again := encodeParquet(t, c.table, c.rows)
				if !bytes.Equal(first, again) {
					t.Fatalf("two encodings of the same rows differ (%d and %d bytes)", len(first), len(again))
				}
			}
		})
	}
}

func TestParquetMetadata(t *testing.T) {
	f := readParquet(t, encodeParquet(t, parquetEveryType, nil))
	// Pinned: no version or build that would change the bytes.
	if f.createdBy != "ianaports" || export.ParquetCreatedBy != "ianaports" {
		t.Errorf("created_by %q (ParquetCreatedBy %q), want %q", f.createdBy, export.ParquetCreatedBy, "ianaports")
	}
	var desc struct {
		Name        string
		Description string
		Columns     []struct {
			Name, Type, Description string
			Nullable                bool
		}
	}
	if err := json.Unmarshal([]byte(f.meta[export.ParquetMetadataKey]), &desc); err != nil {
		t.Fatalf("metadata %s: %v", export.ParquetMetadataKey, err)
	}
	if desc.Name != "every_type" || desc.Description != parquetEveryType.Description || len(desc.Columns) != len(parquetEveryType.Columns) {
		t.Fatalf("metadata describes %+v", desc)
	}
	for i, c := range parquetEveryType.Columns {
		d := desc.Columns[i]
		if d.Name != c.Name || d.Type != string(c.Type) || d.Nullable == c.NotNull || d.Description != c.Description {
			t.Errorf("column %d described as %+v, want %+v", i, d, c)
		}
	}
}

// TestParquetRowGroups writes more rows than a row group holds.
func TestParquetRowGroups(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: a million rows")
	}
	const n = 1<<20 + 3
	table := &schema.Table{Name: "many", Columns: []schema.Column{{Name: "i", Type: schema.Integer, NotNull: true}}}
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{int64(i)}
	}
	data := encodeParquet(t, table, rows)
	f := readParquet(t, data)
	if f.rowGroups != 2 || len(f.rows) != n {
		t.Fatalf("%d row groups of %d rows, want 2 of %d", f.rowGroups, len(f.rows), n)
	}
	for i, r := range f.rows {
		if r[0] != int64(i) {
			t.Fatalf("row %d holds %v", i, r[0])
		}
	}
	if again := encodeParquet(t, table, rows); !bytes.Equal(again, data) {
		t.Error("two encodings of the same rows differ")
	}
}

func TestParquetErrors(t *testing.T) {
	date := &schema.Table{Name: "t", Columns: []schema.Column{
		{Name: "id", Type: schema.Integer, NotNull: true},
		{Name: "registered", Type: schema.Date},
	}}
	cases := []struct {
		name  string
		table *schema.Table
		row   []any
		want  []string // all in the error
	}{
		{"day out of range", date, []any{int64(1), "2024-02-30"}, []string{"column registered", `"2024-02-30"`, "not a date"}},
		{"month out of range", date, []any{int64(1), "2024-13-01"}, []string{"column registered", `"2024-13-01"`}},
		{"year and month only", date, []any{int64(1), "2024-01"}, []string{"column registered", `"2024-01"`}},
		{"year only", date, []any{int64(1), "1999"}, []string{"column registered", `"1999"`}},
		{"unpadded", date, []any{int64(1), "2024-1-05"}, []string{"column registered", `"2024-1-05"`}},
		{"time of day", date, []any{int64(1), "2024-01-05T00:00:00Z"}, []string{"column registered"}},
		{"empty date", date, []any{int64(1), ""}, []string{"column registered", `""`}},
		{"date as a number", date, []any{int64(1), int64(20240105)}, []string{"column registered", "int64"}},
		{"null in NOT NULL", date, []any{nil, "2024-01-05"}, []string{"column id", "null"}},
		{"text in an integer column", date, []any{"1", nil}, []string{"column id", "string"}},
		{"float in an integer column", date, []any{1.0, nil}, []string{"column id", "float64"}},
		{"too few values", date, []any{int64(1)}, []string{"1 values for 2 columns"}},
		{"boolean 2", &schema.Table{Name: "t", Columns: []schema.Column{{Name: "flag", Type: schema.Boolean}}}, []any{int64(2)}, []string{"column flag", "2"}},
		{"number in a blob", &schema.Table{Name: "t", Columns: []schema.Column{{Name: "h", Type: schema.Blob}}}, []any{int64(2)}, []string{"column h"}},
		{"unknown value", schema.UntypedTable("t", []string{"v"}), []any{struct{}{}}, []string{"column v"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			enc := export.NewParquetEncoder(&bytes.Buffer{})
			if err := enc.Begin(c.table); err != nil {
				t.Fatal(err)
			}
			err := enc.Encode(c.row)
			if err == nil {
				t.Fatalf("Encode(%#v) succeeded", c.row)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if cerr := enc.Close(); cerr == nil || cerr.Error() != err.Error() {
				t.Errorf("Close: %v, want the first error %v", cerr, err)
			}
		})
	}
}

func TestParquetHoldsOneTable(t *testing.T) {
	enc := export.NewParquetEncoder(&bytes.Buffer{})
	if err := enc.Begin(schema.TextTable("a", []string{"x"})); err != nil {
		t.Fatal(err)
	}
	err := enc.Begin(schema.TextTable("second", []string{"y"}))
	if !errors.Is(err, export.ErrOneTable) || !strings.Contains(err.Error(), "second") {
		t.Errorf("second Begin: %v, want ErrOneTable naming the table", err)
	}
}

func TestParquetCloseBeforeBegin(t *testing.T) {
	if err := export.NewParquetEncoder(&bytes.Buffer{}).Close(); err == nil {
		t.Error("Close without a table succeeded")
	}
}

type parquetBrokenWriter struct{ closed bool }

func (*parquetBrokenWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
func (w *parquetBrokenWriter) Close() error            { w.closed = true; return nil }

type parquetCloseRecorder struct {
	bytes.Buffer
	closed bool
}

func (w *parquetCloseRecorder) Close() error { w.closed = true; return nil }

func TestParquetWriter(t *testing.T) {
	t.Run("write error", func(t *testing.T) {
		w := &parquetBrokenWriter{}
		enc := export.NewParquetEncoder(w)
		enc.Begin(parquetEveryType)
		if err := enc.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("Close: %v, want the write error", err)
		}
		if w.closed {
			t.Error("the encoder closed its writer")
		}
	})
	t.Run("the writer stays open", func(t *testing.T) {
		w := &parquetCloseRecorder{}
		enc := export.NewParquetEncoder(w)
		enc.Begin(schema.TextTable("t", []string{"x"}))
		enc.Encode([]any{"a"})
		if err := enc.Close(); err != nil {
			t.Fatal(err)
		}
		if w.closed {
			t.Error("the encoder closed its writer")
		}
		if w.Len() == 0 || !bytes.HasPrefix(w.Bytes(), []byte("PAR1")) || !bytes.HasSuffix(w.Bytes(), []byte("PAR1")) {
			t.Errorf("not a Parquet file: %q", w.Bytes())
		}
		if err := enc.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		if err := enc.Encode([]any{"b"}); err == nil {
			t.Error("Encode after Close succeeded")
		}
	})
}

func ExampleNewParquetEncoder() {
	var buf bytes.Buffer
	enc := export.NewParquetEncoder(&buf)
	enc.Begin(&schema.Table{
		Name: "ports",
		Columns: []schema.Column{
			{Name: "port", Type: schema.Integer, NotNull: true},
			{Name: "protocol", Type: schema.Text},
			{Name: "registered", Type: schema.Date},
			{Name: "assignee_is_contact", Type: schema.Boolean, NotNull: true},
		},
	})
	enc.Encode([]any{int64(443), "tcp", "2026-08-17", int64(0)})
	enc.Encode([]any{int64(80), nil, nil, int64(1)})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}

	r, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	fmt.Printf("created_by %s, %d rows\n", r.MetaData().GetCreatedBy(), r.NumRows())
	pqschema.PrintSchema(r.MetaData().Schema.Root(), os.Stdout, 2)
	// Output:
	// created_by ianaports, 2 rows
	// required group field_id=-1 ports {
	//   required int64 field_id=-1 port;
	//   optional byte_array field_id=-1 protocol (String);
	//   optional int32 field_id=-1 registered (Date);
	//   required boolean field_id=-1 assignee_is_contact;
	// }
}
