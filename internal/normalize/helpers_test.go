package normalize

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

// recorder is a Handler that keeps everything it is given.
type recorder struct {
	headers   []*Header
	records   []*Record
	persons   []*Person
	footnotes []*Footnote
	warnings  []*ParseError
	extras    []*Raw
	rejects   []*Reject
}

func (r *recorder) Header(h *Header) error     { r.headers = append(r.headers, h); return nil }
func (r *recorder) Record(rec *Record) error   { r.records = append(r.records, rec); return nil }
func (r *recorder) Extra(x *Raw) error         { r.extras = append(r.extras, x); return nil }
func (r *recorder) Person(p *Person) error     { r.persons = append(r.persons, p); return nil }
func (r *recorder) Footnote(f *Footnote) error { r.footnotes = append(r.footnotes, f); return nil }
func (r *recorder) Warn(w *ParseError)         { r.warnings = append(r.warnings, w) }
func (r *recorder) Reject(x *Reject) error     { r.rejects = append(r.rejects, x); return nil }

// header returns the one Header delivered, failing tb otherwise.
func (r *recorder) header(tb testing.TB) *Header {
	tb.Helper()
	if len(r.headers) != 1 {
		tb.Fatalf("got %d headers, want 1", len(r.headers))
	}
	return r.headers[0]
}

// record returns the record named name, failing tb unless there is exactly
// one.
func (r *recorder) record(tb testing.TB, name string) *Record {
	tb.Helper()
	var found *Record
	for _, rec := range r.records {
		if rec.Name == name {
			if found != nil {
				tb.Fatalf("more than one record named %q", name)
			}
			found = rec
		}
	}
	if found == nil {
		tb.Fatalf("no record named %q", name)
	}
	return found
}

func parseXMLString(tb testing.TB, name, doc string) (*recorder, error) {
	tb.Helper()
	rec := &recorder{}
	err := ParseXML(name, strings.NewReader(doc), rec)
	return rec, err
}

func parseCSVString(tb testing.TB, name, doc string) (*recorder, error) {
	tb.Helper()
	rec := &recorder{}
	err := ParseCSV(name, strings.NewReader(doc), rec)
	return rec, err
}

// mustParseXML parses data and fails tb on error.
func mustParseXML(tb testing.TB, name string, data []byte) *recorder {
	tb.Helper()
	rec := &recorder{}
	if err := ParseXML(name, bytes.NewReader(data), rec); err != nil {
		tb.Fatalf("ParseXML(%s): %v", name, err)
	}
	return rec
}

// mustParseCSV parses data and fails tb on error.
func mustParseCSV(tb testing.TB, name string, data []byte) *recorder {
	tb.Helper()
	rec := &recorder{}
	if err := ParseCSV(name, bytes.NewReader(data), rec); err != nil {
		tb.Fatalf("ParseCSV(%s): %v", name, err)
	}
	return rec
}

// miniXML is the hand-written fixture shared with the other packages.
func miniXML(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/mini.xml")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// renderCSV renders records as IANA's CSV does: the Columns header, then
// each record's Cells, LF line ends, cells quoted only when needed.
func renderCSV(tb testing.TB, records []*Record) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(Columns); err != nil {
		tb.Fatal(err)
	}
	for _, r := range records {
		if err := w.Write(r.Cells()); err != nil {
			tb.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// asParseError returns err as a *ParseError, failing tb when it is not one.
func asParseError(tb testing.TB, err error) *ParseError {
	tb.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		tb.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	return pe
}

// firstDiff describes where two byte slices first differ.
func firstDiff(a, b []byte) string {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	line := bytes.Count(a[:i], []byte{'\n'}) + 1
	lo := max(0, i-60)
	return fmt.Sprintf("at byte %d (line %d): got %q, want %q",
		i, line, a[lo:min(len(a), i+60)], b[lo:min(len(b), i+60)])
}
