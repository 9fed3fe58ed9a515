package normalize

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// csvHeader is IANA's header line, without its line end.
var csvHeader = strings.Join(Columns, ",")

// csvLine renders cells as one CSV line, quoted as needed, without its
// line end.
func csvLine(tb testing.TB, cells ...string) string {
	tb.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(cells); err != nil {
		tb.Fatal(err)
	}
	w.Flush()
	return strings.TrimSuffix(buf.String(), "\n")
}

const echoRow = "echo,7,tcp,Echo,[Jon_Postel],[Jon_Postel],,,[RFC862],,,"

func TestParseCSV(t *testing.T) {
	in := csvHeader + "\n" +
		echoRow + "\n" +
		`,803-809,tcp,Unassigned,,,,,,,,` + "\n" +
		`radsec,2083,udp,Secure Radius Service,[IESG],[IETF_Chair][Second],2005-05,2014-07-14,"[RFC7360][1]",SC,Unauthorized,"Line one` + "\n" +
		`line two"` + "\n" +
		`,4748-4748,,Unassigned,,,,,,,,` + "\n"
	r := mustParseCSV(t, "test.csv", []byte(in))
	if h := r.header(t); !reflect.DeepEqual(*h, Header{Format: FormatCSV, Kind: KindComplete, Style: StyleLF}) {
		t.Errorf("header %+v", h)
	}
	if len(r.warnings) != 0 {
		t.Errorf("warnings %v", r.warnings)
	}
	want := []*Record{
		{
			Line: 2, EndLine: 2, Name: "echo", Port: Ports{Low: 7, High: 7, Valid: true}, Protocol: "tcp", Description: "Echo",
			People:     []PersonRef{{Role: RoleAssignee, ID: "Jon_Postel"}, {Role: RoleContact, ID: "Jon_Postel"}},
			References: []Reference{{Type: "rfc", Data: "rfc862", Label: "RFC862"}},
		},
		{Line: 3, EndLine: 3, Port: Ports{Low: 803, High: 809, Valid: true, Range: true}, Protocol: "tcp", Description: "Unassigned"},
		{
			Line: 4, EndLine: 5, Name: "radsec", Port: Ports{Low: 2083, High: 2083, Valid: true}, Protocol: "udp", Description: "Secure Radius Service",
			People: []PersonRef{
				{Role: RoleAssignee, ID: "IESG"},
				{Role: RoleContact, ID: "IETF_Chair"},
				{Role: RoleContact, ID: "Second"},
			},
			Registered: "2005-05", Modified: "2014-07-14",
			References:  []Reference{{Type: "rfc", Data: "rfc7360", Label: "RFC7360"}, {Type: "note", Data: "1", Label: "1"}},
			ServiceCode: "SC", Unauthorized: "Unauthorized", Notes: "Line one\nline two",
		},
		{Line: 6, EndLine: 6, Port: Ports{Low: 4748, High: 4748, Valid: true, Range: true}, Description: "Unassigned"},
	}
	if len(r.records) != len(want) {
		t.Fatalf("got %d records, want %d", len(r.records), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(r.records[i], want[i]) {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, r.records[i], want[i])
		}
	}
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     []error // any of these
		line     int     // 0: any line >= 1
		col      int     // 0: any column
		contains string
	}{
		{name: "empty", in: "", want: []error{ErrEmpty}, line: 1, col: 1},
		{name: "white space", in: "\n \r\n", want: []error{ErrEmpty}, line: 1, col: 1},
		{name: "only a BOM", in: "\ufeff", want: []error{ErrEmpty}, line: 1, col: 1},
		{name: "header only", in: csvHeader + "\n", want: []error{ErrEmpty}, line: 1, contains: "at least one record"},
		{name: "cell too large", in: csvHeader + "\n" + `echo,7,tcp,"` + strings.Repeat("line\n", MaxField/5+1) + `",,,,,,,,` + "\n", want: []error{ErrTooLarge}, line: 2, col: 12, contains: "Description"},
		{name: "line too large", in: csvHeader + "\n" + "echo,7,tcp," + strings.Repeat("x", MaxField) + ",,,,,,,,\n", want: []error{ErrTooLarge}, line: 2, col: 1},
		{name: "wrong header", in: "Service,Port\n", want: []error{ErrHeader}, line: 1, col: 1, contains: `"Service"`},
		{
			name: "wrong third column",
			in:   "Service Name,Port Number,Protocol,Description\n",
			want: []error{ErrHeader}, line: 1, col: len("Service Name,Port Number,") + 1, contains: `"Protocol"`,
		},
		{
			name: "header of 11 columns",
			in:   strings.Join(Columns[:11], ",") + "\n" + echoRow + "\n",
			want: []error{ErrHeader}, line: 1, contains: "Assignment Notes",
		},
		{
			name: "header of 13 columns",
			in:   csvHeader + ",Extra\n" + echoRow + "\n",
			want: []error{ErrHeader}, line: 1, col: len(csvHeader) + 2, contains: "13",
		},
		{
			name: "bad port on line 3",
			in:   csvHeader + "\n" + echoRow + "\necho,70000,udp,Echo,,,,,,,,\n",
			want: []error{ErrField}, line: 3, col: len("echo,") + 1, contains: "70000",
		},
		{
			name: "bad port after a cell of two lines",
			in:   csvHeader + "\n" + `echo,7,tcp,"Echo` + "\n" + `service",,,,,,,,` + "\n" + `echo,7-,udp,Echo,,,,,,,,` + "\n",
			want: []error{ErrField}, line: 4, col: len("echo,") + 1, contains: "Port Number",
		},
		{
			name: "row of 11 fields",
			in:   csvHeader + "\n" + echoRow + "\necho,7,udp,Echo,,,,,,,\n",
			want: []error{ErrField}, line: 3, contains: "11",
		},
		{
			name: "row of 13 fields",
			in:   csvHeader + "\n" + echoRow + ",\n",
			want: []error{ErrField}, line: 2, contains: "13",
		},
		{
			name: "assignee without brackets",
			in:   csvHeader + "\n" + "echo,7,tcp,Echo,Jon_Postel,,,,,,,\n",
			want: []error{ErrField}, line: 2, col: len("echo,7,tcp,Echo,") + 1, contains: "Assignee",
		},
		{
			name: "contact with an empty id",
			in:   csvHeader + "\n" + "echo,7,tcp,Echo,,[],,,,,,\n",
			want: []error{ErrField}, line: 2, col: len("echo,7,tcp,Echo,,") + 1, contains: "Contact",
		},
		{
			name: "reference without brackets",
			in:   csvHeader + "\n" + "echo,7,tcp,Echo,,,,,RFC862,,,\n",
			want: []error{ErrField}, line: 2, col: len("echo,7,tcp,Echo,,,,,") + 1, contains: "Reference",
		},
		{
			name: "unterminated quote",
			in:   csvHeader + "\n" + echoRow + "\n" + `echo,7,udp,"Echo` + "\nmore text\n",
			want: []error{ErrTruncated, ErrSyntax}, line: 0,
		},
		{
			name: "bare quote",
			in:   csvHeader + "\n" + `echo,7,tcp,Ec"ho,,,,,,,,` + "\n",
			want: []error{ErrSyntax}, line: 2, col: len(`echo,7,tcp,Ec"`),
		},
		{
			name: "binary",
			in:   csvHeader + "\n" + "echo,7,tcp,Ec\x00ho,,,,,,,,\n",
			want: []error{ErrUnknownFormat}, line: 2, col: len("echo,7,tcp,Ec") + 1, contains: "NUL",
		},
		{
			name: "invalid UTF-8",
			in:   csvHeader + "\n" + "echo,7,tcp,Caf\xe9,,,,,,,,\n",
			want: []error{ErrUnknownFormat}, line: 2, col: len("echo,7,tcp,Caf") + 1, contains: "0xe9",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseCSVString(t, "test.csv", tt.in)
			if err == nil {
				t.Fatalf("ParseCSV accepted it (%d records)", len(r.records))
			}
			if !isAny(err, tt.want) {
				t.Errorf("error %q wraps none of %q", err, tt.want)
			}
			checkParseError(t, asParseError(t, err), "test.csv", tt.line, tt.col)
			if tt.contains != "" && !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not mention %s", err, tt.contains)
			}
		})
	}
}

func isAny(err error, targets []error) bool {
	for _, target := range targets {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

func TestParseCSVStyle(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"lf", csvHeader + "\n" + echoRow + "\n", StyleLF},
		{"lf without final line end", csvHeader + "\n" + echoRow, StyleLF},
		{"crlf", csvHeader + "\r\n" + echoRow + "\r\n", StyleCRLFFolded},
		{"crlf with lf inside a cell", csvHeader + "\r\n" + `echo,7,tcp,"a` + "\n" + `b",,,,,,,,` + "\r\n", StyleCRLFFolded},
		{"bom", "\ufeff" + csvHeader + "\n" + echoRow + "\n", StyleLF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParseCSV(t, "test.csv", []byte(tt.in))
			if got := r.header(t).Style; got != tt.want {
				t.Errorf("Style = %q, want %q", got, tt.want)
			}
			for _, rec := range r.records {
				if rec.Name != "echo" {
					t.Errorf("Name = %q, want echo", rec.Name)
				}
			}
		})
	}
}

// The type of a reference is inferred from its label's shape.
func TestParseCSVReferences(t *testing.T) {
	tests := []struct {
		name, cell string
		want       []Reference
	}{
		{"rfc", "[RFC6335]", []Reference{{Type: "rfc", Data: "rfc6335", Label: "RFC6335"}}},
		{"rfc with section", "[RFC8765, Section 6.1]", []Reference{{Type: "rfc", Data: "rfc8765", Text: "RFC8765, Section 6.1", Label: "RFC8765, Section 6.1"}}},
		{"draft with section", "[draft-zubov-snif-05, Section 4.3]", []Reference{{Type: "draft", Data: "draft-zubov-snif-05", Text: "draft-zubov-snif-05, Section 4.3", Section: "4.3", Label: "draft-zubov-snif-05, Section 4.3"}}},
		{"rfc with other text", "[RFC1234 and more]", []Reference{{Type: "rfc", Data: "rfc1234", Text: "RFC1234 and more", Label: "RFC1234 and more"}}},
		{"rfc with text in parentheses", "[RFC1078 (historic)]", []Reference{{Type: "rfc", Data: "rfc1078", Text: "RFC1078 (historic)", Label: "RFC1078 (historic)"}}},
		{"footnote", "[1]", []Reference{{Type: "note", Data: "1", Label: "1"}}},
		{"draft", "[draft-x-01]", []Reference{{Type: "draft", Data: "draft-x-01", Label: "draft-x-01"}}},
		{"rfc-editor draft", "[RFC-ietf-foo-bar-12]", []Reference{{Type: "draft", Data: "RFC-ietf-foo-bar-12", Label: "RFC-ietf-foo-bar-12"}}},
		{"uri", "[https://x]", []Reference{{Type: "uri", Data: "https://x", Label: "https://x"}}},
		{"uri with a space is text", "[http://x y]", []Reference{{Type: "text", Text: "http://x y", Label: "http://x y"}}},
		{"text", "[n/a]", []Reference{{Type: "text", Text: "n/a", Label: "n/a"}}},
		{"text of words", "[ISO/IEC 13818-6 MPEG-2 DSM-CC]", []Reference{{Type: "text", Text: "ISO/IEC 13818-6 MPEG-2 DSM-CC", Label: "ISO/IEC 13818-6 MPEG-2 DSM-CC"}}},
		{"rfc prefix of a word is text", "[RFC1234bis]", []Reference{{Type: "text", Text: "RFC1234bis", Label: "RFC1234bis"}}},
		{"several", "[RFC4727][1][draft-x-01]", []Reference{
			{Type: "rfc", Data: "rfc4727", Label: "RFC4727"},
			{Type: "note", Data: "1", Label: "1"},
			{Type: "draft", Data: "draft-x-01", Label: "draft-x-01"},
		}},
		{"nested brackets kept whole", "[see [RFC1] too]", []Reference{{Type: "text", Text: "see [RFC1] too", Label: "see [RFC1] too"}}},
		{"empty brackets", "[]", []Reference{{Type: "text", Label: ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := csvHeader + "\n" + csvLine(t, "x", "1", "tcp", "", "", "", "", "", tt.cell, "", "", "") + "\n"
			r := mustParseCSV(t, "test.csv", []byte(in))
			if len(r.records) != 1 {
				t.Fatalf("got %d records, want 1", len(r.records))
			}
			rec := r.records[0]
			if !reflect.DeepEqual(rec.References, tt.want) {
				t.Errorf("References = %+v, want %+v", rec.References, tt.want)
			}
			var labels strings.Builder
			for _, ref := range rec.References {
				labels.WriteString("[" + ref.Label + "]")
			}
			if labels.String() != tt.cell {
				t.Errorf("labels %q, want the cell %q", labels.String(), tt.cell)
			}
			if got := rec.Cells()[8]; got != tt.cell {
				t.Errorf("Cells()[8] = %q, want %q", got, tt.cell)
			}
		})
	}
}
