package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/buildtest"
	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/schema"
)

// parquetFile is a Parquet file for DuckDB to check, with what it must
// hold: one entry of the manifest ci/duckdb/check.mjs reads.
type parquetFile struct {
	// Path is the file's path, absolute or relative to the manifest.
	Path string `json:"path"`
	Rows int64  `json:"rows"`
	// CreatedBy, where set, is the created_by the footer must give.
	CreatedBy string          `json:"created_by,omitempty"`
	Columns   []parquetColumn `json:"columns"`
}

// parquetColumn is a column the file must hold, in order: its name, its
// logical type (schema.Type) and the checksum of its values.
type parquetColumn struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	SHA256 string `json:"sha256"`
}

// The column checksum, computed the same way here and in
// ci/duckdb/check.mjs: the SHA-256 of, for each row in file order, the
// value's canonical text followed by "\n", where the canonical text is
//
//	NULL     \N
//	integer  decimal, a minus sign where negative: -5
//	number   the IEEE 754 binary64 bits as 16 lowercase hex digits,
//	         big-endian: 1.5 is 3ff8000000000000, -0 8000000000000000
//	         (exact, and the same in any language); any NaN is nan
//	boolean  true or false
//	date     YYYY-MM-DD
//	text     the string as it is (UTF-8), newlines and all
//	any      as text: what the encoder wrote (see export.ParquetEncoder)
//	blob     the bytes as lowercase hex
//
// A text value \N and a NULL give the same line; the row count and the
// other columns make that ambiguity harmless for a check.

// columnHash accumulates one column's checksum from SQLite's values.
type columnHash struct {
	col schema.Column
	h   hash.Hash
}

func (c *columnHash) add(v any) error {
	s, err := canonicalValue(c.col.Type, v)
	if err != nil {
		return fmt.Errorf("column %s: %w", c.col.Name, err)
	}
	c.h.Write([]byte(s))
	c.h.Write([]byte{'\n'})
	return nil
}

// canonicalValue gives a value's canonical text (see above) from the value
// SQLite gave, as the Parquet file must hold it.
func canonicalValue(typ schema.Type, v any) (string, error) {
	if v == nil {
		return `\N`, nil
	}
	switch typ {
	case schema.Integer:
		if i, ok := v.(int64); ok {
			return strconv.FormatInt(i, 10), nil
		}
	case schema.Number:
		switch f := v.(type) {
		case float64:
			if math.IsNaN(f) {
				return "nan", nil
			}
			return fmt.Sprintf("%016x", math.Float64bits(f)), nil
		case int64:
			return fmt.Sprintf("%016x", math.Float64bits(float64(f))), nil
		}
	case schema.Boolean:
		switch b := v.(type) {
		case int64:
			if b == 0 || b == 1 {
				return strconv.FormatBool(b == 1), nil
			}
		case bool:
			return strconv.FormatBool(b), nil
		}
	case schema.Date:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case schema.Blob:
		switch b := v.(type) {
		case []byte:
			return hex.EncodeToString(b), nil
		case string:
			return hex.EncodeToString([]byte(b)), nil
		}
	case schema.Text, schema.Any:
		switch x := v.(type) {
		case string:
			return x, nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		case []byte:
			return hex.EncodeToString(x), nil
		}
	}
	return "", fmt.Errorf("%T value %v in a %s column", v, v, typ)
}

// expectParquet gives what the Parquet file at path must hold for a table
// described by table whose rows each gives, in order.
func expectParquet(tb testing.TB, path string, table *schema.Table, each func(fn func([]any) error) error) parquetFile {
	tb.Helper()
	f := parquetFile{Path: path, CreatedBy: export.ParquetCreatedBy}
	hashes := make([]columnHash, len(table.Columns))
	for i, c := range table.Columns {
		hashes[i] = columnHash{col: c, h: sha256.New()}
	}
	err := each(func(row []any) error {
		if len(row) != len(hashes) {
			return fmt.Errorf("%d values for %d columns", len(row), len(hashes))
		}
		for i, v := range row {
			if err := hashes[i].add(v); err != nil {
				return err
			}
		}
		f.Rows++
		return nil
	})
	if err != nil {
		tb.Fatalf("expected content of %s: %v", path, err)
	}
	for _, h := range hashes {
		f.Columns = append(f.Columns, parquetColumn{Name: h.col.Name, Type: string(h.col.Type), SHA256: hex.EncodeToString(h.h.Sum(nil))})
	}
	return f
}

// tableParquet gives what the Parquet export of a database table, at
// path, must hold.
func tableParquet(tb testing.TB, d *db.DB, table db.Table, path string) parquetFile {
	tb.Helper()
	return expectParquet(tb, path, &table.Table, func(fn func([]any) error) error {
		return d.Rows(context.Background(), table, fn)
	})
}

// duckdbCheck is the Node.js program that reads Parquet files with DuckDB.
const duckdbCheck = "../../ci/duckdb/check.mjs"

// checkParquetWithDuckDB has DuckDB (the npm package @duckdb/node-api, in
// ci/duckdb) read each file and check its row count, its columns' names,
// order and types, its created_by where given, and each column's checksum;
// the test fails on any mismatch. Relative paths in files are taken from
// the test's working directory. Without node or ci/duckdb/node_modules the
// test is skipped, or fails where CI=true.
func checkParquetWithDuckDB(t testing.TB, files []parquetFile) {
	t.Helper()
	out, err := runDuckDBCheck(t, files)
	if err != nil {
		t.Fatalf("DuckDB's check of %d Parquet files failed (%v):\n%s", len(files), err, out)
	}
	t.Logf("DuckDB:\n%s", strings.TrimRight(string(out), "\n"))
}

// runDuckDBCheck writes the manifest of files in a temporary directory
// and runs ci/duckdb/check.mjs on it, returning its output.
func runDuckDBCheck(t testing.TB, files []parquetFile) ([]byte, error) {
	t.Helper()
	node := buildtest.Tool(t, "node", "apt-get install nodejs npm")
	script, err := filepath.Abs(duckdbCheck)
	if err != nil {
		t.Fatal(err)
	}
	modules := filepath.Join(filepath.Dir(script), "node_modules", "@duckdb", "node-api")
	if _, err := os.Stat(modules); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("DuckDB for Node.js is not installed in %s, and CI must have it (npm ci --prefix ci/duckdb): %v", filepath.Dir(script), err)
		}
		t.Skipf("DuckDB for Node.js is not installed (run: npm ci --prefix ci/duckdb): %v", err)
	}
	if len(files) == 0 {
		t.Fatal("no Parquet files to check")
	}
	abs := make([]parquetFile, len(files))
	for i, f := range files {
		abs[i] = f
		if abs[i].Path, err = filepath.Abs(f.Path); err != nil {
			t.Fatal(err)
		}
	}
	manifest := filepath.Join(t.TempDir(), "manifest.json")
	data, err := json.MarshalIndent(abs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(manifest, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return exec.CommandContext(t.Context(), node, script, manifest).CombinedOutput()
}
