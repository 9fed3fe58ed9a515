package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ianaports/ianaports/internal/buildtest"
	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// releaseInputs are the snapshots the release tests bundle: IANA's XML of
// three dates and a CSV.
func releaseInputs(t *testing.T) []string {
	t.Helper()
	var in []string
	for _, rel := range []string{"iana/xml/2024-04-30.xml", "iana/csv/2025-04-07.csv", "iana/xml/2025-10-30.xml", "iana/xml/2026-08-17.xml"} {
		in = append(in, shareddata.File(t, rel))
	}
	return in
}

// command runs a binary in dir with the environment given (beside PATH
// and HOME) and fails the test unless it succeeds.
func command(t *testing.T, dir string, env []string, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %q in %s: %v\n%s", filepath.Base(bin), args, dir, err, stderr.String())
	}
	return stderr.String()
}

// readTree reads every file under dir, by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// differing lists the paths whose bytes differ between two trees, or
// that only one holds.
func differing(a, b map[string][]byte) []string {
	var out []string
	for p, data := range a {
		if other, ok := b[p]; !ok || !bytes.Equal(data, other) {
			out = append(out, p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// A release depends on the snapshots alone: two made from the same
// snapshots, imported in another order on "another day" (goose's
// migration times differ), from other working directories, under other
// time zones and locales, are byte-identical; SOURCE_DATE_EPOCH is the
// only time a release holds.
func TestReleaseIsReproducible(t *testing.T) {
	inputs := releaseInputs(t)
	importer, exporter := buildtest.Binary(t, "../import"), buildtest.Binary(t, ".")
	type setup struct {
		order []string
		env   []string
		day   string // goose's migration times, as if migrated that day
	}
	reversed := slices.Clone(inputs)
	slices.Reverse(reversed)
	setups := []setup{
		{inputs, []string{"TZ=UTC", "LC_ALL=C"}, ""},
		{reversed, []string{"TZ=Pacific/Kiritimati", "LC_ALL=de_DE.UTF-8", "LANG=tr_TR.UTF-8"}, "2001-02-03 04:05:06"},
	}
	var trees []map[string][]byte
	for i, s := range setups {
		work := t.TempDir()
		command(t, work, s.env, importer, append([]string{"-quiet", "-db", "ports.db"}, s.order...)...)
		if s.day != "" {
			d, err := db.Open(context.Background(), filepath.Join(work, "ports.db"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Exec("UPDATE goose_db_version SET tstamp = ?", s.day); err != nil {
				t.Fatal(err)
			}
			d.Close()
		}
		sub := filepath.Join(work, "elsewhere", strings.Repeat("x", i+1))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		command(t, sub, s.env, exporter, "-db", "../../ports.db", "-release", "../../bundle")
		trees = append(trees, readTree(t, filepath.Join(work, "bundle")))
	}
	if len(trees[0]) < 50 {
		t.Fatalf("the release holds %d files", len(trees[0]))
	}
	if diff := differing(trees[0], trees[1]); len(diff) > 0 {
		t.Errorf("two releases of the same snapshots differ in %q", diff)
	}
	today := time.Now().UTC().Format("2006-01-02")
	for path, data := range trees[0] {
		if bytes.Contains(data, []byte(today)) {
			t.Errorf("%s holds today's date, %s", path, today)
		}
	}
	var pkg map[string]any
	if err := json.Unmarshal(trees[0]["datapackage.json"], &pkg); err != nil {
		t.Fatal(err)
	}
	if _, ok := pkg["created"]; ok {
		t.Error("datapackage.json has a created date without SOURCE_DATE_EPOCH")
	}

	// SOURCE_DATE_EPOCH: the package's created date, goose's times and
	// the files' times, and nothing else.
	work := t.TempDir()
	command(t, work, nil, importer, append([]string{"-quiet", "-db", "ports.db"}, inputs...)...)
	epochs := []string{"1700000000", "1800000000"}
	var stamped []map[string][]byte
	for _, e := range epochs {
		out := filepath.Join(work, "bundle-"+e)
		command(t, work, []string{"SOURCE_DATE_EPOCH=" + e}, exporter, "-db", "ports.db", "-release", out)
		stamped = append(stamped, readTree(t, out))
		fi, err := os.Stat(filepath.Join(out, "csv", "ports.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.ModTime().Unix(); strconv.FormatInt(got, 10) != e {
			t.Errorf("SOURCE_DATE_EPOCH=%s: ports.csv modified at %d", e, got)
		}
	}
	if diff := differing(stamped[0], stamped[1]); !slices.Equal(diff, []string{"SHA256SUMS", "datapackage.json", "ianaports.sqlite"}) {
		t.Errorf("releases of two epochs differ in %q, want SHA256SUMS, datapackage.json and ianaports.sqlite alone", diff)
	}
	if err := json.Unmarshal(stamped[0]["datapackage.json"], &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg["created"] != "2023-11-14T22:13:20Z" {
		t.Errorf("created %v, want SOURCE_DATE_EPOCH's 2023-11-14T22:13:20Z", pkg["created"])
	}
	if diff := differing(stamped[0], trees[0]); !slices.Equal(diff, []string{"SHA256SUMS", "datapackage.json", "ianaports.sqlite"}) {
		t.Errorf("a release with SOURCE_DATE_EPOCH and one without differ in %q", diff)
	}
}

// testRelease makes a release of releaseInputs.
func testRelease(t *testing.T) (dir, dbPath string) {
	t.Helper()
	inputs := releaseInputs(t)
	work := t.TempDir()
	dbPath = importFiles(t, work, inputs...)
	dir = filepath.Join(work, "bundle")
	mustExport(t, "-db", dbPath, "-release", dir)
	return dir, dbPath
}

// The release's database is an ianaports database that gives the same
// exports, and searches the registry in full text.
func TestReleaseDatabase(t *testing.T) {
	dir, dbPath := testRelease(t)
	copyPath := filepath.Join(dir, "ianaports.sqlite")
	for _, args := range [][]string{
		{"-format", "csv", "-snapshot", "2025-04-07"},
		{"-format", "json", "-snapshot", "2026-08-17"},
		{"-format", "ndjson"},
	} {
		if mustExport(t, append([]string{"-db", copyPath}, args...)...) != mustExport(t, append([]string{"-db", dbPath}, args...)...) {
			t.Errorf("export %q of the release's database differs from the original's", args)
		}
	}
	out, err := exec.Command(sqlite3(t), copyPath,
		"SELECT service_name, port_number, transport_protocol FROM registry_search WHERE registry_search MATCH 'kerberos' ORDER BY position LIMIT 2;"+
			"SELECT count(*) FROM registry_search;"+
			"PRAGMA integrity_check;").CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	var records int
	d, err := db.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	s, err := d.FindSnapshot(context.Background(), "")
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	records = s.Records
	if want := "kerberos|88|tcp\nkerberos|88|udp\n" + strconv.Itoa(records) + "\nok\n"; string(out) != want {
		t.Errorf("registry_search: got\n%s\nwant\n%s", out, want)
	}
}

// Every table exports as NDJSON on its own, a line per row.
func TestNDJSONOfEveryTable(t *testing.T) {
	dbPath := importFiles(t, t.TempDir(), releaseInputs(t)[1:3]...)
	d, err := db.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	tables, err := d.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		var n int
		if err := d.QueryRow("SELECT count(*) FROM " + strconv.Quote(tb.Name)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out := mustExport(t, "-db", dbPath, "-format", "ndjson", "-table", tb.Name)
		if got := strings.Count(out, "\n"); got != n {
			t.Errorf("%s: %d lines, the table has %d rows", tb.Name, got, n)
		}
		if n > 0 && !strings.HasPrefix(out, `{"`+tb.Columns[0].Name+`":`) {
			t.Errorf("%s: a line is not a row object: %.80s", tb.Name, out)
		}
	}
}

// Each file of a release is what export writes in that format alone.
func TestReleaseFilesAreTheExports(t *testing.T) {
	dir, dbPath := testRelease(t)
	for path, args := range map[string][]string{
		"sql/ianaports.sqlite.sql":       {"-format", "sql"},
		"sql/ianaports.postgres.sql":     {"-format", "sql", "-dialect", "postgres"},
		"service-names-port-numbers.csv": {"-format", "csv", "-snapshot", "2026-08-17"},
		"services":                       {"-format", "services"},
		"csv/ports.csv":                  {"-format", "csv", "-table", "ports"},
		"ndjson/port_spans.ndjson":       {"-format", "ndjson", "-table", "port_spans"},
		"csv/snapshots.csv":              {"-format", "csv", "-table", "snapshots"},
	} {
		data, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil {
			t.Fatal(err)
		}
		if want := mustExport(t, append([]string{"-db", dbPath}, args...)...); string(data) != want {
			t.Errorf("%s is not export %q", path, args)
		}
	}
	out := filepath.Join(t.TempDir(), "ports.parquet")
	mustExport(t, "-db", dbPath, "-format", "parquet", "-table", "ports", "-o", out)
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(filepath.Join(dir, "parquet", "ports.parquet"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Error("parquet/ports.parquet is not export -format parquet -table ports")
	}
}

// DuckDB reads every Parquet file of a release, each the table SQLite
// holds, value for value.
func TestReleaseParquetReadsInDuckDB(t *testing.T) {
	dir, dbPath := testRelease(t)
	d, err := db.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	tables, err := d.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var files []parquetFile
	for _, tb := range tables {
		if tb.Name == db.VersionTable {
			continue
		}
		files = append(files, tableParquet(t, d, tb, filepath.Join(dir, "parquet", tb.Name+".parquet")))
	}
	entries, err := os.ReadDir(filepath.Join(dir, "parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) {
		t.Errorf("the release holds %d Parquet files for %d tables", len(entries), len(files))
	}
	checkParquetWithDuckDB(t, files)
}
