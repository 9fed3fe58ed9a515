package normalize

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkFuzzError checks that a parser's error is a *ParseError with a line.
func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %q (%T) is not a *ParseError", err, err)
	}
	if pe.Line < 1 {
		t.Fatalf("error %q has line %d", err, pe.Line)
	}
}

func checkFuzzWarnings(t *testing.T, r *recorder) {
	t.Helper()
	for _, w := range r.warnings {
		if w.Line < 1 {
			t.Errorf("warning %q has line %d", w, w.Line)
		}
	}
}

func FuzzParseXML(f *testing.F) {
	f.Add(miniXML(f))
	for _, s := range []string{
		"",
		"<registry/>",
		xmlDoc(""),
		xmlDoc(xmlRecord),
		xmlDoc(xmlRecord)[:100],
		xmlDoc("  <record color=\"red\"><name>x</name><size>3</size><xref type=\"rfc\" data=\"rfc1\" page=\"2\"/></record>\n"),
		xmlDoc("  <record><number>70000</number></record>\n"),
		xmlDoc("  <record><name>a&#13;\nb</name><description>x<br/> \n  y<paragraph>z</paragraph></description></record>\n"),
		xmlDoc("  <record><assignee><xref type=\"person\" data=\"A\"/>text</assignee><xref type=\"person\" data=\"B]\"/></record>\n"),
		xmlDoc("  <record><note><xref type=\"note\" data=\"1\">x</xref><unknown>y</unknown></note></record>\n  <footnote anchor=\"1\">f</footnote>\n"),
		xmlDoc("  <people><person id=\"A\"><name>A</name><uri>u</uri><extra/></person><other/></people>\n"),
		"<?xml version='1.0' encoding='ISO-8859-1'?><registry/>",
		"<html><body/></html>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &recorder{}
		err := ParseXML("fuzz.xml", bytes.NewReader(data), r)
		checkFuzzWarnings(t, r)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if len(r.headers) != 1 {
			t.Fatalf("accepted with %d headers", len(r.headers))
		}
		// Each record's cells come back from IANA's CSV rendering, where
		// the CSV parser accepts them. Cells that are not UTF-8, or that
		// hold a carriage return (from &#13;; encoding/csv reads "\r\n"
		// in a quoted cell as "\n"), cannot go through CSV unchanged.
		for _, rec := range r.records {
			cells := rec.Cells()
			if slices.ContainsFunc(cells, func(c string) bool {
				return !utf8.ValidString(c) || strings.Contains(c, "\r")
			}) {
				continue
			}
			doc := renderCSV(t, []*Record{rec})
			back := &recorder{}
			if err := ParseCSV("fuzz.csv", bytes.NewReader(doc), back); err != nil {
				checkFuzzError(t, err)
				continue
			}
			if len(back.records) != 1 {
				t.Fatalf("CSV rendering of one record %q gave %d records", cells, len(back.records))
			}
			if got := back.records[0].Cells(); !slices.Equal(got, cells) {
				t.Fatalf("CSV round trip of XML record at line %d:\n got %q\nwant %q", rec.Line, got, cells)
			}
		}
	})
}

func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{
		"",
		"\ufeff",
		csvHeader,
		csvHeader + "\n",
		csvHeader + "\n" + echoRow + "\n",
		csvHeader + "\r\n" + echoRow + "\r\n,803-809,tcp,Unassigned,,,,,,,,\r\n",
		csvHeader + "\n" + `radsec,2083,udp,Secure,[IESG],[IETF_Chair][X],2005-05,,"[RFC8765, Section 6.1][1][see [x] too]",,,"a` + "\n" + `b"` + "\n",
		csvHeader + "\n" + `,4748-4748,,"x ""y""",,,,,[https://x][n/a][draft-x-01][RFC-ietf-a],,,` + "\n",
		csvHeader + "\n" + "echo,70000,tcp,,,,,,,,,\n",
		csvHeader + "\n" + "echo,7,tcp,,,,,,,,\n",
		csvHeader + "\n" + "echo,7,tcp,\"Echo\n",
		csvHeader + "\n" + "echo,7,tcp,\"a\rb\",,,,,,,,\n",
		"Service,Port\n",
		"Service Name,Port Number\nx,1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &recorder{}
		err := ParseCSV("fuzz.csv", bytes.NewReader(data), r)
		checkFuzzWarnings(t, r)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if len(r.headers) != 1 {
			t.Fatalf("accepted with %d headers", len(r.headers))
		}
		// What ParseCSV accepts, rendered again, parses to the same cells.
		doc := renderCSV(t, r.records)
		back := &recorder{}
		if err := ParseCSV("again.csv", bytes.NewReader(doc), back); err != nil {
			t.Fatalf("re-rendered CSV rejected: %v\n%q", err, doc)
		}
		if len(back.records) != len(r.records) {
			t.Fatalf("re-rendered CSV has %d records, want %d", len(back.records), len(r.records))
		}
		for i, rec := range r.records {
			if got, want := back.records[i].Cells(), rec.Cells(); !slices.Equal(got, want) {
				t.Fatalf("record %d (line %d) round trip:\n got %q\nwant %q", i, rec.Line, got, want)
			}
		}
	})
}
