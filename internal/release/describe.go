package release

import (
	"fmt"
	"strings"
	"time"

	"github.com/ianaports/ianaports/internal/db"
)

// registryURL is where IANA publishes the registry.
const registryURL = "https://www.iana.org/assignments/service-names-port-numbers/"

// describe makes the data package descriptor.
func describe(snap db.Snapshot, snapshots []db.Snapshot, resources []Resource, epoch *time.Time) Package {
	p := Package{
		Profile: packageProfile,
		Name:    "iana-service-names-port-numbers",
		Title:   "IANA Service Name and Transport Protocol Port Number Registry",
		Description: "The IANA Service Name and Transport Protocol Port Number Registry (RFC 6335), " +
			"normalized by ianaports into relational tables: services, ports, aliases, contacts and what links them, " +
			"with the history of every snapshot imported.",
		Homepage: registryURL,
		Keywords: []string{"iana", "ports", "service names", "rfc6335", "transport protocols"},
		Licenses: []License{{
			Name:  "CC0-1.0",
			Path:  "https://creativecommons.org/publicdomain/zero/1.0/",
			Title: "CC0 1.0: IANA and the IETF Trust dedicate the protocol registries to the public domain (https://www.iana.org/help/licensing-terms)",
		}},
		Sources: []Source{{Title: "IANA Service Name and Transport Protocol Port Number Registry", Path: registryURL}},
		Coverage: Coverage{
			Snapshots: len(snapshots),
			Release:   snap.Date,
		},
		Resources: resources,
	}
	if epoch != nil {
		p.Created = epoch.UTC().Format(time.RFC3339)
	}
	seen := map[string]bool{}
	for _, s := range snapshots {
		p.Sources = append(p.Sources, Source{
			Title:   fmt.Sprintf("%s snapshot of %s (%s)", s.Format, dateOr(s.Date), s.Kind),
			Path:    s.Source,
			Version: s.Date,
			Hash:    "sha256:" + s.SHA256,
		})
		if s.Date != "" && !seen[s.Date] {
			seen[s.Date] = true
			p.Coverage.Dates = append(p.Coverage.Dates, s.Date)
		}
	}
	if n := len(p.Coverage.Dates); n > 0 {
		p.Coverage.First, p.Coverage.Last = p.Coverage.Dates[0], p.Coverage.Dates[n-1]
	}
	return p
}

func dateOr(d string) string {
	if d == "" {
		return "unknown date"
	}
	return d
}

// readme writes the bundle's README.
func readme(p Package, snap db.Snapshot, tables []db.Table) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# %s\n\n", p.Title)
	w("A release of the registry made by ianaports: %d snapshot(s) of the registry, %s to %s, ", p.Coverage.Snapshots, p.Coverage.First, p.Coverage.Last)
	w("normalized into %d tables, and the registry of %s (%s) in IANA's own layout.\n\n", len(tables), snap.Date, snap.Source)
	w("The data is IANA's, dedicated to the public domain (CC0 1.0, https://www.iana.org/help/licensing-terms).\n\n")
	w("## Check it\n\n    sha256sum -c %s\n\n", Sums)
	w("The same snapshots always give the same bytes: anyone can rebuild this bundle with `ianaports` and compare `%s`.\n\n", Sums)
	w("## Files\n\n")
	w("| path | what |\n|---|---|\n")
	w("| `%s` | Frictionless Data Package v2: every file with its size and SHA-256, every table's fields, types, constraints, primary and foreign keys; the snapshots covered and each source file's SHA-256 |\n", Descriptor)
	w("| `%s` | the SQLite database, with `registry_search` (FTS5): `SELECT * FROM registry_search WHERE registry_search MATCH 'kerberos';` |\n", Database)
	w("| `%s` | the registry of %s as IANA's CSV |\n", Official, snap.Date)
	for _, r := range p.Resources {
		if r.Path == Services {
			w("| `%s` | the registry of %s as /etc/services |\n", Services, snap.Date)
		}
	}
	w("| `%s` | SQL dump for SQLite: `sqlite3 new.db < %s` |\n", SQLiteDump, SQLiteDump)
	w("| `%s` | SQL dump for PostgreSQL: `psql -v ON_ERROR_STOP=1 -f %s` |\n", PostgresDump, PostgresDump)
	w("| `csv/TABLE.csv` | each table as CSV: a header, NULL as an empty cell, booleans 1 and 0, blobs in hex |\n")
	w("| `ndjson/TABLE.ndjson` | each table as newline-delimited JSON, one object per row |\n")
	w("| `parquet/TABLE.parquet` | each table as Parquet, typed: `SELECT * FROM 'parquet/ports.parquet'` in DuckDB |\n\n")
	w("## Tables\n\n")
	for _, t := range tables {
		w("- `%s`: %s\n", t.Name, t.Description)
	}
	w("\nEach table's columns are described in `%s`.\n", Descriptor)
	return []byte(b.String())
}
