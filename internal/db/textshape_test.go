package db

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// An excerpt is an observation of part of the registry: a seed dated
// after the newest XML does not make the registry view one seed long.
func TestExcerptsNeverBecomeTheRegistry(t *testing.T) {
	d := openTemp(t)
	x := mustImport(t, d, shareddata.Read(t, "iana/xml/2025-09-29.xml"), "2025-09-29.xml")
	seed := mustImport(t, d, shareddata.Read(t, "seeds/002_55200195d673dac1.txt"), "002.txt")
	if seed.Kind != normalize.KindExcerpt || seed.Date != "2025-10-30" {
		t.Fatalf("seed 002: %+v, want an excerpt of 2025-10-30", seed)
	}
	if n := count(t, d, "SELECT count(*) FROM registry"); n != 14491 {
		t.Errorf("registry has %d rows, want the XML's 14491", n)
	}
	s, err := d.FindSnapshot(context.Background(), "")
	if err != nil || s.ID != x.SnapshotID {
		t.Errorf("the newest snapshot is %+v (%v), want the XML's %d", s, err, x.SnapshotID)
	}
	// Only where the database holds no complete snapshot is an excerpt
	// the newest.
	e := openTemp(t)
	mustImport(t, e, shareddata.Read(t, "seeds/000_bd4275f5e557dc24.txt"), "000.txt")
	later := mustImport(t, e, shareddata.Read(t, "seeds/002_55200195d673dac1.txt"), "002.txt")
	if n := count(t, e, "SELECT count(*) FROM registry"); n != later.Records {
		t.Errorf("with excerpts only, registry has %d rows, want the newest excerpt's %d", n, later.Records)
	}
}

// A person's details come from the most faithful source: the XML's
// survive seed 004's browser-damaged copy, in either import order, and a
// copy alone gets its certain repair, with what it said kept.
func TestContactDetailsFromTheMostFaithfulSource(t *testing.T) {
	xml := shareddata.Read(t, "iana/xml/2025-10-22.xml")
	seed := shareddata.Read(t, "seeds/004_854be55ba5137fc7.txt")
	const q = `SELECT coalesce(c.name, '') || '|' || u.uri || '|' || coalesce(u.raw, '') || '|' || s.format
		FROM contacts c JOIN contact_uris u ON u.contact_id = c.id JOIN snapshots s ON s.id = c.described_by
		WHERE c.id = 'Edward_Reus'`
	for _, order := range [][]string{{"xml", "seed"}, {"seed", "xml"}} {
		t.Run(fmt.Sprint(order), func(t *testing.T) {
			d := openTemp(t)
			for _, what := range order {
				if what == "xml" {
					mustImport(t, d, xml, "2025-10-22.xml")
				} else {
					mustImport(t, d, seed, "004.txt")
				}
			}
			var got string
			if err := d.QueryRow(q).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if want := "Edward Reus|mailto:edwardr&microsoft.com||xml"; got != want {
				t.Errorf("Edward_Reus = %q, want %q", got, want)
			}
		})
	}
	d := openTemp(t)
	mustImport(t, d, seed, "004.txt")
	var got string
	if err := d.QueryRow(q).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "Edward Reus|mailto:edwardr&microsoft.com|mailto:edwardrµsoft.com|markdown"; got != want {
		t.Errorf("from the copy alone, Edward_Reus = %q, want %q", got, want)
	}
}

// What a copy's text cannot decide, a complete snapshot in the database
// settles: the whole registry of 2026-08-17 written in each text shape by
// the package's renderers, imported after the XML it was written from,
// adds no record, and every ambiguity is settled by the XML.
func TestCopiesSettledByCompleteSnapshot(t *testing.T) {
	data := shareddata.Read(t, "iana/xml/2026-08-17.xml")
	doc, _, _, err := normalize.ReadDocument("2026-08-17.xml", data, "xml")
	if err != nil {
		t.Fatal(err)
	}
	d := openTemp(t)
	x := mustImport(t, d, data, "2026-08-17.xml")
	for _, shape := range []struct{ format, style string }{
		{normalize.FormatPageText, ""},
		{normalize.FormatMarkdown, ""},
		{normalize.FormatMarkdown, "no-leading-pipe"},
		{normalize.FormatHTML, ""},
	} {
		t.Run(shape.format+shape.style, func(t *testing.T) {
			f, _ := normalize.LookupFormat(shape.format)
			rendered := *doc
			rendered.Header.Style = shape.style
			var buf bytes.Buffer
			if err := f.Render(&buf, &rendered); err != nil {
				t.Fatal(err)
			}
			res := mustImport(t, d, buf.Bytes(), "2026-08-17-"+shape.format+shape.style+".txt")
			if res.Records != x.Records || res.NewRecords != 0 || res.Lines.Rejected != 0 {
				t.Errorf("%d records, %d new, %d lines rejected; want %d, 0 new, none rejected",
					res.Records, res.NewRecords, res.Lines.Rejected, x.Records)
			}
			if res.Resolved != res.Ambiguous {
				t.Errorf("%d of %d ambiguous readings settled", res.Resolved, res.Ambiguous)
			}
			diff := count(t, d, `SELECT count(*) FROM snapshot_ports a JOIN snapshot_ports b USING (position)
				WHERE a.snapshot_id = ? AND b.snapshot_id = ? AND a.port_id <> b.port_id`, x.SnapshotID, res.SnapshotID)
			if diff != 0 {
				t.Errorf("%d positions hold another record than the XML's", diff)
			}
			if n := count(t, d, "SELECT count(*) FROM registry"); n != x.Records {
				t.Errorf("registry has %d rows, want the XML's %d", n, x.Records)
			}
		})
	}
}

// Every line of a text snapshot is accounted for, and the real files of
// each shape import without a rejected line.
func TestTextShapesImport(t *testing.T) {
	for _, c := range []struct {
		rel               string
		format, kind      string
		records, contacts int
	}{
		{"seeds/000_bd4275f5e557dc24.txt", "page-text", "excerpt", 101, 21},
		{"seeds/001_6d2227183440e8f2.txt", "page-text", "excerpt", 101, 43},
		{"seeds/002_55200195d673dac1.txt", "markdown", "excerpt", 101, 48},
		{"seeds/003_df3b8ab6f4bdc6eb.txt", "markdown", "excerpt", 53, 21},
		{"seeds/004_854be55ba5137fc7.txt", "markdown", "excerpt", 12, 5},
		{"iana/html/2015-03-16-page1.xhtml", "html", "excerpt", 100, 11},
		// FORMATS.md counts 13,312 lines whose first 38 characters are
		// not blank; six of them are two service names with spaces
		// wrapped over lines of their own ("Apple Remote Desktop (Net
		// Assistant)" for tcp and udp, "Escale (Newton Dock)" likewise),
		// as the XML of 2017 shows: 13,306 records.
		{"iana/txt/2013-06-26.txt", "fixed-width", "complete", 13306, 4736},
	} {
		t.Run(c.rel, func(t *testing.T) {
			d := openTemp(t)
			res := mustImport(t, d, shareddata.Read(t, c.rel), c.rel)
			if res.Format != c.format || res.Kind != c.kind || res.Records != c.records || res.Contacts != c.contacts {
				t.Errorf("%s %s, %d records, %d contacts; want %s %s, %d, %d",
					res.Format, res.Kind, res.Records, res.Contacts, c.format, c.kind, c.records, c.contacts)
			}
			l := res.Lines
			if l.Rejected != 0 || l.Records+l.Contacts+l.Boilerplate != l.Total || l.Boilerplate < 0 {
				t.Errorf("lines %+v do not add up, or some were rejected", l)
			}
			if n := count(t, d, "SELECT count(*) FROM rejects"); n != 0 {
				t.Errorf("%d rejects stored", n)
			}
			if n := count(t, d, "SELECT count(*) FROM ambiguities"); n != res.Ambiguous {
				t.Errorf("%d ambiguities stored, the summary says %d", n, res.Ambiguous)
			}
		})
	}
}

// A line a text shape cannot read is kept, with its number and why, and
// the rest of the snapshot is imported.
func TestRejectedLinesKept(t *testing.T) {
	doc := "Service Name and Transport Protocol Port Number Registry\n\nLast Updated\n2026-01-15\n\n" +
		"Service Name Port Number Transport Protocol Description Assignee Contact Registration Date Modification Date Reference Service Code Unauthorized Use Reported Assignment Notes\n" +
		"echo 7 tcp Echo [Jon_Postel] [Jon_Postel]\n" +
		"### a stray line that is no record ###\n" +
		"discard 9 tcp Discard [Jon_Postel] [Jon_Postel]\n"
	d := openTemp(t)
	res := mustImport(t, d, []byte(doc), "copy.txt")
	if res.Records != 2 || res.Lines.Rejected != 1 {
		t.Fatalf("%d records, %d lines rejected; want 2 and 1", res.Records, res.Lines.Rejected)
	}
	var line int
	var text, reason string
	if err := d.QueryRow("SELECT line, text, reason FROM rejects").Scan(&line, &text, &reason); err != nil {
		t.Fatal(err)
	}
	if line != 8 || text != "### a stray line that is no record ###" || reason == "" {
		t.Errorf("reject = %d %q %q", line, text, reason)
	}
}
