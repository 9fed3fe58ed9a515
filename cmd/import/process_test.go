package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ianaports/ianaports/internal/buildtest"
	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// The tests here run the import as users do, in processes of its own:
// several at once, killed, sent SIGTERM, or fed what would take the
// machine's memory.

func TestMain(m *testing.M) { os.Exit(buildtest.Main(m)) }

func importBinary(t *testing.T) string { return buildtest.Binary(t, ".") }

// miniVariants writes n inputs that differ in their date only, later and
// later, so that each is a snapshot of its own.
func miniVariants(t *testing.T, n int) []string {
	t.Helper()
	mini, err := os.ReadFile("../../testdata/mini.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for i := range n {
		date := fmt.Sprintf("2026-02-%02d", i+1)
		p := filepath.Join(dir, date+".xml")
		if err := os.WriteFile(p, bytes.Replace(mini, []byte("2026-01-15"), []byte(date), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

type result struct {
	code           int
	stdout, stderr string
	maxRSS         int64 // KiB, where measured
}

func runProcess(cmd *exec.Cmd) result {
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errOut.String(), code: -1}
	if cmd.ProcessState != nil {
		r.code = cmd.ProcessState.ExitCode()
	} else if err != nil {
		r.stderr += err.Error()
	}
	return r
}

// runMeasured runs cmd under GNU time, which reports the peak memory of
// the command alone. (The rusage a Go parent gets counts its own peak:
// the child is cloned with the parent's memory before it execs.)
func runMeasured(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	gnuTime := buildtest.Tool(t, "/usr/bin/time", "apt-get install time")
	report := filepath.Join(t.TempDir(), "time")
	cmd.Args = append([]string{gnuTime, "-f", "%M", "-o", report}, cmd.Args...)
	cmd.Path = gnuTime
	r := runProcess(cmd)
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	// GNU time writes "Command exited with non-zero status N" first.
	lines := strings.Fields(string(data))
	if _, err := fmt.Sscan(lines[len(lines)-1], &r.maxRSS); err != nil {
		t.Fatalf("GNU time reported %q", data)
	}
	return r
}

func snapshotCount(t *testing.T, path string) int {
	t.Helper()
	d, err := db.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.QueryRow("SELECT count(*) FROM snapshots").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := d.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	return n
}

// Imports started at once into one database, new or existing, all
// succeed, waiting on each other (the migration included); one file
// imported by several at once is one snapshot, "already imported" for
// the others.
func TestConcurrentImports(t *testing.T) {
	bin := importBinary(t)
	inputs := miniVariants(t, 5)
	for trial := range 8 {
		t.Run(fmt.Sprintf("trial %d", trial), func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "ports.db")
			existing := trial%2 == 1
			if existing {
				if r := runProcess(exec.Command(bin, "-db", dbPath, inputs[4])); r.code != 0 {
					t.Fatalf("first import: %+v", r)
				}
			}
			// Four different files, then four times the same one.
			for round, files := range [][]string{inputs[:4], {inputs[0], inputs[0], inputs[0], inputs[0]}} {
				var wg sync.WaitGroup
				results := make([]result, len(files))
				for i, f := range files {
					wg.Add(1)
					go func() {
						defer wg.Done()
						results[i] = runProcess(exec.Command(bin, "-db", dbPath, f))
					}()
				}
				wg.Wait()
				already := 0
				for i, r := range results {
					if r.code != 0 {
						t.Errorf("round %d, process %d: exit %d, stderr %q", round, i, r.code, r.stderr)
					}
					if strings.Contains(r.stdout, "already imported") {
						already++
					}
				}
				if want := []int{0, 4}[round]; already != want {
					t.Errorf("round %d: %d said already imported, want %d", round, already, want)
				}
			}
			want := 4
			if existing {
				want = 5
			}
			if n := snapshotCount(t, dbPath); n != want {
				t.Errorf("%d snapshots, want %d", n, want)
			}
		})
	}
}

// sqliteIntegrity runs PRAGMA integrity_check in the sqlite3 shell.
func sqliteIntegrity(t *testing.T, path string) {
	t.Helper()
	sqlite3 := buildtest.Tool(t, "sqlite3", "apt-get install sqlite3")
	out, err := exec.Command(sqlite3, path, "PRAGMA integrity_check; PRAGMA foreign_key_check;").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("sqlite3 integrity_check: %v: %s", err, out)
	}
}

// dump is the JSON export of every table.
func dump(t *testing.T, path string) string {
	t.Helper()
	ctx := context.Background()
	d, err := db.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var buf bytes.Buffer
	enc := export.NewJSONEncoder(&buf)
	tables, err := d.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if err := enc.Begin(&tb.Table); err != nil {
			t.Fatal(err)
		}
		if err := d.Rows(ctx, tb, enc.Encode); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// realInputs are the official XML snapshots of ../shared, oldest first.
func realInputs(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(shareddata.File(t, "iana/xml"), "*.xml"))
	if err != nil || len(paths) < 4 {
		t.Fatalf("iana/xml holds %d files (%v)", len(paths), err)
	}
	return paths
}

// kill -9 at several moments of a multi-file import (in the migration, in
// a snapshot, between snapshots) leaves a database that passes SQLite's
// integrity check, and the same import run again completes it into the
// database that an uninterrupted run gives.
func TestKilledImportLeavesAGoodDatabase(t *testing.T) {
	bin := importBinary(t)
	inputs := realInputs(t)
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.db")
	if r := runProcess(exec.Command(bin, "-db", clean, "-quiet")); r.code != 2 {
		t.Fatalf("no input: %+v", r)
	}
	start := time.Now()
	if r := runProcess(exec.Command(bin, append([]string{"-db", clean, "-quiet"}, inputs...)...)); r.code != 0 {
		t.Fatalf("clean import: %+v", r)
	}
	whole := time.Since(start)
	want := dump(t, clean)
	moments := []float64{0.005, 0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9}
	if testing.Short() {
		moments = []float64{0.005, 0.3, 0.75}
	}
	for i, frac := range moments {
		t.Run(fmt.Sprintf("kill at %.1f%%", 100*frac), func(t *testing.T) {
			dbPath := filepath.Join(dir, fmt.Sprintf("killed%d.db", i))
			cmd := exec.Command(bin, append([]string{"-db", dbPath, "-quiet"}, inputs...)...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(frac * float64(whole)))
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			if _, err := os.Stat(dbPath); err == nil {
				sqliteIntegrity(t, dbPath)
			}
			if r := runProcess(exec.Command(bin, append([]string{"-db", dbPath, "-quiet"}, inputs...)...)); r.code != 0 {
				t.Fatalf("import after the kill: exit %d, stderr %q", r.code, r.stderr)
			}
			sqliteIntegrity(t, dbPath)
			if got := dump(t, dbPath); got != want {
				t.Error("the completed database differs from an uninterrupted import's")
			}
		})
	}
}

// SIGTERM, like Ctrl-C, rolls back the snapshot in progress: the
// snapshots reported imported are there, the rest are not, and the
// message names the input.
func TestTerminatedImportRollsBack(t *testing.T) {
	bin := importBinary(t)
	inputs := realInputs(t)
	dbPath := filepath.Join(t.TempDir(), "ports.db")
	cmd := exec.Command(bin, append([]string{"-db", dbPath}, inputs...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var lines []string
	if sc.Scan() { // the first snapshot is in; the second is under way
		lines = append(lines, sc.Text())
		cmd.Process.Signal(syscall.SIGTERM)
	}
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if e := errOut.String(); code != 1 || !strings.Contains(e, ": import interrupted, nothing of it stored") && !strings.Contains(e, "import: interrupted between inputs") {
		t.Fatalf("exit %d, stderr %q; want exit 1 and the input named as interrupted", code, errOut.String())
	}
	if n := snapshotCount(t, dbPath); n != len(lines) {
		t.Errorf("%d snapshots stored, %d reported: %q", n, len(lines), lines)
	}
	if _, err := os.Stat(dbPath + "-journal"); err == nil {
		t.Error("a journal was left behind")
	}
	sqliteIntegrity(t, dbPath)
}

// An input over a limit is refused with its position, in little memory,
// and no database is made of it.
func TestLimitsKeepMemoryBounded(t *testing.T) {
	bin := importBinary(t)
	dir := t.TempDir()
	header := "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"
	// A cell of n bytes of text in lines, written piece by piece.
	type cell int
	write := func(name string, parts ...any) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		for _, part := range parts {
			switch part := part.(type) {
			case string:
				w.WriteString(part)
			case cell:
				w.WriteByte('"')
				for range int(part) / 10 {
					w.WriteString("cell text\n")
				}
				w.WriteByte('"')
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := write("huge-cell.csv", header, "echo,7,tcp,", cell(100<<20), ",,,,,,,,\n")
	big := write("big-cell.csv", header, "echo,7,tcp,Echo,,,,,,,,\n", "discard,9,tcp,", cell(3<<20), ",,,,,,,,\n")
	deep := write("deep.xml", "<?xml version='1.0'?>\n<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n<updated>2026-01-01</updated>\n", strings.Repeat("<a>", 1000000))
	const bound = 128 << 10 // KiB: 1.2 GB before the limits
	cases := []struct {
		name   string
		args   []string
		stdin  string
		stderr string
		unread bool // refused before it was read: no database made
	}{
		{"a 100 MB cell", []string{huge}, "", huge + ": input too large: expected a document of at most 64 MiB, found 100.0 MiB", true},
		{"a 100 MB cell on standard input", []string{"-"}, huge, "<stdin>: input too large: expected a document of at most 64 MiB, found more", true},
		{"a 3 MiB cell", []string{big}, "", big + ":3:15: input too large: Description: expected a cell of at most 2.0 MiB, found one of 3.0 MiB", false},
		{"a million unclosed elements", []string{deep}, "", deep + ":4:94: input too large: expected elements nested at most 32 deep", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "ports.db")
			cmd := exec.Command(bin, append([]string{"-db", dbPath}, c.args...)...)
			if c.stdin != "" {
				f, err := os.Open(c.stdin)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				cmd.Stdin = f
			}
			r := runMeasured(t, cmd)
			if r.code != 1 || !strings.HasPrefix(r.stderr, c.stderr) || strings.Count(r.stderr, "\n") != 1 || len(r.stderr) > 400 {
				t.Errorf("exit %d, stderr %.500q; want exit 1 and one line starting %q", r.code, r.stderr, c.stderr)
			}
			if r.maxRSS > bound {
				t.Errorf("peak memory %d MiB, want under %d MiB", r.maxRSS>>10, bound>>10)
			}
			t.Logf("peak memory %.1f MiB", float64(r.maxRSS)/1024)
			if _, err := os.Stat(dbPath); c.unread && err == nil {
				t.Error("a database was made for an input that was never read")
			}
		})
	}
}

// A missing input makes no database; -remove of a database that is not
// there makes none either.
func TestMissingInputMakesNoDatabase(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "ports.db")
	code, _, errOut := runImport(t, nil, "-db", dbPath, "nosuch.xml")
	if code != 1 || !strings.Contains(errOut, "nosuch.xml: no such file") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runImport(t, nil, "-db", dbPath, "-remove", "1")
	if code != 1 || !strings.Contains(errOut, "no such file") {
		t.Errorf("-remove: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(dbPath); err == nil {
		t.Error("a database was made")
	}
}
