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
		checkFuzzAccepted(t, r)
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
		checkFuzzAccepted(t, r)
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

// checkFuzzAccepted checks a document a parser accepted: one header, and
// every record, person and rejected line placed in the input.
func checkFuzzAccepted(t *testing.T, r *recorder) {
	t.Helper()
	if len(r.headers) != 1 {
		t.Fatalf("accepted with %d headers", len(r.headers))
	}
	for _, rj := range r.rejects {
		if rj.Line < 1 {
			t.Fatalf("reject %+v has no line", rj)
		}
	}
	for _, rec := range r.records {
		if rec.Line < 1 || rec.EndLine < rec.Line {
			t.Fatalf("record at lines %d to %d", rec.Line, rec.EndLine)
		}
	}
	for _, p := range r.persons {
		if p.Line < 1 || p.EndLine < p.Line {
			t.Fatalf("person at lines %d to %d", p.Line, p.EndLine)
		}
	}
}

// fuzzTextShape checks what a text shape's parser does with any input:
// it never panics, an error is a *ParseError with a line, rejected lines
// and records carry lines; and what it accepts, written again by the
// format's renderer, reads back as the same records.
func fuzzTextShape(t *testing.T, format string, data []byte) {
	f, _ := LookupFormat(format)
	r := &recorder{}
	_, err := Parse("fuzz", data, format, r)
	checkFuzzWarnings(t, r)
	if err != nil {
		checkFuzzError(t, err)
		return
	}
	checkFuzzAccepted(t, r)
	if format == FormatPageText && bytes.ContainsRune(data, '\t') || slices.ContainsFunc(r.records, func(rec *Record) bool {
		return format == FormatPageText && rec.EndLine > rec.Line
	}) {
		// Page text whose cells tabs separate, or that spans lines where
		// no page would (cells across blank lines), is written again as
		// a browser copies a page: by spaces, one line a record but for
		// descriptions: it reads back otherwise.
		return
	}
	var buf bytes.Buffer
	if err := f.Render(&buf, r.document(t)); err != nil {
		t.Fatal(err)
	}
	back := &recorder{}
	if err := f.Parse("again", buf.Bytes(), back); err != nil {
		t.Fatalf("its own rendering refused: %v\n%s", err, buf.Bytes())
	}
	if len(back.records) != len(r.records) {
		t.Fatalf("rendered again, %d records read back, want %d\n%s", len(back.records), len(r.records), buf.Bytes())
	}
	for i, rec := range r.records {
		a, b := rec.Identity(), back.records[i].Identity()
		if a.Hash() != b.Hash() {
			t.Fatalf("record %d (line %d) rendered again reads\n %q\nwant %q\n%s", i, rec.Line, b.Cells(), a.Cells(), buf.Bytes())
		}
	}
}

// textShapeSeeds renders records of the hand-written fixture in a
// shape, a few at a time (the fuzzer minimizes what it finds
// interesting, which takes long for long inputs), for the fuzzers'
// corpora.
func textShapeSeeds(f *testing.F, format, style string) {
	r := mustParseXML(f, "mini.xml", miniXML(f))
	doc := r.document(f)
	doc.Header.Style = style
	fm, _ := LookupFormat(format)
	for i := 0; i < len(doc.Records); i += 4 {
		part := *doc
		part.Records = doc.Records[i:min(i+4, len(doc.Records))]
		part.Persons = doc.Persons[:min(i/4+1, len(doc.Persons))]
		var buf bytes.Buffer
		if err := fm.Render(&buf, &part); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
}

func FuzzParsePageText(f *testing.F) {
	textShapeSeeds(f, FormatPageText, "")
	head := strings.Join(Columns, " ") + "\n"
	for _, s := range []string{
		head,
		head + "echo 7 tcp Echo [Jon_Postel] [Jon_Postel] 2001-01-01 [RFC862]\n",
		head + "x 1 tcp a\n\nb c\n[P] [P]\ny 2 udp\n",
		head + "803-809 Unassigned\nfoo Bar [Baz] 2001-02 2003-04-05 [RFC1][1] 1145656131 Known Unauthorized Use on port 1 This entry is an alias to \"x\".\n",
		head + "\t\techo\t7\n[a [b] c]\n",
		head + "\nContact Information\n\nID Name Organization Contact URI Last Updated\n[A_B] A B Org mailto:a&b.c\nmailto:x&y.z\n2001-01-01\n[x\n",
		"Last Updated\n2020-01-01\n" + head + "\nFootnote\n[1] a\nb\n[z] c\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTextShape(t, FormatPageText, data) })
}

func FuzzParseMarkdown(f *testing.F) {
	textShapeSeeds(f, FormatMarkdown, "")
	textShapeSeeds(f, FormatMarkdown, "no-leading-pipe")
	head := "| " + strings.Join(Columns, " | ") + " |\n|---|---|\n"
	for _, s := range []string{
		head,
		head + "| echo | 7 | tcp | Echo | [Jon_Postel] | [Jon_Postel] | ||||||\n",
		head + "| x | 1 | tcp | a \\| b |\n            [P] | [P] | 2001-01-01 | ||||\n",
		strings.Join(Columns, " | ") + " |\n---|---|\na | 1 | b |\n\nContact Information\nID | Name | Contact URI | Last Updated |\n---|---|---|---|\n[A] | A | mailto:aµb.c | |\n[B] | x\n",
		head + "| | | |\n|\\\\|\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTextShape(t, FormatMarkdown, data) })
}

func FuzzParseHTML(f *testing.F) {
	textShapeSeeds(f, FormatHTML, "")
	head := "<html><table><tr><th>" + strings.Join(Columns, "</th><th>") + "</th></tr>"
	for _, s := range []string{
		head + "</table></html>",
		head + "<tr><td>echo</td><td>7</td><td>tcp</td><td>a<br>b</td><td>[<a>X</a>]</td><td></td><td></td><td></td><td>[RFC1]</td><td></td><td></td><td>n</td></tr></table>",
		head + "<tr><td>1</td></tr><tr><td>" + strings.Repeat("</td><td>", 11) + "</td></tr>",
		"<html><dl><dt>Last Updated</dt><dd>2015-03-16</dd></dl>" + head + "</table><table><tr><th>ID</th><th>Name</th></tr><tr><td>[A]</td><td>a</td></tr><tr><td>x y</td></tr></table>",
		"<html><table><tr><td>",
		"<!DOCTYPE html><html><p>no table</p></html>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTextShape(t, FormatHTML, data) })
}
