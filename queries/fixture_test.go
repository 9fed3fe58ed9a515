package queries

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ianaports/ianaports/internal/buildtest"
	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
	"github.com/ianaports/ianaports/internal/source"
)

// The tests run the curated queries on a database of real snapshots and
// check each answer against one computed another way: from the snapshots
// themselves, parsed in Go (package normalize), never from the database.
//
// The database holds the official XML snapshots of iana/xml, every 13th of
// the 379 of history.tar.zst (30, 2017-03-10 to 2026-08-11), IANA's CSV of
// 2024-04-30 (a second rendering of a date the XML stands for), IANA's CSV
// of 2025-04-07 given the date 2025-05-01 (a date only a CSV stands for,
// out of the chain's order: the CSVs come before every XML in it), and a
// seed excerpt (which no query must take for the registry).

const (
	historyArchive = "iana/history.tar.zst"
	historyEvery   = 13           // which members of the archive: every 13th
	csvOnlyDate    = "2025-05-01" // the date given to IANA's CSV of 2025-04-07
)

// historyPorts are the ports whose history the records keep whole cells
// of, for port_history.sql: 443 (https), 45185 (assigned in 2025 out of an
// Unassigned range), 3283 (renamed in 2025).
var historyPorts = []int{443, 45185, 3283}

// rec is what the tests keep of a record of a snapshot.
type rec struct {
	low, high      int
	valid, rng     bool
	protocol, name string
	hash           [32]byte
	registered     string
	cells          []string // IANA's 12 cells; kept for records covering a historyPorts port
	// Kept for the newest snapshot: the description and unauthorized use
	// as rendered (the rendition's), the description as the identity
	// says it, the persons.
	description, unauthorized, idDescription string
	assignees, contacts                      []string
}

// key is the record's key for change tracking: port number (or range),
// protocol, service name.
func (r *rec) key() string {
	return fmt.Sprintf("%t %d %d %s %s", r.valid, r.low, r.high, r.protocol, r.name)
}

// portNumber renders the port as the queries do from a key (low, high):
// a range of one port as one number.
func (r *rec) portNumber() string {
	switch {
	case !r.valid:
		return ""
	case r.low == r.high:
		return strconv.Itoa(r.low)
	}
	return fmt.Sprintf("%d-%d", r.low, r.high)
}

// portString renders the port as IANA does: a range written as one
// ("4748-4748") stays one.
func (r *rec) portString() string {
	return normalize.Ports{Low: r.low, High: r.high, Valid: r.valid, Range: r.rng}.String()
}

// snap is what the tests keep of an imported snapshot.
type snap struct {
	source, date, kind string
	format             string
	records            []rec
	persons            int
	names              map[string][2]string // newest only: person id -> name, organization
	aliasText          []aliasText          // records that state aliases
}

type aliasText struct{ name, text string }

// fixture is the database and what was imported into it.
type fixture struct {
	path     string
	snaps    []*snap // in import order
	standing []*snap // the complete snapshot standing for each date, by date
	newest   *snap
	err      error
	skip     string
}

var (
	fixOnce sync.Once
	fix     fixture
	tmpDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	os.Exit(code)
}

// input is a document to import, with the date to give it (CSV).
type input struct {
	name, date string
	data       []byte
}

// getFixture builds the database once per test binary and returns it;
// without the shared data the test is skipped (failed where CI=true).
func getFixture(t *testing.T) *fixture {
	t.Helper()
	archive := shareddata.File(t, historyArchive)
	xmlDir := shareddata.File(t, "iana/xml")
	csv2024 := shareddata.File(t, "iana/csv/2024-04-30.csv")
	csv2025 := shareddata.File(t, "iana/csv/2025-04-07.csv")
	seed := shareddata.File(t, "seeds/002_55200195d673dac1.txt")
	fixOnce.Do(func() {
		start := time.Now()
		fix.err = build(archive, xmlDir, csv2024, csv2025, seed)
		if fix.err == nil {
			fmt.Fprintf(os.Stderr, "queries: test database of %d snapshots (%d standing) built in %v\n",
				len(fix.snaps), len(fix.standing), time.Since(start).Round(time.Millisecond))
		}
	})
	if fix.err != nil {
		t.Fatalf("build the test database: %v", fix.err)
	}
	return &fix
}

func build(archive, xmlDir, csv2024, csv2025, seed string) error {
	ctx := context.Background()
	var inputs []input
	i := 0
	err := source.Walk(ctx, []string{archive, xmlDir}, source.Options{}, func(in source.Input) error {
		if in.Err != nil {
			return in.Err
		}
		if strings.Contains(in.Name, ".tar.zst:") {
			i++
			if (i-1)%historyEvery != 0 {
				return nil
			}
		}
		inputs = append(inputs, input{name: in.Name, data: in.Data})
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range []struct{ path, date string }{{csv2024, ""}, {csv2025, csvOnlyDate}, {seed, ""}} {
		data, err := os.ReadFile(f.path)
		if err != nil {
			return err
		}
		inputs = append(inputs, input{name: f.path, date: f.date, data: data})
	}
	if i != 379 {
		return fmt.Errorf("%s holds %d members, want 379", historyArchive, i)
	}

	// Parse in the background while the database imports.
	parsed := make([]*snap, len(inputs))
	perrs := make([]error, len(inputs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < max(1, runtime.GOMAXPROCS(0)-1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				parsed[k], perrs[k] = parse(inputs[k])
			}
		}()
	}
	go func() {
		for k := range inputs {
			next <- k
		}
		close(next)
	}()

	if tmpDir, err = os.MkdirTemp("", "ianaports-queries-"); err != nil {
		return err
	}
	fix.path = filepath.Join(tmpDir, "history.db")
	d, err := db.Open(ctx, fix.path)
	if err != nil {
		return err
	}
	defer d.Close()
	results := make([]db.ImportResult, len(inputs))
	for k, in := range inputs {
		res, err := d.Import(ctx, in.data, db.ImportOptions{Source: path.Base(in.name), Date: in.date})
		if err != nil {
			return err
		}
		if res.Already {
			return fmt.Errorf("%s: imported twice", in.name)
		}
		results[k] = res
	}
	wg.Wait()
	if err := errors.Join(perrs...); err != nil {
		return err
	}
	for k, s := range parsed {
		if in := inputs[k]; in.date != "" {
			s.date = in.date
		}
		s.format = results[k].Format
		if s.kind != results[k].Kind || len(s.records) != results[k].Records ||
			(s.kind == normalize.KindComplete && s.date != results[k].Date) {
			return fmt.Errorf("%s: parsed as %s %s of %d records, imported as %s %s of %d",
				inputs[k].name, s.date, s.kind, len(s.records), results[k].Date, results[k].Kind, results[k].Records)
		}
	}
	fix.snaps = parsed

	// The standing snapshot of each date: a complete one, XML before CSV.
	byDate := map[string]*snap{}
	for _, s := range parsed {
		if s.kind != normalize.KindComplete {
			continue
		}
		if o := byDate[s.date]; o == nil || s.format == "xml" {
			byDate[s.date] = s
		}
	}
	for _, s := range byDate {
		fix.standing = append(fix.standing, s)
	}
	slices.SortFunc(fix.standing, func(a, b *snap) int { return strings.Compare(a.date, b.date) })
	fix.newest = fix.standing[len(fix.standing)-1]
	if fix.newest.names == nil {
		return fmt.Errorf("the newest snapshot, %s, is not an XML one", fix.newest.source)
	}
	return nil
}

// parse reads one input into what the tests keep of it.
func parse(in input) (*snap, error) {
	doc, _, _, err := normalize.ReadDocument(in.name, in.data, "auto")
	if err != nil {
		return nil, err
	}
	s := &snap{source: path.Base(in.name), date: doc.Header.Date, kind: doc.Header.Kind, persons: len(doc.Persons)}
	if s.date == "" {
		// A CSV: its name says its date.
		s.date = strings.TrimSuffix(path.Base(in.name), path.Ext(in.name))
	}
	newest := strings.HasSuffix(in.name, "2026-08-17.xml")
	if newest {
		s.names = map[string][2]string{}
		for _, p := range doc.Persons {
			name, _ := normalize.RepairMojibake(p.Name)
			org, _ := normalize.RepairMojibake(p.Org)
			s.names[p.ID] = [2]string{name, org}
		}
	}
	for _, r := range doc.Records {
		id := r.Identity()
		k := rec{
			low: id.Port.Low, high: id.Port.High, valid: id.Port.Valid, rng: id.Port.Range,
			protocol: id.Protocol, name: id.Name, hash: id.Hash(), registered: id.Registered,
		}
		for _, p := range historyPorts {
			if k.valid && k.low <= p && p <= k.high {
				k.cells = id.Cells()
			}
		}
		if newest {
			k.description, k.unauthorized, k.idDescription = r.Description, r.Unauthorized, id.Description
			k.assignees, k.contacts = id.Assignees, id.Contacts
		}
		if strings.Contains(id.Notes, "alias to") || strings.Contains(id.Description+id.Notes, "replacement for") {
			s.aliasText = append(s.aliasText, aliasText{id.Name, id.Description + " " + id.Notes})
		}
		s.records = append(s.records, k)
	}
	return s, nil
}

// null stands for SQL NULL in the rows the tests compare.
const null = "\x00NULL"

// table is a query's result: column names and rows of values as text
// (integers in decimal, NULL as null).
type table struct {
	cols []string
	rows [][]string
}

// run runs the query text both ways, with the sqlite3 shell and with
// db.Query (read-only), checks that they agree, and returns the result.
func (f *fixture) run(t *testing.T, name, text string) table {
	t.Helper()
	start := time.Now()
	cli := f.runCLI(t, name, text)
	cliTime := time.Since(start)
	start = time.Now()
	got := f.runQuery(t, name, text)
	t.Logf("%s: %d rows; sqlite3 %v, db.Query %v", name, len(got.rows),
		cliTime.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	if len(cli.rows) > 0 && !slices.Equal(cli.cols, got.cols) {
		t.Errorf("%s: sqlite3 gives columns %q, db.Query %q", name, cli.cols, got.cols)
	}
	if len(cli.rows) != len(got.rows) {
		t.Fatalf("%s: sqlite3 gives %d rows, db.Query %d", name, len(cli.rows), len(got.rows))
	}
	for i := range got.rows {
		if !slices.Equal(cli.rows[i], got.rows[i]) {
			t.Fatalf("%s: row %d: sqlite3 gives %q, db.Query %q", name, i+1, cli.rows[i], got.rows[i])
		}
	}
	return got
}

// runCLI runs the query with the sqlite3 shell, as its comment says to,
// in JSON mode, which keeps NULL apart from the empty string, and the
// columns in order.
func (f *fixture) runCLI(t *testing.T, name, text string) table {
	t.Helper()
	cli := buildtest.Tool(t, "sqlite3", "apt-get install sqlite3")
	cmd := exec.Command(cli, "-bail", "-batch", "-json", "-readonly", f.path)
	cmd.Stdin = strings.NewReader(text)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("sqlite3 < %s: %v\n%s", name, err, stderr.Bytes())
	}
	tab, err := parseJSONRows(out)
	if err != nil {
		t.Fatalf("sqlite3 < %s: %v\n%s", name, err, head(string(out), 5))
	}
	return tab
}

// parseJSONRows reads the sqlite3 shell's JSON mode: an array of objects,
// one per row, keys in column order; nothing at all for no rows.
func parseJSONRows(out []byte) (table, error) {
	var tab table
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if tok, err := dec.Token(); err == io.EOF {
		return tab, nil
	} else if err != nil || tok != json.Delim('[') {
		return tab, fmt.Errorf("want [, found %v (%v)", tok, err)
	}
	for dec.More() {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return tab, fmt.Errorf("want {, found %v (%v)", tok, err)
		}
		var cols, row []string
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return tab, err
			}
			v, err := dec.Token()
			if err != nil {
				return tab, err
			}
			cols = append(cols, k.(string))
			switch v := v.(type) {
			case nil:
				row = append(row, null)
			case json.Number:
				row = append(row, v.String())
			case string:
				row = append(row, v)
			default:
				return tab, fmt.Errorf("value %v of type %T", v, v)
			}
		}
		if _, err := dec.Token(); err != nil {
			return tab, err
		}
		if tab.cols == nil {
			tab.cols = cols
		}
		tab.rows = append(tab.rows, row)
	}
	return tab, nil
}

// runQuery runs the query with db.Query on the database opened read-only.
func (f *fixture) runQuery(t *testing.T, name, text string) table {
	t.Helper()
	ctx := context.Background()
	d, err := db.OpenReadOnly(ctx, f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var tab table
	err = d.Query(ctx, text, func(c []string) error { tab.cols = slices.Clone(c); return nil },
		func(r []any) error {
			row := make([]string, len(r))
			for i, v := range r {
				switch v := v.(type) {
				case nil:
					row[i] = null
				case int64:
					row[i] = strconv.FormatInt(v, 10)
				case string:
					row[i] = v
				case []byte:
					row[i] = string(v)
				default:
					return fmt.Errorf("column %s: value %v of type %T", tab.cols[i], v, v)
				}
			}
			tab.rows = append(tab.rows, row)
			return nil
		})
	if err != nil {
		t.Fatalf("db.Query(%s): %v", name, err)
	}
	return tab
}

// query returns the text of a curated query.
func query(t *testing.T, name string) string {
	t.Helper()
	b, err := FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// withParams returns text with its params CTE's values replaced.
func withParams(t *testing.T, text, old, new string) string {
	t.Helper()
	if strings.Count(text, old) != 1 {
		t.Fatalf("the query does not hold %q once", old)
	}
	return strings.Replace(text, old, new, 1)
}

// column returns the index of the column named name.
func (tab table) column(t *testing.T, name string) int {
	t.Helper()
	i := slices.Index(tab.cols, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, tab.cols)
	}
	return i
}

// project returns the rows' values of the columns named, NULL as "".
func (tab table) project(t *testing.T, names ...string) [][]string {
	t.Helper()
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = tab.column(t, n)
	}
	out := make([][]string, len(tab.rows))
	for r, row := range tab.rows {
		out[r] = make([]string, len(idx))
		for i, c := range idx {
			if v := row[c]; v != null {
				out[r][i] = v
			}
		}
	}
	return out
}

// sameRows compares rows in order, reporting the first few differences.
func sameRows(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range min(len(got), len(want)) {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("%s: row %d is %q, want %q", what, i+1, got[i], want[i])
			if bad++; bad == 5 {
				break
			}
		}
	}
	if len(got) != len(want) {
		for _, r := range diffRows(got, want) {
			t.Errorf("%s: %s", what, r)
			if bad++; bad == 10 {
				break
			}
		}
	}
}

// sameRowSet compares rows as multisets.
func sameRowSet(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	sort := func(rows [][]string) [][]string {
		rows = slices.Clone(rows)
		slices.SortFunc(rows, slices.Compare)
		return rows
	}
	sameRows(t, what, sort(got), sort(want))
}

// diffRows lists the rows one side has more of than the other.
func diffRows(got, want [][]string) []string {
	n := map[string]int{}
	for _, r := range got {
		n[strings.Join(r, "|")]++
	}
	for _, r := range want {
		n[strings.Join(r, "|")]--
	}
	var out []string
	for k, v := range n {
		switch {
		case v > 0:
			out = append(out, fmt.Sprintf("extra row %q", k))
		case v < 0:
			out = append(out, fmt.Sprintf("missing row %q", k))
		}
	}
	slices.Sort(out)
	return out
}

func head(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

func itoa(n int) string { return strconv.Itoa(n) }
