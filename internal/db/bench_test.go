package db

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// BenchmarkImportXML imports the full 2026-08-17 registry (14,533 records,
// 5,615 people) into a fresh database file, as `import` does.
func BenchmarkImportXML(b *testing.B) {
	benchmarkImport(b, "iana/xml/2026-08-17.xml")
}

// BenchmarkImportCSV imports IANA's CSV of 2025-04-07.
func BenchmarkImportCSV(b *testing.B) {
	benchmarkImport(b, "iana/csv/2025-04-07.csv")
}

// BenchmarkImportPageText imports the whole registry of 2026-08-17 as a
// browser copies its page, written by the package's renderer: every row
// aligned, none settled by a complete snapshot.
func BenchmarkImportPageText(b *testing.B) {
	benchmarkImportData(b, "2026-08-17-page.txt", renderRegistry(b, normalize.FormatPageText, ""))
}

// BenchmarkImportMarkdown imports the same as a collapsed Markdown table.
func BenchmarkImportMarkdown(b *testing.B) {
	benchmarkImportData(b, "2026-08-17.md", renderRegistry(b, normalize.FormatMarkdown, ""))
}

// BenchmarkImportHTML imports the same as IANA's HTML page.
func BenchmarkImportHTML(b *testing.B) {
	benchmarkImportData(b, "2026-08-17.xhtml", renderRegistry(b, normalize.FormatHTML, ""))
}

// renderRegistry writes the XML of 2026-08-17 in a text shape.
func renderRegistry(b *testing.B, format, style string) []byte {
	doc, _, _, err := normalize.ReadDocument("2026-08-17.xml", shareddata.Read(b, "iana/xml/2026-08-17.xml"), "xml")
	if err != nil {
		b.Fatal(err)
	}
	doc.Header.Style = style
	f, _ := normalize.LookupFormat(format)
	var buf bytes.Buffer
	if err := f.Render(&buf, doc); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchmarkImport(b *testing.B, rel string) {
	benchmarkImportData(b, rel, shareddata.Read(b, rel))
}

func benchmarkImportData(b *testing.B, rel string, data []byte) {
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(dir, "bench.db")
		removeDB(b, path)
		d, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := d.Import(ctx, data, ImportOptions{Source: rel}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		d.Close()
	}
}

// BenchmarkParseXML measures the XML parser alone.
func BenchmarkParseXML(b *testing.B) {
	data := shareddata.Read(b, "iana/xml/2026-08-17.xml")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := normalize.Parse("x", data, "xml", discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Header(*normalize.Header) error     { return nil }
func (discard) Record(*normalize.Record) error     { return nil }
func (discard) Reject(*normalize.Reject) error     { return nil }
func (discard) Person(*normalize.Person) error     { return nil }
func (discard) Footnote(*normalize.Footnote) error { return nil }
func (discard) Warn(*normalize.ParseError)         {}
func (discard) Extra(*normalize.Raw) error         { return nil }
