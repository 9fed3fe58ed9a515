package normalize

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

func TestValidDate(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2026-08-17", true},
		{"2024-02-29", true},
		{"2025-02-29", false},
		{"2026-13-45", false},
		{"2026-00-10", false},
		{"not-a-date", false},
		{"2026-8-17", false},
		{"2026-08-17 ", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidDate(tt.in); got != tt.want {
			t.Errorf("ValidDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// render writes one record in a text shape, dated date.
func render(t *testing.T, format, date string) string {
	t.Helper()
	f, ok := LookupFormat(format)
	if !ok || f.Render == nil {
		t.Fatalf("no renderer for %s", format)
	}
	doc := &Document{
		Header: Header{Date: date, Format: format},
		Records: []*Record{{
			Name: "echo", Port: Ports{Low: 7, High: 7, Valid: true}, Protocol: "tcp", Description: "Echo",
			People: []PersonRef{{Role: RoleContact, ID: "Jon_Postel"}}, Registered: "2020-01-01",
		}},
	}
	var buf bytes.Buffer
	if err := f.Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// Whatever the shape, a snapshot is dated by a calendar date where it is
// dated at all, holds a record, and stays within the limits.
func TestParseRefusesWhatNoSnapshotIs(t *testing.T) {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write([]byte(xmlDoc("")))
	zw.Write(make([]byte, MaxInput))
	zw.Close()

	type test struct {
		name     string
		in       string
		want     error
		line     int // 0: any
		contains string
	}
	var tests []test
	for _, format := range []string{FormatPageText, FormatMarkdown, FormatHTML} {
		good := render(t, format, "2026-08-17")
		lines := strings.Split(good, "\n")
		dateLine := 0
		for i, l := range lines {
			if strings.Contains(l, "2026-08-17") {
				dateLine = i + 1
				break
			}
		}
		tests = append(tests,
			test{name: format + " dated 2026-13-45", in: strings.Replace(good, "2026-08-17", "2026-13-45", 1), want: ErrField, line: dateLine, contains: "2026-13-45"},
			test{name: format + " cell too large", in: strings.Replace(good, "Echo", strings.Repeat("Echo ", MaxField/5+1), 1), want: ErrTooLarge},
		)
	}
	tests = append(tests,
		test{name: "xml gzip bomb", in: bomb.String(), want: ErrTooLarge, contains: "64 MiB"},
		test{name: "xml without records", in: xmlDoc(""), want: ErrEmpty, line: 4, contains: "at least one record"},
		test{name: "page text line too large", in: strings.Replace(render(t, FormatPageText, "2026-08-17"), "Echo", strings.Repeat("x", MaxField+1), 1), want: ErrTooLarge, contains: "lines of at most 2.0 MiB"},
	)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{}
			_, err := Parse("in", []byte(tt.in), "auto", r)
			if err == nil {
				t.Fatalf("Parse accepted it (%d records)", len(r.records))
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q does not wrap %q", err, tt.want)
			}
			pe := asParseError(t, err)
			if tt.line != 0 && pe.Line != tt.line {
				t.Errorf("error %q at line %d, want %d", err, pe.Line, tt.line)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not mention %q", err, tt.contains)
			}
			if len(err.Error()) > 400 {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
		})
	}
}

// Comments and processing instructions say something: inside a record or
// a person they are kept verbatim, in a description in its markup, and
// every one is reported.
func TestParseXMLKeepsCommentsAndInstructions(t *testing.T) {
	doc := xmlDoc(`  <record>
    <name>echo</name>
    <!-- assigned by phone -->
    <description>Echo<?render bold?></description>
    <number>7</number>
  </record>
  <people>
    <person id="Jon_Postel"><name>Jon<!--x-->Postel</name><!-- retired --></person>
  </people>
`)
	r, err := parseXMLString(t, "test.xml", doc)
	if err != nil {
		t.Fatal(err)
	}
	rec := r.record(t, "echo")
	if len(rec.Extras) != 1 || rec.Extras[0] != (Raw{Name: "#comment", Text: "<!-- assigned by phone -->", Line: 6}) {
		t.Errorf("record extras = %+v, want the comment of line 6", rec.Extras)
	}
	if rec.Description != "Echo" || rec.DescriptionXML != "Echo<?render bold?>" {
		t.Errorf("description = %q, markup %q: want Echo, its markup with the instruction", rec.Description, rec.DescriptionXML)
	}
	p := r.persons[0]
	if len(p.Extras) != 1 || p.Extras[0].Text != "<!-- retired -->" {
		t.Errorf("person extras = %+v, want the comment", p.Extras)
	}
	var lines []int
	for _, w := range r.warnings {
		lines = append(lines, w.Line)
	}
	if want := []int{6, 7, 11, 11}; !equalInts(lines, want) {
		t.Errorf("warnings on lines %v (%v), want %v", lines, r.warnings, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
