package normalize

import "testing"

func TestRenderCell(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "Echo", "Echo"},
		{"trimmed", " \t\n Echo \r\n\t ", "Echo"},
		{"inner spaces kept", "a  b\tc", "a  b\tc"},
		{"fold after space before spaces", "assigned by IANA for \n      \"RadSec\"", "assigned by IANA for \"RadSec\""},
		{"fold after space before tabs", "a \n\t\tb", "a b"},
		{"fold after space before mixed indentation", "a \n \t b", "a b"},
		{"fold keeps only the one space before", "a  \n   b", "a  b"},
		{"several folds", "one \n  two \n  three", "one two three"},
		{"no space before: kept", "a\n    b", "a\n    b"},
		{"no indentation after: kept", "a \nb", "a \nb"},
		{"tab before: kept", "a\t\n  b", "a\t\n  b"},
		{"plain line break kept", "line one\nline two", "line one\nline two"},
		{"blank line kept", "whois++\n\nIANA assigned", "whois++\n\nIANA assigned"},
		{"fold at the end then trimmed", "a \n   ", "a"},
		{"fold at the start then trimmed", " \n   a", "a"},
		{"line break ending the cell", "a \n", "a"},
		{"paragraph indentation kept", "Defined TXT keys:\n              td: pathname", "Defined TXT keys:\n              td: pathname"},
		{
			"radsec note",
			"The UDP port 2083 was already previously assigned by IANA for \n      \"RadSec\", an early implementation of RADIUS/TLS, prior to issuance of this \n      RFC.",
			"The UDP port 2083 was already previously assigned by IANA for \"RadSec\", an early implementation of RADIUS/TLS, prior to issuance of this RFC.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RenderCell(tt.in); got != tt.want {
				t.Errorf("RenderCell(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := RenderCell(tt.want); got != tt.want {
				t.Errorf("RenderCell is not idempotent on %q: got %q", tt.want, got)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only space", " \t\r\n ", ""},
		{"plain", "Echo", "Echo"},
		{"trimmed", "  Echo  ", "Echo"},
		{"runs folded", "a  b\t\tc", "a b c"},
		{"line breaks folded", "whois++\n\nIANA assigned", "whois++ IANA assigned"},
		{"crlf folded", "a\r\nb", "a b"},
		{"indentation folded", "for \n      \"RadSec\"", "for \"RadSec\""},
		{"leading space", " a", "a"},
		{"trailing space", "a ", "a"},
		{"no-break space", "a\u00a0b", "a b"},
		{"non-ASCII kept", "Göran  Schoultz", "Göran Schoultz"},
		{"nothing to fold", "a b", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestReferenceLabel(t *testing.T) {
	tests := []struct {
		name, typ, data, text, want string
	}{
		{"note is its number", "note", "1", "", "1"},
		{"note ignores text", "note", "1", "footnote text", "1"},
		{"rfc upper-cased", "rfc", "rfc6335", "", "RFC6335"},
		{"rfc with text", "rfc", "rfc8765", "RFC8765, Section 6.1", "RFC8765, Section 6.1"},
		{"rfc text not upper-cased", "rfc", "rfc8765", "see rfc8765", "see rfc8765"},
		{"rfc blank text", "rfc", "rfc793", " \n\t ", "RFC793"},
		{"draft is data", "draft", "draft-example-port-01", "", "draft-example-port-01"},
		{"draft not upper-cased", "draft", "draft-x", "", "draft-x"},
		{"draft with text", "draft", "draft-zubov-snif-05", "draft-zubov-snif-05, Section 4.3", "draft-zubov-snif-05, Section 4.3"},
		{"uri without text", "uri", "https://example.org/spec", "", "https://example.org/spec"},
		{"uri with text", "uri", "https://example.org/spec", "Spec, Section 2", "Spec, Section 2"},
		{"text", "text", "", "ISO/IEC 13818-6 MPEG-2 DSM-CC", "ISO/IEC 13818-6 MPEG-2 DSM-CC"},
		{"text rendered", "text", "", "  a long \n      title  ", "a long title"},
		{"unknown type", "isbn", "0-13-110362-8", "", "0-13-110362-8"},
		{"nothing", "rfc", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReferenceLabel(tt.typ, tt.data, tt.text); got != tt.want {
				t.Errorf("ReferenceLabel(%q, %q, %q) = %q, want %q", tt.typ, tt.data, tt.text, got, tt.want)
			}
		})
	}
}

func TestParsePorts(t *testing.T) {
	accepted := []struct {
		in   string
		want Ports
	}{
		{"0", Ports{Low: 0, High: 0, Valid: true}},
		{"1", Ports{Low: 1, High: 1, Valid: true}},
		{"443", Ports{Low: 443, High: 443, Valid: true}},
		{"65535", Ports{Low: 65535, High: 65535, Valid: true}},
		{"803-809", Ports{Low: 803, High: 809, Valid: true, Range: true}},
		{"4748-4748", Ports{Low: 4748, High: 4748, Valid: true, Range: true}},
		{"0-65535", Ports{Low: 0, High: 65535, Valid: true, Range: true}},
	}
	for _, tt := range accepted {
		t.Run("accept "+tt.in, func(t *testing.T) {
			got, ok := ParsePorts(tt.in)
			if !ok {
				t.Fatalf("ParsePorts(%q) rejected it", tt.in)
			}
			if got != tt.want {
				t.Errorf("ParsePorts(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("ParsePorts(%q).String() = %q", tt.in, s)
			}
		})
	}

	for _, in := range []string{
		"", " ", "65536", "99999", "100000", "10-5", "0443", "00", "1-0443",
		"1-", "-1", "-", "a", "1a", "1-2-3", " 1", "1 ", "+1", "1,2", "1 - 2",
		"65535-65536", "１", "0x1F",
	} {
		t.Run("reject "+in, func(t *testing.T) {
			if got, ok := ParsePorts(in); ok {
				t.Errorf("ParsePorts(%q) = %+v, true; want false", in, got)
			}
		})
	}
}

func TestPortsString(t *testing.T) {
	tests := []struct {
		name string
		p    Ports
		want string
	}{
		{"absent", Ports{}, ""},
		{"absent ignores numbers", Ports{Low: 5, High: 6}, ""},
		{"zero", Ports{Valid: true}, "0"},
		{"single", Ports{Low: 443, High: 443, Valid: true}, "443"},
		{"range", Ports{Low: 803, High: 809, Valid: true, Range: true}, "803-809"},
		{"range of one", Ports{Low: 4748, High: 4748, Valid: true, Range: true}, "4748-4748"},
		{"range without the flag", Ports{Low: 803, High: 809, Valid: true}, "803-809"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.p.String()
			if s != tt.want {
				t.Fatalf("%+v.String() = %q, want %q", tt.p, s, tt.want)
			}
			if !tt.p.Valid {
				return
			}
			back, ok := ParsePorts(s)
			if !ok {
				t.Fatalf("ParsePorts(%q) rejected its own rendering", s)
			}
			if back.String() != s {
				t.Errorf("round trip: ParsePorts(%q).String() = %q", s, back.String())
			}
			if back.Low != tt.p.Low || back.High != tt.p.High {
				t.Errorf("round trip: ParsePorts(%q) = %+v, want Low %d High %d", s, back, tt.p.Low, tt.p.High)
			}
		})
	}
}

func TestCells(t *testing.T) {
	rec := &Record{
		Name:        "radsec",
		Port:        Ports{Low: 2083, High: 2083, Valid: true},
		Protocol:    "udp",
		Description: "Secure Radius Service",
		People: []PersonRef{
			{Role: RoleContact, ID: "IETF_Chair"},
			{Role: RoleAssignee, ID: "IESG"},
			{Role: RoleContact, ID: "Second_Contact"},
			{Role: RoleAssignee, ID: "Implied_One", Implied: true},
		},
		Registered:   "2005-05",
		Modified:     "2014-07-14",
		References:   []Reference{{Type: "rfc", Data: "rfc7360", Label: "RFC7360"}, {Type: "note", Data: "1", Label: "1"}},
		ServiceCode:  "SC",
		Unauthorized: "U",
		Notes:        "N",
	}
	want := []string{
		"radsec", "2083", "udp", "Secure Radius Service",
		"[IESG][Implied_One]", "[IETF_Chair][Second_Contact]", "2005-05", "2014-07-14",
		"[RFC7360][1]", "SC", "U", "N",
	}
	got := rec.Cells()
	if len(got) != len(Columns) {
		t.Fatalf("Cells() has %d cells, want %d", len(got), len(Columns))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: got %q, want %q", Columns[i], got[i], want[i])
		}
	}
	empty := (&Record{}).Cells()
	for i, c := range empty {
		if c != "" {
			t.Errorf("empty record: %s = %q, want empty", Columns[i], c)
		}
	}
}
