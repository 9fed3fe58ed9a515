package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if want := "2026-01-15 xml: 11 records (11 new), 8 services, 5 contacts, 1 aliases (snapshot 1, ../../testdata/mini.xml); " +
		"128 lines: 92 in records, 23 in contacts, 13 boilerplate, 0 rejected\n"; code != 0 || out != want {
		t.Errorf("first import: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	code, out, _ = runImport(t, nil, "-db", dbPath, mini)
	if want := "2026-01-15 xml: already imported as snapshot 1 (../../testdata/mini.xml)\n"; code != 0 || out != want {
		t.Errorf("second import: exit %d, stdout %q; want %q", code, out, want)
	}
	csv := strings.Join([]string{
		"Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes",
		"echo,7,tcp,Echo,[Jon_Postel],[Jon_Postel],,,[RFC862],,,",
		"",
	}, "\n")
	code, out, errOut = runImport(t, strings.NewReader(csv), "-db", dbPath, "-date", "2020-02-02", "-")
	if want := "2020-02-02 csv: 1 records (1 new), 1 services, 1 contacts, 0 aliases (snapshot 2, -); " +
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
		stdout string
		stderr string
	}{
		{"help", []string{"-h"}, 0, "", "Usage: import"},
		{"no input", []string{"-db", dbPath}, 2, "", "no INPUT given"},
		{"bad format flag", []string{"-db", dbPath, "-format", "pdf", bad}, 2, "", `-format "pdf"`},
		{"bad date flag", []string{"-db", dbPath, "-date", "May 5", bad}, 2, "", `-date "May 5"`},
		{"missing file", []string{"-db", dbPath, filepath.Join(dir, "none.xml")}, 1, "", "no such file"},
		{"bad header", []string{"-db", dbPath, bad}, 1, "", bad + ":1:14: wrong header: expected column 2 to be \"Port Number\", found \"Port\""},
		{"bad then good", []string{"-db", dbPath, "-quiet", bad, "../../testdata/mini.xml"}, 1, "", bad + ":1:14:"},
		{"format forced wrong", []string{"-db", filepath.Join(dir, "other.db"), "-format", "csv", "../../testdata/mini.xml"}, 1, "", "mini.xml:1:1: wrong header"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runImport(t, nil, c.args...)
			if code != c.code || out != c.stdout || !strings.Contains(errOut, c.stderr) {
				t.Errorf("import %q: exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr containing %q",
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
