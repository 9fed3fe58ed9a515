package queries

import (
	"context"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/buildtest"
	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// TestQueriesRunInSqlite3 runs every curated query with the real sqlite3
// shell on a database of two consecutive official snapshots.
func TestQueriesRunInSqlite3(t *testing.T) {
	cli := buildtest.Tool(t, "sqlite3", "apt-get install sqlite3")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"iana/xml/2026-05-29.xml", "iana/xml/2026-08-17.xml"} {
		if _, err := d.Import(ctx, shareddata.Read(t, rel), db.ImportOptions{Source: rel}); err != nil {
			t.Fatal(err)
		}
	}
	d.Close()

	// Lines each query's output must hold (sqlite3 -list, no header).
	want := map[string][]string{
		"snapshots.sql":              {"|2026-08-17|xml|complete|2026-08-17.xml|14533|5615"},
		"well_known_ports.sql":       {"443|tcp|https|http protocol over TLS/SSL"},
		"aliases.sql":                {"whois++|whoispp|63"},
		"top_assignees.sql":          {"IESG|IESG|"},
		"unassigned_ranges.sql":      {"29170|29998|829|any"},
		"changes_since_previous.sql": {"added|ai-adp||tcp|AI Agent Discovery Protocol (ADP)|"},
		"etc_services.sql":           {"https             443/tcp  # http protocol over TLS/SSL"},
		"unauthorized_use.sql":       {"79|tcp|finger|Unauthorized use by some mail users (see [RFC4146] for details)"},
	}
	files, err := fs.Glob(FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			lines, ok := want[name]
			if !ok {
				t.Fatalf("no expectation for %s: add one to this test", name)
			}
			cmd := exec.Command(cli, "-bail", "-batch", path)
			q, err := FS.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stdin = strings.NewReader(string(q))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("sqlite3 < %s: %v\n%s", name, err, out)
			}
			for _, l := range lines {
				if !strings.Contains(string(out), l) {
					t.Errorf("%s: output lacks %q; it starts:\n%s", name, l, head(string(out), 5))
				}
			}
		})
	}
}

func head(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
