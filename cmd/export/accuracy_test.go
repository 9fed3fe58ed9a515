package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// The seeds, each with the date of the XML snapshot it was copied from
// (../shared/README.md).
var seeds = []struct{ file, date string }{
	{"seeds/000_bd4275f5e557dc24.txt", "2025-09-29"},
	{"seeds/001_6d2227183440e8f2.txt", "2025-03-28"},
	{"seeds/002_55200195d673dac1.txt", "2025-10-30"},
	{"seeds/003_df3b8ab6f4bdc6eb.txt", "2026-05-29"},
	{"seeds/004_854be55ba5137fc7.txt", "2025-10-22"},
}

// fold is a cell as the comparison sees it: white space folded, IANA's
// mojibake repaired.
func fold(s string) string { return normalize.Clean(s) }

// TestSeedAccuracy imports each seed alone, exports it with -layout iana,
// and compares every non-empty field of the XML's record with the
// export's, white space folded; then each contact the seed lists (name,
// organization, URIs, date) with the XML's person. It prints the table.
// A seed's text cannot always say whether a lone date registered or
// modified a record, nor whether a contact's one phrase is a name or an
// organization (see the ambiguities table): the records' fields of all
// seeds together must match at 99.5% or more, each seed's at 99% or
// more, and the contacts' fields at 98.5% or more.
func TestSeedAccuracy(t *testing.T) {
	var rows []string
	var matched, total, contactsMatched, contactsTotal int
	for _, s := range seeds {
		path := shareddata.File(t, s.file)
		dbPath := importFiles(t, t.TempDir(), path)
		out := mustExport(t, "-db", dbPath, "-format", "csv", "-layout", "iana")
		got, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		got = got[1:]
		doc, _, _, err := normalize.ReadDocument(s.date+".xml", shareddata.Read(t, "iana/xml/"+s.date+".xml"), "xml")
		if err != nil {
			t.Fatal(err)
		}
		m, n, misses := compareWithXML(got, doc.Records)
		cm, cn, cmisses := compareContacts(t, dbPath, doc.Persons)
		matched, total = matched+m, total+n
		contactsMatched, contactsTotal = contactsMatched+cm, contactsTotal+cn
		pct := 100 * float64(m) / float64(n)
		row := fmt.Sprintf("%-32s %4d records  fields %4d/%4d %7.2f%%", filepath.Base(s.file), len(got), m, n, pct)
		if cn > 0 {
			row += fmt.Sprintf("  contacts fields %3d/%3d %7.2f%%", cm, cn, 100*float64(cm)/float64(cn))
		}
		rows = append(rows, row)
		for _, miss := range append(misses, cmisses...) {
			t.Logf("%s: %s", filepath.Base(s.file), miss)
		}
		if pct < 99 {
			t.Errorf("%s: %.2f%% of fields match, below 99%%", s.file, pct)
		}
	}
	pct := 100 * float64(matched) / float64(total)
	cpct := 100 * float64(contactsMatched) / float64(contactsTotal)
	rows = append(rows, fmt.Sprintf("%-32s %4s          fields %4d/%4d %7.2f%%  contacts fields %3d/%3d %7.2f%%",
		"all seeds", "", matched, total, pct, contactsMatched, contactsTotal, cpct))
	t.Log("seed accuracy against the XML of each seed's date:\n" + strings.Join(rows, "\n"))
	if pct < 99.5 {
		t.Errorf("%.2f%% of the seeds' fields match the XML, below 99.5%%", pct)
	}
	if cpct < 98.5 {
		t.Errorf("%.2f%% of the seeds' contact fields match the XML, below 98.5%%", cpct)
	}
}

// compareWithXML finds each exported record in the XML by name, port and
// protocol, in registry order, and compares every non-empty field of the
// XML's record.
func compareWithXML(got [][]string, want []*normalize.Record) (matched, total int, misses []string) {
	index := map[string][]int{}
	key := func(c []string) string { return c[0] + "|" + c[1] + "|" + c[2] }
	cells := make([][]string, len(want))
	for i, r := range want {
		id := r.Identity()
		cells[i] = id.Cells()
		index[key(cells[i])] = append(index[key(cells[i])], i)
	}
	next := map[string]int{}
	for _, g := range got {
		k := key(g)
		if next[k] >= len(index[k]) {
			misses = append(misses, "no XML record "+k)
			continue
		}
		w := cells[index[k][next[k]]]
		next[k]++
		for c := range w {
			if w[c] == "" {
				continue
			}
			total++
			if fold(g[c]) == fold(w[c]) {
				matched++
			} else {
				misses = append(misses, fmt.Sprintf("%s %s: export %q, XML %q", k, normalize.Columns[c], g[c], w[c]))
			}
		}
	}
	return matched, total, misses
}

// compareContacts compares the contacts a seed described with the XML's
// persons: every non-empty field of the XML's, for each person the seed
// lists.
func compareContacts(t *testing.T, dbPath string, persons []*normalize.Person) (matched, total int, misses []string) {
	t.Helper()
	ctx := context.Background()
	d, err := db.OpenReadOnly(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	byID := map[string]*normalize.Person{}
	for _, p := range persons {
		byID[p.ID] = p
	}
	rows, err := d.QueryContext(ctx, `SELECT c.id, coalesce(c.name, ''), coalesce(c.organization, ''), coalesce(c.last_updated, ''),
		coalesce((SELECT group_concat(uri, ' ') FROM (SELECT uri FROM contact_uris WHERE contact_id = c.id ORDER BY position)), '')
		FROM contacts c WHERE described_by IS NOT NULL ORDER BY c.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name, org, updated, uris string
		if err := rows.Scan(&id, &name, &org, &updated, &uris); err != nil {
			t.Fatal(err)
		}
		w := byID[id]
		if w == nil {
			misses = append(misses, "no XML person "+id)
			continue
		}
		for _, f := range []struct{ what, got, want string }{
			{"name", name, w.Name}, {"organization", org, w.Org}, {"date", updated, w.Updated},
			{"URIs", uris, strings.Join(w.URIs, " ")},
		} {
			if fold(f.want) == "" {
				continue
			}
			total++
			if fold(f.got) == fold(f.want) {
				matched++
			} else {
				misses = append(misses, fmt.Sprintf("contact %s %s: %q, XML %q", id, f.what, f.got, f.want))
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return matched, total, misses
}
