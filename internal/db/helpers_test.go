package db

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ianaports/ianaports/internal/export"
)

func removeDB(tb testing.TB, path string) {
	tb.Helper()
	for _, p := range []string{path, path + "-journal", path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			tb.Fatal(err)
		}
	}
}

// readMini returns the hand-written registry of testdata/mini.xml.
func readMini(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/mini.xml")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// openTemp opens a fresh database in a temporary directory.
func openTemp(tb testing.TB) *DB {
	tb.Helper()
	d, err := Open(context.Background(), filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

// contents renders every table of the database as JSON, goose's
// bookkeeping included (without its wall-clock column).
func contents(tb testing.TB, d *DB) string {
	tb.Helper()
	ctx := context.Background()
	var buf bytes.Buffer
	enc := export.NewJSONEncoder(&buf)
	tables, err := d.Tables(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	for _, t := range tables {
		if err := enc.Begin(&t.Table); err != nil {
			tb.Fatal(err)
		}
		if err := d.Rows(ctx, t, enc.Encode); err != nil {
			tb.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}

func count(tb testing.TB, d *DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := d.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

func mustImport(tb testing.TB, d *DB, data []byte, source string) ImportResult {
	tb.Helper()
	res, err := d.Import(context.Background(), data, ImportOptions{Source: source})
	if err != nil {
		tb.Fatalf("import %s: %v", source, err)
	}
	if err := d.Check(context.Background()); err != nil {
		tb.Fatalf("after importing %s: %v", source, err)
	}
	// The importer alone keeps record content unique (ports.content_hash
	// has no index to enforce it).
	if n := count(tb, d, "SELECT count(*) FROM (SELECT 1 FROM ports GROUP BY content_hash HAVING count(*) > 1)"); n != 0 {
		tb.Fatalf("after importing %s: %d contents stored more than once", source, n)
	}
	return res
}
