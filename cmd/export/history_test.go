package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ianaports/ianaports/internal/buildtest"
	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
	"github.com/ianaports/ianaports/internal/source"
)

// history holds the members of ../shared/iana/history.tar.zst, read once.
var history struct {
	once    sync.Once
	names   []string // in the archive's order, by date
	members map[string][]byte
	err     error
}

// historyMembers streams the archive and keeps the members whose base
// names keep says to keep (all of them: nil).
func historyMembers(t *testing.T) ([]string, map[string][]byte) {
	t.Helper()
	path := shareddata.File(t, "iana/history.tar.zst")
	history.once.Do(func() {
		history.members = map[string][]byte{}
		history.err = source.Walk(context.Background(), []string{path}, source.Options{}, func(in source.Input) error {
			if in.Err != nil {
				return in.Err
			}
			history.names = append(history.names, in.Name)
			history.members[in.Name] = in.Data
			return nil
		})
	})
	if history.err != nil {
		t.Fatal(history.err)
	}
	if len(history.names) != 379 {
		t.Fatalf("%s holds %d snapshots, want 379", path, len(history.names))
	}
	return history.names, history.members
}

// memberDate is the registry date a member's name carries.
func memberDate(name string) string {
	return strings.TrimSuffix(filepath.Base(name), ".xml")
}

// importInOrder imports members into a new database, in the order given.
func importInOrder(t *testing.T, path string, names []string, members map[string][]byte) {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, n := range names {
		if _, err := d.Import(context.Background(), members[n], db.ImportOptions{Source: n}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestWholeHistory imports the 379 official snapshots with the import
// command, from the archive itself, and checks that the registry as of
// several dates is the registry of a database holding that snapshot alone,
// and that a date between two snapshots gives the earlier one.
func TestWholeHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 379 snapshots")
	}
	names, members := historyMembers(t)
	bin := buildtest.Binary(t, "../import")
	dir := t.TempDir()
	full := filepath.Join(dir, "history.db")
	out, err := exec.Command(bin, "-quiet", "-strict", "-db", full, shareddata.File(t, "iana/history.tar.zst")).CombinedOutput()
	if err != nil {
		t.Fatalf("import the archive: %v\n%s", err, out)
	}
	if len(out) != 0 {
		t.Errorf("the archive's import said: %s", head(string(out), 5))
	}
	if n := count(t, full, "SELECT count(*) FROM snapshots"); n != 379 {
		t.Fatalf("%d snapshots stored, want 379", n)
	}
	for _, i := range []int{0, 1, 100, 189, 250, 377, 378} {
		name := names[i]
		date := memberDate(name)
		t.Run(date, func(t *testing.T) {
			one := filepath.Join(t.TempDir(), "one.db")
			importInOrder(t, one, []string{name}, members)
			want := mustExport(t, "-db", one, "-format", "csv", "-layout", "iana")
			if got := mustExport(t, "-db", full, "-format", "csv", "-snapshot", date); got != want {
				t.Errorf("as of %s the history gives another registry than the snapshot alone:\n%s", date, firstDiff(got, want))
			}
			if got := mustExport(t, "-db", full, "-format", "json", "-snapshot", date); got != mustExport(t, "-db", one, "-format", "json", "-layout", "iana") {
				t.Errorf("as of %s the JSON differs", date)
			}
		})
	}
	// A date between two snapshots: the registry stood as the earlier one
	// left it.
	a, b := memberDate(names[200]), memberDate(names[201])
	between := dayAfter(t, a)
	if between >= b {
		t.Fatalf("no day between %s and %s", a, b)
	}
	if got, want := mustExport(t, "-db", full, "-format", "csv", "-snapshot", between), mustExport(t, "-db", full, "-format", "csv", "-snapshot", a); got != want {
		t.Errorf("as of %s (between %s and %s) the registry is not that of %s", between, a, b, a)
	}
	if code, _, errOut := runExport(t, "-db", full, "-format", "csv", "-snapshot", "2017-03-09"); code != 1 || !strings.Contains(errOut, "no snapshot on or before") {
		t.Errorf("before the first snapshot: exit %d, %s", code, errOut)
	}
}

func dayAfter(t *testing.T, date string) string {
	t.Helper()
	days := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	var y, m, d int
	if _, err := fmt.Sscanf(date, "%d-%d-%d", &y, &m, &d); err != nil {
		t.Fatal(err)
	}
	if y%4 == 0 {
		days[1] = 29
	}
	d++
	if d > days[m-1] {
		d, m = 1, m+1
	}
	if m > 12 {
		m, y = 1, y+1
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// TestImportOrderDoesNotMatter imports 40 snapshots of the history in
// date order and in a shuffled order (most of them put in among others),
// and compares every export byte for byte.
func TestImportOrderDoesNotMatter(t *testing.T) {
	names, members := historyMembers(t)
	var picked []string
	for i := 0; i < len(names); i += len(names) / 40 {
		picked = append(picked, names[i])
	}
	shuffled := append([]string(nil), picked...)
	rand.New(rand.NewPCG(7, 11)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	dir := t.TempDir()
	inOrder, reordered := filepath.Join(dir, "in-order.db"), filepath.Join(dir, "shuffled.db")
	importInOrder(t, inOrder, picked, members)
	importInOrder(t, reordered, shuffled, members)
	for _, args := range [][]string{
		{"-format", "json"},
		{"-format", "sql"},
		{"-format", "ndjson"},
		{"-format", "csv", "-table", "port_spans"},
		{"-format", "csv", "-snapshot", memberDate(picked[len(picked)/2])},
	} {
		a := mustExport(t, append([]string{"-db", inOrder}, args...)...)
		b := mustExport(t, append([]string{"-db", reordered}, args...)...)
		if a != b {
			t.Errorf("export %q differs between the two orders:\n%s", args, firstDiff(b, a))
		}
	}
	// Compact: the spans are few, not one row per snapshot and record.
	spans, records := count(t, inOrder, "SELECT count(*) FROM port_spans"), count(t, inOrder, "SELECT count(*) FROM ports")
	if spans > records*3/2 {
		t.Errorf("%d spans for %d records over %d snapshots", spans, records, len(picked))
	}
}

// TestDiffCountsMatch: export -diff between two snapshots finds the
// records added, removed and changed that a comparison of the two XML
// documents, parsed here, finds.
func TestDiffCountsMatch(t *testing.T) {
	names, members := historyMembers(t)
	from, to := names[150], names[200]
	dbPath := filepath.Join(t.TempDir(), "diff.db")
	importInOrder(t, dbPath, []string{from, names[170], to}, members)
	code, out, errOut := runExport(t, "-db", dbPath, "-format", "csv", "-diff", memberDate(from)+".."+memberDate(to))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]bool{}
	for _, r := range rows[1:] {
		if got[r[0]] == nil {
			got[r[0]] = map[string]bool{}
		}
		got[r[0]][strings.Join(r[1:4], "|")] = true
	}
	// Independently: key each document's records by name, port number
	// and protocol, and compare the rest of their cells.
	cells := func(name string) map[string][]string {
		doc, _, _, err := normalize.ReadDocument(name, members[name], "xml")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]string{} // key -> each record's folded cells
		for _, r := range doc.Records {
			c := r.Cells()
			k := strings.Join(c[:3], "|")
			m[k] = append(m[k], strings.Join(foldAll(c), "\x00"))
		}
		return m
	}
	a, b := cells(from), cells(to)
	want := map[string]map[string]bool{"added": {}, "removed": {}, "changed": {}}
	for _, k := range append(keys(setOf(a)), keys(setOf(b))...) {
		// Records of one key that both hold are unchanged; of the rest,
		// pairs changed and the others were added or removed.
		left := map[string]int{}
		for _, c := range a[k] {
			left[c]++
		}
		na, nb := len(a[k]), 0
		for _, c := range b[k] {
			if left[c] > 0 {
				left[c]--
				na--
				continue
			}
			nb++
		}
		switch {
		case na > 0 && nb > 0:
			want["changed"][k] = true
		}
		if nb > na {
			want["added"][k] = true
		}
		if na > nb {
			want["removed"][k] = true
		}
	}
	for _, kind := range []string{"added", "removed", "changed"} {
		if len(want[kind]) == 0 {
			t.Fatalf("no records %s between %s and %s: the test would prove nothing", kind, from, to)
		}
		if g, w := keys(got[kind]), keys(want[kind]); strings.Join(g, "\n") != strings.Join(w, "\n") {
			t.Errorf("%s: diff finds %d records, the documents %d:\n%s", kind, len(g), len(w), firstDiff(strings.Join(g, "\n"), strings.Join(w, "\n")))
		}
	}
	summary := "records added, "
	if !strings.Contains(errOut, summary) {
		t.Errorf("no summary on standard error: %q", errOut)
	}
	t.Logf("%s", strings.TrimSpace(errOut))
}

// foldAll folds white space in each cell, as a record's identity does.
func foldAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = normalize.Clean(c)
	}
	return out
}

func setOf(m map[string][]string) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// count runs a query that gives one number on the database at path.
func count(t *testing.T, path, query string) int {
	t.Helper()
	d, err := db.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func head(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
