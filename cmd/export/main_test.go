package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/buildtest"
	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// importFiles builds a database from the given inputs, as `import` does.
func importFiles(t *testing.T, dir string, inputs ...string) string {
	t.Helper()
	path := filepath.Join(dir, "test.db")
	importInto(t, path, db.ImportOptions{}, inputs...)
	return path
}

// importInto imports inputs into the database at path, in the order
// given, with opt (Source set to each input's path), and checks the
// database after.
func importInto(t *testing.T, path string, opt db.ImportOptions, inputs ...string) {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, in := range inputs {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		opt.Source = in
		if _, err := d.Import(context.Background(), data, opt); err != nil {
			t.Fatalf("import %s: %v", in, err)
		}
	}
	if err := d.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// export runs the command in-process and returns its exit code, output
// and error output.
func runExport(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func mustExport(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := runExport(t, args...)
	if code != 0 {
		t.Fatalf("export %q: exit %d: %s", args, code, errOut)
	}
	return out
}

func TestGolden(t *testing.T) {
	dbPath := importFiles(t, t.TempDir(), "../../testdata/mini.xml")
	cases := []struct {
		golden string
		args   []string
	}{
		{"mini-iana.csv", []string{"-format", "csv", "-layout", "iana"}},
		{"mini-iana.json", []string{"-format", "json", "-layout", "iana"}},
		{"mini-iana.ndjson", []string{"-format", "ndjson", "-layout", "iana", "-snapshot", "2026-01-15"}},
		{"mini-ports.csv", []string{"-format", "csv", "-table", "ports"}},
		{"mini-contacts.ndjson", []string{"-format", "ndjson", "-table", "contacts"}},
		{"mini.json", []string{"-format", "json"}},
		{"mini.ndjson", []string{"-format", "ndjson"}},
		{"mini.sql", []string{"-format", "sql"}},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			got := mustExport(t, append([]string{"-db", dbPath}, c.args...)...)
			path := filepath.Join("testdata", c.golden+".golden")
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
				t.Errorf("export %q differs from %s (run go test -update after checking the change)\n%s", c.args, path, firstDiff(got, string(want)))
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}

// TestXMLExportsAsIANAsCSV checks the fidelity the project promises: the
// CSV export of IANA's XML of 2025-04-07 is byte for byte IANA's own CSV
// of that day, and that CSV imported and exported gives itself back.
func TestXMLExportsAsIANAsCSV(t *testing.T) {
	xmlPath := shareddata.File(t, "iana/xml/2025-04-07.xml")
	csvPath := shareddata.File(t, "iana/csv/2025-04-07.csv")
	want, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{xmlPath, csvPath} {
		t.Run(filepath.Ext(in)[1:], func(t *testing.T) {
			dbPath := importFiles(t, t.TempDir(), in)
			got := mustExport(t, "-db", dbPath, "-format", "csv", "-layout", "iana")
			if got != string(want) {
				t.Errorf("export of %s differs from IANA's CSV\n%s", in, firstDiff(got, string(want)))
			}
		})
	}
}

// IANA's older CSV style comes back as it came: CR LF ending the rows,
// bare LF inside cells, white space as IANA left it.
func TestOlderCSVRoundTrips(t *testing.T) {
	csvPath := shareddata.File(t, "iana/csv/2024-04-30.csv")
	want, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	dbPath := importFiles(t, t.TempDir(), shareddata.File(t, "iana/xml/2024-04-30.xml"), csvPath)
	got := mustExport(t, "-db", dbPath, "-format", "csv", "-layout", "iana", "-snapshot", snapshotOf(t, dbPath, "csv"))
	if got != string(want) {
		t.Errorf("export of %s differs from the file\n%s", csvPath, firstDiff(got, string(want)))
	}
}

// TestOlderCSVMatchesXML: IANA's older CSV (CRLF, white space folded) of
// 2024-04-30 holds the same records as the XML of that day.
func TestOlderCSVMatchesXML(t *testing.T) {
	dbPath := importFiles(t, t.TempDir(),
		shareddata.File(t, "iana/xml/2024-04-30.xml"),
		shareddata.File(t, "iana/csv/2024-04-30.csv"))
	fromXML := mustExport(t, "-db", dbPath, "-format", "ndjson", "-layout", "iana", "-snapshot", snapshotOf(t, dbPath, "xml"))
	fromCSV := mustExport(t, "-db", dbPath, "-format", "ndjson", "-layout", "iana", "-snapshot", snapshotOf(t, dbPath, "csv"))
	x, c := strings.Split(fromXML, "\n"), strings.Split(fromCSV, "\n")
	if len(x) != len(c) || len(x) < 14000 {
		t.Fatalf("XML gives %d records, CSV %d", len(x), len(c))
	}
	differ := 0
	for i := range x {
		if folded(t, x[i]) != folded(t, c[i]) {
			if differ++; differ <= 3 {
				t.Errorf("record %d differs:\n xml: %s\n csv: %s", i+1, x[i], c[i])
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d records differ", differ, len(x))
	}
}

// folded decodes an NDJSON line of the IANA layout and folds the white
// space of every cell, as IANA's older CSV did.
func folded(t *testing.T, line string) string {
	t.Helper()
	if line == "" {
		return ""
	}
	var cells map[string]string
	if err := json.Unmarshal([]byte(line), &cells); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, col := range normalize.Columns {
		b.WriteString(normalize.Fold(cells[col]) + "\x00")
	}
	return b.String()
}

func sqlite3(t *testing.T) string {
	t.Helper()
	return buildtest.Tool(t, "sqlite3", "apt-get install sqlite3")
}

// TestSQLDumpLoadsInSqlite3 loads the dump with the real sqlite3 shell into
// an empty file and checks that the restored database exports the same.
func TestSQLDumpLoadsInSqlite3(t *testing.T) {
	cli := sqlite3(t)
	inputs := []string{"../../testdata/mini.xml"}
	if testing.Short() {
		t.Log("-short: the dump of the mini fixture only")
	} else {
		inputs = append(inputs, shareddata.File(t, "iana/xml/2026-08-17.xml"), shareddata.File(t, "iana/csv/2024-04-30.csv"))
	}
	dir := t.TempDir()
	dbPath := importFiles(t, dir, inputs...)
	dumpPath := filepath.Join(dir, "dump.sql")
	mustExport(t, "-db", dbPath, "-format", "sql", "-o", dumpPath)
	restored := filepath.Join(dir, "restored.db")
	cmd := exec.Command(cli, "-bail", restored, ".read "+dumpPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sqlite3 could not load the dump: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"-format", "json"}, {"-format", "sql"}, {"-format", "csv", "-layout", "iana"}} {
		orig := mustExport(t, append([]string{"-db", dbPath}, args...)...)
		back := mustExport(t, append([]string{"-db", restored}, args...)...)
		if orig != back {
			t.Errorf("export %q of the restored database differs\n%s", args, firstDiff(back, orig))
		}
	}
	// The restored database is one ianaports can go on importing into.
	code, _, errOut := runExport(t, "-db", restored, "-format", "csv", "-layout", "iana", "-snapshot", "2026-01-15")
	if code != 0 {
		t.Errorf("restored database: %s", errOut)
	}
}

// TestDeterministic: two databases built from the same inputs export the
// same bytes, and so do two runs on one database.
func TestDeterministic(t *testing.T) {
	a := importFiles(t, t.TempDir(), "../../testdata/mini.xml")
	b := importFiles(t, t.TempDir(), "../../testdata/mini.xml")
	for _, args := range [][]string{
		{"-format", "json"}, {"-format", "ndjson"}, {"-format", "sql"},
		{"-format", "csv", "-layout", "iana"}, {"-format", "csv", "-table", "port_contacts"},
	} {
		first := mustExport(t, append([]string{"-db", a}, args...)...)
		if again := mustExport(t, append([]string{"-db", a}, args...)...); again != first {
			t.Errorf("export %q: two runs differ", args)
		}
		if other := mustExport(t, append([]string{"-db", b}, args...)...); other != first {
			t.Errorf("export %q: two databases of the same input differ\n%s", args, firstDiff(other, first))
		}
	}
}

func TestUsageAndErrors(t *testing.T) {
	dir := t.TempDir()
	dbPath := importFiles(t, dir, "../../testdata/mini.xml")
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(dbPath, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.db")
	if err := os.Link(dbPath, hard); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // contained in stdout; empty: stdout is empty
		stderr string // contained in stderr; empty: stderr is empty
	}{
		{"help", []string{"-h"}, 0, "Usage: export", ""},
		{"no format", []string{"-db", dbPath}, 2, "", "-format is required"},
		{"unknown format", []string{"-db", dbPath, "-format", "xml"}, 2, "", `-format "xml"`},
		{"unknown flag", []string{"-db", dbPath, "-colour"}, 2, "", "flag provided but not defined"},
		{"diff and sql", []string{"-db", dbPath, "-format", "sql", "-diff", "2026-01-15..2026-01-15"}, 2, "", "-diff and -query write csv, json or ndjson"},
		{"unknown layout", []string{"-db", dbPath, "-format", "csv", "-layout", "nmap"}, 2, "", `-layout "nmap"`},
		{"diff without two dates", []string{"-db", dbPath, "-format", "csv", "-diff", "2026-01-15"}, 2, "", "want FROM..TO"},
		{"csv of everything", []string{"-db", dbPath, "-format", "csv"}, 2, "", "csv holds one table"},
		{"stray argument", []string{"-db", dbPath, "-format", "csv", "out.csv"}, 2, "", "use -o FILE"},
		{"db flag empty", []string{"-db", "", "-format", "json"}, 2, "", "-db: not a database file"},
		{"db flag in memory", []string{"-db", ":memory:", "-format", "json"}, 2, "", "-db: not a database file"},
		// The dump would replace the database it is made of.
		{"output is the database", []string{"-db", dbPath, "-format", "sql", "-o", dbPath}, 2, "", "is the database being exported"},
		{"output is the database by another path", []string{"-db", dbPath, "-format", "sql", "-o", filepath.Join(dir, "x", "..", filepath.Base(dbPath))}, 2, "", "is the database being exported"},
		{"output is a link to the database", []string{"-db", dbPath, "-format", "sql", "-o", link}, 2, "", "is the database being exported"},
		{"output is a hard link to the database", []string{"-db", dbPath, "-format", "sql", "-o", hard}, 2, "", "is the database being exported"},
		{"database through a link, output the database", []string{"-db", link, "-format", "sql", "-o", dbPath}, 2, "", "is the database being exported"},
		{"unknown table", []string{"-db", dbPath, "-format", "csv", "-table", "nope"}, 1, "", `table "nope": not found (tables: snapshots,`},
		{"unknown table of a dump", []string{"-db", dbPath, "-format", "sql", "-table", "nope"}, 1, "", `table "nope": not found`},
		{"unknown table of json", []string{"-db", dbPath, "-format", "json", "-table", "nope"}, 1, "", `table "nope": not found`},
		{"unknown snapshot", []string{"-db", dbPath, "-format", "csv", "-layout", "iana", "-snapshot", "1999-01-01"}, 1, "", `snapshot "1999-01-01": not found`},
		{"missing database", []string{"-db", filepath.Join(t.TempDir(), "none.db"), "-format", "json"}, 1, "", "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runExport(t, c.args...)
			if code != c.code || !containsOrEmpty(out, c.stdout) || !containsOrEmpty(errOut, c.stderr) {
				t.Errorf("export %q: exit %d, stdout %.80q, stderr %q; want exit %d, stdout containing %q, stderr containing %q",
					c.args, code, out, errOut, c.code, c.stdout, c.stderr)
			}
		})
	}
	if err := db.CheckPath(dbPath); err != nil {
		t.Fatal(err)
	}
	if head, _ := os.ReadFile(dbPath); !bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		t.Errorf("the database is no longer SQLite")
	}
}

// containsOrEmpty reports whether s contains want, or is empty where want is.
func containsOrEmpty(s, want string) bool {
	if want == "" {
		return s == ""
	}
	return strings.Contains(s, want)
}

func TestOutputFileReplacedOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	dbPath := importFiles(t, dir, "../../testdata/mini.xml")
	out := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(out, []byte("previous\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runExport(t, "-db", dbPath, "-format", "csv", "-table", "nope", "-o", out); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if b, _ := os.ReadFile(out); string(b) != "previous\n" {
		t.Errorf("failed export changed %s: %q", out, b)
	}
	stdout := mustExport(t, "-db", dbPath, "-format", "csv", "-layout", "iana", "-o", out)
	b, _ := os.ReadFile(out)
	if stdout != "" || !strings.HasPrefix(string(b), "Service Name,Port Number,") {
		t.Errorf("-o: stdout %q, file starts %q", stdout, string(b[:min(40, len(b))]))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".ianaports-export-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// -o replaces the file's contents, not its mode, and writes through a
// symbolic link to the file it names.
func TestOutputFileKeepsItsMode(t *testing.T) {
	dir := t.TempDir()
	dbPath := importFiles(t, dir, "../../testdata/mini.xml")
	out := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(out, []byte("previous\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(out, 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.csv")
	if err := os.Symlink("out.csv", link); err != nil {
		t.Fatal(err)
	}
	mustExport(t, "-db", dbPath, "-format", "csv", "-layout", "iana", "-o", link)
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
	}
	fi, err = os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want -rw-r-----", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), "Service Name,") {
		t.Errorf("file starts %.40q", b)
	}
	fresh := filepath.Join(dir, "fresh.csv")
	mustExport(t, "-db", dbPath, "-format", "csv", "-layout", "iana", "-o", fresh)
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("new file: mode %v (%v), want -rw-r--r--", fi.Mode().Perm(), err)
	}
}

// IANA's CSV of early 2020 kept each <br/> as a line break and folded
// nothing: written from the XML of 2025-04-07 in that style, it reads as
// the same records as the XML, is taken for that style, and exports back
// byte for byte.
func TestCSVOf2020RoundTrips(t *testing.T) {
	xmlPath := shareddata.File(t, "iana/xml/2025-04-07.xml")
	data, err := os.ReadFile(xmlPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, _, err := normalize.ReadDocument(xmlPath, data, "xml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(normalize.Columns)
	for _, r := range doc.Records {
		cells := r.Cells()
		cells[3] = normalize.RenderStyle(r.Description, r.DescriptionXML, normalize.StyleLFBreaks)
		cells[10] = normalize.RenderStyle(r.Unauthorized, r.UnauthorizedXML, normalize.StyleLFBreaks)
		cells[11] = normalize.RenderStyle(r.Notes, r.NotesXML, normalize.StyleLFBreaks)
		w.Write(cells)
	}
	w.Flush()
	csv2020 := filepath.Join(t.TempDir(), "2025-04-07-style2020.csv")
	if err := os.WriteFile(csv2020, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(buf.Bytes(), shareddata.Read(t, "iana/csv/2025-04-07.csv")) {
		t.Fatal("the 2020 style renders as today's: the test would prove nothing")
	}
	dbPath := importFiles(t, t.TempDir(), xmlPath, csv2020)
	if got := mustExport(t, "-db", dbPath, "-format", "csv", "-layout", "iana", "-snapshot", snapshotOf(t, dbPath, "csv")); got != buf.String() {
		t.Errorf("the 2020-style CSV exports differently\n%s", firstDiff(got, buf.String()))
	}
	d, err := db.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var style string
	var records, xmlRecords int
	if err := d.QueryRow("SELECT style FROM snapshots WHERE format = 'csv'").Scan(&style); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow("SELECT count(*) FROM ports").Scan(&records); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow("SELECT record_count FROM snapshots WHERE format = 'xml'").Scan(&xmlRecords); err != nil {
		t.Fatal(err)
	}
	if style != normalize.StyleLFBreaks || records != xmlRecords {
		t.Errorf("style %q, %d records for the two; want %s and the XML's %d", style, records, normalize.StyleLFBreaks, xmlRecords)
	}
}

// Every byte of every field goes through every export: CR LF and a lone
// CR, tabs, quotes, SQL, non-BMP text and bidirectional marks. The SQL
// dump restores through the sqlite3 shell (read from a pipe and with
// .read) to the same database, in which the next import finds the same
// record; CSV, whose readers turn CR LF into LF, says so on stderr.
func TestEveryByteThroughEveryFormat(t *testing.T) {
	cli := sqlite3(t)
	const description = "line one&#13;\nline two\twith a tab, a lone&#13;CR, 'quotes' \"and\" '); DROP TABLE ports; --, \U0001F6F0 \u200fRTL\u200f"
	want := strings.ReplaceAll(description, "&#13;", "\r")
	mini, err := os.ReadFile("../../testdata/mini.xml")
	if err != nil {
		t.Fatal(err)
	}
	doc := bytes.Replace(mini, []byte("<description>TCP Port Service Multiplexer</description>"),
		[]byte("<description>"+description+"</description>"), 1)
	if bytes.Equal(doc, mini) {
		t.Fatal("mini.xml changed: no tcpmux description")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "odd.xml")
	if err := os.WriteFile(in, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	dbPath := importFiles(t, dir, in)

	// JSON and NDJSON carry the text as it is.
	for _, format := range []string{"json", "ndjson"} {
		out := mustExport(t, "-db", dbPath, "-format", format, "-layout", "iana")
		dec := json.NewDecoder(strings.NewReader(out))
		found := false
		for dec.More() {
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			found = found || strings.Contains(mustJSON(t, v), mustJSON(t, want))
		}
		if !found {
			t.Errorf("%s export does not hold the description as it was", format)
		}
	}

	// CSV writes it as it is, and warns.
	code, out, errOut := runExport(t, "-db", dbPath, "-format", "csv", "-layout", "iana")
	quoted := strings.ReplaceAll(want, `"`, `""`)
	if code != 0 || !strings.Contains(out, quoted) || !strings.Contains(errOut, "warning: 1 cells hold a carriage return") {
		t.Errorf("csv: exit %d, stderr %q, description kept %v", code, errOut, strings.Contains(out, quoted))
	}

	// The SQL dump, through the shell, both ways.
	dumpPath := filepath.Join(dir, "dump.sql")
	mustExport(t, "-db", dbPath, "-format", "sql", "-o", dumpPath)
	orig := mustExport(t, "-db", dbPath, "-format", "json")
	for i, load := range []func(restored string) *exec.Cmd{
		func(restored string) *exec.Cmd {
			cmd := exec.Command(cli, "-bail", restored)
			f, err := os.Open(dumpPath)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			cmd.Stdin = f
			return cmd
		},
		func(restored string) *exec.Cmd { return exec.Command(cli, "-bail", restored, ".read "+dumpPath) },
	} {
		restored := filepath.Join(dir, "restored"+strconv.Itoa(i)+".db")
		if out, err := load(restored).CombinedOutput(); err != nil {
			t.Fatalf("sqlite3: %v\n%s", err, out)
		}
		if back := mustExport(t, "-db", restored, "-format", "json"); back != orig {
			t.Errorf("load %d: the restored database differs\n%s", i, firstDiff(back, orig))
		}
		// The next import into the restored database finds the record it
		// holds: nothing new but the snapshot.
		next := filepath.Join(dir, "next.xml")
		if err := os.WriteFile(next, bytes.Replace(doc, []byte("2026-01-15"), []byte("2026-01-16"), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := db.Open(context.Background(), restored)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(next)
		res, err := d.Import(context.Background(), data, db.ImportOptions{Source: next})
		d.Close()
		if err != nil || res.NewRecords != 0 {
			t.Errorf("load %d: the next import: %+v, %v; want no new record", i, res, err)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Trim(string(b), `"`)
}

// snapshotOf is the id of the database's one snapshot of this format.
func snapshotOf(t *testing.T, dbPath, format string) string {
	t.Helper()
	d, err := db.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var id string
	if err := d.QueryRow("SELECT id FROM snapshots WHERE format = ?", format).Scan(&id); err != nil {
		t.Fatalf("the %s snapshot: %v", format, err)
	}
	return id
}

// export -query runs a query read-only: its result in any data format,
// and a write of any kind refused with the database unchanged.
func TestQueryFile(t *testing.T) {
	dir := t.TempDir()
	dbPath := importFiles(t, dir, "../../testdata/mini.xml")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	count := write("count.sql", "-- how many records\nSELECT count(*) AS records FROM registry;\n")
	if got := mustExport(t, "-db", dbPath, "-format", "csv", "-query", count); got != "records\n11\n" {
		t.Errorf("csv: %q", got)
	}
	if got := mustExport(t, "-db", dbPath, "-format", "json", "-query", count); !strings.Contains(got, `"count": {`) || !strings.Contains(got, `{"name":"records","type":"any","nullable":true}`) || !strings.Contains(got, `{"records":11}`) {
		t.Errorf("json: %q", got)
	}
	before := mustExport(t, "-db", dbPath, "-format", "json")
	for _, q := range []string{"DELETE FROM ports", "UPDATE services SET name = 'x'", "CREATE TABLE t (a)", "ATTACH '" + filepath.Join(dir, "new.db") + "' AS x"} {
		code, _, errOut := runExport(t, "-db", dbPath, "-format", "csv", "-query", write("w.sql", q))
		if code != 1 || !strings.Contains(errOut, "-query") {
			t.Errorf("%s: exit %d, %s", q, code, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new.db")); err == nil {
		t.Error("ATTACH made a file")
	}
	if mustExport(t, "-db", dbPath, "-format", "json") != before {
		t.Error("a refused query changed the database")
	}
}
