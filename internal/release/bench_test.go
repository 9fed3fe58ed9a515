package release_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/release"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// BenchmarkRelease writes the release of the registry of 2026-08-17: 22
// tables in three formats, both SQL dumps, the official CSV and the
// vacuumed database with its full-text index.
func BenchmarkRelease(b *testing.B) {
	ctx := context.Background()
	data, err := os.ReadFile(shareddata.File(b, "iana/xml/2026-08-17.xml"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	path := filepath.Join(dir, "ports.db")
	w, err := db.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := w.Import(ctx, data, db.ImportOptions{Source: "2026-08-17.xml"}); err != nil {
		b.Fatal(err)
	}
	w.Close()
	d, err := db.OpenReadOnly(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	var size int64
	n := 0
	for b.Loop() {
		n++
		rep, err := release.Write(ctx, d, filepath.Join(dir, "bundle"+strconv.Itoa(n)), release.Options{})
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, f := range rep.Files {
			size += f.Bytes
		}
	}
	b.ReportMetric(float64(size)/1e6, "MB/release")
}
