package normalize

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/shareddata"
)

// document gathers what a parser delivers, for renderers.
func (r *recorder) document(tb testing.TB) *Document {
	tb.Helper()
	doc := &Document{Header: *r.header(tb), Records: r.records, Persons: r.persons, Footnotes: r.footnotes}
	return doc
}

// shapes are the text shapes the round trip writes and reads back.
var shapes = []struct {
	name, format, style string
}{
	{"page-text", FormatPageText, ""},
	{"markdown", FormatMarkdown, ""},
	{"pipe-table", FormatMarkdown, "no-leading-pipe"},
	{"html", FormatHTML, ""},
}

// renderShape writes doc in a shape with the format's renderer.
func renderShape(tb testing.TB, format, style string, doc *Document) []byte {
	tb.Helper()
	f, ok := LookupFormat(format)
	if !ok || f.Render == nil {
		tb.Fatalf("format %s has no renderer", format)
	}
	d := *doc
	d.Header.Style = style
	var buf bytes.Buffer
	if err := f.Render(&buf, &d); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// comparePersons compares persons read from a copy with the XML's: every
// non-empty field of the XML's person (name, organization, each URI,
// date), mojibake repaired.
func comparePersons(got, want []*Person) (matched, total int, mismatches []string) {
	byID := map[string]*Person{}
	for _, p := range got {
		byID[p.ID] = p
	}
	for _, w := range want {
		g := byID[strings.TrimSpace(w.ID)] // copies drop the space IANA left in one id
		if g == nil {
			g = &Person{}
		}
		check := func(field, gv, wv string) {
			wv = Clean(wv)
			if wv == "" {
				return
			}
			total++
			if Clean(gv) == wv {
				matched++
			} else {
				mismatches = append(mismatches, fmt.Sprintf("%s %s: got %q, XML %q", w.ID, field, gv, wv))
			}
		}
		check("name", g.Name, w.Name)
		check("organization", g.Org, w.Org)
		check("date", g.Updated, w.Updated)
		for i, u := range w.URIs {
			gu := ""
			if i < len(g.URIs) {
				gu = g.URIs[i]
			}
			check(fmt.Sprintf("uri %d", i+1), gu, u)
		}
	}
	return matched, total, mismatches
}

// The whole registry, written in each text shape by this package's own
// renderers, reads back field for field: every record of 2026-08-17 and
// every person. What the text cannot decide is named on the row: every
// field that differs from the XML's is on a row that says it is
// ambiguous.
func TestRoundTripWholeRegistry(t *testing.T) {
	x := mustParseXML(t, "2026-08-17.xml", shareddata.Read(t, "iana/xml/2026-08-17.xml"))
	for _, s := range shapes {
		t.Run(s.name, func(t *testing.T) { checkRoundTrip(t, x, s.format, s.style) })
	}
}

// So does every fortieth snapshot of the history archive, 2017 to 2026:
// names of old with spaces, ids IANA wrote with a trailing space, notes
// that have since changed.
func TestRoundTripHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the history archive; skipped with -short")
	}
	n := 0
	historySnapshots(t, func(name string, data []byte) {
		if n++; n%40 != 1 {
			return
		}
		x := mustParseXML(t, name, data)
		for _, s := range shapes {
			t.Run(path.Base(name)+"/"+s.name, func(t *testing.T) { checkRoundTrip(t, x, s.format, s.style) })
		}
	})
}

// checkRoundTrip writes the records and persons of an XML snapshot in a
// shape, reads them back and compares them with the XML's.
func checkRoundTrip(t *testing.T, x *recorder, format, style string) {
	data := renderShape(t, format, style, x.document(t))
	r := &recorder{}
	f, err := Parse(format, data, "auto", r)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != format {
		t.Errorf("read as %s, want %s", f.Name, format)
	}
	for _, rj := range r.rejects {
		t.Errorf("rejected line %d: %s: %q", rj.Line, rj.Reason, rj.Text)
	}
	if len(r.records) != len(x.records) {
		t.Errorf("%d records, want %d", len(r.records), len(x.records))
	}
	m := compareRecords(r.records, x.records)
	ambiguous := 0
	for _, rec := range r.records {
		if len(rec.Ambiguities) > 0 {
			ambiguous++
		}
	}
	pm, pt, pmis := comparePersons(r.persons, x.persons)
	t.Logf("%d records (%d ambiguous), fields %d/%d (%.3f%%), %d mismatched on ambiguous rows; persons fields %d/%d (%.2f%%)",
		m.records, ambiguous, m.matched, m.total, 100*float64(m.matched)/float64(m.total), m.flagged,
		pm, pt, 100*float64(pm)/float64(pt))
	for i, msg := range m.unflagged {
		if i == 20 {
			t.Errorf("... %d more", len(m.unflagged)-20)
			break
		}
		t.Errorf("differs from the XML on a row that claims no ambiguity: %s", msg)
	}
	// IANA's HTML keeps every cell in its column: nothing is left to
	// guess. The copies lose the columns; what the text cannot decide is
	// guessed as the registry's habits say, so most but not all of it
	// comes back.
	floor, personFloor := 99.5, 98.0
	if format == FormatHTML {
		floor = 100
	}
	if pct := 100 * float64(m.matched) / float64(m.total); pct < floor {
		t.Errorf("%.3f%% of fields read back, want %.1f%% at least", pct, floor)
	}
	if pct := 100 * float64(pm) / float64(pt); pct < personFloor {
		t.Errorf("%.2f%% of persons' fields read back, want %.1f%% at least", pct, personFloor)
	}
	if testing.Verbose() {
		for i, msg := range append(m.mismatches, pmis...) {
			if i < 40 {
				t.Log(msg)
			}
		}
	}
}

// benchmarkParseShape parses the whole registry of 2026-08-17 written in
// a text shape.
func benchmarkParseShape(b *testing.B, format, style string) {
	x := mustParseXML(b, "2026-08-17.xml", shareddata.Read(b, "iana/xml/2026-08-17.xml"))
	data := renderShape(b, format, style, x.document(b))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("bench", data, format, &recorder{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParsePageText(b *testing.B) { benchmarkParseShape(b, FormatPageText, "") }
func BenchmarkParseMarkdown(b *testing.B) { benchmarkParseShape(b, FormatMarkdown, "") }
func BenchmarkParseHTML(b *testing.B)     { benchmarkParseShape(b, FormatHTML, "") }
