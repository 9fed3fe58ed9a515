package queries

import (
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/normalize"
)

// check compares a query's result with what the snapshots, parsed in Go,
// say it must be.
type check func(t *testing.T, f *fixture, got table)

// queryTest is a curated query's test: the file (with its params edited,
// where the name says so) and its check.
type queryTest struct {
	name, file string
	params     [2]string // old and new text of the params CTE's values
	check      check
}

var queryTests = []queryTest{
	{name: "changes_per_year", file: "changes_per_year.sql", check: checkChangesPerYear},
	{name: "assignments_per_year", file: "assignments_per_year.sql", check: checkAssignmentsPerYear},
	{name: "service_changes", file: "service_changes.sql", check: checkServiceChanges},
	{name: "free_ranges any", file: "free_ranges.sql", check: checkFreeRanges("any")},
	{name: "free_ranges every protocol", file: "free_ranges.sql", check: checkFreeRanges("tcp", "udp", "sctp", "dccp", "any"),
		params: [2]string{"VALUES ('any')", "VALUES ('tcp'), ('udp'), ('sctp'), ('dccp'), ('any')"}},
	{name: "top_contacts", file: "top_contacts.sql", check: checkTopContacts},
	{name: "multi_protocol_services", file: "multi_protocol_services.sql", check: checkMultiProtocol},
	{name: "similar_names", file: "similar_names.sql", check: checkSimilarNames},
	{name: "port_history 443", file: "port_history.sql", check: checkPortHistory(443)},
	{name: "port_history 45185", file: "port_history.sql", check: checkPortHistory(45185),
		params: [2]string{"VALUES (443)", "VALUES (45185)"}},
	{name: "port_history 3283", file: "port_history.sql", check: checkPortHistory(3283),
		params: [2]string{"VALUES (443)", "VALUES (3283)"}},
	{name: "snapshots", file: "snapshots.sql", check: checkSnapshots},
	{name: "changes_since_previous", file: "changes_since_previous.sql", check: checkChangesSincePrevious},
	{name: "well_known_ports", file: "well_known_ports.sql", check: checkWellKnownPorts},
	{name: "etc_services", file: "etc_services.sql", check: checkEtcServices},
	{name: "unauthorized_use", file: "unauthorized_use.sql", check: checkUnauthorizedUse},
	{name: "aliases", file: "aliases.sql", check: checkAliases},
}

// TestQueries runs every curated query with the sqlite3 shell and with
// db.Query on the real snapshots, and checks its answer.
func TestQueries(t *testing.T) {
	f := getFixture(t)
	for _, tt := range queryTests {
		t.Run(tt.name, func(t *testing.T) {
			text := query(t, tt.file)
			if tt.params[0] != "" {
				text = withParams(t, text, tt.params[0], tt.params[1])
			}
			got := f.run(t, tt.file, text)
			if len(got.rows) == 0 {
				t.Fatalf("%s gives no rows", tt.file)
			}
			tt.check(t, f, got)
		})
	}
}

// Every query has a test, starts with a comment saying how to run it, and
// stays away from the views that order every snapshot's records
// (snapshot_ports, snapshot_registry, registry, snapshot_contacts): on a
// database of the whole history they take seconds.
func TestQueriesAreTestedDocumentedAndFast(t *testing.T) {
	files, err := fs.Glob(FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 14 {
		t.Fatalf("only %d queries: %v", len(files), files)
	}
	slow := regexp.MustCompile(`\b(snapshot_ports|snapshot_registry|registry|snapshot_contacts|snapshot_contact_details)\b`)
	comment := regexp.MustCompile(`--[^\n]*`)
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			if !slices.ContainsFunc(queryTests, func(q queryTest) bool { return q.file == name }) {
				t.Errorf("no test for %s: add one to queryTests", name)
			}
			text := query(t, name)
			for _, want := range []string{
				"-- Run: sqlite3 -",
				"ianaports.db < queries/" + name,
				"export -db ianaports.db -query queries/" + name + " -format csv",
			} {
				if !strings.HasPrefix(text, "--") || !strings.Contains(text, want) {
					t.Errorf("%s does not start with a comment saying %q", name, want)
				}
			}
			if m := slow.FindString(comment.ReplaceAllString(text, "")); m != "" {
				t.Errorf("%s reads %s, which orders every snapshot's records", name, m)
			}
		})
	}
}

// keyed groups a snapshot's records by key, each key with the set of its
// records' identities; named keeps only the keys with a service name.
func keyed(s *snap, named bool) map[string]map[[32]byte]bool {
	m := map[string]map[[32]byte]bool{}
	for i := range s.records {
		r := &s.records[i]
		if named && r.name == "" {
			continue
		}
		if m[r.key()] == nil {
			m[r.key()] = map[[32]byte]bool{}
		}
		m[r.key()][r.hash] = true
	}
	return m
}

// yearCounts are the changes between consecutive standing snapshots,
// summed per year of the later one.
type yearCounts struct{ snapshots, added, removed, changed int }

func changesPerYear(f *fixture, named bool) (map[string]*yearCounts, yearCounts) {
	per := map[string]*yearCounts{}
	var total yearCounts
	prev := keyed(f.standing[0], named)
	for _, s := range f.standing[1:] {
		cur := keyed(s, named)
		y := s.date[:4]
		if per[y] == nil {
			per[y] = &yearCounts{}
		}
		c := per[y]
		c.snapshots++
		for k, hs := range cur {
			switch old, ok := prev[k]; {
			case !ok:
				c.added++
				total.added++
			case !maps.Equal(old, hs):
				c.changed++
				total.changed++
			}
		}
		for k := range prev {
			if _, ok := cur[k]; !ok {
				c.removed++
				total.removed++
			}
		}
		total.snapshots++
		prev = cur
	}
	return per, total
}

func checkChangesPerYear(t *testing.T, f *fixture, got table) {
	per, total := changesPerYear(f, false)
	if total.added == 0 || total.removed == 0 || total.changed == 0 || len(per) < 10 {
		t.Fatalf("the snapshots show too little to test: %+v over %d years", total, len(per))
	}
	var want [][]string
	for _, y := range slices.Sorted(maps.Keys(per)) {
		c := per[y]
		want = append(want, []string{y, itoa(c.snapshots), itoa(c.added), itoa(c.removed), itoa(c.changed)})
	}
	sameRows(t, "changes_per_year", got.project(t, "year", "snapshots", "added", "removed", "changed"), want)
}

func checkAssignmentsPerYear(t *testing.T, f *fixture, got table) {
	per, total := changesPerYear(f, true)
	if total.added == 0 || total.removed == 0 {
		t.Fatalf("the snapshots show too little to test: %+v", total)
	}
	registered := map[string]int{}
	for _, r := range f.newest.records {
		if r.name != "" && r.registered != "" {
			registered[r.registered[:4]]++
		}
	}
	years := slices.Sorted(maps.Keys(registered))
	for y := range per {
		if registered[y] == 0 {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	var want [][]string
	for _, y := range years {
		row := []string{y, "", "", "", itoa(registered[y])}
		if c := per[y]; c != nil {
			row[1], row[2], row[3] = itoa(c.snapshots), itoa(c.added), itoa(c.removed)
		}
		want = append(want, row)
	}
	sameRows(t, "assignments_per_year", got.project(t, "year", "snapshots", "assigned", "deassigned", "registered"), want)
}

func checkServiceChanges(t *testing.T, f *fixture, got table) {
	type port struct {
		low, high int
		protocol  string
	}
	var want [][]string
	for i := 1; i < len(f.standing); i++ {
		a, b := f.standing[i-1], f.standing[i]
		names := func(s *snap) map[port]map[string]bool {
			m := map[port]map[string]bool{}
			for _, r := range s.records {
				if r.valid && r.name != "" {
					p := port{r.low, r.high, r.protocol}
					if m[p] == nil {
						m[p] = map[string]bool{}
					}
					m[p][r.name] = true
				}
			}
			return m
		}
		before, after := names(a), names(b)
		var rows [][]string
		for p := range after {
			var gone, came []string
			for n := range before[p] {
				if !after[p][n] {
					gone = append(gone, n)
				}
			}
			for n := range after[p] {
				if !before[p][n] {
					came = append(came, n)
				}
			}
			if len(gone) == 0 || len(came) == 0 {
				continue
			}
			slices.Sort(gone)
			slices.Sort(came)
			r := rec{low: p.low, high: p.high, valid: true}
			rows = append(rows, []string{r.portNumber(), p.protocol, strings.Join(gone, ", "), strings.Join(came, ", "), b.date, a.date,
				fmt.Sprintf("%05d %05d", p.low, p.high)})
		}
		slices.SortFunc(rows, func(x, y []string) int {
			return strings.Compare(x[6]+" "+x[1], y[6]+" "+y[1])
		})
		for _, r := range rows {
			want = append(want, r[:6])
		}
	}
	if len(want) < 10 {
		t.Fatalf("only %d changes of name in the snapshots: too few to test", len(want))
	}
	sameRows(t, "service_changes", got.project(t, "port_number", "transport_protocol", "old_name", "new_name", "date", "previous_date"), want)
}

// checkFreeRanges checks the free ranges for the protocols params asks
// for (the query gives them in alphabetical order).
func checkFreeRanges(protocols ...string) check {
	return func(t *testing.T, f *fixture, got table) {
		freeRanges(t, f, got, slices.Sorted(slices.Values(protocols)))
	}
}

func freeRanges(t *testing.T, f *fixture, got table, protocols []string) {
	var want [][]string
	for _, p := range protocols {
		var held [65536]bool
		for _, r := range f.newest.records {
			if !r.valid || strings.EqualFold(r.idDescription, "unassigned") {
				continue
			}
			if p == "any" || r.protocol == "" || r.protocol == p {
				for port := r.low; port <= r.high; port++ {
					held[port] = true
				}
			}
		}
		free := 0
		for lo := 0; lo < len(held); {
			if held[lo] {
				lo++
				continue
			}
			hi := lo
			for hi+1 < len(held) && !held[hi+1] {
				hi++
			}
			want = append(want, []string{p, itoa(lo), itoa(hi), itoa(hi - lo + 1)})
			free += hi - lo + 1
			lo = hi + 1
		}
		if free == 0 || free == len(held) {
			t.Errorf("%s: %d free ports: nothing to test", p, free)
		}
	}
	sameRows(t, "free_ranges", got.project(t, "protocol", "port_low", "port_high", "size"), want)
}

func checkTopContacts(t *testing.T, f *fixture, got table) {
	type person struct {
		records, assignee, contact map[[32]byte]bool
		services                   map[string]bool
	}
	persons := map[string]*person{}
	get := func(id string) *person {
		if persons[id] == nil {
			persons[id] = &person{map[[32]byte]bool{}, map[[32]byte]bool{}, map[[32]byte]bool{}, map[string]bool{}}
		}
		return persons[id]
	}
	for _, r := range f.newest.records {
		for role, ids := range map[string][]string{"assignee": r.assignees, "contact": r.contacts} {
			for _, id := range ids {
				p := get(id)
				p.records[r.hash] = true
				if role == "assignee" {
					p.assignee[r.hash] = true
				} else {
					p.contact[r.hash] = true
				}
				if r.name != "" {
					p.services[r.name] = true
				}
			}
		}
	}
	ids := slices.SortedFunc(maps.Keys(persons), func(a, b string) int {
		if d := len(persons[b].records) - len(persons[a].records); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	var want [][]string
	for _, id := range ids[:25] {
		p := persons[id]
		want = append(want, []string{id, itoa(len(p.records)), itoa(len(p.assignee)), itoa(len(p.contact)), itoa(len(p.services))})
	}
	if len(persons[ids[0]].records) < 50 {
		t.Fatalf("the top person holds %d records: too few to test", len(persons[ids[0]].records))
	}
	sameRows(t, "top_contacts", got.project(t, "contact", "records", "as_assignee", "as_contact", "services"), want)
	// The details, for those the newest snapshot describes.
	described := 0
	for _, row := range got.project(t, "contact", "name", "organization") {
		if d, ok := f.newest.names[row[0]]; ok {
			described++
			if row[1] != d[0] || row[2] != d[1] {
				t.Errorf("%s: name %q, organization %q; the newest snapshot says %q, %q", row[0], row[1], row[2], d[0], d[1])
			}
		}
	}
	if described == 0 {
		t.Error("the newest snapshot describes none of the top persons")
	}
}

func checkMultiProtocol(t *testing.T, f *fixture, got table) {
	type portNum struct {
		low int
		s   string
	}
	protocols := map[string]map[string]bool{}
	ports := map[string][]portNum{}
	for _, r := range f.newest.records {
		if r.name == "" || r.protocol == "" {
			continue
		}
		if protocols[r.name] == nil {
			protocols[r.name] = map[string]bool{}
		}
		protocols[r.name][r.protocol] = true
		if p := (portNum{r.low, r.portString()}); r.valid && !slices.Contains(ports[r.name], p) {
			ports[r.name] = append(ports[r.name], p)
		}
	}
	var want [][]string
	for name, ps := range protocols {
		if len(ps) < 2 {
			continue
		}
		pn := ports[name]
		slices.SortFunc(pn, func(a, b portNum) int {
			if a.low != b.low {
				return a.low - b.low
			}
			return strings.Compare(a.s, b.s)
		})
		var list []string
		for _, p := range pn {
			list = append(list, p.s)
		}
		want = append(want, []string{name, itoa(len(ps)), strings.Join(slices.Sorted(maps.Keys(ps)), ","), strings.Join(list, ",")})
	}
	slices.SortFunc(want, func(a, b []string) int {
		if a[1] != b[1] {
			return strings.Compare(b[1], a[1]) // one digit
		}
		return strings.Compare(a[0], b[0])
	})
	if len(want) < 1000 || want[0][1] < "3" {
		t.Fatalf("%d services on several protocols: too few to test", len(want))
	}
	sameRows(t, "multi_protocol_services", got.project(t, "service_name", "protocol_count", "protocols", "ports"), want)
}

func checkSimilarNames(t *testing.T, f *fixture, got table) {
	fold := func(s string) string {
		b := []byte(strings.NewReplacer("-", "", "_", "").Replace(s))
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	names := map[string]map[string]bool{}
	records := map[string]int{}
	for _, r := range f.newest.records {
		if r.name == "" {
			continue
		}
		k := fold(r.name)
		if names[k] == nil {
			names[k] = map[string]bool{}
		}
		names[k][r.name] = true
		records[k]++
	}
	var want [][]string
	for k, ns := range names {
		if len(ns) > 1 {
			want = append(want, []string{k, itoa(len(ns)), strings.Join(slices.Sorted(maps.Keys(ns)), ", "), itoa(records[k])})
		}
	}
	slices.SortFunc(want, func(a, b []string) int {
		if a[1] != b[1] {
			return strings.Compare(b[1], a[1]) // one digit
		}
		return strings.Compare(a[0], b[0])
	})
	cased := slices.ContainsFunc(want, func(r []string) bool { return strings.ToLower(r[2]) != r[2] })
	if len(want) < 20 || !cased {
		t.Fatalf("%d groups of similar names (one differing in case: %t): too few to test", len(want), cased)
	}
	sameRows(t, "similar_names", got.project(t, "folded", "name_count", "names", "records"), want)
}

func checkPortHistory(port int) check {
	return func(t *testing.T, f *fixture, got table) {
		held := map[[32]byte][]int{} // standing snapshots holding each version
		cells := map[[32]byte][]string{}
		for i, s := range f.standing {
			for _, r := range s.records {
				if r.valid && r.low <= port && port <= r.high {
					if n := len(held[r.hash]); n == 0 || held[r.hash][n-1] != i {
						held[r.hash] = append(held[r.hash], i)
					}
					cells[r.hash] = r.cells
				}
			}
		}
		var want [][]string
		for h, ks := range held {
			for start := 0; start < len(ks); {
				end := start
				for end+1 < len(ks) && ks[end+1] == ks[end]+1 {
					end++
				}
				to := ""
				if last := ks[end]; last+1 < len(f.standing) {
					to = f.standing[last+1].date
				}
				row := append([]string{f.standing[ks[start]].date, to}, cells[h]...)
				want = append(want, append(row, itoa(int(normalize.RecordID(h)))))
				start = end + 1
			}
		}
		protocols := map[string]bool{}
		for _, r := range want {
			protocols[r[4]] = true
		}
		if len(want) < 3 || len(held) < 3 {
			t.Fatalf("port %d: %d versions in %d stretches: too few to test", port, len(held), len(want))
		}
		sameRowSet(t, fmt.Sprintf("port_history %d", port), got.project(t, "stood_from", "stood_to",
			"service_name", "port_number", "transport_protocol", "description", "assignee", "contact",
			"registration_date", "modification_date", "reference", "service_code",
			"unauthorized_use_reported", "assignment_notes", "port_id"), want)
	}
}

func checkSnapshots(t *testing.T, f *fixture, got table) {
	var want [][]string
	for _, s := range f.snaps {
		date := s.date
		if s.kind != normalize.KindComplete {
			date = "" // an excerpt's date is not compared: it may come from its records
		}
		want = append(want, []string{date, s.format, s.kind, s.source, itoa(len(s.records))})
	}
	rows := got.project(t, "registry_date", "format", "kind", "source", "record_count")
	for i, s := range rows {
		if s[2] != normalize.KindComplete {
			rows[i][0] = ""
		}
	}
	sameRowSet(t, "snapshots", rows, want)
	// The newest complete first, the excerpts last; the persons of each
	// XML snapshot's people section.
	first := got.project(t, "recency", "registry_date", "format")[0]
	if want := []string{"1", f.newest.date, "xml"}; !slices.Equal(first, want) {
		t.Errorf("first row %q, want %q", first, want)
	}
	if last := rows[len(rows)-1]; last[2] != normalize.KindExcerpt {
		t.Errorf("last row %q, want the excerpt", last)
	}
	people := map[string]string{}
	for _, r := range got.project(t, "source", "people") {
		people[r[0]] = r[1]
	}
	n := 0
	for _, s := range f.snaps {
		if s.format == "xml" {
			n++
			if people[s.source] != itoa(s.persons) {
				t.Errorf("%s: %s people, its people section lists %d", s.source, people[s.source], s.persons)
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d XML snapshots", n)
	}
}

func checkChangesSincePrevious(t *testing.T, f *fixture, got table) {
	newer, older := f.standing[len(f.standing)-1], f.standing[len(f.standing)-2]
	in := func(s *snap) map[[32]byte]bool {
		m := map[[32]byte]bool{}
		for _, r := range s.records {
			m[r.hash] = true
		}
		return m
	}
	inNew, inOld := in(newer), in(older)
	var want [][]string
	for _, c := range []struct {
		change string
		s      *snap
		other  map[[32]byte]bool
	}{{"added", newer, inOld}, {"removed", older, inNew}} {
		for _, r := range c.s.records {
			if !c.other[r.hash] {
				want = append(want, []string{c.change, r.name, r.portString(), r.protocol})
			}
		}
	}
	if len(want) == 0 {
		t.Fatalf("%s and %s hold the same records: nothing to test", older.date, newer.date)
	}
	sameRowSet(t, "changes_since_previous", got.project(t, "change", "service_name", "port_number", "transport_protocol"), want)
}

func checkWellKnownPorts(t *testing.T, f *fixture, got table) {
	var want [][]string
	for _, r := range f.newest.records {
		if r.valid && r.low <= 1023 && r.name != "" {
			want = append(want, []string{r.portString(), r.protocol, r.name, r.description})
		}
	}
	if len(want) < 1000 {
		t.Fatalf("%d system ports: too few", len(want))
	}
	sameRowSet(t, "well_known_ports", got.project(t, "port_number", "transport_protocol", "service_name", "description"), want)
}

func checkEtcServices(t *testing.T, f *fixture, got table) {
	type key struct {
		port     int
		protocol string
	}
	first := map[key]string{}
	var keys []key
	oneLine := strings.NewReplacer("\r", " ", "\n", " ")
	for _, r := range f.newest.records {
		k := key{r.low, r.protocol}
		if !r.valid || r.low != r.high || r.name == "" || r.protocol == "" {
			continue
		}
		if _, ok := first[k]; !ok {
			keys = append(keys, k)
			first[k] = fmt.Sprintf("%-15s %5d/%-4s # %s", r.name, r.low, r.protocol, oneLine.Replace(r.description))
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.port != b.port {
			return a.port - b.port
		}
		return strings.Compare(a.protocol, b.protocol)
	})
	var want [][]string
	for _, k := range keys {
		want = append(want, []string{first[k]})
	}
	if len(want) < 10000 {
		t.Fatalf("%d lines: too few", len(want))
	}
	sameRows(t, "etc_services", got.project(t, "line"), want)
}

func checkUnauthorizedUse(t *testing.T, f *fixture, got table) {
	var want [][]string
	for _, r := range f.newest.records {
		if r.unauthorized != "" {
			want = append(want, []string{r.portString(), r.protocol, r.name, r.unauthorized})
		}
	}
	if len(want) < 50 {
		t.Fatalf("%d records with unauthorized use: too few", len(want))
	}
	sameRowSet(t, "unauthorized_use", got.project(t, "port_number", "transport_protocol", "service_name", "unauthorized_use_reported"), want)
}

// checkAliases holds every pair to what the records say, in their own
// words: the historic name's record says it is an alias to the
// well-formed name, or the well-formed name's record names the historic
// one, in quotes. Every alias the newest snapshot's notes state is there,
// with the ports of the newest snapshot's records of the well-formed name.
func checkAliases(t *testing.T, f *fixture, got table) {
	rows := got.project(t, "historic", "well_formed", "ports")
	pairs := map[[2]string]string{}
	for _, r := range rows {
		pairs[[2]string{r[0], r[1]}] = r[2]
	}
	for _, r := range rows {
		historic, wellFormed := r[0], r[1]
		stated := false
		for _, s := range f.snaps {
			for _, a := range s.aliasText {
				if (a.name == historic && strings.Contains(a.text, `alias to "`+wellFormed+`"`)) ||
					(a.name == wellFormed && strings.Contains(a.text, `"`+historic+`"`)) {
					stated = true
				}
			}
		}
		if !stated {
			t.Errorf("%s -> %s: no record says so", historic, wellFormed)
		}
		var ports []string
		for _, rec := range f.newest.records {
			if rec.name == wellFormed && rec.valid && !slices.Contains(ports, rec.portString()) {
				ports = append(ports, rec.portString())
			}
		}
		if want := strings.Join(ports, ","); r[2] != want {
			t.Errorf("%s -> %s: ports %q, want %q", historic, wellFormed, r[2], want)
		}
	}
	n := 0
	for _, a := range f.newest.aliasText {
		const cue = `This entry is an alias to "`
		i := strings.Index(a.text, cue)
		if i < 0 {
			continue
		}
		wellFormed, _, _ := strings.Cut(a.text[i+len(cue):], `"`)
		n++
		if _, ok := pairs[[2]string{a.name, wellFormed}]; !ok {
			t.Errorf("the newest snapshot says %s is an alias to %s; the query does not", a.name, wellFormed)
		}
	}
	if n < 20 {
		t.Fatalf("the newest snapshot states %d aliases: too few to test", n)
	}
}
