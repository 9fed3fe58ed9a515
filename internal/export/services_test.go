package export

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/ianaports/ianaports/internal/normalize"
)

// servicesBody returns the lines of a services file after its header,
// which is comment lines only.
func servicesBody(t *testing.T, out string) string {
	t.Helper()
	lines := strings.SplitAfter(out, "\n")
	i := 0
	for i < len(lines) && strings.HasPrefix(lines[i], "#") {
		i++
	}
	if i == 0 {
		t.Fatalf("no header in\n%s", out)
	}
	return strings.Join(lines[i:], "")
}

func writeServices(t *testing.T, records []ServiceRecord, o ServicesOptions) (string, ServicesCounts) {
	t.Helper()
	var b bytes.Buffer
	n, err := WriteServices(&b, records, o)
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), n
}

var servicesFixture = []ServiceRecord{
	{"", "0", "tcp", "Reserved"},
	{"tcpmux", "1", "tcp", "TCP Port Service Multiplexer"},
	{"", "803-809", "tcp", "Unassigned"},
	{"", "4748-4748", "", "Unassigned"},
	{"mdbs_daemon", "800", "udp", ""}, // before its well-formed name's record
	{"mdbs-daemon", "800", "tcp", "\n\nIANA assigned this well-formed service name as a replacement for \"mdbs_daemon\"."},
	{"mdbs_daemon", "800", "tcp", ""},
	{"mdbs-daemon", "800", "udp", "IANA assigned this well-formed service name as a replacement for \"mdbs_daemon\"."},
	{"EtherNet-IP-1", "2222", "tcp", "EtherNet/IP I/O"},
	{"EtherNet/IP-1", "2222", "tcp", "EtherNet/IP I/O"},
	{"x11", "6000-6063", "tcp", "X Window System"},
	{"boe-cms", "6400", "", "Business Objects CMS contact port"},
	{"noport", "", "", "A service name with no port"},
	{"two words", "7000", "tcp", "a description read as names"},
	{"a#b", "7001", "tcp", ""},
	{"café", "7002", "tcp", ""},
	{"isakmp", "500", "udp", "isakmp"},
	{"isakmp", "500", "udp", "isakmp, again"}, // merged
	{"isakmp", "500", "tcp", "isakmp"},
	{"sctp-thing", "9", "sctp", "one\r\n\ttwo  # three"},
	{"a-very-long-service-name", "9999", "tcp", "long"},
	{"Short", "9998", "tcp", "its historic name is long"},
	{"Short_historic_name", "9998", "tcp", ""},
	{"odd", "70000", "tcp", "no such port"},
}

var servicesFixtureAliases = []normalize.Alias{
	{Historic: "mdbs_daemon", WellFormed: "mdbs-daemon"},
	{Historic: "EtherNet/IP-1", WellFormed: "EtherNet-IP-1"},
	{Historic: "Short_historic_name", WellFormed: "Short"},
}

func TestWriteServices(t *testing.T) {
	out, n := writeServices(t, servicesFixture, ServicesOptions{
		RegistryDate: "2026-08-17", Source: "2026-08-17.xml", Format: "xml", Kind: "complete",
		Aliases: servicesFixtureAliases,
	})
	body := servicesBody(t, out)
	wantLines := []string{
		"tcpmux          1/tcp      # TCP Port Service Multiplexer",
		"sctp-thing      9/sctp     # one two # three",
		"isakmp          500/tcp    # isakmp",
		"isakmp          500/udp    # isakmp",
		`mdbs-daemon     800/tcp    mdbs_daemon # IANA assigned this well-formed service name as a replacement for "mdbs_daemon".`,
		`mdbs-daemon     800/udp    mdbs_daemon # IANA assigned this well-formed service name as a replacement for "mdbs_daemon".`,
		"EtherNet-IP-1   2222/tcp   ethernet-ip-1 EtherNet/IP-1 ethernet/ip-1 # EtherNet/IP I/O",
		"Short           9998/tcp   short Short_historic_name short_historic_name # its historic name is long",
		"a-very-long-service-name 9999/tcp   # long",
	}
	if got := strings.Split(strings.TrimSuffix(body, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
	}
	wantN := ServicesCounts{
		Records: len(servicesFixture), Lines: 9, Aliases: 8,
		Merged: 1, Historic: 4,
		NoName: 3, NoPort: 2, Ranges: 1, NoProtocol: 1, BadName: 3,
	}
	if n != wantN {
		t.Errorf("counts %+v, want %+v", n, wantN)
	}
	for _, s := range []string{
		"# Registry last updated 2026-08-17; snapshot 2026-08-17.xml (xml, complete).\n",
		"# Protocols: all. Names: any length.\n",
		"# Records: 24; written: 14 (1 merged",
		"#   3 records without a service name\n",
		"#   2 records without a port number\n",
		"#   1 port ranges",
		"#   1 records without a transport protocol\n",
		"#   3 names that are not service names\n",
		"# Lines: 9, aliases: 8.\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("header lacks %q:\n%s", s, out)
		}
	}
}

// The options: protocols, and names that fit a length.
func TestWriteServicesOptions(t *testing.T) {
	out, n := writeServices(t, servicesFixture, ServicesOptions{
		RegistryDate: "2026-08-17", Source: "2026-08-17.xml", Format: "xml", Kind: "complete",
		Aliases: servicesFixtureAliases, Protocols: []string{"udp", "tcp"}, MaxName: 15,
	})
	wantLines := []string{
		"tcpmux          1/tcp      # TCP Port Service Multiplexer",
		"isakmp          500/tcp    # isakmp",
		"isakmp          500/udp    # isakmp",
		`mdbs-daemon     800/tcp    mdbs_daemon # IANA assigned this well-formed service name as a replacement for "mdbs_daemon".`,
		`mdbs-daemon     800/udp    mdbs_daemon # IANA assigned this well-formed service name as a replacement for "mdbs_daemon".`,
		"EtherNet-IP-1   2222/tcp   ethernet-ip-1 EtherNet/IP-1 ethernet/ip-1 # EtherNet/IP I/O",
		"Short           9998/tcp   short # its historic name is long",
	}
	body := servicesBody(t, out)
	if got := strings.TrimSuffix(body, "\n"); got != strings.Join(wantLines, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", got, strings.Join(wantLines, "\n"))
	}
	if n.OtherProtocol != 1 || n.LongLines != 1 || n.LongAliases != 2 {
		t.Errorf("counts %+v: want 1 of another protocol, 1 line and 2 aliases too long", n)
	}
	for _, s := range []string{
		"# Protocols: tcp, udp. Names: at most 15 characters.\n",
		"#   1 records of other protocols\n",
		"#   1 lines of names longer than the limit, 2 aliases longer\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("header lacks %q:\n%s", s, out)
		}
	}
}

// What a services(5) parser reads before a comment is names and
// port/protocol, whatever the records hold; nothing in the file depends
// on the order of the pairs of names; a historic name has no line.
func TestWriteServicesTokens(t *testing.T) {
	records := append(servicesFixture,
		ServiceRecord{"new\nline", "7003", "tcp", ""},
		ServiceRecord{"ctl\x01", "7004", "tcp", ""},
		ServiceRecord{"ok", "7005", "t cp", "protocol of two words"},
		ServiceRecord{"desc", "7006", "tcp", "bad utf-8 \xff and NUL \x00 and NEL \u0085 and LS \u2028 end"},
	)
	out, _ := writeServices(t, records, ServicesOptions{Aliases: servicesFixtureAliases})
	rev := make([]normalize.Alias, len(servicesFixtureAliases))
	for i, a := range servicesFixtureAliases {
		rev[len(rev)-1-i] = a
	}
	if again, _ := writeServices(t, records, ServicesOptions{Aliases: rev}); again != out {
		t.Errorf("the order of the aliases changes the file")
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line != strings.TrimRight(line, " \t") {
			t.Errorf("line %d %q ends in white space", i+1, line)
		}
		if strings.ContainsFunc(line, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) && r != ' ' }) {
			t.Errorf("line %d %q holds a control character", i+1, line)
		}
		text, _, _ := strings.Cut(line, "#")
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 || strings.Count(f[1], "/") != 1 {
			t.Errorf("line %d %q: no port/protocol", i+1, line)
			continue
		}
		for _, tok := range append(f[:1:1], f[2:]...) {
			if !ValidServiceName(tok) {
				t.Errorf("line %d: %q is not a service name", i+1, tok)
			}
		}
		for _, h := range []string{"mdbs_daemon", "EtherNet/IP-1", "Short_historic_name"} {
			if f[0] == h {
				t.Errorf("line %d: historic name %s has a line: %q", i+1, h, line)
			}
		}
	}
	if !strings.Contains(out, "desc            7006/tcp   # bad utf-8 \uFFFD and NUL and NEL and LS end\n") {
		t.Errorf("description not folded:\n%s", out)
	}
}

// A historic name paired with several well-formed names goes with the one
// that has a record of its port and protocol; a lower-case form that is
// a name of its own is not an alias.
func TestWriteServicesAliasChoice(t *testing.T) {
	records := []ServiceRecord{
		{"b-name", "10", "tcp", ""},
		{"old_name", "10", "tcp", ""},
		{"old_name", "11", "tcp", ""},
		{"FOO", "12", "tcp", ""},
		{"foo", "13", "tcp", ""},
		{"Bar", "14", "tcp", ""},
		{"bar", "14", "udp", ""},
	}
	out, n := writeServices(t, records, ServicesOptions{Aliases: []normalize.Alias{
		{Historic: "old_name", WellFormed: "b-name"},
		{Historic: "old_name", WellFormed: "a-name"},
		{Historic: "old_name", WellFormed: "old_name"},  // ignored
		{Historic: "old_name", WellFormed: "not valid"}, // ignored
	}})
	want := strings.Join([]string{
		"b-name          10/tcp     old_name",
		"a-name          11/tcp     old_name",
		"FOO             12/tcp",
		"foo             13/tcp",
		"Bar             14/tcp     bar",
		"bar             14/udp",
		"",
	}, "\n")
	if got := servicesBody(t, out); got != want {
		t.Errorf("lines:\n%s\nwant:\n%s", got, want)
	}
	if n.Historic != 2 || n.Lines != 6 {
		t.Errorf("counts %+v", n)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteServicesError(t *testing.T) {
	if _, err := WriteServices(failWriter{}, servicesFixture, ServicesOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v, want disk full", err)
	}
}

func TestValidServiceName(t *testing.T) {
	for s, want := range map[string]bool{
		"http": true, "mdbs_daemon": true, "914c/g": true, "whois++": true, "sql*net": true, "z39.50": true,
		"": false, "two words": false, "a#b": false, "tab\t": false, "café": false, "del\x7f": false,
	} {
		if got := ValidServiceName(s); got != want {
			t.Errorf("ValidServiceName(%q) = %v, want %v", s, got, want)
		}
	}
}
