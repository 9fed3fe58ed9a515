package db

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/normalize"
)

// ianaCSV renders a snapshot in IANA's layout, as export -layout iana
// does.
func ianaCSV(tb testing.TB, d *DB, snapshotID int64) string {
	tb.Helper()
	var buf bytes.Buffer
	enc := export.NewCSVEncoder(&buf)
	if err := enc.Begin(export.RegistryTable()); err != nil {
		tb.Fatal(err)
	}
	vals := make([]any, len(normalize.Columns))
	err := d.Registry(context.Background(), snapshotID, func(row []string) error {
		for i, v := range row {
			vals[i] = v
		}
		return enc.Encode(vals)
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}

// A database made by the version before record identities (schema 1)
// upgrades in place. testdata/v1-mini.sql is the SQL dump that version
// wrote of a database holding testdata/mini.xml and IANA's CSV rendering
// of it (exported by that version, in testdata/v1-mini-iana.csv); it
// stored most records twice, once per shape.
func TestUpgradeFromSchema1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	dump, err := os.ReadFile("testdata/v1-mini.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, string(dump)); err != nil {
		t.Fatalf("load the schema 1 dump: %v", err)
	}
	var before int
	if err := raw.QueryRowContext(ctx, "SELECT count(*) FROM ports").Scan(&before); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if before != 19 {
		t.Fatalf("the schema 1 database holds %d rows of ports, want 19", before)
	}

	d, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer d.Close()
	if err := d.Check(ctx); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/v1-mini-iana.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"xml", "csv"} {
		id := int64(count(t, d, "SELECT id FROM snapshots WHERE format = '"+format+"'"))
		if got := ianaCSV(t, d, id); got != string(want) {
			t.Errorf("the %s snapshot exports differently after the upgrade:\n%s", format, got)
		}
	}
	for _, c := range []struct {
		name  string
		query string
		want  int
	}{
		{"one row per record", "SELECT count(*) FROM ports", 11},
		{"hashes unique", "SELECT count(DISTINCT content_hash) FROM ports", 11},
		{"both snapshots on the same records", `SELECT count(*) FROM snapshot_ports a JOIN snapshot_ports b
			ON a.position = b.position AND a.port_id = b.port_id
			WHERE a.snapshot_id = (SELECT id FROM snapshots WHERE format = 'xml') AND b.snapshot_id = (SELECT id FROM snapshots WHERE format = 'csv')`, 11},
		// Migration 7: content-derived ids, spans.
		{"ids follow content", "SELECT count(*) FROM snapshots WHERE id > 1000000", 2},
		{"one span per record and rendition", "SELECT count(*) FROM port_spans",
			count(t, d, "SELECT count(*) FROM (SELECT DISTINCT port_id, rendition_id FROM snapshot_members)")},
		{"markup kept with the XML's renditions (whoispp, radsec, wot)", "SELECT count(*) FROM port_renditions WHERE description_xml IS NOT NULL OR assignment_notes_xml IS NOT NULL", 3},
		{"XML records that wrote <assignee>", "SELECT count(*) FROM port_renditions WHERE assignee_written = 1", 0},
		{"unknown elements moved", "SELECT count(*) FROM rendition_extras", 0},
		{"mojibake repaired", "SELECT count(*) FROM contacts WHERE name = 'Göran Schoultz' AND name_raw = 'G√∂ran Schoultz'", 1},
		{"views work", "SELECT count(*) FROM registry", 11},
		// Migration 5: the describing snapshot's details, kept per snapshot.
		{"details of the described persons", "SELECT count(*) FROM contact_details", 5},
		{"the describer's rows point to them", `SELECT count(*) FROM snapshot_contacts sc JOIN contacts c ON c.id = sc.contact_id
			JOIN contact_details d ON d.id = sc.detail_id
			WHERE sc.snapshot_id = c.described_by AND d.contact_id = c.id AND d.name IS c.name AND d.organization IS c.organization`, 5},
		{"URIs kept with them", "SELECT count(*) FROM contact_detail_uris", count(t, d, "SELECT count(*) FROM contact_uris")},
	} {
		if got := count(t, d, c.query); got != c.want {
			t.Errorf("%s: %s = %d, want %d", c.name, c.query, got, c.want)
		}
	}
	// The upgraded database goes on as a new one would: the XML's records
	// are there, under the identities an import computes today.
	fresh := openTemp(t)
	mustImport(t, fresh, readMini(t), "mini.xml")
	q := "SELECT group_concat(hex(content_hash), ' ') FROM (SELECT content_hash FROM ports ORDER BY content_hash)"
	var a, b string
	if err := d.QueryRow(q).Scan(&a); err != nil {
		t.Fatal(err)
	}
	if err := fresh.QueryRow(q).Scan(&b); err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Error("the upgraded records' identities differ from a fresh import's")
	}
	upgraded := contents(t, d)
	res := mustImport(t, d, []byte(strings.Replace(string(want), "tcpmux", "tcpmux2", 1)), "mini-2026-02-01.csv")
	if res.NewRecords != 1 {
		t.Errorf("a CSV that changes one record added %d records, want 1", res.NewRecords)
	}
	// A snapshot imported after the upgrade can be removed again.
	if _, err := d.Remove(ctx, res.Date); err != nil {
		t.Fatal(err)
	}
	if after := contents(t, d); after != upgraded {
		t.Errorf("removing the new snapshot does not give back the upgraded database:\n%s", firstLineDiff(after, upgraded))
	}
}
