package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/schema"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// TestParquetReadsInDuckDB exports every table of real registry data as
// Parquet, and IANA's layout of two snapshots, and has DuckDB check that
// each file holds what SQLite holds: rows, column names, order and types,
// and each column's values. A second export of each is byte-identical.
func TestParquetReadsInDuckDB(t *testing.T) {
	inputs := []string{"../../testdata/mini.xml"}
	layouts := [][]string{{"-layout", "iana"}}
	if testing.Short() {
		t.Log("-short: the mini fixture only")
	} else {
		// Two XML snapshots, IANA's older CSV and the fixed-width text
		// of 2013 fill every table the shared data can fill; six
		// (snapshot_warnings, rejects, ambiguities and three *_extras)
		// stay empty, and are checked as files of no rows.
		inputs = []string{
			shareddata.File(t, "iana/xml/2026-08-17.xml"),
			shareddata.File(t, "iana/xml/2025-04-07.xml"),
			shareddata.File(t, "iana/csv/2024-04-30.csv"),
			shareddata.File(t, "iana/txt/2013-06-26.txt"),
		}
		layouts = append(layouts, []string{"-layout", "iana", "-snapshot", "2024-04-30"})
	}
	dir := t.TempDir()
	dbPath := importFiles(t, dir, inputs...)
	ctx := context.Background()
	d, err := db.OpenReadOnly(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	tables, err := d.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// exportTwice writes one Parquet file twice, and checks the two are
	// the same bytes.
	exportTwice := func(name string, args ...string) string {
		t.Helper()
		path := filepath.Join(dir, name+".parquet")
		start := time.Now()
		mustExport(t, append([]string{"-db", dbPath, "-format", "parquet", "-o", path}, args...)...)
		took := time.Since(start)
		again := filepath.Join(dir, name+".again.parquet")
		mustExport(t, append([]string{"-db", dbPath, "-format", "parquet", "-o", again}, args...)...)
		a, b := readParquetFile(t, path), readParquetFile(t, again)
		if !bytes.Equal(a, b) {
			t.Errorf("export %q: two runs differ (%d and %d bytes)", args, len(a), len(b))
		}
		if name == "ports" {
			t.Logf("ports: %d bytes of Parquet, written in %v", len(a), took.Round(time.Millisecond))
		}
		return path
	}

	var files []parquetFile
	empty := 0
	for _, table := range tables {
		if table.Name == db.VersionTable {
			continue
		}
		path := exportTwice(table.Name, "-table", table.Name)
		f := tableParquet(t, d, table, path)
		if f.Rows == 0 {
			empty++
		}
		files = append(files, f)
	}
	t.Logf("%d tables, %d of them empty", len(files), empty)
	for i, args := range layouts {
		path := exportTwice(fmt.Sprintf("registry-%d", i), args...)
		sel := "" // the newest
		if len(args) == 4 {
			sel = args[3]
		}
		snap, err := d.FindSnapshot(ctx, sel)
		if err != nil {
			t.Fatal(err)
		}
		table := export.RegistryTable()
		vals := make([]any, len(table.Columns))
		files = append(files, expectParquet(t, path, table, func(fn func([]any) error) error {
			return d.Registry(ctx, snap.ID, func(row []string) error {
				for i, v := range row {
					vals[i] = v
				}
				return fn(vals)
			})
		}))
	}
	checkParquetWithDuckDB(t, files)
}

func readParquetFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDuckDBCheck writes a table of every type with the values that are
// easy to get wrong, has DuckDB check it, and checks that the check
// catches a file that does not hold what the manifest says.
func TestDuckDBCheck(t *testing.T) {
	table := &schema.Table{Name: "every_type", Columns: []schema.Column{
		{Name: "id", Type: schema.Integer, NotNull: true},
		{Name: "n", Type: schema.Number},
		{Name: "name", Type: schema.Text, NotNull: true},
		{Name: "note", Type: schema.Text},
		{Name: "hash", Type: schema.Blob},
		{Name: "flag", Type: schema.Boolean},
		{Name: "day", Type: schema.Date},
		{Name: "computed", Type: schema.Any},
	}}
	rows := [][]any{
		{int64(1), 1.5, "tcpmux", "line one\nline two", []byte{0xde, 0xad, 0x00, 0xff}, int64(1), "2026-08-17", int64(42)},
		{int64(-2), math.Copysign(0, -1), "tab\there", "crlf\r\n", []byte{}, int64(0), "1969-12-31", -1.25},
		{int64(math.MaxInt64), math.Inf(1), "Ĳssel — 日本語 ✓ 𝄞", "", nil, nil, nil, []byte{0xab}},
		{int64(math.MinInt64), 5e-324, `\N`, nil, []byte("text"), int64(1), "0001-01-01", "text"},
		{int64(0), math.NaN(), "", `quote " and '`, nil, int64(0), "9999-12-31", nil},
		{int64(5), nil, " leading and trailing ", "\x7f\u00a0\u2028", nil, nil, "2000-02-29", 1e21},
	}
	path := filepath.Join(t.TempDir(), "every_type.parquet")
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
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	each := func(rows [][]any) func(func([]any) error) error {
		return func(fn func([]any) error) error {
			for _, r := range rows {
				if err := fn(r); err != nil {
					return err
				}
			}
			return nil
		}
	}
	good := expectParquet(t, path, table, each(rows))
	checkParquetWithDuckDB(t, []parquetFile{good})

	// A value that differs in one character.
	changed := make([][]any, len(rows))
	copy(changed, rows)
	changed[1] = append([]any{}, rows[1]...)
	changed[1][2] = "tab here"
	cases := []struct {
		name   string
		modify func(f *parquetFile)
		want   string
	}{
		{"a value differs", func(f *parquetFile) { *f = expectParquet(t, path, table, each(changed)) }, "column name (text): sha256"},
		{"a null where a value is", func(f *parquetFile) {
			c := append([][]any{}, rows...)
			c[0] = append([]any{}, rows[0]...)
			c[0][4] = nil
			*f = expectParquet(t, path, table, each(c))
		}, "column hash (blob): sha256"},
		{"rows in another order", func(f *parquetFile) {
			c := append([][]any{}, rows...)
			c[0], c[1] = c[1], c[0]
			*f = expectParquet(t, path, table, each(c))
		}, "column id (integer): sha256"},
		{"a row more", func(f *parquetFile) { f.Rows++ }, "6 rows, want 7"},
		{"columns in another order", func(f *parquetFile) {
			f.Columns[0], f.Columns[1] = f.Columns[1], f.Columns[0]
		}, `columns ["id","n",`},
		{"another type", func(f *parquetFile) { f.Columns[5].Type = "integer" }, "column flag: DuckDB type BOOLEAN, want BIGINT"},
		{"another created_by", func(f *parquetFile) { f.CreatedBy = "someone else" }, `created_by "ianaports", want "someone else"`},
		{"no such file", func(f *parquetFile) { f.Path += ".missing" }, "FAIL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := good
			f.Columns = append([]parquetColumn{}, good.Columns...)
			c.modify(&f)
			out, err := runDuckDBCheck(t, []parquetFile{good, f})
			if err == nil {
				t.Fatalf("the check passed:\n%s", out)
			}
			if !strings.Contains(string(out), c.want) || !strings.Contains(string(out), "1 of 2 Parquet files failed") {
				t.Errorf("output does not say %q:\n%s", c.want, out)
			}
		})
	}
}
