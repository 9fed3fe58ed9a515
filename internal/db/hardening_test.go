package db

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// registryXML writes a registry of n records dated date: services svc1 to
// svcN on ports 1 to N, each with a contact, and the contacts' people
// section; person says what it says of the first person.
func registryXML(date string, n int, person string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<?xml version='1.0' encoding='UTF-8'?>\n<registry xmlns=%q id=%q>\n  <updated>%s</updated>\n",
		normalize.Namespace, normalize.RegistryID, date)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  <record date=\"2001-01-%02d\">\n    <name>svc%d</name>\n    <protocol>tcp</protocol>\n    <description>Service %d</description>\n    <xref type=\"person\" data=\"P%d\"/>\n    <number>%d</number>\n  </record>\n",
			i%28+1, i, i, i%7, i)
	}
	b.WriteString("  <people>\n")
	for i := 0; i < 7; i++ {
		name := fmt.Sprintf("Person %d", i)
		if i == 0 && person != "" {
			name = person
		}
		fmt.Fprintf(&b, "    <person id=\"P%d\">\n      <name>%s</name>\n      <uri>mailto:p%d&amp;example.org</uri>\n    </person>\n", i, name, i)
	}
	b.WriteString("  </people>\n</registry>\n")
	return []byte(b.String())
}

// fileSum is the SHA-256 of a file, to show it untouched.
func fileSum(tb testing.TB, path string) [32]byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return sha256.Sum256(data)
}

// Each of these was taken for a snapshot of the registry, and then shown
// by the registry view for good. Each is refused, the database unchanged.
func TestWrongDocumentsRefused(t *testing.T) {
	good := registryXML("2026-01-15", 20, "")
	deep := strings.Replace(string(good), "<people>", strings.Repeat("<x>", 100000)+strings.Repeat("</x>", 100000)+"<people>", 1)
	csv := "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n" +
		"echo,7,tcp,Echo,[Jon_Postel],[Jon_Postel],,,[RFC862],,,\n"
	cases := []struct {
		name, source string
		data         []byte
		date         string
		want         error
		contains     string
	}{
		{"another of IANA's registries", "protocol-numbers.xml", bytes.Replace(good, []byte(normalize.RegistryID), []byte("protocol-numbers"), 1), "", normalize.ErrHeader, `found "protocol-numbers"`},
		{"no records", "empty.xml", []byte(strings.Join(strings.SplitAfter(string(registryXML("2026-01-16", 0, "")), "\n")[:3], "") + "</registry>\n"), "", normalize.ErrEmpty, "at least one record"},
		{"updated not a date", "nodate.xml", bytes.Replace(good, []byte("2026-01-15"), []byte("not-a-date"), 1), "", normalize.ErrField, `"not-a-date"`},
		{"updated no calendar date", "baddate.xml", bytes.Replace(good, []byte("2026-01-15"), []byte("2026-13-45"), 1), "", normalize.ErrField, "2026-13-45"},
		{"100k-deep nest", "deep.xml", []byte(deep), "", normalize.ErrTooLarge, "nested at most 32 deep"},
		{"date flag no calendar date", "ports.csv", []byte(csv), "2026-13-45", nil, `"2026-13-45": want a calendar date`},
		{"surrogate reference", "surrogate.xml", bytes.Replace(good, []byte("Service 3<"), []byte("Service &#xD800;<"), 1), "", normalize.ErrSyntax, "&#xD800;"},
	}
	d := openTemp(t)
	mustImport(t, d, good, "good.xml")
	before := contents(t, d)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := d.Import(context.Background(), c.data, ImportOptions{Source: c.source, Date: c.date})
			if err == nil {
				t.Fatal("imported")
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("error %q is not %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.contains) || !strings.HasPrefix(err.Error(), c.source+":") && c.date == "" {
				t.Errorf("error %q does not name %s and say %q", err, c.source, c.contains)
			}
			if len(err.Error()) > 400 {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
			if after := contents(t, d); after != before {
				t.Error("the refused document changed the database")
			}
		})
	}
	// A file name's date that is no date is passed over, with a word.
	var warnings []string
	res, err := d.Import(context.Background(), []byte(csv), ImportOptions{Source: "ports-2026-02-30.csv", Force: true,
		Warn: func(w *normalize.ParseError) { warnings = append(warnings, w.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Date == "2026-02-30" || res.DateSource == "file-name" || len(warnings) == 0 || !strings.Contains(strings.Join(warnings, "\n"), "2026-02-30 is no calendar date") {
		t.Errorf("dated %s from %s, warnings %q", res.Date, res.DateSource, warnings)
	}
}

// A complete snapshot that lost a tenth of the records of the one before
// it is refused, with both counts, unless forced; within a tenth, or an
// excerpt, or older than every complete snapshot, it is imported.
func TestTruncatedDownloadGuard(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	mustImport(t, d, registryXML("2026-01-01", 100, ""), "2026-01-01.xml")
	before := contents(t, d)

	_, err := d.Import(ctx, registryXML("2026-02-01", 89, ""), ImportOptions{Source: "2026-02-01.xml"})
	if !errors.Is(err, ErrShrunk) || !strings.Contains(err.Error(), "too few records: 89, ") || !strings.Contains(err.Error(), "has 100") || !strings.Contains(err.Error(), "-force") {
		t.Fatalf("import of 89 after 100 = %v, want ErrShrunk with both counts", err)
	}
	if contents(t, d) != before {
		t.Error("the refused snapshot changed the database")
	}
	// The same day's CSV, cut short, is measured against the XML.
	cut := "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n" +
		"svc1,1,tcp,Service 1,[P1],[P1],2001-01-02,,,,,\n"
	if _, err := d.Import(ctx, []byte(cut), ImportOptions{Source: "ports.csv", Date: "2026-01-01"}); !errors.Is(err, ErrShrunk) {
		t.Errorf("a one-row CSV of the same day = %v, want ErrShrunk", err)
	}

	var warned []string
	res, err := d.Import(ctx, registryXML("2026-02-01", 89, ""), ImportOptions{Source: "2026-02-01.xml", Force: true,
		Warn: func(w *normalize.ParseError) { warned = append(warned, w.Error()) }})
	if err != nil || res.Records != 89 || len(warned) != 1 || !strings.Contains(warned[0], "-force") {
		t.Errorf("forced import = %+v, %v, warnings %q", res, err, warned)
	}
	mustImport(t, d, registryXML("2026-03-01", 81, ""), "2026-03-01.xml") // 81 of 89: within a tenth
	mustImport(t, d, registryXML("2025-01-01", 10, ""), "2025-01-01.xml") // older than all: nothing before it
	page := pageText(t, "2026-04-01", 3)
	if res := mustImport(t, d, page, "copy.txt"); res.Kind != normalize.KindExcerpt {
		t.Errorf("the copy is %s", res.Kind)
	}
}

// pageText renders n records of registryXML as page text copied from a
// browser.
func pageText(tb testing.TB, date string, n int) []byte {
	tb.Helper()
	doc, _, _, err := normalize.ReadDocument("gen.xml", registryXML(date, n, ""), "xml")
	if err != nil {
		tb.Fatal(err)
	}
	f, _ := normalize.LookupFormat(normalize.FormatPageText)
	var buf bytes.Buffer
	if err := f.Render(&buf, doc); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// Removing the snapshots imported last gives back the database as it was
// before them, byte for byte; importing them again gives the database as
// it was with them.
func TestRemoveRestoresTheDatabase(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	first := mustImport(t, d, readMini(t), "mini.xml")
	mustImport(t, d, registryXML("2026-01-01", 50, "Person Zero"), "a.xml")
	withA := contents(t, d)

	// b changes the description of P0, drops records, adds others, and an
	// alias; c is a CSV of b's day (no people, the same records).
	b := registryXML("2026-02-01", 48, "Person Zero, renamed")
	b = bytes.Replace(b, []byte("<name>svc7</name>"), []byte("<name>svc7-new</name>"), 1)
	b = bytes.Replace(b, []byte("<description>Service 9</description>"),
		[]byte("<description>Service 9</description>\n    <note>This entry is an alias to \"svc10\".</note>"), 1)
	rb := mustImport(t, d, b, "b.xml")
	doc, _, _, err := normalize.ReadDocument("b.xml", b, "xml")
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	cw := stdcsv.NewWriter(&csv)
	cw.Write(normalize.Columns)
	for _, r := range doc.Records {
		cw.Write(r.Cells())
	}
	cw.Flush()
	rc := mustImport(t, d, csv.Bytes(), "b-2026-02-01.csv")
	withBC := contents(t, d)
	if n := count(t, d, "SELECT count(*) FROM aliases WHERE well_formed = 'svc10'"); n != 1 {
		t.Fatalf("b's alias not stored")
	}
	if name := d.contactName(t, "P0"); name != "Person Zero, renamed" {
		t.Fatalf("P0 is %q after b", name)
	}

	if _, err := d.Remove(ctx, "2026-02-01"); !errors.Is(err, ErrAmbiguous) || !strings.Contains(err.Error(), "b.xml") {
		t.Errorf("removing by a date of two snapshots = %v, want ErrAmbiguous naming them", err)
	}
	for _, id := range []string{fmt.Sprint(rc.SnapshotID), fmt.Sprint(rb.SnapshotID)} {
		res, err := d.Remove(ctx, id)
		if err != nil {
			t.Fatalf("remove %s: %v", id, err)
		}
		if err := d.Check(ctx); err != nil {
			t.Fatal(err)
		}
		t.Logf("remove %s: %+v", id, res)
	}
	if got := contents(t, d); got != withA {
		t.Errorf("after removing b and its CSV the database differs from before them:\n%s", firstLineDiff(got, withA))
	}
	if name := d.contactName(t, "P0"); name != "Person Zero" {
		t.Errorf("P0 is %q after the removal, want a's Person Zero", name)
	}
	mustImport(t, d, b, "b.xml")
	mustImport(t, d, csv.Bytes(), "b-2026-02-01.csv")
	if got := contents(t, d); got != withBC {
		t.Errorf("importing b again gives another database:\n%s", firstLineDiff(got, withBC))
	}

	// Removing the first snapshot keeps what the others need.
	if _, err := d.Remove(ctx, fmt.Sprint(first.SnapshotID)); err != nil {
		t.Fatal(err)
	}
	if err := d.Check(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{rb.SnapshotID, rc.SnapshotID} {
		if n := count(t, d, "SELECT count(*) FROM snapshot_registry WHERE snapshot_id = ?", id); n != 48 {
			t.Errorf("snapshot %d has %d records after removing the first snapshot, want 48", id, n)
		}
	}
	if n := count(t, d, "SELECT count(*) FROM ports WHERE id NOT IN (SELECT port_id FROM snapshot_ports)"); n != 0 {
		t.Errorf("%d records that no snapshot holds", n)
	}
	if _, err := d.Remove(ctx, fmt.Sprint(first.SnapshotID)); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing it again = %v, want ErrNotFound", err)
	}
	if _, err := d.Remove(ctx, "May 5"); err == nil || !strings.Contains(err.Error(), "want a snapshot id or a registry date") {
		t.Errorf("removing %q = %v", "May 5", err)
	}
}

func (d *DB) contactName(tb testing.TB, id string) string {
	tb.Helper()
	var name sql.NullString
	if err := d.QueryRow("SELECT name FROM contacts WHERE id = ?", id).Scan(&name); err != nil {
		tb.Fatal(err)
	}
	return name.String
}

// firstLineDiff shows the first line where two dumps differ.
func firstLineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < min(len(g), len(w)); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got: %.300s\nwant: %.300s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// On the real registry: two days of XML and a CSV, the last two removed,
// give back the first day's database byte for byte.
func TestRemoveRestoresRealSnapshots(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	mustImport(t, d, shareddata.Read(t, "iana/xml/2025-04-07.xml"), "2025-04-07.xml")
	first := contents(t, d)
	mustImport(t, d, shareddata.Read(t, "iana/xml/2026-08-17.xml"), "2026-08-17.xml")
	mustImport(t, d, shareddata.Read(t, "iana/csv/2024-04-30.csv"), "2024-04-30.csv")
	for _, sel := range []string{"2026-08-17", "2024-04-30"} {
		if _, err := d.Remove(ctx, sel); err != nil {
			t.Fatalf("remove %s: %v", sel, err)
		}
	}
	if got := contents(t, d); got != first {
		t.Errorf("the database differs from the first day's alone:\n%s", firstLineDiff(got, first))
	}
}

// A snapshot that settled what another could not decide stays until the
// other goes: without it, the other would have been read otherwise.
func TestRemoveRefusesWhatOthersDependOn(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	x := mustImport(t, d, shareddata.Read(t, "iana/xml/2026-08-17.xml"), "2026-08-17.xml")
	seeds, _ := filepath.Glob(filepath.Join(shareddata.File(t, "seeds"), "000_*.txt"))
	if len(seeds) != 1 {
		t.Fatalf("seed 000 not found in %s", shareddata.Dir())
	}
	data, err := os.ReadFile(seeds[0])
	if err != nil {
		t.Fatal(err)
	}
	res := mustImport(t, d, data, "000.txt")
	if res.Resolved == 0 {
		t.Skip("the seed had nothing the XML settled")
	}
	before := contents(t, d)
	_, err = d.Remove(ctx, fmt.Sprint(x.SnapshotID))
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), fmt.Sprintf("of snapshot %d (000.txt)", res.SnapshotID)) {
		t.Fatalf("remove = %v, want ErrInUse naming snapshot %d", err, res.SnapshotID)
	}
	if contents(t, d) != before {
		t.Error("the refused removal changed the database")
	}
	if _, err := d.Remove(ctx, fmt.Sprint(res.SnapshotID)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Remove(ctx, fmt.Sprint(x.SnapshotID)); err != nil {
		t.Fatal(err)
	}
	if n := count(t, d, "SELECT (SELECT count(*) FROM ports) + (SELECT count(*) FROM contacts) + (SELECT count(*) FROM services) + (SELECT count(*) FROM aliases) + (SELECT count(*) FROM contact_details)"); n != 0 {
		t.Errorf("%d rows left in an empty database", n)
	}
}

// A SQLite file that is not an ianaports database, or one of a newer
// schema, is refused and left exactly as it was.
func TestOtherDatabasesRefusedUntouched(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	make := func(name string, stmts ...string) string {
		path := filepath.Join(dir, name)
		sdb, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer sdb.Close()
		for _, s := range stmts {
			if _, err := sdb.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		return path
	}
	newer := filepath.Join(dir, "newer.db")
	d, err := Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	mustImport(t, d, readMini(t), "mini.xml")
	if _, err := d.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (99, 1)"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte("not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path string
		want       error
		contains   string
	}{
		{"another program's", make("app.db", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO users VALUES (1, 'ann')"), ErrForeign, "other tables (users) and no goose_db_version"},
		{"another goose program's", make("goose.db", "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY, version_id INTEGER, is_applied INTEGER, tstamp TIMESTAMP)",
			"INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1), (7, 1)", "CREATE TABLE orders (id INTEGER)"), ErrForeign, "another program's goose migrations"},
		{"a newer ianaports'", newer, ErrNewer, "version 99, this program knows up to"},
		{"a text file", text, ErrForeign, "not a SQLite database file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sum := fileSum(t, c.path)
			for _, open := range []func(context.Context, string) (*DB, error){Open, OpenReadOnly} {
				d, err := open(ctx, c.path)
				if err == nil {
					d.Close()
					t.Fatal("opened")
				}
				if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.contains) || !strings.Contains(err.Error(), c.path) {
					t.Errorf("error %q, want %v naming the file and saying %q", err, c.want, c.contains)
				}
			}
			if fileSum(t, c.path) != sum {
				t.Error("the file was changed")
			}
		})
	}
}

// A failure of the database itself is the database's, not the input's:
// here SQLite refuses every write (query_only), as for a read-only file.
func TestDatabaseFaultNamesTheDatabase(t *testing.T) {
	d := openTemp(t)
	if _, err := d.Exec("PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	_, err := d.Import(context.Background(), readMini(t), ImportOptions{Source: "in/2026-08-17.xml"})
	var dbErr *DatabaseError
	if !errors.As(err, &dbErr) || !strings.HasPrefix(err.Error(), "database "+d.Path+": ") || strings.Contains(err.Error(), "2026-08-17.xml") {
		t.Errorf("error %q, want one about the database %s, not the input", err, d.Path)
	}
}

// An interrupted import says which input it was, and stored nothing.
func TestInterruptedImportNamesItsInput(t *testing.T) {
	d := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	mini := bytes.Replace(readMini(t), []byte("<record>"), []byte("<record colour=\"red\">"), 1)
	_, err := d.Import(ctx, mini, ImportOptions{Source: "in/mini.xml", Warn: func(*normalize.ParseError) { cancel() }})
	if !errors.Is(err, ErrInterrupted) || !strings.HasPrefix(err.Error(), "in/mini.xml: import interrupted, nothing of it stored") {
		t.Errorf("error %q", err)
	}
	if n := count(t, d, "SELECT count(*) FROM snapshots"); n != 0 {
		t.Errorf("%d snapshots stored", n)
	}
}
