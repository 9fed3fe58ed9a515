package normalize

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestParseXMLMini(t *testing.T) {
	r := mustParseXML(t, "mini.xml", miniXML(t))

	t.Run("header", func(t *testing.T) {
		h := r.header(t)
		if h.Date != "2026-01-15" || h.Format != FormatXML || h.Kind != KindComplete {
			t.Errorf("header = %+v, want date 2026-01-15, format xml, kind complete", h)
		}
		var names []string
		for _, e := range h.Extras {
			names = append(names, e.Name)
		}
		if want := []string{"@id", "title", "category", "xref", "expert", "note"}; !slices.Equal(names, want) {
			t.Errorf("header extras %q, want %q", names, want)
		}
	})

	t.Run("counts", func(t *testing.T) {
		if len(r.records) != 11 {
			t.Errorf("got %d records, want 11", len(r.records))
		}
		if len(r.persons) != 5 {
			t.Errorf("got %d persons, want 5", len(r.persons))
		}
		if len(r.footnotes) != 1 {
			t.Errorf("got %d footnotes, want 1", len(r.footnotes))
		}
		for _, w := range r.warnings {
			t.Errorf("unexpected warning: %v", w)
		}
	})

	// Every record as IANA's CSV renders it.
	t.Run("cells", func(t *testing.T) {
		want := [][]string{
			{"", "0", "tcp", "Reserved", "", "", "", "2024-12-20", "[RFC6335]", "", "", ""},
			{"tcpmux", "1", "tcp", "TCP Port Service Multiplexer", "[Mark_Lottor]", "[Mark_Lottor]", "", "", "", "", "", ""},
			{"whoispp", "63", "tcp", "whois++\nIANA assigned this well-formed service name as a replacement for \"whois++\".", "[Rickard_Schoultz]", "[Rickard_Schoultz]", "", "", "", "", "", ""},
			{"whois++", "63", "tcp", "whois++", "[Rickard_Schoultz]", "[Rickard_Schoultz]", "", "", "", "", "", "This entry is an alias to \"whoispp\".\nThis entry is now historic, not usable for use with many\ncommon service discovery mechanisms."},
			{"radsec", "2083", "udp", "Secure Radius Service", "[IESG]", "[IETF_Chair]", "2005-05", "2014-07-14", "[RFC7360]", "", "", "The UDP port 2083 was already previously assigned by IANA for \"RadSec\", an early implementation of RADIUS/TLS, prior to issuance of this RFC."},
			{"", "803-809", "tcp", "Unassigned", "", "", "", "", "", "", "", ""},
			{"", "4748-4748", "", "Unassigned", "", "", "", "", "", "", "", ""},
			{"exp1", "1021", "udp", "RFC3692-style Experiment 1", "", "", "2009-06-15", "", "[RFC4727][1][ISO/IEC 13818-6 MPEG-2 DSM-CC][Spec, Section 2][draft-example-port-01]", "", "", ""},
			{"wot", "", "tcp", "W3C WoT Thing Description or Directory", "[W3C_Web_of_Things_Working_Group]", "[Kazuyuki_Ashimura]", "2022-11-22", "2022-12-15", "", "", "", "Defined TXT keys:\n              td: Absolute pathname of the Thing Description, see [RFC7595]."},
			{"soda", "", "tcp", "Secure On Device API | with a pipe", "[Smith_Micro_Software_Inc][David_Sperling_2]", "[Smith_Micro_Software_Inc][David_Sperling_2]", "2011-10-10", "", "", "1145656131", "Unauthorized use by some mail users (see [RFC4146] for details)", ""},
			{"noport", "", "", "A service name with no port", "[Jon_Postel]", "[Jon_Postel]", "", "", "", "", "", ""},
		}
		if len(r.records) != len(want) {
			t.Fatalf("got %d records, want %d", len(r.records), len(want))
		}
		for i, rec := range r.records {
			got := rec.Cells()
			for j := range Columns {
				if got[j] != want[i][j] {
					t.Errorf("record %d (line %d) %s: got %q, want %q", i, rec.Line, Columns[j], got[j], want[i][j])
				}
			}
		}
	})

	t.Run("record lines", func(t *testing.T) {
		var got []int
		for _, rec := range r.records {
			got = append(got, rec.Line)
		}
		if want := []int{9, 15, 22, 30, 40, 54, 59, 63, 74, 87, 96}; !slices.Equal(got, want) {
			t.Errorf("record lines %v, want %v", got, want)
		}
	})

	t.Run("people roles", func(t *testing.T) {
		tests := []struct {
			name string
			want []PersonRef
		}{
			{"radsec", []PersonRef{ // <assignee> present: nothing implied
				{Role: RoleAssignee, ID: "IESG"},
				{Role: RoleContact, ID: "IETF_Chair"},
			}},
			{"tcpmux", []PersonRef{ // bare xref only: contact, and the implied assignee
				{Role: RoleContact, ID: "Mark_Lottor"},
				{Role: RoleAssignee, ID: "Mark_Lottor", Implied: true},
			}},
			{"soda", []PersonRef{ // document order within each role
				{Role: RoleContact, ID: "Smith_Micro_Software_Inc"},
				{Role: RoleContact, ID: "David_Sperling_2"},
				{Role: RoleAssignee, ID: "Smith_Micro_Software_Inc", Implied: true},
				{Role: RoleAssignee, ID: "David_Sperling_2", Implied: true},
			}},
			{"exp1", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := r.record(t, tt.name).People; !reflect.DeepEqual(got, tt.want) {
					t.Errorf("People = %+v, want %+v", got, tt.want)
				}
			})
		}
	})

	t.Run("mixed content", func(t *testing.T) {
		tests := []struct {
			name, field       string
			get               func(*Record) (text, markup string)
			wantText, wantXML string
		}{
			{
				name: "whoispp", field: "description",
				get:      func(r *Record) (string, string) { return r.Description, r.DescriptionXML },
				wantText: "whois++\nIANA assigned this well-formed service name as a replacement for \"whois++\".",
				wantXML:  "whois++<br/><br/>\nIANA assigned this well-formed service name as a replacement for \"whois++\".",
			},
			{
				name: "whois++", field: "description",
				get:      func(r *Record) (string, string) { return r.Description, r.DescriptionXML },
				wantText: "whois++",
			},
			{
				name: "whois++", field: "note (line breaks kept)",
				get:      func(r *Record) (string, string) { return r.Notes, r.NotesXML },
				wantText: "This entry is an alias to \"whoispp\".\nThis entry is now historic, not usable for use with many\ncommon service discovery mechanisms.",
			},
			{
				name: "radsec", field: "note (folded)",
				get:      func(r *Record) (string, string) { return r.Notes, r.NotesXML },
				wantText: "The UDP port 2083 was already previously assigned by IANA for \"RadSec\", an early implementation of RADIUS/TLS, prior to issuance of this RFC.",
				wantXML:  "The UDP port 2083 was already previously assigned by IANA for \n      \"RadSec\", an early implementation of RADIUS/TLS, prior to issuance of this \n      RFC.",
			},
			{
				name: "wot", field: "note (paragraphs)",
				get:      func(r *Record) (string, string) { return r.Notes, r.NotesXML },
				wantText: "Defined TXT keys:\n" + strings.Repeat(" ", 6+8) + "td: Absolute pathname of the Thing Description, see [RFC7595].",
				wantXML:  "\n      <paragraph>Defined TXT keys:</paragraph>\n      <paragraph>td: Absolute pathname of the Thing Description, see <xref type=\"rfc\" data=\"rfc7595\"/>.</paragraph>\n    ",
			},
			{
				name: "wot", field: "description",
				get:      func(r *Record) (string, string) { return r.Description, r.DescriptionXML },
				wantText: "W3C WoT Thing Description or Directory",
			},
			{
				name: "soda", field: "unauthorized",
				get:      func(r *Record) (string, string) { return r.Unauthorized, r.UnauthorizedXML },
				wantText: "Unauthorized use by some mail users (see [RFC4146] for details)",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name+" "+tt.field, func(t *testing.T) {
				text, markup := tt.get(r.record(t, tt.name))
				if text != tt.wantText {
					t.Errorf("text = %q, want %q", text, tt.wantText)
				}
				if markup != tt.wantXML {
					t.Errorf("markup = %q, want %q", markup, tt.wantXML)
				}
			})
		}
		// Where the rendering changed nothing, no markup is kept.
		for _, rec := range r.records {
			for _, f := range []struct{ field, text, markup string }{
				{"description", rec.Description, rec.DescriptionXML},
				{"unauthorized", rec.Unauthorized, rec.UnauthorizedXML},
				{"notes", rec.Notes, rec.NotesXML},
			} {
				if f.markup != "" && f.markup == f.text {
					t.Errorf("record line %d %s: markup %q kept though it renders unchanged", rec.Line, f.field, f.markup)
				}
			}
		}
	})

	t.Run("references", func(t *testing.T) {
		want := []Reference{
			{Type: "rfc", Data: "rfc4727", Label: "RFC4727"},
			{Type: "note", Data: "1", Label: "1"},
			{Type: "text", Text: "ISO/IEC 13818-6 MPEG-2 DSM-CC", Label: "ISO/IEC 13818-6 MPEG-2 DSM-CC"},
			{Type: "uri", Data: "https://example.org/spec", Text: "Spec, Section 2", Label: "Spec, Section 2"},
			{Type: "draft", Data: "draft-example-port-01", Label: "draft-example-port-01"},
		}
		if got := r.record(t, "exp1").References; !reflect.DeepEqual(got, want) {
			t.Errorf("References = %+v, want %+v", got, want)
		}
	})

	t.Run("ports", func(t *testing.T) {
		tests := []struct {
			index int
			want  Ports
		}{
			{0, Ports{Low: 0, High: 0, Valid: true}},
			{5, Ports{Low: 803, High: 809, Valid: true, Range: true}},
			{6, Ports{Low: 4748, High: 4748, Valid: true, Range: true}},
			{10, Ports{}},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprint(tt.index), func(t *testing.T) {
				if got := r.records[tt.index].Port; got != tt.want {
					t.Errorf("record %d Port = %+v, want %+v", tt.index, got, tt.want)
				}
			})
		}
	})

	t.Run("footnote", func(t *testing.T) {
		want := Footnote{Line: 101, Anchor: "1", Text: "It is only appropriate to use these values in explicitly-\nconfigured experiments."}
		if got := *r.footnotes[0]; got != want {
			t.Errorf("footnote = %+v, want %+v", got, want)
		}
	})

	t.Run("persons", func(t *testing.T) {
		var ids []string
		for _, p := range r.persons {
			ids = append(ids, p.ID)
		}
		if want := []string{"David_Sperling_2", "IETF_Chair", "Jon_Postel", "Mark_Lottor", "Rickard_Schoultz"}; !slices.Equal(ids, want) {
			t.Fatalf("person ids %q, want %q", ids, want)
		}
		want := Person{
			Line: 108, EndLine: 114, ID: "IETF_Chair", Name: "IETF Chair", Org: "IETF",
			URIs:    []string{"mailto:chair&ietf.org", "https://www.ietf.org/"},
			Updated: "2021-10-01",
		}
		if got := r.persons[1]; !reflect.DeepEqual(*got, want) {
			t.Errorf("IETF_Chair = %+v, want %+v", *got, want)
		}
		// Mojibake is IANA's own: the parser keeps it.
		if got := r.persons[4].Name; got != "G√∂ran Schoultz" {
			t.Errorf("Rickard_Schoultz name = %q", got)
		}
	})
}

// xmlDoc wraps records in a registry: line 1 is the declaration, line 2
// the root, line 3 <updated>, and the records start on line 4.
func xmlDoc(records string) string {
	return `<?xml version='1.0' encoding='UTF-8'?>
<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">
  <updated>2026-01-15</updated>
` + records + "</registry>\n"
}

const xmlRecord = `  <record date="2020-01-01">
    <name>echo</name>
    <protocol>tcp</protocol>
    <number>7</number>
    <description>Echo</description>
    <xref type="person" data="Jon_Postel"/>
  </record>
`

func TestParseXMLErrors(t *testing.T) {
	valid := xmlDoc(xmlRecord + xmlRecord)
	tests := []struct {
		name     string
		in       string
		want     error
		line     int // 0: any line >= 1
		col      int // 0: any column
		contains string
	}{
		{name: "empty", in: "", want: ErrEmpty, line: 1, col: 1},
		{name: "white space", in: " \n\t\n", want: ErrEmpty, line: 1, col: 1},
		{name: "truncated in a record", in: valid[:len(valid)/2], want: ErrTruncated, line: 8, contains: "<registry><record>"},
		{name: "truncated after a record", in: xmlDoc(xmlRecord)[:len(xmlDoc(xmlRecord))-len("</registry>\n")], want: ErrTruncated, contains: "</registry>"},
		{name: "truncated in a tag", in: valid[:strings.LastIndex(valid, "<number>")+4], want: ErrTruncated},
		{name: "wrong root", in: "<?xml version='1.0'?>\n<html><body/></html>\n", want: ErrSyntax, line: 2, col: 1, contains: "registry"},
		{name: "wrong namespace", in: "<registry xmlns=\"urn:other\"></registry>", want: ErrSyntax, line: 1, col: 1},
		{name: "text instead of XML", in: "hello", want: ErrSyntax, line: 1},
		{name: "mismatched end tag", in: xmlDoc("  <record>\n    <name>x</nam>\n  </record>\n"), want: ErrSyntax, line: 5},
		{name: "second root", in: xmlDoc("") + "<registry/>\n", want: ErrSyntax, line: 5, col: 1},
		{name: "bad number", in: xmlDoc("  <record>\n    <name>x</name>\n    <number>70000</number>\n  </record>\n"), want: ErrField, line: 6, col: 5, contains: "70000"},
		{name: "bad range", in: xmlDoc(xmlRecord + "  <record>\n    <number>10-5</number>\n  </record>\n"), want: ErrField, line: 12, col: 5},
		{name: "element inside name", in: xmlDoc("  <record>\n    <name>x<b/></name>\n  </record>\n"), want: ErrSyntax, line: 5},
		{name: "person without id", in: xmlDoc("  <people>\n    <person><name>x</name></person>\n  </people>\n"), want: ErrField, line: 5, col: 5},
		// Another of IANA's registries, in the same schema and namespace.
		{name: "another registry", in: strings.Replace(valid, "service-names-port-numbers", "protocol-numbers", 1), want: ErrHeader, line: 2, col: 1, contains: `"protocol-numbers"`},
		{name: "registry without id", in: strings.Replace(valid, ` id="service-names-port-numbers"`, "", 1), want: ErrHeader, line: 2, col: 1, contains: "found none"},
		{name: "no updated", in: strings.Replace(valid, "  <updated>2026-01-15</updated>\n", "", 1), want: ErrHeader, line: 3, contains: "<updated>"},
		{name: "updated not a date", in: strings.Replace(valid, "2026-01-15", "not-a-date", 1), want: ErrField, line: 3, contains: `"not-a-date"`},
		{name: "updated not a calendar date", in: strings.Replace(valid, "2026-01-15", "2026-13-45", 1), want: ErrField, line: 3, contains: "2026-13-45"},
		{name: "updated on the 30th of February", in: strings.Replace(valid, "2026-01-15", "2026-02-30", 1), want: ErrField, line: 3},
		{name: "surrogate character reference", in: xmlDoc("  <record>\n    <name>x</name>\n    <description>a&#xD800;b</description>\n  </record>\n"), want: ErrSyntax, line: 6, col: 19, contains: "&#xD800;"},
		{name: "control character reference", in: xmlDoc("  <record>\n    <name>x&#1;</name>\n  </record>\n"), want: ErrSyntax, line: 5, contains: "U+0001"},
		{name: "character reference in an attribute", in: xmlDoc("  <record date=\"&#xFFFE;\">\n    <name>x</name>\n  </record>\n"), want: ErrSyntax, line: 4, contains: "U+FFFE"},
		{name: "nested too deep", in: xmlDoc("  <record>\n" + strings.Repeat("<x>", 100000) + strings.Repeat("</x>", 100000) + "\n  </record>\n"), want: ErrTooLarge, line: 5, contains: "32 deep"},
		{name: "unclosed and deep", in: xmlDoc("")[:len(xmlDoc(""))-len("</registry>\n")] + strings.Repeat("<a>", 1000000), want: ErrTooLarge, line: 4},
		{name: "text too large", in: xmlDoc("  <record>\n    <name>x</name>\n    <description>" + strings.Repeat("é", MaxField) + "</description>\n  </record>\n"), want: ErrTooLarge, line: 6, contains: "<description>"},
		{name: "attribute too large", in: xmlDoc("  <record date=\"" + strings.Repeat("1", MaxField+1) + "\">\n  </record>\n"), want: ErrTooLarge, line: 4},
		{name: "long element name", in: xmlDoc("  <record>\n    <name>x</" + strings.Repeat("n", 100000) + ">\n  </record>\n"), want: ErrSyntax, line: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseXMLString(t, "test.xml", tt.in)
			if err == nil {
				t.Fatalf("ParseXML accepted it (%d records)", len(r.records))
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q does not wrap %q", err, tt.want)
			}
			pe := asParseError(t, err)
			checkParseError(t, pe, "test.xml", tt.line, tt.col)
			// An error is one line of a terminal's width or so, whatever
			// the input holds.
			if msg := err.Error(); len(msg) > 400 || strings.Contains(msg, "\n") {
				t.Errorf("error of %d bytes over a line: %.400q", len(msg), msg)
			}
			if tt.contains != "" && !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not mention %q", err, tt.contains)
			}
		})
	}
}

var errorForm = regexp.MustCompile(`^([^:]+):([0-9]+):([0-9]+): .`)

// checkParseError checks pe's file and position (line 0: any line >= 1;
// col 0: any column) and that its message has the form name:line:col: ...
func checkParseError(t *testing.T, pe *ParseError, file string, line, col int) {
	t.Helper()
	if pe.File != file {
		t.Errorf("File = %q, want %q", pe.File, file)
	}
	if pe.Line < 1 || line > 0 && pe.Line != line {
		t.Errorf("Line = %d, want %d (error %q)", pe.Line, line, pe)
	}
	if col > 0 && pe.Column != col {
		t.Errorf("Column = %d, want %d (error %q)", pe.Column, col, pe)
	}
	if pe.Column > 0 {
		m := errorForm.FindStringSubmatch(pe.Error())
		if m == nil || m[1] != file || m[2] != fmt.Sprint(pe.Line) || m[3] != fmt.Sprint(pe.Column) {
			t.Errorf("error %q is not of the form %s:%d:%d: ...", pe, file, pe.Line, pe.Column)
		}
	}
}

func TestParseErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *ParseError
		want string
	}{
		{"full", &ParseError{File: "a.xml", Line: 3, Column: 7, Err: ErrSyntax}, "a.xml:3:7: syntax error"},
		{"no column", &ParseError{File: "a.xml", Line: 3, Err: ErrSyntax}, "a.xml:3: syntax error"},
		{"no position", &ParseError{File: "a.xml", Err: ErrSyntax}, "a.xml: syntax error"},
		{"no file", &ParseError{Line: 1, Column: 2, Err: ErrEmpty}, "<input>:1:2: empty input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if !errors.Is(tt.err, tt.err.Err) {
				t.Errorf("errors.Is(%v, %v) = false", tt.err, tt.err.Err)
			}
		})
	}
}

// Unknown markup is kept verbatim in Extras and reported, never an error.
func TestParseXMLKeepsUnknown(t *testing.T) {
	tests := []struct {
		name       string
		records    string
		wantExtras []Raw
		warnLines  []int
		warnings   []string // substrings, one per warning
	}{
		{
			name:       "unknown element",
			records:    "  <record>\n    <name>x</name>\n    <color shade=\"dark\">red <b>and</b> blue</color>\n  </record>\n",
			wantExtras: []Raw{{Name: "color", Text: `<color shade="dark">red <b>and</b> blue</color>`, Line: 6}},
			warnLines:  []int{6},
			warnings:   []string{"<color>"},
		},
		{
			name:       "unknown empty element",
			records:    "  <record>\n    <name>x</name>\n    <flag/>\n  </record>\n",
			wantExtras: []Raw{{Name: "flag", Text: "<flag/>", Line: 6}},
			warnLines:  []int{6},
			warnings:   []string{"<flag>"},
		},
		{
			name:       "unknown attribute",
			records:    "  <record date=\"2020-01-01\" color=\"red &amp; blue\">\n    <name>x</name>\n  </record>\n",
			wantExtras: []Raw{{Name: "@color", Text: "red & blue", Line: 4}},
			warnLines:  []int{4},
			warnings:   []string{`"color"`},
		},
		{
			name:       "unknown xref attribute",
			records:    "  <record>\n    <name>x</name>\n    <xref type=\"rfc\" data=\"rfc1\" page=\"2\"/>\n  </record>\n",
			wantExtras: []Raw{{Name: "xref@page", Text: "2", Line: 6}},
			warnLines:  []int{6},
			warnings:   []string{`"page"`},
		},
		{
			name:    "both, in document order",
			records: "  <record color=\"red\">\n    <name>x</name>\n    <size>3</size>\n  </record>\n",
			wantExtras: []Raw{
				{Name: "@color", Text: "red", Line: 4},
				{Name: "size", Text: "<size>3</size>", Line: 6},
			},
			warnLines: []int{4, 6},
			warnings:  []string{`"color"`, "<size>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseXMLString(t, "test.xml", xmlDoc(tt.records))
			if err != nil {
				t.Fatalf("ParseXML: %v", err)
			}
			if len(r.records) != 1 {
				t.Fatalf("got %d records, want 1", len(r.records))
			}
			rec := r.records[0]
			if rec.Name != "x" {
				t.Errorf("Name = %q, want x", rec.Name)
			}
			if !reflect.DeepEqual(rec.Extras, tt.wantExtras) {
				t.Errorf("Extras = %+v, want %+v", rec.Extras, tt.wantExtras)
			}
			if len(r.warnings) != len(tt.warnings) {
				t.Fatalf("got %d warnings %v, want %d", len(r.warnings), r.warnings, len(tt.warnings))
			}
			for i, w := range r.warnings {
				checkParseError(t, w, "test.xml", tt.warnLines[i], 0)
				if !strings.Contains(w.Error(), tt.warnings[i]) {
					t.Errorf("warning %q does not mention %s", w, tt.warnings[i])
				}
			}
		})
	}
}

func TestParseXMLNoNamespace(t *testing.T) {
	r, err := parseXMLString(t, "test.xml", "<registry id=\"service-names-port-numbers\">\n<updated>2026-08-17</updated>\n"+xmlRecord+"</registry>\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.records) != 1 || len(r.warnings) != 1 {
		t.Fatalf("got %d records and warnings %v, want 1 record and 1 warning", len(r.records), r.warnings)
	}
	checkParseError(t, r.warnings[0], "test.xml", 1, 1)
}

// A Handler's error stops the parse and is returned as it is.
func TestParseXMLHandlerError(t *testing.T) {
	stop := errors.New("stop")
	h := &stopAfter{n: 1, err: stop}
	err := ParseXML("test.xml", strings.NewReader(xmlDoc(xmlRecord+xmlRecord+xmlRecord)), h)
	if err != stop {
		t.Fatalf("ParseXML = %v, want the handler's error", err)
	}
	if h.records != 1 {
		t.Errorf("handler saw %d records after its error, want 1", h.records)
	}
}

type stopAfter struct {
	recorder
	n, records int
	err        error
}

func (s *stopAfter) Record(*Record) error {
	s.records++
	if s.records >= s.n {
		return s.err
	}
	return nil
}

// Registry-level elements after the records reach the handler through
// Extra, with a warning, since the Header was delivered before them; a
// late <updated> does not change the date the handler was given.
func TestParseXMLLateRegistryElements(t *testing.T) {
	doc := xmlDoc(xmlRecord + "  <note>late note</note>\n  <updated>2031-01-01</updated>\n")
	h := &headerSnapshot{}
	if err := ParseXML("test.xml", strings.NewReader(doc), h); err != nil {
		t.Fatal(err)
	}
	var late []string
	for _, x := range h.extras {
		late = append(late, x.Text)
	}
	if want := []string{"<note>late note</note>", "<updated>2031-01-01</updated>"}; !slices.Equal(late, want) {
		t.Errorf("late extras = %q, want %q", late, want)
	}
	if len(h.warnings) != 2 {
		t.Errorf("warnings = %v, want one per late element", h.warnings)
	}
	if h.date == "2031-01-01" {
		t.Error("a late <updated> changed the date the handler had been given")
	}
}

// headerSnapshot records the Header's Extras as they are when delivered.
type headerSnapshot struct {
	recorder
	names []string
	date  string
}

func (h *headerSnapshot) Header(hd *Header) error {
	h.date = hd.Date
	for _, e := range hd.Extras {
		h.names = append(h.names, e.Name)
	}
	return nil
}

// Only white space, comments and processing instructions may follow the
// root element.
func TestParseXMLTrailingText(t *testing.T) {
	_, err := parseXMLString(t, "test.xml", xmlDoc(xmlRecord)+"garbage\n")
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("ParseXML = %v, want ErrSyntax", err)
	}
}

// Identities and renditions do not depend on where a record sits in the
// file.
func TestParseXMLHashIndependentOfLine(t *testing.T) {
	data := miniXML(t)
	a := mustParseXML(t, "a.xml", data)
	shifted := strings.Replace(string(data), "<registry ", "\n\n\n<registry ", 1)
	b := mustParseXML(t, "b.xml", []byte(shifted))
	for i := range a.records {
		if a.records[i].Line+3 != b.records[i].Line {
			t.Errorf("record %d: lines %d and %d, want 3 apart", i, a.records[i].Line, b.records[i].Line)
		}
		ia, ib := a.records[i].Identity(), b.records[i].Identity()
		ra, rb := a.records[i].Rendition(&ia), b.records[i].Rendition(&ib)
		if ia.Hash() != ib.Hash() || ra.Hash() != rb.Hash() {
			t.Errorf("record %d: identity or rendition depends on its line", i)
		}
	}
}

// A record's fields appear once; a second one must not silently replace
// the first.
func TestParseXMLDuplicateField(t *testing.T) {
	r, err := parseXMLString(t, "test.xml", xmlDoc("  <record>\n    <number>1</number>\n    <number>2</number>\n  </record>\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.warnings) == 0 && len(r.records[0].Extras) == 0 {
		t.Errorf("the first <number> was dropped silently: Port = %v", r.records[0].Port)
	}
}
