package normalize

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/shareddata"
)

// fwFixture reads a fixture of testdata/fixedwidth: a hand-written
// excerpt of the registry in the shape of IANA's plain text, padded by
// bytes as IANA's rendering was (mini-bytes.txt) or by characters
// (mini-chars.txt).
func fwFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "fixedwidth", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// mustParseFixedWidth parses data, detecting its format, and fails tb
// unless it is read as fixed-width text without error.
func mustParseFixedWidth(tb testing.TB, name string, data []byte) *recorder {
	tb.Helper()
	r := &recorder{}
	f, err := Parse(name, data, "auto", r)
	if err != nil {
		tb.Fatalf("Parse(%s): %v", name, err)
	}
	if f.Name != FormatFixedWidth {
		tb.Fatalf("Parse(%s) read it as %q, want %q", name, f.Name, FormatFixedWidth)
	}
	return r
}

// findFixedRecord returns the one record of r with the name, port and protocol
// given, failing tb otherwise.
func findFixedRecord(tb testing.TB, r *recorder, name, port, proto string) *Record {
	tb.Helper()
	var found *Record
	for _, rec := range r.records {
		if rec.Name == name && rec.Port.String() == port && rec.Protocol == proto {
			if found != nil {
				tb.Fatalf("more than one record %q %q %q", name, port, proto)
			}
			found = rec
		}
	}
	if found == nil {
		tb.Fatalf("no record %q %q %q", name, port, proto)
	}
	return found
}

// findFixedPerson returns the person of r with the id given, failing tb
// unless there is exactly one.
func findFixedPerson(tb testing.TB, r *recorder, id string) *Person {
	tb.Helper()
	var found *Person
	for _, p := range r.persons {
		if p.ID == id {
			if found != nil {
				tb.Fatalf("more than one person %q", id)
			}
			found = p
		}
	}
	if found == nil {
		tb.Fatalf("no person %q", id)
	}
	return found
}

// checkFixedCoverage checks that every line of data that holds text
// after the table header's first line is in one record or person, in a
// reject, or is a line the parser takes as boilerplate (a header, a
// title, the footnotes).
func checkFixedCoverage(t *testing.T, data []byte, r *recorder) {
	t.Helper()
	covered := map[int]bool{}
	cover := func(what string, line, endLine int) {
		for n := line; n <= max(endLine, line); n++ {
			if covered[n] {
				t.Errorf("line %d is in more than one record or person (%s at %d-%d)", n, what, line, endLine)
			}
			covered[n] = true
		}
	}
	for _, rec := range r.records {
		cover("record "+rec.Name, rec.Line, rec.EndLine)
	}
	for _, p := range r.persons {
		cover("person "+p.ID, p.Line, p.EndLine)
	}
	for _, x := range r.rejects {
		covered[x.Line] = true
	}
	lines := splitLines(data)
	hi := slices.IndexFunc(lines, func(l textLine) bool { return fixedHeader.MatchString(l.text) })
	inNotes := false
	for _, l := range lines[hi+2:] {
		s := strings.TrimSpace(l.text)
		switch {
		case s == "Footnote":
			inNotes = true
		case s == "" || inNotes || covered[l.n] || s == "People" || s == "Updated" || strings.HasPrefix(s, "ID "):
		default:
			t.Errorf("line %d is in no record, person or reject: %q", l.n, l.text)
		}
	}
}

// TestParseFixedWidthReal reads IANA's plain text of 2013-06-26: every
// line read, the counts established apart from the parser, and cells
// that each test one of the rendering's habits.
func TestParseFixedWidthReal(t *testing.T) {
	data := shareddata.Read(t, "iana/txt/2013-06-26.txt")
	r := mustParseFixedWidth(t, "2013-06-26.txt", data)

	h := r.header(t)
	if h.Date != "2013-06-26" || h.Format != FormatFixedWidth || h.Kind != KindComplete {
		t.Errorf("header %q %q %q, want 2013-06-26 %s %s", h.Date, h.Format, h.Kind, FormatFixedWidth, KindComplete)
	}
	if len(h.Extras) != 1 || h.Extras[0].Name != "preamble" || h.Extras[0].Line != 1 || !strings.Contains(h.Extras[0].Text, "Expert(s)") {
		t.Errorf("header extras %+v, want the preamble from line 1", h.Extras)
	}

	// The records, counted apart from the parser: the lines of the
	// table that hold text in the name, port or protocol columns (their
	// first 38 bytes), but for the lines that hold nothing but a service
	// name wrapped from the line above or below: the registry's two
	// names with spaces ("Apple Remote Desktop (Net Assistant)").
	lines := strings.Split(string(data), "\n")
	start := slices.IndexFunc(lines, func(s string) bool { return fixedHeader.MatchString(s) }) + 2
	end := slices.IndexFunc(lines, func(s string) bool { return strings.TrimSpace(s) == "People" })
	nameOnly := func(i int) bool {
		s := lines[i]
		return len(s) > 0 && s[0] != ' ' && strings.TrimSpace(s[min(len(s), 15):]) == ""
	}
	keys, wrapped := 0, 0
	for i := start; i < end; i++ {
		s := lines[i]
		if strings.TrimSpace(s[:min(len(s), 38)]) == "" {
			continue
		}
		keys++
		if nameOnly(i) && (lines[i-1] != "" && lines[i-1][0] != ' ' || lines[i+1] != "" && lines[i+1][0] != ' ') {
			wrapped++
		}
	}
	if keys != 13312 || wrapped != 6 {
		t.Errorf("%d lines of the table hold text in their first 38 bytes, %d of them a wrapped name; want 13312 and 6", keys, wrapped)
	}
	if want := keys - wrapped; len(r.records) != want {
		t.Errorf("got %d records, want %d", len(r.records), want)
	}
	if len(r.persons) != 4736 {
		t.Errorf("got %d persons, want 4736", len(r.persons))
	}
	if len(r.rejects) != 0 {
		t.Errorf("got %d rejects, want none; first: %+v", len(r.rejects), r.rejects[0])
	}
	if len(r.warnings) != 0 {
		t.Errorf("got %d warnings, want none; first: %v", len(r.warnings), r.warnings[0])
	}
	if len(r.footnotes) != 1 || r.footnotes[0].Anchor != "1" || !strings.HasPrefix(r.footnotes[0].Text, "It is only appropriate") {
		t.Errorf("footnotes %+v, want [1] It is only appropriate...", r.footnotes)
	}
	checkFixedCoverage(t, data, r)

	for _, tc := range []struct {
		name          string
		key           [3]string // name, port, protocol
		line, endLine int
		cells         []string
	}{
		{"port 0", [3]string{"", "0", "tcp"}, 61, 61,
			[]string{"", "0", "tcp", "Reserved", "[Jon_Postel]", "[Jon_Postel]", "", "", "", "", "", ""}},
		{"reference and service code", [3]string{"discard", "9", "dccp"}, 82, 82,
			[]string{"discard", "9", "dccp", "Discard", "[Eddie_Kohler]", "[Eddie_Kohler]", "", "", "[RFC4340]", "1145656131", "", ""}},
		{"description wrapped", [3]string{"msp", "18", "tcp"}, 99, 100,
			[]string{"msp", "18", "tcp", "Message Send Protocol (historic)", "[Rina_Nethaniel]", "[Rina_Nethaniel]", "", "", "", "", "", ""}},
		{"description with a paragraph, centred", [3]string{"whoispp", "63", "tcp"}, 201, 205,
			[]string{"whoispp", "63", "tcp", "whois++\n\nIANA assigned this well-formed service name as a replacement for \"whois++\".", "[Rickard_Schoultz]", "[Rickard_Schoultz]", "", "", "", "", "", ""}},
		{"non-ASCII person id", [3]string{"genstat", "7283", "tcp"}, 12871, 12872,
			[]string{"genstat", "7283", "tcp", "General Statistics Rendezvous Protocol", "[VSN_International_Ltd][Sean_D_Sollé]", "[Sean_D_Sollé]", "2011-09-28", "", "", "", "", ""}},
		{"reference over three lines", [3]string{"xadmin", "9105", "udp"}, 13805, 13807,
			[]string{"xadmin", "9105", "udp", "Xadmin Control Service", "", "", "", "", "[Ari√´n Huisken <xadmin&huisken-systems.nl> 15 June 2009]", "", "", ""}},
		{"service name wrapped", [3]string{"Apple Remote Desktop (Net Assistant)", "3283", "tcp"}, 7666, 7668,
			[]string{"Apple Remote Desktop (Net Assistant)", "3283", "tcp", "Net Assistant", "[Michael_Stein]", "[Michael_Stein]", "", "2011-11-09", "", "", "", ""}},
		{"no port", [3]string{"adisk", "", ""}, 16077, 16077,
			[]string{"adisk", "", "", "Automatic Disk Discovery", "[Bob_Bradley_2]", "[Bob_Bradley_2]", "", "", "", "", "", "Defined TXT keys: sys, dkX"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := findFixedRecord(t, r, tc.key[0], tc.key[1], tc.key[2])
			if rec.Line != tc.line || rec.EndLine != tc.endLine {
				t.Errorf("lines %d-%d, want %d-%d", rec.Line, rec.EndLine, tc.line, tc.endLine)
			}
			if got := rec.Cells(); !slices.Equal(got, tc.cells) {
				t.Errorf("cells\n got %q\nwant %q", got, tc.cells)
			}
		})
	}

	for _, tc := range []struct {
		name string
		want Person
	}{
		{"with organization and date", Person{Line: 17267, EndLine: 17267, ID: "Adam_Armstrong", Name: "Adam Armstrong", Org: "Observium", URIs: []string{"mailto:adama&observium.org"}, Updated: "2013-05-10"}},
		{"organization over three lines, centred", Person{Line: 22134, EndLine: 22136, ID: "ZigBee_Alliances_Network_Device_working_group", Org: "ZigBee Alliance's Network Device working group", URIs: []string{"mailto:ljm&exegin.com"}, Updated: "2013-05-28"}},
		{"name over four lines", Person{Line: 18424, EndLine: 18427, ID: "Deutschland_Informat", Name: "Deutschland Informations und Reservierungsgesellschaft mbH", URIs: []string{"mailto:beratung&dirg.de"}}},
		{"without URI", Person{Line: 17264, EndLine: 17265, ID: "Acertant", Org: "Acertant Technologies, Inc."}},
		{"URI without scheme", Person{Line: 22143, EndLine: 22143, ID: "flanne", URIs: []string{"flanne@vnet.IBM.COM"}}},
		{"non-ASCII", Person{Line: 21317, EndLine: 21318, ID: "Sean_D_Sollé", Name: "Sean D. Sollé", Org: "VSN International Ltd.", URIs: []string{"mailto:sean&vsni.co.uk"}, Updated: "2011-09-28"}},
		{"id with a space, as the registry has it", Person{Line: 17472, EndLine: 17472, ID: "Andrew_Beekhof ", Name: "Andrew Beekhof", URIs: []string{"mailto:andrew&beekhof.net"}, Updated: "2013-03-15"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := findFixedPerson(t, r, tc.want.ID)
			if fmt.Sprintf("%+v", *p) != fmt.Sprintf("%+v", tc.want) {
				t.Errorf("got  %+v\nwant %+v", *p, tc.want)
			}
		})
	}
}

// miniRecords are the records of the fixtures, cells as IANA renders
// them, and the lines each spans in mini-bytes.txt.
var miniRecords = []struct {
	name          string
	line, endLine int
	cells         []string
}{
	{"reserved port", 23, 23, []string{"", "0", "tcp", "Reserved", "[Jon_Postel]", "[Jon_Postel]", "", "", "", "", "", ""}},
	{"twin", 24, 24, []string{"", "0", "udp", "Reserved", "[Jon_Postel]", "[Jon_Postel]", "", "", "", "", "", ""}},
	{"description over three lines, centred", 25, 27, []string{"tcpmux", "1", "tcp", "TCP Port Service Multiplexer used by the fixture to test wrapping", "[Mark_Lottor]", "[Mark_Lottor]", "", "", "", "", "", ""}},
	{"reference and service code", 28, 28, []string{"discard", "9", "dccp", "Discard", "[Eddie_Kohler]", "[Eddie_Kohler]", "", "", "[RFC4340]", "1145656131", "", ""}},
	{"description over two lines", 29, 30, []string{"msp", "18", "tcp", "Message Send Protocol (historic)", "[Rina_Nethaniel]", "[Rina_Nethaniel]", "", "", "", "", "", ""}},
	{"its twin", 31, 32, []string{"msp", "18", "udp", "Message Send Protocol (historic)", "[Rina_Nethaniel]", "[Rina_Nethaniel]", "", "", "", "", "", ""}},
	{"paragraph", 33, 37, []string{"whoispp", "63", "tcp", "whois++\n\nIANA assigned this well-formed service name as a replacement for \"whois++\".", "[Rickard_Schoultz]", "[Rickard_Schoultz]", "", "", "", "", "", ""}},
	{"unauthorized use and notes", 38, 40, []string{"sql-net", "66", "tcp", "Oracle SQL*NET", "[Jack_Haverty]", "[Jack_Haverty]", "", "", "", "", "Known unauthorized use", "This entry is an alias to \"sql*net\". This entry is now historic."}},
	{"port range", 41, 41, []string{"", "225-241", "", "Reserved", "[Jon_Postel]", "[Jon_Postel]", "", "", "", "", "", ""}},
	{"service name wrapped", 42, 43, []string{"Demo Service (Net Tool)", "3283", "udp", "Net Tool", "[Michael_Stein]", "[Michael_Stein]", "", "2011-11-09", "", "", "", ""}},
	{"overflowing assignee", 44, 44, []string{"overflow-demo", "4000", "tcp", "Overflowing assignee", "[A_Very_Long_Unbreakable_Assignee_Id]", "[Short_Contact]", "2012-01-02", "2013-02-03", "[RFC6335][RFC4960]", "", "", ""}},
	{"non-ASCII person id", 45, 45, []string{"genstat", "7283", "tcp", "General Statistics", "[VSN_Intl][Sean_D_Sollé]", "[Sean_D_Sollé]", "2011-09-28", "", "", "", "", ""}},
	{"non-ASCII description filling its column", 46, 47, []string{"cafe-order", "7284", "tcp", "Café Ordering Service Daemon", "[Jörg_Hoffmann]", "[Jörg_Hoffmann]", "2012-05-06", "", "", "", "", ""}},
	{"no port", 48, 48, []string{"adisk", "", "", "Automatic Disk Discovery", "[Bob_Bradley_2]", "[Bob_Bradley_2]", "", "", "", "", "", "Defined TXT keys: sys"}},
	{"no port, description wrapped", 49, 50, []string{"zeromq", "", "tcp", "High performance brokerless messaging", "[Daniel_Holth]", "[Daniel_Holth]", "2012-04-24", "", "", "", "", "Defined TXT keys"}},
}

// miniPersons are the persons of the fixtures, lines as in
// mini-bytes.txt.
var miniPersons = []Person{
	{Line: 56, EndLine: 56, ID: "A_Very_Long_Unbreakable_Assignee_Id", Name: "Avery Long", Org: "Unbreakable Inc.", URIs: []string{"mailto:avery&example.com"}, Updated: "2012-01-02"},
	{Line: 57, EndLine: 58, ID: "David_Walend", Name: "David Walend", URIs: []string{"mailto:david&walend.example", "mailto:dev&example.net"}},
	{Line: 59, EndLine: 61, ID: "Example_Org_Ltd", Org: "Example Organisation of Fixtures Ltd", URIs: []string{"mailto:info&example.org"}, Updated: "2012-04-30"},
	{Line: 62, EndLine: 62, ID: "Jon_Postel", Name: "Jon Postel", URIs: []string{"mailto:postel&isi.example"}},
	{Line: 63, EndLine: 63, ID: "Jörg_Hoffmann", Name: "Jörg Hoffmann", URIs: []string{"mailto:joerg&example.de"}},
	{Line: 64, EndLine: 64, ID: "Sean_D_Sollé", Name: "Sean D. Sollé", Org: "VSN International", URIs: []string{"mailto:sean&vsni.example"}, Updated: "2011-09-28"},
	{Line: 65, EndLine: 65, ID: "flanne", URIs: []string{"flanne@vnet.example.com"}},
	{Line: 66, EndLine: 66, ID: "nouri", Name: "No Uri", Updated: "2003-07"},
}

// TestParseFixedWidthFixture reads the same excerpt padded by bytes, as
// IANA's rendering was, and by characters: the description that fills
// its column in the latter wraps in the former, one line longer.
func TestParseFixedWidthFixture(t *testing.T) {
	for _, tc := range []struct {
		file  string
		shift func(line int) int // the line in the file of a line of mini-bytes.txt
	}{
		{"mini-bytes.txt", func(n int) int { return n }},
		{"mini-chars.txt", func(n int) int {
			if n >= 47 {
				return n - 1
			}
			return n
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data := fwFixture(t, tc.file)
			r := mustParseFixedWidth(t, tc.file, data)
			h := r.header(t)
			if h.Date != "2013-06-26" || h.Format != FormatFixedWidth || h.Kind != KindComplete || len(h.Extras) != 1 {
				t.Errorf("header %+v", h)
			}
			if len(r.rejects) != 0 || len(r.warnings) != 0 {
				t.Errorf("rejects %+v, warnings %v; want none", r.rejects, r.warnings)
			}
			if len(r.footnotes) != 1 || r.footnotes[0].Text != "It is only appropriate to use these values in explicitly-\nconfigured experiments." {
				t.Errorf("footnotes %+v", r.footnotes)
			}
			checkFixedCoverage(t, data, r)
			if len(r.records) != len(miniRecords) {
				t.Fatalf("got %d records, want %d", len(r.records), len(miniRecords))
			}
			for i, want := range miniRecords {
				rec := r.records[i]
				line, endLine := tc.shift(want.line), tc.shift(want.endLine)
				if want.endLine == 47 && tc.file == "mini-chars.txt" {
					endLine = 46 // on one line
				}
				if rec.Line != line || rec.EndLine != endLine {
					t.Errorf("%s: lines %d-%d, want %d-%d", want.name, rec.Line, rec.EndLine, line, endLine)
				}
				if got := rec.Cells(); !slices.Equal(got, want.cells) {
					t.Errorf("%s: cells\n got %q\nwant %q", want.name, got, want.cells)
				}
			}
			if len(r.persons) != len(miniPersons) {
				t.Fatalf("got %d persons, want %d", len(r.persons), len(miniPersons))
			}
			for i, want := range miniPersons {
				want.Line, want.EndLine = tc.shift(want.Line), tc.shift(want.EndLine)
				if got := *r.persons[i]; fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
					t.Errorf("person %d:\n got %+v\nwant %+v", i, got, want)
				}
			}
		})
	}
}

// withLines returns data with extra inserted before line n (1-based).
func withLines(data []byte, n int, extra ...string) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	var b strings.Builder
	for i, l := range lines {
		if i == n-1 {
			for _, x := range extra {
				b.WriteString(x + "\n")
			}
		}
		b.WriteString(l)
	}
	return []byte(b.String())
}

// TestParseFixedWidthBadLines puts lines that are no part of a record in
// the table: each is rejected with its line, and the records around it
// are read all the same.
func TestParseFixedWidthBadLines(t *testing.T) {
	mini := fwFixture(t, "mini-bytes.txt")
	for _, tc := range []struct {
		name   string
		extra  []string
		reason string // in the rejects' reasons
		lost   int    // records of the fixture not read
	}{
		{"prose across the columns",
			[]string{"This line is garbage that a careless edit left in the middle of the table, running across every column."},
			"expected a line of the record table", 0},
		{"port out of range",
			[]string{"broken             99999       tcp    Port out of range            [Jon_Postel]"},
			"Port Number: expected a port number", 0},
		{"protocol unknown",
			[]string{"broken               998       xtp    Unknown protocol             [Jon_Postel]"},
			"Transport Protocol: expected tcp, udp, sctp or dccp", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const at = 29 // before msp 18 tcp
			data := withLines(mini, at, tc.extra...)
			r := &recorder{}
			if _, err := Parse("bad.txt", data, FormatFixedWidth, r); err != nil {
				t.Fatal(err)
			}
			if len(r.rejects) != len(tc.extra) {
				t.Fatalf("rejects %+v, want %d", r.rejects, len(tc.extra))
			}
			for i, x := range r.rejects {
				if x.Line != at+i || x.Text != tc.extra[i] || !strings.Contains(x.Reason, tc.reason) {
					t.Errorf("reject %+v, want line %d, its text, and a reason with %q", x, at+i, tc.reason)
				}
			}
			if len(r.records) != len(miniRecords)-tc.lost {
				t.Errorf("got %d records, want %d", len(r.records), len(miniRecords)-tc.lost)
			}
			for i, rec := range r.records {
				if got := rec.Cells(); !slices.Equal(got, miniRecords[i].cells) {
					t.Errorf("record %d: got %q, want %q", i, got, miniRecords[i].cells)
				}
			}
			checkFixedCoverage(t, data, r)
		})
	}
}

// TestParseFixedWidthErrors checks the documents that cannot be read.
func TestParseFixedWidthErrors(t *testing.T) {
	mini := string(fwFixture(t, "mini-bytes.txt"))
	header := mini[:strings.Index(mini, "                     0         tcp")]
	for _, tc := range []struct {
		name     string
		data     string
		sentinel error
		line     int
		message  string
	}{
		{"no header", "Service Name Port Number Transport Protocol Description\necho 7 tcp Echo\n", ErrHeader, 1, "expected the table's header"},
		{"columns not aligned", header +
			"echo 7 tcp Echo [Jon_Postel] [Jon_Postel]\n" +
			"discard 9 udp Discard [Jon_Postel] [Jon_Postel]\n" +
			"daytime 13 tcp Daytime [Jon_Postel] [Jon_Postel] [RFC867]\n" +
			"qotd 17 tcp Quote of the Day [Jon_Postel] [Jon_Postel]\n" +
			"msp 18 tcp Message Send Protocol (historic) [Rina_Nethaniel] [Rina_Nethaniel]\n",
			ErrSyntax, 23, "columns could not be inferred"},
		{"no records", header + "\n", ErrSyntax, 22, "expected records"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{}
			_, err := Parse("bad.txt", []byte(tc.data), FormatFixedWidth, r)
			if err == nil {
				t.Fatalf("no error; %d records", len(r.records))
			}
			pe := asParseError(t, err)
			if !errors.Is(err, tc.sentinel) || pe.Line != tc.line || !strings.Contains(err.Error(), tc.message) {
				t.Errorf("error %q (line %d), want %v at line %d with %q", err, pe.Line, tc.sentinel, tc.line, tc.message)
			}
		})
	}
}

// TestSniffFixedWidth checks that detection tells the fixed-width text
// from the shapes whose headers name the same columns.
func TestSniffFixedWidth(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		ok   bool
	}{
		{"fixed-width", string(fwFixture(t, "mini-bytes.txt")), true},
		{"page text", "Service Name and Transport Protocol Port Number Registry\n\nService Name Port Number Transport Protocol Description Assignee Contact Registration Date Modification Date Reference Service Code Unauthorized Use Reported Assignment Notes\necho 7 tcp Echo\n", false},
		{"markdown", "| Service Name | Port Number | Transport Protocol |\n|---|---|---|\n| echo | 7 | tcp |\n", false},
		{"aligned markdown", "| Service Name  | Port Number  | Transport Protocol |\n", false},
		{"csv", "Service Name,Port Number,Transport Protocol\necho,7,tcp\n", false},
		{"tab-separated", "Service Name\tPort Number\tTransport Protocol\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := sniffFixedWidth([]byte(tc.data)); (err == nil) != tc.ok {
				t.Errorf("sniff: %v, want ok %v", err, tc.ok)
			}
		})
	}
	for _, rel := range []string{"seeds/000_bd4275f5e557dc24.txt", "seeds/002_55200195d673dac1.txt", "seeds/004_854be55ba5137fc7.txt", "iana/csv/2025-04-07.csv", "iana/html/2015-03-16-page1.xhtml"} {
		t.Run(rel, func(t *testing.T) {
			if err := sniffFixedWidth(shareddata.Read(t, rel)); err == nil {
				t.Errorf("sniff took %s for fixed-width text", rel)
			}
		})
	}
}

// FuzzParseFixedWidth checks that no input makes the parser panic, that
// its errors are *ParseErrors with a line, and that what it delivers
// carries lines.
func FuzzParseFixedWidth(f *testing.F) {
	mini := fwFixture(f, "mini-bytes.txt")
	f.Add(mini)
	f.Add(fwFixture(f, "mini-chars.txt"))
	f.Add(withLines(mini, 29, "This line is garbage that a careless edit left in the middle of the table."))
	f.Add(withLines(mini, 29, "broken             99999       tcp    Port out of range"))
	f.Add(mini[:bytes.Index(mini, []byte("People"))])
	f.Add(mini[:len(mini)/2])
	for _, s := range []string{
		"",
		"Service Name  Port Number\n",
		"Service Name  Port Number\nx\n",
		"Service Name  Port Number\n   a  b\n      People\nID x\n[a] b\n",
		"Service Name  Port Number\necho  7\n\n      Footnote\n\n[1] x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &recorder{}
		_, err := Parse("fuzz.txt", data, FormatFixedWidth, r)
		checkFuzzWarnings(t, r)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		checkFuzzAccepted(t, r)
	})
}

// BenchmarkParseFixedWidth reads IANA's plain text of 2013-06-26.
func BenchmarkParseFixedWidth(b *testing.B) {
	data := shareddata.Read(b, "iana/txt/2013-06-26.txt")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("2013-06-26.txt", data, FormatFixedWidth, &recorder{}); err != nil {
			b.Fatal(err)
		}
	}
}
