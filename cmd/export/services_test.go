package main

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// servicesLine is a line of a services file as a services(5) parser reads
// it: the comment stripped, the rest split on white space.
type servicesLine struct {
	no            int // line number
	name          string
	port          int
	proto         string
	aliases       []string
	text, comment string
}

type servicesFile struct {
	header string // the comment lines before the first entry
	lines  []servicesLine
}

var portProto = regexp.MustCompile(`^([0-9]+)/(tcp|udp|sctp|dccp)$`)

// parseServices reads a services file as glibc and netbase read one: a
// '#' starts a comment; the first field is the name, the second
// port/protocol, the rest aliases. A line with a name but no valid
// port/protocol fails the test.
func parseServices(t *testing.T, out string) servicesFile {
	t.Helper()
	var f servicesFile
	inHeader := true
	for i, raw := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		text, comment, _ := strings.Cut(raw, "#")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			if inHeader {
				f.header += raw + "\n"
			}
			continue
		}
		inHeader = false
		m := portProto.FindStringSubmatch(safeField(fields, 1))
		if m == nil {
			t.Errorf("line %d %q: no port/protocol", i+1, raw)
			continue
		}
		port, err := strconv.Atoi(m[1])
		if err != nil || port > 65535 {
			t.Errorf("line %d %q: port out of range", i+1, raw)
		}
		f.lines = append(f.lines, servicesLine{no: i + 1, name: fields[0], port: port, proto: m[2],
			aliases: fields[2:], text: raw, comment: comment})
	}
	return f
}

func safeField(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}

// headerCount reads a count from the header: the number before label.
func (f servicesFile) headerCount(t *testing.T, label string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^#\s+([0-9]+) ` + regexp.QuoteMeta(label)).FindStringSubmatch(f.header)
	if m == nil {
		t.Fatalf("header says nothing of %q:\n%s", label, f.header)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// records reads the header's count of the records read.
func (f servicesFile) records(t *testing.T) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^# Records: ([0-9]+);`).FindStringSubmatch(f.header)
	if m == nil {
		t.Fatalf("header does not count the records:\n%s", f.header)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// ianaRecord is a <record> of IANA's XML as iana-etc's update.py sees it
// with ElementTree: each child's text up to its first child element.
type ianaRecord struct {
	name, protocol, number, desc, note string
	hasName, hasProtocol, hasNumber    bool
}

// readIANAXML reads the records of an IANA XML file and its <updated>.
func readIANAXML(t *testing.T, path string) (string, []ianaRecord) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var (
		updated string
		recs    []ianaRecord
		rec     *ianaRecord
		depth   int    // depth inside the registry element
		field   string // the record's child being read
		textEnd bool   // the child's .text has ended (a child element began)
		text    strings.Builder
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 2 && tok.Name.Local == "updated":
				field, textEnd = "updated", false
				text.Reset()
			case depth == 2 && tok.Name.Local == "record":
				recs = append(recs, ianaRecord{})
				rec = &recs[len(recs)-1]
			case depth == 3 && rec != nil:
				field, textEnd = tok.Name.Local, false
				text.Reset()
			case depth > 3:
				textEnd = true
			}
		case xml.CharData:
			if field != "" && !textEnd {
				text.Write(tok)
			}
		case xml.EndElement:
			if field != "" && (depth == 3 || field == "updated" && depth == 2) {
				s := text.String()
				switch field {
				case "updated":
					updated = s
				case "name":
					rec.name, rec.hasName = s, true
				case "protocol":
					rec.protocol, rec.hasProtocol = s, true
				case "number":
					rec.number, rec.hasNumber = s, true
				case "description":
					rec.desc = s
				case "note":
					rec.note = s
				}
				field = ""
			}
			if depth == 2 && tok.Name.Local == "record" {
				rec = nil
			}
			depth--
		}
	}
	return updated, recs
}

// ianaEtcEntry is an entry of iana-etc's /etc/services.
type ianaEtcEntry struct {
	name, proto string
	port        int
	original    string // the record's name
	ranged      bool   // only a range gives it (its first port)
}

// ignored is update.py's IGNORE_PATTERN, applied with re.match: '.' does
// not match a line break, so only the description's first line counts.
var ignored = regexp.MustCompile(`(?i)unassigned|deprecated|reserved|historic`)

// ianaEtc follows iana-etc's update.py (Mic92/iana-etc): a record with a
// name, protocol and number, whose description does not say unassigned,
// deprecated, reserved or historic, gives the entry name (lower case, '_'
// as '-') number/protocol, number being the first of a range; repeats
// are dropped.
func ianaEtc(recs []ianaRecord) []ianaEtcEntry {
	var out []ianaEtcEntry
	seen := map[string]int{}
	for _, r := range recs {
		firstLine, _, _ := strings.Cut(r.desc, "\n")
		if ignored.MatchString(firstLine) || !r.hasName || !r.hasProtocol || !r.hasNumber {
			continue
		}
		num, _, ranged := strings.Cut(r.number, "-")
		port, err := strconv.Atoi(num)
		if err != nil {
			panic(fmt.Sprintf("update.py fails on the number %q", r.number))
		}
		e := ianaEtcEntry{strings.ReplaceAll(strings.ToLower(r.name), "_", "-"), strings.ToLower(r.protocol), port, r.name, ranged}
		key := fmt.Sprintf("%-16s %-10s", e.name, strconv.Itoa(port)+"/"+e.proto)
		if i, ok := seen[key]; ok {
			out[i].ranged = out[i].ranged && ranged
			continue
		}
		seen[key] = len(out)
		out = append(out, e)
	}
	return out
}

// foldName is how the comparison with iana-etc reads a name: case-insensitive,
// '_' as '-'.
func foldName(name string) string { return strings.ReplaceAll(strings.ToLower(name), "_", "-") }

var aliasNote = regexp.MustCompile(`This entry is an alias to "([^"]+)"`)

// TestServicesAgainstIanaEtc: /etc/services of a real snapshot holds every
// entry iana-etc's generator makes of the same XML (but those of ranges,
// which services(5) cannot hold, and names that are not service names,
// which break parsers); historic names stand as aliases of their
// well-formed names; every token outside the comments is a name of the
// registry; the header's counts agree with the XML.
func TestServicesAgainstIanaEtc(t *testing.T) {
	for _, date := range []string{"2026-08-17", "2024-04-30"} {
		t.Run(date, func(t *testing.T) {
			xmlPath := shareddata.File(t, "iana/xml/"+date+".xml")
			dbPath := importFiles(t, t.TempDir(), xmlPath)
			out := mustExport(t, "-db", dbPath, "-format", "services")
			if again := mustExport(t, "-db", dbPath, "-format", "services"); again != out {
				t.Errorf("two exports differ\n%s", firstDiff(again, out))
			}
			f := parseServices(t, out)
			updated, recs := readIANAXML(t, xmlPath)
			if updated != date {
				t.Fatalf("%s: <updated> %q", xmlPath, updated)
			}
			checkServicesFile(t, f, recs)

			if want := fmt.Sprintf("# Registry last updated %s; snapshot %s.xml (xml, complete).\n", date, date); !strings.Contains(f.header, want) {
				t.Errorf("header lacks %q:\n%s", want, f.header)
			}
			// The header's counts, against the XML.
			var noName, ranges, badNames int
			for _, r := range recs {
				switch {
				case r.name == "":
					noName++
				case strings.Contains(r.number, "-"):
					ranges++
				case r.number != "" && r.protocol != "" && !export.ValidServiceName(r.name):
					badNames++
				}
			}
			if got := f.records(t); got != len(recs) {
				t.Errorf("header: %d records; the XML holds %d", got, len(recs))
			}
			for label, want := range map[string]int{
				"records without a service name":   noName,
				"port ranges":                      ranges,
				"names that are not service names": badNames,
			} {
				if got := f.headerCount(t, label); got != want {
					t.Errorf("header: %d %s; the XML has %d", got, label, want)
				}
			}
			if got := f.headerCount(t, "records of other protocols"); got != 0 {
				t.Errorf("header: %d records of other protocols, without -protocols", got)
			}

			// iana-etc's entries.
			have := map[string]bool{}
			for _, l := range f.lines {
				for _, n := range append([]string{l.name}, l.aliases...) {
					have[fmt.Sprintf("%s %d/%s", foldName(n), l.port, l.proto)] = true
				}
			}
			var present, rangeOnly, notNames int
			for _, e := range ianaEtc(recs) {
				key := fmt.Sprintf("%s %d/%s", foldName(e.name), e.port, e.proto)
				switch {
				case have[key]:
					present++
				case e.ranged:
					rangeOnly++
				case !export.ValidServiceName(e.original):
					notNames++
				default:
					t.Errorf("iana-etc's entry %s (record %q) is missing", key, e.original)
				}
			}
			total := len(ianaEtc(recs))
			t.Logf("%s: iana-etc makes %d entries: %d present, %d of ranges left out, %d names that are not service names left out; the file: %d lines, %d bytes",
				date, total, present, rangeOnly, notNames, len(f.lines), len(out))
			if present+rangeOnly+notNames != total || rangeOnly == 0 || rangeOnly > ranges || notNames != badNames {
				t.Errorf("iana-etc's %d entries: %d present, %d of ranges (%d ranged records), %d not service names (%d records)",
					total, present, rangeOnly, ranges, notNames, badNames)
			}

			if !slices.ContainsFunc(f.lines, func(l servicesLine) bool { return l.name == "isakmp" && l.port == 500 && l.proto == "udp" }) {
				t.Errorf("no isakmp 500/udp")
			}
			for _, proto := range []string{"tcp", "udp"} {
				if !slices.ContainsFunc(f.lines, func(l servicesLine) bool {
					return l.name == "mdbs-daemon" && l.port == 800 && l.proto == proto && slices.Contains(l.aliases, "mdbs_daemon")
				}) {
					t.Errorf("no line mdbs-daemon 800/%s with the alias mdbs_daemon", proto)
				}
			}
		})
	}
}

// checkServicesFile checks a services file against the records it was
// made of: sorted lines, one per name, port and protocol; names and
// aliases that are names of the registry (or their lower-case forms);
// historic names only as aliases, of their well-formed names, on the
// lines of their records' ports.
func checkServicesFile(t *testing.T, f servicesFile, recs []ianaRecord) {
	t.Helper()
	if len(f.lines) == 0 {
		t.Fatal("no lines")
	}
	names := map[string]bool{}
	lower := map[string]bool{}
	historic := map[string]string{}
	for _, r := range recs {
		names[r.name] = true
		lower[strings.ToLower(r.name)] = true
		if m := aliasNote.FindStringSubmatch(r.note); m != nil {
			historic[r.name] = m[1]
		}
	}
	type key struct {
		name, proto string
		port        int
	}
	lines := map[key]servicesLine{}
	for i, l := range f.lines {
		if i > 0 {
			p := f.lines[i-1]
			if p.port > l.port || p.port == l.port && (p.proto > l.proto || p.proto == l.proto && p.name >= l.name) {
				t.Errorf("line %d %q is out of order after %q", l.no, l.text, p.text)
			}
		}
		if l.text != strings.TrimRight(l.text, " \t") {
			t.Errorf("line %d %q ends in white space", l.no, l.text)
		}
		if !names[l.name] || !export.ValidServiceName(l.name) {
			t.Errorf("line %d %q: %q is not a service name of the registry", l.no, l.text, l.name)
		}
		if _, ok := historic[l.name]; ok {
			t.Errorf("line %d %q: the historic name %s has a line of its own", l.no, l.text, l.name)
		}
		for j, a := range l.aliases {
			if !export.ValidServiceName(a) || !names[a] && !lower[a] {
				t.Errorf("line %d %q: alias %q is not a service name of the registry", l.no, l.text, a)
			}
			if a == l.name || slices.Contains(l.aliases[:j], a) {
				t.Errorf("line %d %q: alias %q repeats", l.no, l.text, a)
			}
		}
		lines[key{l.name, l.proto, l.port}] = l
	}
	if len(lines) != len(f.lines) {
		t.Errorf("%d lines, %d names, ports and protocols: a line repeats", len(f.lines), len(lines))
	}
	for _, r := range recs {
		wf, ok := historic[r.name]
		port, err := strconv.Atoi(r.number)
		if !ok || err != nil || r.protocol == "" {
			continue
		}
		l, ok := lines[key{wf, r.protocol, port}]
		if !ok || !slices.Contains(l.aliases, r.name) {
			t.Errorf("historic name %s (%s/%s): not an alias of %s on its line %q", r.name, r.number, r.protocol, wf, l.text)
		}
	}
}

// TestServicesOptions: -protocols keeps the lines of those protocols, and
// -max-name the names and aliases that fit; the lines they keep are those
// of the full file.
func TestServicesOptions(t *testing.T) {
	dbPath := importFiles(t, t.TempDir(), shareddata.File(t, "iana/xml/2026-08-17.xml"))
	full := parseServices(t, mustExport(t, "-db", dbPath, "-format", "services"))

	out := mustExport(t, "-db", dbPath, "-format", "services", "-protocols", "tcp,udp")
	tu := parseServices(t, out)
	var want []string
	other := 0
	for _, l := range full.lines {
		if l.proto == "tcp" || l.proto == "udp" {
			want = append(want, l.text)
		} else {
			other++
		}
	}
	if got := texts(tu.lines); !slices.Equal(got, want) {
		t.Errorf("-protocols tcp,udp: %d lines, want the %d tcp and udp lines of the full file", len(got), len(want))
	}
	if other == 0 || tu.headerCount(t, "records of other protocols") < other {
		t.Errorf("-protocols tcp,udp: %d sctp and dccp lines in the full file, header says %d records left out", other, tu.headerCount(t, "records of other protocols"))
	}
	if !strings.Contains(tu.header, "# Protocols: tcp, udp. Names: any length.\n") {
		t.Errorf("header does not give the options:\n%s", tu.header)
	}

	// The registry's names are of at most 15 characters (RFC 6335) but
	// for a few historic ones: -max-name 15 leaves out next to nothing,
	// and -max-name 8 much.
	for _, max := range []int{15, 8} {
		short := parseServices(t, mustExport(t, "-db", dbPath, "-format", "services", "-max-name", strconv.Itoa(max)))
		long := 0
		var want []string
		for _, l := range full.lines {
			if len(l.name) > max {
				long++
				continue
			}
			aliases := slices.DeleteFunc(slices.Clone(l.aliases), func(a string) bool { return len(a) > max })
			want = append(want, l.name+" "+strconv.Itoa(l.port)+"/"+l.proto+" "+strings.Join(aliases, " "))
		}
		var got []string
		for _, l := range short.lines {
			for _, n := range append([]string{l.name}, l.aliases...) {
				if len(n) > max {
					t.Errorf("-max-name %d: line %q holds %s", max, l.text, n)
				}
			}
			got = append(got, l.name+" "+strconv.Itoa(l.port)+"/"+l.proto+" "+strings.Join(l.aliases, " "))
		}
		if !slices.Equal(got, want) {
			t.Errorf("-max-name %d: %d lines, want the %d lines of the full file whose names fit", max, len(got), len(want))
		}
		if max < 15 && long == 0 || !strings.Contains(short.header, fmt.Sprintf("#   %d lines of names longer than the limit,", long)) {
			t.Errorf("-max-name %d: %d lines of the full file have longer names; header:\n%s", max, long, short.header)
		}
		if want := fmt.Sprintf("# Protocols: all. Names: at most %d characters.\n", max); !strings.Contains(short.header, want) {
			t.Errorf("-max-name %d: header lacks %q", max, want)
		}
		t.Logf("-max-name %d: %d lines left out", max, long)
	}

	both := parseServices(t, mustExport(t, "-db", dbPath, "-format", "services", "-max-name", "15", "-protocols", "UDP"))
	for _, l := range both.lines {
		if l.proto != "udp" || len(l.name) > 15 {
			t.Errorf("-max-name 15 -protocols UDP: line %q", l.text)
		}
	}
	if len(both.lines) == 0 {
		t.Error("-max-name 15 -protocols UDP: no lines")
	}
}

func texts(lines []servicesLine) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.text)
	}
	return out
}

// TestServicesSnapshot: -snapshot DATE picks the registry of that date;
// the file depends on the snapshot alone, not on what else the database
// holds.
func TestServicesSnapshot(t *testing.T) {
	older, newer := shareddata.File(t, "iana/xml/2024-04-30.xml"), shareddata.File(t, "iana/xml/2026-08-17.xml")
	both := importFiles(t, t.TempDir(), older, newer)
	alone := map[string]string{
		"2024-04-30": mustExport(t, "-db", importFiles(t, t.TempDir(), older), "-format", "services"),
		"2026-08-17": mustExport(t, "-db", importFiles(t, t.TempDir(), newer), "-format", "services"),
	}
	for _, c := range []struct{ snapshot, want string }{
		{"", "2026-08-17"},
		{"2026-08-17", "2026-08-17"},
		{"2026-01-01", "2024-04-30"}, // the newest on or before
		{"2024-04-30", "2024-04-30"},
	} {
		args := []string{"-db", both, "-format", "services"}
		if c.snapshot != "" {
			args = append(args, "-snapshot", c.snapshot)
		}
		got := mustExport(t, args...)
		if !strings.Contains(got, "# Registry last updated "+c.want+"; snapshot "+c.want+".xml (xml, complete).\n") {
			t.Errorf("-snapshot %q: header does not name %s", c.snapshot, c.want)
		}
		if got != alone[c.want] {
			t.Errorf("-snapshot %q: differs from the export of a database of %s alone\n%s", c.snapshot, c.want, firstDiff(got, alone[c.want]))
		}
	}
	if alone["2024-04-30"] == alone["2026-08-17"] {
		t.Error("the two snapshots give the same file")
	}
}

// TestServicesErrors: bad -protocols and -snapshot are errors naming them.
func TestServicesErrors(t *testing.T) {
	dbPath := importFiles(t, t.TempDir(), "../../testdata/mini.xml")
	for _, c := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"-protocols", "tcp,icmp"}, 2, `-protocols "tcp,icmp": "icmp" is not a protocol`},
		{[]string{"-protocols", "tcp,,udp"}, 2, `-protocols "tcp,,udp": "" is not a protocol`},
		{[]string{"-snapshot", "1999-01-01"}, 1, `snapshot "1999-01-01": not found`},
		{[]string{"-max-name", "-1"}, 2, "-max-name"},
		{[]string{"-table", "ports"}, 2, "-format services goes without -table"},
	} {
		code, out, errOut := runExport(t, append([]string{"-db", dbPath, "-format", "services"}, c.args...)...)
		if code != c.code || out != "" || !strings.Contains(errOut, c.stderr) {
			t.Errorf("export %q: exit %d, stdout %.80q, stderr %q; want exit %d, stderr containing %q", c.args, code, out, errOut, c.code, c.stderr)
		}
	}
}

// TestServicesGolden: the services file of the mini fixture.
func TestServicesGolden(t *testing.T) {
	dbPath := importFiles(t, t.TempDir(), "../../testdata/mini.xml")
	got := mustExport(t, "-db", dbPath, "-format", "services")
	path := filepath.Join("testdata", "mini.services.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("export differs from %s (run go test -update after checking the change)\n%s", path, firstDiff(got, string(want)))
	}
	_, recs := readIANAXML(t, "../../testdata/mini.xml")
	checkServicesFile(t, parseServices(t, got), recs)
}
