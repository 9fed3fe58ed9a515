package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ianaports/ianaports/internal/buildtest"
	"github.com/ianaports/ianaports/internal/shareddata"
)

func TestMain(m *testing.M) { os.Exit(buildtest.Main(m)) }

// temporaries lists the export's temporary files in dir.
func temporaries(t *testing.T, dir string) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(dir, ".ianaports-export-*"))
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// SIGTERM stops an export as Ctrl-C does: exit 1, the -o file untouched,
// no temporary file left. The signal is sent once the export's temporary
// file exists, so that it comes mid-export.
func TestTerminatedExportLeavesNothing(t *testing.T) {
	bin := buildtest.Binary(t, ".")
	dir := t.TempDir()
	dbPath := importFiles(t, dir, shareddata.File(t, "iana/xml/2026-08-17.xml"), shareddata.File(t, "iana/xml/2025-04-07.xml"))
	out := filepath.Join(dir, "dump.sql")
	if err := os.WriteFile(out, []byte("previous\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	interrupted := 0
	for trial := 0; trial < 5 && interrupted < 2; trial++ {
		cmd := exec.Command(bin, "-db", dbPath, "-format", "sql", "-o", out)
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		signalled := false
	wait:
		for {
			select {
			case <-done:
				break wait
			case <-time.After(time.Millisecond):
				if !signalled && len(temporaries(t, dir)) > 0 {
					cmd.Process.Signal(syscall.SIGTERM)
					signalled = true
				}
			}
		}
		code := cmd.ProcessState.ExitCode()
		if left := temporaries(t, dir); len(left) > 0 {
			t.Errorf("trial %d: temporary files left: %v", trial, left)
		}
		if code == 0 {
			continue // finished before the signal came
		}
		interrupted++
		if code != 1 || !strings.Contains(errOut.String(), "export: interrupted, nothing written") {
			t.Errorf("trial %d: exit %d, stderr %q", trial, code, errOut.String())
		}
		if b, _ := os.ReadFile(out); string(b) != "previous\n" {
			t.Errorf("trial %d: the interrupted export changed %s", trial, out)
		}
		os.WriteFile(out, []byte("previous\n"), 0o644)
	}
	if interrupted == 0 {
		t.Fatal("no export was still running when signalled: the test proved nothing")
	}
}

// A cancelled export writes nothing to standard output and leaves no
// temporary file in the system's temporary directory.
func TestCancelledExportWritesNothing(t *testing.T) {
	dbPath := importFiles(t, t.TempDir(), "../../testdata/mini.xml")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-db", dbPath, "-format", "json"}, strings.NewReader(""), &stdout, &stderr)
	if code != 1 || stdout.Len() != 0 || !strings.Contains(stderr.String(), "interrupted, nothing written") {
		t.Errorf("exit %d, stdout %d bytes, stderr %q", code, stdout.Len(), stderr.String())
	}
	if left := temporaries(t, tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
