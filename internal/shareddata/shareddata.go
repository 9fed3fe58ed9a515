// Package shareddata locates the project's shared registry snapshots
// (../shared beside the checkout) for tests and benchmarks.
//
// Where the directory is absent, as in a fresh clone, tests that need it
// skip with a message saying so; where CI=true they fail instead, so that a
// CI run never passes by skipping.
package shareddata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir is the shared data directory: $IANAPORTS_SHARED if set, else
// ../shared beside the repository root.
func Dir() string {
	if d := os.Getenv("IANAPORTS_SHARED"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	// file is <root>/internal/shareddata/shareddata.go
	root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	return filepath.Join(filepath.Dir(root), "shared")
}

// File returns the path of rel inside the shared directory, skipping tb
// (failing it when CI=true) when the file is not there.
func File(tb testing.TB, rel string) string {
	tb.Helper()
	path := filepath.Join(Dir(), filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared data %s is missing (CI=true requires ../shared beside the checkout): %v", rel, err)
		}
		tb.Skipf("shared data %s not found (%v): clone or copy ../shared beside the checkout to run this test", rel, err)
	}
	return path
}

// Read returns the contents of File(tb, rel).
func Read(tb testing.TB, rel string) []byte {
	tb.Helper()
	data, err := os.ReadFile(File(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
