// Package buildtest gives tests the programs they run as processes: the
// commands, built once per test binary, for tests that run them as users
// do (killed, signalled, several at once), and tools such as sqlite3.
package buildtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var (
	mu     sync.Mutex
	dir    string
	builds = map[string]string{} // package directory -> binary
)

// Binary builds the command in the package directory pkg (such as "." or
// "../import") once per test process and returns the binary's path.
func Binary(tb testing.TB, pkg string) string {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	abs, err := filepath.Abs(pkg)
	if err != nil {
		tb.Fatal(err)
	}
	if bin, ok := builds[abs]; ok {
		return bin
	}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "ianaports-bin-"); err != nil {
			tb.Fatal(err)
		}
	}
	bin := filepath.Join(dir, filepath.Base(abs))
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = abs
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatal(fmt.Errorf("go build %s: %v\n%s", pkg, err, out))
	}
	builds[abs] = bin
	return bin
}

// Main runs a package's tests, then removes the binaries built: call it
// from TestMain as os.Exit(buildtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
	}
	return code
}

// Tool returns the path of a program the tests run (sqlite3, GNU time):
// where it is missing, the test is skipped with how to install it, or
// fails when CI=true, since CI installs it.
func Tool(tb testing.TB, name, install string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is not installed, and CI must have it (%s)", name, install)
		}
		tb.Skipf("%s is not installed (%s)", name, install)
	}
	return path
}
