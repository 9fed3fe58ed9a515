package normalize

import (
	"bytes"
	"path"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/shareddata"
)

// The official files parse cleanly: no error, no warning, and the XML's
// date is the one in its name.
func TestRealFilesParseWithoutWarnings(t *testing.T) {
	for _, rel := range []string{
		"iana/xml/2024-04-30.xml",
		"iana/xml/2025-03-28.xml",
		"iana/xml/2025-04-07.xml",
		"iana/xml/2025-09-29.xml",
		"iana/xml/2025-10-22.xml",
		"iana/xml/2025-10-30.xml",
		"iana/xml/2026-05-29.xml",
		"iana/xml/2026-08-17.xml",
		"iana/csv/2024-04-30.csv",
		"iana/csv/2025-04-07.csv",
	} {
		t.Run(path.Base(rel), func(t *testing.T) {
			data := shareddata.Read(t, rel)
			r := &recorder{}
			f, err := Parse(rel, data, "auto", r)
			format := f.Name
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.TrimPrefix(path.Ext(rel), "."); format != want {
				t.Errorf("format %q, want %q", format, want)
			}
			for _, w := range r.warnings {
				t.Errorf("warning: %v", w)
			}
			h := r.header(t)
			if format == FormatXML {
				if want := strings.TrimSuffix(path.Base(rel), ".xml"); h.Date != want {
					t.Errorf("header date %q, want %q", h.Date, want)
				}
			}
			if len(r.records) < 14000 {
				t.Errorf("only %d records", len(r.records))
			}
		})
	}
}

// The counts FORMATS.md gives for the newest snapshot.
func TestRealXMLCounts(t *testing.T) {
	r := mustParseXML(t, "2026-08-17.xml", shareddata.Read(t, "iana/xml/2026-08-17.xml"))
	var noName, noPort, ranges, multiPort int
	protocols := map[string]int{}
	for _, rec := range r.records {
		if rec.Name == "" {
			noName++
		}
		if !rec.Port.Valid {
			noPort++
		}
		// FORMATS.md's 766 ranges are the <number>s written as ranges,
		// 4748-4748 included; 760 of them span more than one port.
		if rec.Port.Range {
			ranges++
		}
		if rec.Port.Low != rec.Port.High {
			multiPort++
		}
		protocols[rec.Protocol]++
	}
	tests := []struct {
		name      string
		got, want int
	}{
		{"records", len(r.records), 14533},
		{"persons", len(r.persons), 5615},
		{"footnotes", len(r.footnotes), 1},
		{"records without name", noName, 1724},
		{"records without port", noPort, 1070},
		{"ranges", ranges, 766},
		{"ranges of more than one port", multiPort, 760},
		{"tcp", protocols["tcp"], 6606},
		{"udp", protocols["udp"], 6356},
		{"sctp", protocols["sctp"], 93},
		{"dccp", protocols["dccp"], 11},
		{"no protocol", protocols[""], 1467},
		{"protocols", len(protocols), 5},
		{"warnings", len(r.warnings), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %d, want %d", tt.got, tt.want)
			}
		})
	}
}

// IANA's CSV is exactly the rendering of its XML by Record.Cells.
func TestRealCSVIsRenderedXML(t *testing.T) {
	x := mustParseXML(t, "2025-04-07.xml", shareddata.Read(t, "iana/xml/2025-04-07.xml"))
	want := shareddata.Read(t, "iana/csv/2025-04-07.csv")
	if got := renderCSV(t, x.records); !bytes.Equal(got, want) {
		t.Errorf("rendering of 2025-04-07.xml differs from IANA's CSV %s", firstDiff(got, want))
	}
}

// Parsing IANA's CSV gives back the cells of the XML's records.
func TestRealCSVMatchesXML(t *testing.T) {
	x := mustParseXML(t, "2025-04-07.xml", shareddata.Read(t, "iana/xml/2025-04-07.xml"))
	c := mustParseCSV(t, "2025-04-07.csv", shareddata.Read(t, "iana/csv/2025-04-07.csv"))
	if h := c.header(t); h.Style != StyleLF || h.Format != FormatCSV || h.Date != "" {
		t.Errorf("header %+v, want style lf, format csv, no date", h)
	}
	if len(c.records) != len(x.records) {
		t.Fatalf("CSV has %d records, XML %d", len(c.records), len(x.records))
	}
	errs := 0
	for i := range x.records {
		xc, cc := x.records[i].Cells(), c.records[i].Cells()
		for j := range Columns {
			if xc[j] != cc[j] && errs < 20 {
				errs++
				t.Errorf("record %d (XML line %d, CSV line %d) %s: XML %q, CSV %q",
					i, x.records[i].Line, c.records[i].Line, Columns[j], xc[j], cc[j])
			}
		}
	}
}

// The older CSV holds the same records as its XML, white space folded.
//
// FORMATS.md says every run of white space in its cells is folded; in
// fact 279 of its cells keep line breaks or double spaces. What differs
// from the current rendering is only where the XML has markup: a <br/>
// with the white space after it renders as one space, and a <paragraph>
// without the eight spaces (179 descriptions and 7 notes). So cells are
// equal once folded, and equal exactly where there is no such markup.
func TestRealOlderCSVMatchesXML(t *testing.T) {
	x := mustParseXML(t, "2024-04-30.xml", shareddata.Read(t, "iana/xml/2024-04-30.xml"))
	c := mustParseCSV(t, "2024-04-30.csv", shareddata.Read(t, "iana/csv/2024-04-30.csv"))
	if h := c.header(t); h.Style != StyleCRLFFolded {
		t.Errorf("style %q, want %q", h.Style, StyleCRLFFolded)
	}
	if len(c.records) != len(x.records) {
		t.Fatalf("CSV has %d records, XML %d", len(c.records), len(x.records))
	}
	errs, folded := 0, 0
	for i, xr := range x.records {
		markup := map[int]string{3: xr.DescriptionXML, 10: xr.UnauthorizedXML, 11: xr.NotesXML}
		xc, cc := xr.Cells(), c.records[i].Cells()
		for j := range Columns {
			if xc[j] == cc[j] {
				continue
			}
			m := markup[j]
			switch {
			case Fold(xc[j]) != Fold(cc[j]):
			case strings.Contains(m, "<br/>") || strings.Contains(m, "<paragraph>"):
				folded++
				continue
			}
			if errs++; errs <= 20 {
				t.Errorf("record %d (XML line %d, CSV line %d) %s: XML %q, CSV %q",
					i, xr.Line, c.records[i].Line, Columns[j], xc[j], cc[j])
			}
		}
	}
	if folded != 186 {
		t.Errorf("%d cells differ only by the folding of <br/> and <paragraph>, want 186", folded)
	}
}
