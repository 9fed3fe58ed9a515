package queries

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/shareddata"
	"github.com/ianaports/ianaports/internal/source"
)

// Every query runs on databases with little or nothing in them, and says
// nothing it cannot know: no changes without two complete snapshots, no
// free ports without a complete snapshot (an excerpt lists part of the
// registry), nothing at all in an empty database.
func TestQueriesOnSmallDatabases(t *testing.T) {
	seed := shareddata.File(t, "seeds/002_55200195d673dac1.txt")
	files, err := fs.Glob(FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		inputs []string
		// rows: how many rows each query gives, where the test says.
		rows map[string]int
		// some: queries that give rows.
		some []string
	}{
		{name: "empty", rows: map[string]int{
			"aliases.sql": 0, "assignments_per_year.sql": 0, "changes_per_year.sql": 0,
			"changes_since_previous.sql": 0, "etc_services.sql": 0, "free_ranges.sql": 0,
			"multi_protocol_services.sql": 0, "port_history.sql": 0, "service_changes.sql": 0,
			"similar_names.sql": 0, "snapshots.sql": 0, "top_contacts.sql": 0,
			"unauthorized_use.sql": 0, "well_known_ports.sql": 0,
		}},
		{name: "one snapshot", inputs: []string{"../testdata/mini.xml"},
			rows: map[string]int{"changes_per_year.sql": 0, "changes_since_previous.sql": 0,
				"service_changes.sql": 0, "snapshots.sql": 1},
			some: []string{"free_ranges.sql", "well_known_ports.sql", "top_contacts.sql", "assignments_per_year.sql"}},
		{name: "an excerpt only", inputs: []string{seed},
			rows: map[string]int{"changes_per_year.sql": 0, "changes_since_previous.sql": 0,
				"service_changes.sql": 0, "free_ranges.sql": 0, "port_history.sql": 0, "snapshots.sql": 1},
			some: []string{"etc_services.sql", "multi_protocol_services.sql"}},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "small.db")
			d, err := db.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			err = source.Walk(ctx, tt.inputs, source.Options{}, func(in source.Input) error {
				if in.Err != nil {
					return in.Err
				}
				_, err := d.Import(ctx, in.Data, db.ImportOptions{Source: filepath.Base(in.Name)})
				return err
			})
			d.Close()
			if err != nil {
				t.Fatal(err)
			}
			f := &fixture{path: path}
			rows := map[string]int{}
			for _, name := range files {
				rows[name] = len(f.run(t, name, query(t, name)).rows)
			}
			for name, want := range tt.rows {
				if rows[name] != want {
					t.Errorf("%s: %d rows, want %d", name, rows[name], want)
				}
			}
			for _, name := range tt.some {
				if rows[name] == 0 {
					t.Errorf("%s: no rows", name)
				}
			}
		})
	}
}
