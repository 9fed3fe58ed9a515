package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
)

func runImport(t *testing.T, stdin io.Reader, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, stdin, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestImportSummaries(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "ports.db")
	mini := "../../testdata/mini.xml"
	code, out, errOut := runImport(t, nil, "-db", dbPath, mini)
	miniID := snapshotID(t, mini)
	if want := "2026-01-15 xml: 11 records (11 new), 8 services, 5 contacts, 1 aliases (snapshot " + miniID + ", ../../testdata/mini.xml); " +
		"128 lines: 92 in records, 23 in contacts, 13 boilerplate, 0 rejected\n"; code != 0 || out != want {
		t.Errorf("first import: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	code, out, _ = runImport(t, nil, "-db", dbPath, mini)
	if want := "2026-01-15 xml: already imported as snapshot " + miniID + " (../../testdata/mini.xml)\n"; code != 0 || out != want {
		t.Errorf("second import: exit %d, stdout %q; want %q", code, out, want)
	}
	csv := strings.Join([]string{
		"Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes",
		"echo,7,tcp,Echo,[Jon_Postel],[Jon_Postel],,,[RFC862],,,",
		"",
	}, "\n")
	code, out, errOut = runImport(t, strings.NewReader(csv), "-db", dbPath, "-date", "2020-02-02", "-")
	if want := "2020-02-02 csv: 1 records (1 new), 1 services, 1 contacts, 0 aliases (snapshot " + idOf([]byte(csv)) + ", <stdin>); " +
		"2 lines: 1 in records, 0 in contacts, 1 boilerplate, 0 rejected\n"; code != 0 || out != want {
		t.Errorf("stdin import: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
}

func TestImportFailures(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("Service Name,Port\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "ports.db")
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // contained in stdout; empty: stdout is empty
		stderr string // contained in stderr; empty: stderr is empty
	}{
		{"help", []string{"-h"}, 0, "Usage: import", ""},
		{"no input", []string{"-db", dbPath}, 2, "", "no INPUT given"},
		{"bad format flag", []string{"-db", dbPath, "-format", "pdf", bad}, 2, "", `-format "pdf"`},
		{"bad date flag", []string{"-db", dbPath, "-date", "May 5", bad}, 2, "", `-date "May 5"`},
		{"date flag no calendar date", []string{"-db", dbPath, "-date", "2026-13-45", bad}, 2, "", `-date "2026-13-45": want a calendar date`},
		{"db flag empty", []string{"-db", "", "../../testdata/mini.xml"}, 2, "", "-db: not a database file: the path is empty"},
		{"db flag in memory", []string{"-db", ":memory:", "../../testdata/mini.xml"}, 2, "", `-db: not a database file: ":memory:"`},
		{"db flag a directory", []string{"-db", dir, "../../testdata/mini.xml"}, 2, "", "is a directory"},
		{"remove with input", []string{"-db", dbPath, "-remove", "1", bad}, 2, "", "-remove takes no INPUT"},
		{"unknown flag", []string{"-db", dbPath, "-fast", bad}, 2, "", "flag provided but not defined: -fast"},
		{"missing file", []string{"-db", dbPath, filepath.Join(dir, "none.xml")}, 1, "", "no such file"},
		{"bad header", []string{"-db", dbPath, bad}, 1, "", bad + ":1:14: wrong header: expected column 2 to be \"Port Number\", found \"Port\""},
		{"bad then good", []string{"-db", dbPath, "-quiet", bad, "../../testdata/mini.xml"}, 1, "", bad + ":1:14:"},
		{"format forced wrong", []string{"-db", filepath.Join(dir, "other.db"), "-format", "csv", "../../testdata/mini.xml"}, 1, "", "mini.xml:1:1: wrong header"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runImport(t, nil, c.args...)
			if code != c.code || !containsOrEmpty(out, c.stdout) || !containsOrEmpty(errOut, c.stderr) {
				t.Errorf("import %q: exit %d, stdout %q, stderr %q; want exit %d, stdout containing %q, stderr containing %q",
					c.args, code, out, errOut, c.code, c.stdout, c.stderr)
			}
		})
	}
	// "bad then good" imported the good file despite the bad one.
	code, out, _ := runImport(t, nil, "-db", dbPath, "../../testdata/mini.xml")
	if code != 0 || !strings.Contains(out, "already imported") {
		t.Errorf("mini.xml was not imported beside the bad file: %q", out)
	}
}

// containsOrEmpty reports whether s contains want, or is empty where want is.
func containsOrEmpty(s, want string) bool {
	if want == "" {
		return s == ""
	}
	return strings.Contains(s, want)
}

// IANA's CSV of a day after its XML: the summary says no record was new.
func TestImportSummarySaysNoneNew(t *testing.T) {
	for _, day := range []string{"2025-04-07", "2024-04-30"} {
		t.Run(day, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "ports.db")
			code, out, errOut := runImport(t, nil, "-db", dbPath,
				shareddata.File(t, "iana/xml/"+day+".xml"), shareddata.File(t, "iana/csv/"+day+".csv"))
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != 0 || len(lines) != 2 {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			if !strings.Contains(lines[0], "records (") || strings.Contains(lines[0], "(0 new)") {
				t.Errorf("XML summary %q", lines[0])
			}
			if !strings.HasPrefix(lines[1], day+" csv: ") || !strings.Contains(lines[1], " records (0 new), ") {
				t.Errorf("CSV summary %q, want 0 new", lines[1])
			}
		})
	}
}

// A compressed input is its contents: detected inside, and the same
// snapshot as the plain file.
func TestImportCompressed(t *testing.T) {
	dir := t.TempDir()
	mini, err := os.ReadFile("../../testdata/mini.xml")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(mini)
	zw.Close()
	gzPath := filepath.Join(dir, "mini.xml.gz")
	if err := os.WriteFile(gzPath, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "ports.db")
	code, out, errOut := runImport(t, nil, "-db", dbPath, gzPath, "../../testdata/mini.xml")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "2026-01-15 xml: 11 records") ||
		!strings.Contains(lines[1], "already imported as snapshot "+idOf(mini)) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, _, errOut = runImport(t, bytes.NewReader(gz.Bytes()[:gz.Len()/2]), "-db", dbPath, "-")
	if code != 1 || !strings.Contains(errOut, "<stdin>:1:1: unexpected end of input: expected complete gzip-compressed data") {
		t.Errorf("truncated gzip: exit %d, stderr %q", code, errOut)
	}
}

// The usage names every registered format; an input that is none of
// them is refused with why each format refused it.
func TestImportFormatsFromTheRegistry(t *testing.T) {
	_, usage, _ := runImport(t, nil, "-h")
	for _, f := range normalize.Formats() {
		if !strings.Contains(usage, f.Name) || !strings.Contains(usage, f.Title) {
			t.Errorf("usage does not name %s (%s)", f.Name, f.Title)
		}
	}
	dir := t.TempDir()
	odd := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(odd, []byte("meeting notes\nnothing of the registry\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runImport(t, nil, "-db", filepath.Join(dir, "p.db"), odd)
	if code != 1 || !strings.Contains(errOut, odd+`:1:1: unknown format: found "meeting notes"`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	for _, f := range normalize.Formats() {
		if !strings.Contains(errOut, "not "+f.Name+" (") {
			t.Errorf("the refusal does not say why %s refused: %q", f.Name, errOut)
		}
	}
}

// import -remove takes a snapshot out as if it had never been imported:
// the database is the one before it, byte for byte in every table.
func TestRemoveCommand(t *testing.T) {
	inputs := miniVariants(t, 2)
	dbPath := filepath.Join(t.TempDir(), "ports.db")
	if code, _, errOut := runImport(t, nil, "-db", dbPath, inputs[0]); code != 0 {
		t.Fatal(errOut)
	}
	before := dump(t, dbPath)
	changed := filepath.Join(t.TempDir(), "2026-03-01.xml")
	data, err := os.ReadFile(inputs[1])
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(bytes.Replace(data, []byte("2026-02-02"), []byte("2026-03-01"), 1), []byte("<name>Jon Postel</name>"), []byte("<name>J. Postel</name>"), 1)
	data = bytes.Replace(data, []byte("<name>tcpmux</name>"), []byte("<name>tcpmux2</name>"), 1)
	if err := os.WriteFile(changed, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runImport(t, nil, "-db", dbPath, changed); code != 0 {
		t.Fatal(errOut)
	}
	if dump(t, dbPath) == before {
		t.Fatal("the second snapshot changed nothing: the test would prove nothing")
	}
	code, out, errOut := runImport(t, nil, "-db", dbPath, "-remove", "2026-03-01")
	if want := "removed snapshot " + idOf(data) + " (2026-03-01 xml complete, 2026-03-01.xml, 11 records); with it what only it held: 1 records, 0 renditions, 1 services, 0 contacts, 1 contact details, 0 aliases; 5 persons described anew\n"; code != 0 || out != want {
		t.Errorf("-remove: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	if after := dump(t, dbPath); after != before {
		t.Error("after -remove the database differs from the one before the import")
	}
	code, _, errOut = runImport(t, nil, "-db", dbPath, "-remove", "2026-03-01")
	if code != 1 || !strings.Contains(errOut, `-remove 2026-03-01: snapshot "2026-03-01": not found`) {
		t.Errorf("removing it again: exit %d, stderr %q", code, errOut)
	}
}

// idOf is the id of the snapshot of this input.
func idOf(data []byte) string {
	return fmt.Sprint(normalize.SnapshotID(sha256.Sum256(data)))
}

// snapshotID is the id of the snapshot of the file at path.
func snapshotID(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return idOf(data)
}

// A bad member of an archive is reported by archive and member, and the
// others are imported all the same, unless -strict.
func TestArchiveWithABadMember(t *testing.T) {
	mini, err := os.ReadFile("../../testdata/mini.xml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, m := range []struct {
		name string
		data []byte
	}{
		{"snap/a-bad.xml", []byte("<registry>not the registry")},
		{"snap/b-mini.xml", mini},
	} {
		tw.WriteHeader(&tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.data)), Typeflag: tar.TypeReg})
		tw.Write(m.data)
	}
	tw.Close()
	zw.Close()
	archive := filepath.Join(t.TempDir(), "snaps.tar.gz")
	if err := os.WriteFile(archive, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		args    []string
		records string // what the good member's line says; "" for no line
	}{
		{"the others go on", nil, "11 records (11 new)"},
		{"-strict stops", []string{"-strict"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "ports.db")
			code, out, errOut := runImport(t, nil, append(append([]string{"-db", dbPath}, c.args...), archive)...)
			if code != 1 || !strings.Contains(errOut, archive+":snap/a-bad.xml") {
				t.Errorf("exit %d, stderr %q; want 1 and the bad member named", code, errOut)
			}
			if c.records == "" && out != "" || c.records != "" && !strings.Contains(out, c.records+", 8 services") || c.records != "" && !strings.Contains(out, archive+":snap/b-mini.xml") {
				t.Errorf("stdout %q, want the good member's line: %q", out, c.records)
			}
		})
	}
}
