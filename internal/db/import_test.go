package db

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/shareddata"
)

func TestImportFullXML(t *testing.T) {
	d := openTemp(t)
	data := shareddata.Read(t, "iana/xml/2026-08-17.xml")
	res := mustImport(t, d, data, "2026-08-17.xml")
	sum := sha256.Sum256(data)
	want := ImportResult{SnapshotID: normalize.SnapshotID(sum), Date: "2026-08-17", DateSource: "document", Format: "xml", Kind: "complete",
		Records: 14533, NewRecords: 14533, Services: 7327, Contacts: 5615, Aliases: 96,
		// Every line is in a record (<record> to </record>) or a
		// person, or is the XML's boilerplate (declaration, registry
		// elements, white space between records): wc -l gives 127034.
		Lines: Lines{Total: 127034, Records: 101007, Contacts: 25965, Boilerplate: 62}}
	if res != want {
		t.Errorf("result = %+v\nwant %+v", res, want)
	}
	for _, c := range []struct {
		name  string
		query string
		want  int
	}{
		{"ports rows", "SELECT count(*) FROM ports", 14533},
		{"services", "SELECT count(*) FROM services", 7327},
		{"contacts", "SELECT count(*) FROM contacts", 5615},
		{"aliases", "SELECT count(*) FROM aliases", 96},
		{"records with no name", "SELECT count(*) FROM ports WHERE service_id IS NULL", 1724},
		{"records with no port", "SELECT count(*) FROM ports WHERE port_low IS NULL", 1070},
		{"ranges", "SELECT count(*) FROM ports WHERE port_range", 766},
		{"tcp", "SELECT count(*) FROM ports WHERE protocol = 'tcp'", 6606},
		{"no protocol", "SELECT count(*) FROM ports WHERE protocol IS NULL", 1467},
		{"alias records", "SELECT count(*) FROM ports WHERE assignment_notes LIKE '%This entry is an alias to%'", 184},
		{"alias records are historic names", `SELECT count(*) FROM ports p JOIN services s ON s.id = p.service_id
			JOIN aliases a ON a.historic = s.name WHERE p.assignment_notes LIKE '%This entry is an alias to%'`, 184},
		{"registry view", "SELECT count(*) FROM registry", 14533},
		{"people listed", fmt.Sprintf("SELECT count(*) FROM snapshot_contacts WHERE snapshot_id = %d", res.SnapshotID), 5615},
		{"contacts described", fmt.Sprintf("SELECT count(*) FROM contacts WHERE described_by = %d", res.SnapshotID), 5615},
		{"one span per record", "SELECT count(*) FROM port_spans", 14533},
		{"one span per person", "SELECT count(*) FROM contact_spans", 5615},
		{"footnotes", "SELECT count(*) FROM footnotes", 1},
		{"footnote references", "SELECT count(*) FROM port_references WHERE type = 'note' AND data = '1'", 8},
		{"sections kept", "SELECT count(*) FROM port_references WHERE section IS NOT NULL", 5},
		{"uris", "SELECT count(*) FROM contact_uris", 5571},
		{"warnings", "SELECT count(*) FROM snapshot_warnings", 0},
		{"positions are 1..n", "SELECT count(*) FROM snapshot_ports WHERE position BETWEEN 1 AND 14533", 14533},
		// Counted from the XML with Python's ElementTree: person xrefs
		// inside <assignee> (1,365), bare ones (11,129), and bare ones of
		// records with no <assignee> (9,757; the XML's rule makes those
		// the assignees too). Where the Assignee column repeats the
		// Contact column, the persons are stored once; a rendition
		// remembers the 110 written inside an <assignee> all the same.
		{"assignee rows", "SELECT count(*) FROM port_contacts WHERE role = 'assignee'", 1365 - 110},
		{"contacts of records", "SELECT count(*) FROM port_contacts WHERE role = 'contact'", 11129},
		{"assignees written in the XML", `SELECT (SELECT count(*) FROM port_contacts WHERE role = 'assignee')
			+ (SELECT count(*) FROM snapshot_ports sp JOIN port_renditions r ON r.id = sp.rendition_id
			   JOIN port_contacts pc ON pc.port_id = sp.port_id AND pc.role = 'contact'
			   WHERE r.assignee_written = 1)`, 1365},
		{"assignees left implied in the XML", `SELECT count(*) FROM port_roles pr
			WHERE pr.role = 'assignee' AND pr.implied AND NOT EXISTS (SELECT 1 FROM snapshot_ports sp
			JOIN port_renditions r ON r.id = sp.rendition_id WHERE sp.port_id = pr.port_id AND r.assignee_written = 1)`, 9757},
		{"assignees", "SELECT count(*) FROM port_roles WHERE role = 'assignee'", 1365 + 9757},
		// Markup IANA's rendering changes, as counted in the XML: 200
		// descriptions, 2 unauthorized uses and 40 notes.
		{"descriptions with markup", "SELECT count(*) FROM port_renditions WHERE description_xml IS NOT NULL", 200},
		{"unauthorized uses with markup", "SELECT count(*) FROM port_renditions WHERE unauthorized_use_xml IS NOT NULL", 2},
		{"notes with markup", "SELECT count(*) FROM port_renditions WHERE assignment_notes_xml IS NOT NULL", 40},
		// Xrefs whose type is not what their label says (TR-352 and a
		// 3GPP document are uri), or whose text IANA wrote otherwise
		// (line breaks, mojibake).
		{"references as the XML wrote them", "SELECT count(DISTINCT rendition_id) FROM rendition_references", 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := count(t, d, c.query); got != c.want {
				t.Errorf("%s = %d, want %d", c.query, got, c.want)
			}
		})
	}
	var https string
	if err := d.QueryRow("SELECT group_concat(transport_protocol) FROM (SELECT transport_protocol FROM registry WHERE port_low = 443 AND service_name = 'https' ORDER BY position)").Scan(&https); err != nil {
		t.Fatal(err)
	}
	if https != "tcp,udp,sctp" {
		t.Errorf("https on 443: %q", https)
	}
}

func TestReimportChangesNothing(t *testing.T) {
	d := openTemp(t)
	data := readMini(t)
	first := mustImport(t, d, data, "mini.xml")
	before := contents(t, d)
	again := mustImport(t, d, data, "elsewhere/copy.xml")
	if !again.Already || again.SnapshotID != first.SnapshotID {
		t.Errorf("second import = %+v, want Already for snapshot %d", again, first.SnapshotID)
	}
	if after := contents(t, d); after != before {
		t.Error("re-importing the same bytes changed the database")
	}
}

// TestBadInputLeavesDatabaseAsItWas imports a good snapshot, then bad ones,
// and checks each fails with file:line:col and changes nothing.
func TestBadInputLeavesDatabaseAsItWas(t *testing.T) {
	good := readMini(t)
	goodCSV := "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n" +
		strings.Repeat("echo,7,tcp,Echo,[Jon_Postel],[Jon_Postel],,,,,,\n", 300)
	cases := []struct {
		name     string
		source   string
		data     []byte
		sentinel error
		position string // file:line:col prefix of the message
	}{
		{"empty file", "empty.xml", nil, normalize.ErrEmpty, "empty.xml:1:1: "},
		{"white space only", "blank.csv", []byte("\n  \n"), normalize.ErrEmpty, "blank.csv:1:1: "},
		{"truncated XML", "cut.xml", good[:len(good)/2], normalize.ErrTruncated, "cut.xml:"},
		{"CSV with a wrong header", "bad-header.csv", []byte("Service Name,Port,Transport Protocol\nx,1,tcp\n"), normalize.ErrHeader, "bad-header.csv:1:14: "},
		{"binary file", "blob.bin", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), normalize.ErrUnknownFormat, "blob.bin:"},
		{"bad port after 300 good rows", "late.csv", []byte(goodCSV + "x,99999,tcp,X,,,,,,,,\n"), normalize.ErrField, "late.csv:302:3: "},
		{"not a registry", "page.txt", []byte("Service names and ports\n"), normalize.ErrUnknownFormat, "page.txt:1:1: "},
		{"wrong XML root", "feed.xml", []byte("<?xml version='1.0'?>\n<rss><channel/></rss>\n"), normalize.ErrSyntax, "feed.xml:2:1: "},
	}
	d := openTemp(t)
	mustImport(t, d, good, "mini.xml")
	before := contents(t, d)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := d.Import(context.Background(), c.data, ImportOptions{Source: c.source})
			if err == nil {
				t.Fatal("import succeeded")
			}
			if !errors.Is(err, c.sentinel) {
				t.Errorf("error %q is not %v", err, c.sentinel)
			}
			var pe *normalize.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Errorf("error %q carries no line", err)
			}
			if !strings.HasPrefix(err.Error(), c.position) {
				t.Errorf("error %q does not start with %q", err, c.position)
			}
			if after := contents(t, d); after != before {
				t.Error("failed import changed the database")
			}
		})
	}
}

func TestContentStoredOnce(t *testing.T) {
	d := openTemp(t)
	a := mustImport(t, d, shareddata.Read(t, "iana/xml/2025-04-07.xml"), "2025-04-07.xml")
	b := mustImport(t, d, shareddata.Read(t, "iana/xml/2026-08-17.xml"), "2026-08-17.xml")
	ports := count(t, d, "SELECT count(*) FROM ports")
	if ports >= a.Records+b.Records || ports < b.Records {
		t.Errorf("%d distinct records for snapshots of %d and %d", ports, a.Records, b.Records)
	}
	for _, s := range []ImportResult{a, b} {
		if got := count(t, d, "SELECT count(*) FROM snapshot_ports WHERE snapshot_id = ?", s.SnapshotID); got != s.Records {
			t.Errorf("snapshot %d holds %d records, want %d", s.SnapshotID, got, s.Records)
		}
	}
	// The registry view shows the newest snapshot.
	if got := count(t, d, "SELECT count(*) FROM registry"); got != b.Records {
		t.Errorf("registry has %d rows, want the newest snapshot's %d", got, b.Records)
	}
	// Importing the older snapshot after the newer must not overwrite the
	// newer's contact details: the 2026 XML describes every contact.
	if got := count(t, d, "SELECT count(*) FROM contacts WHERE described_by = ?", b.SnapshotID); got != b.Contacts {
		t.Errorf("%d contacts described by the newest snapshot, want %d", got, b.Contacts)
	}
	older := openTemp(t)
	mustImport(t, older, shareddata.Read(t, "iana/xml/2026-08-17.xml"), "2026-08-17.xml")
	mustImport(t, older, shareddata.Read(t, "iana/xml/2025-04-07.xml"), "2025-04-07.xml")
	q := "SELECT group_concat(id || '=' || coalesce(name, '') || '/' || coalesce(organization, '') || '/' || coalesce(last_updated, ''), char(10)) FROM (SELECT * FROM contacts ORDER BY id)"
	var x, y string
	if err := d.QueryRow(q).Scan(&x); err != nil {
		t.Fatal(err)
	}
	if err := older.QueryRow(q).Scan(&y); err != nil {
		t.Fatal(err)
	}
	if x != y {
		t.Error("contact details depend on the order snapshots were imported in")
	}
}

func TestCSVContactsFilledByXML(t *testing.T) {
	d := openTemp(t)
	csv := mustImport(t, d, shareddata.Read(t, "iana/csv/2025-04-07.csv"), "2025-04-07.csv")
	if csv.Date != "2025-04-07" || csv.DateSource != "file-name" {
		t.Errorf("CSV dated %q from %q, want 2025-04-07 from file-name", csv.Date, csv.DateSource)
	}
	if n := count(t, d, "SELECT count(*) FROM contacts WHERE name IS NOT NULL OR organization IS NOT NULL"); n != 0 {
		t.Errorf("%d contacts have details after a CSV alone", n)
	}
	ids := count(t, d, "SELECT count(*) FROM contacts")
	mustImport(t, d, shareddata.Read(t, "iana/xml/2025-04-07.xml"), "2025-04-07.xml")
	if n := count(t, d, "SELECT count(*) FROM contacts WHERE described_by IS NULL AND id IN (SELECT contact_id FROM port_contacts)"); n != 0 {
		t.Errorf("%d of the CSV's %d contacts are still undescribed after the XML", n, ids)
	}
}

func TestCSVDateFromRecordsWithWarning(t *testing.T) {
	d := openTemp(t)
	data := []byte(strings.Join(normalize.Columns, ",") + "\necho,7,tcp,Echo,,,2001-02-03,2019-05-06,,,,\n")
	var warnings []string
	res, err := d.Import(context.Background(), data, ImportOptions{Source: "-", Warn: func(e *normalize.ParseError) {
		warnings = append(warnings, e.Error())
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Date != "2019-05-06" || res.DateSource != "records" || len(warnings) != 1 {
		t.Errorf("date %q from %q with warnings %q", res.Date, res.DateSource, warnings)
	}
	res, err = d.Import(context.Background(), append(data, "daytime,13,tcp,Daytime,,,,,,,,\n"...), ImportOptions{Source: "-", Date: "2020-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Date != "2020-01-01" || res.DateSource != "flag" {
		t.Errorf("date %q from %q, want the flag's", res.Date, res.DateSource)
	}
}

func TestUnknownMarkupKeptAndReported(t *testing.T) {
	data := readMini(t)
	data = bytes.Replace(data, []byte("<sc>1145656131</sc>"), []byte(`<sc>1145656131</sc><flavour kind="x">mint</flavour>`), 1)
	data = bytes.Replace(data, []byte(`<record date="2011-10-10">`), []byte(`<record date="2011-10-10" status="new">`), 1)
	d := openTemp(t)
	var warnings []string
	_, err := d.Import(context.Background(), data, ImportOptions{Source: "x.xml", Warn: func(e *normalize.ParseError) { warnings = append(warnings, e.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 2 {
		t.Fatalf("warnings = %q, want 2", warnings)
	}
	var extras string
	if err := d.QueryRow("SELECT group_concat(name || '=' || text, ' ') FROM (SELECT * FROM rendition_extras ORDER BY position)").Scan(&extras); err != nil {
		t.Fatal(err)
	}
	if want := `@status=new flavour=<flavour kind="x">mint</flavour>`; extras != want {
		t.Errorf("extras = %q, want %q", extras, want)
	}
	if n := count(t, d, "SELECT count(*) FROM snapshot_warnings"); n != 2 {
		t.Errorf("%d warnings stored, want 2", n)
	}
}

// Check finds what the importer must never write: a reference that leads
// nowhere (mustImport runs Check after every import of the tests).
func TestCheckFindsDanglingReferences(t *testing.T) {
	mini := readMini(t)
	ctx := context.Background()
	for _, c := range []struct {
		name, change string
	}{
		{"unknown contact", "INSERT INTO port_contacts (port_id, role, position, contact_id) SELECT min(id), 'contact', 9, 'Nobody' FROM ports"},
		{"unknown service", "UPDATE ports SET service_id = 999 WHERE id = (SELECT min(id) FROM ports)"},
		{"unknown alias target", "INSERT INTO port_aliases SELECT min(id), 'tcpmux', 'no-such-name' FROM ports"},
		{"unknown record", "UPDATE port_spans SET port_id = 999 WHERE port_id = (SELECT min(port_id) FROM port_spans)"},
		{"unknown details", "UPDATE contact_spans SET detail_id = 999 WHERE contact_id = (SELECT min(contact_id) FROM contact_spans)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := openTemp(t)
			mustImport(t, d, mini, "mini.xml")
			if _, err := d.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
				t.Fatal(err)
			}
			if _, err := d.ExecContext(ctx, c.change); err != nil {
				t.Fatal(err)
			}
			if err := d.Check(ctx); !errors.Is(err, ErrIntegrity) {
				t.Errorf("Check = %v, want ErrIntegrity", err)
			}
		})
	}
}

// Warnings the parser gives before the snapshot row exists (about the root
// element) are stored with the snapshot like the others.
func TestWarningsBeforeHeaderAreStored(t *testing.T) {
	data := readMini(t)
	data = bytes.Replace(data, []byte(`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">`),
		[]byte(`<registry id="service-names-port-numbers" colour="blue">`), 1)
	d := openTemp(t)
	res := mustImport(t, d, data, "nons.xml")
	if res.Warnings != 2 {
		t.Errorf("%d warnings, want 2 (no namespace, unknown attribute)", res.Warnings)
	}
	var msgs string
	if err := d.QueryRow("SELECT group_concat(position || ':' || line || ':' || message, ' | ') FROM (SELECT * FROM snapshot_warnings ORDER BY position)").Scan(&msgs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msgs, "1:2:registry has no namespace") || !strings.Contains(msgs, `2:2:unknown attribute "colour"`) {
		t.Errorf("stored warnings = %q", msgs)
	}
}

// A statement that fails on SQLite's side, half way through the full XML,
// stops the parser, rolls the whole snapshot back and leaves the
// connection as it was.
func TestWriterFailureRollsBack(t *testing.T) {
	d := openTemp(t)
	mini := readMini(t)
	mustImport(t, d, mini, "mini.xml")
	ctx := context.Background()
	if _, err := d.ExecContext(ctx, `CREATE TRIGGER no_port_8080 BEFORE INSERT ON ports
		WHEN NEW.port_low = 8080 BEGIN SELECT RAISE(ABORT, 'no port 8080 here'); END`); err != nil {
		t.Fatal(err)
	}
	before := contents(t, d)
	_, err := d.Import(ctx, shareddata.Read(t, "iana/xml/2026-08-17.xml"), ImportOptions{Source: "2026-08-17.xml"})
	if err == nil || !strings.Contains(err.Error(), "no port 8080 here") {
		t.Fatalf("import = %v, want the trigger's error", err)
	}
	// The error names the lines of the batch of records that held 8080.
	var pe *normalize.ParseError
	if !errors.As(err, &pe) || pe.File != "2026-08-17.xml" || pe.Line < 1 {
		t.Fatalf("error %q does not name the file and a line", err)
	}
	var first, last int
	if _, serr := fmt.Sscanf(pe.Err.Error(), "storing what lines %d to %d say:", &first, &last); serr != nil {
		t.Fatalf("error %q does not give the lines: %v", err, serr)
	}
	data := shareddata.Read(t, "iana/xml/2026-08-17.xml")
	at := bytes.Index(data, []byte("<number>8080</number>"))
	if line := bytes.Count(data[:at], []byte("\n")) + 1; line < first || line > last || first != pe.Line {
		t.Errorf("port 8080 is on line %d, outside the lines %d to %d the error gives", line, first, last)
	}
	if after := contents(t, d); after != before {
		t.Error("failed import changed the database")
	}
	if n := count(t, d, "PRAGMA foreign_keys"); n != 1 {
		t.Errorf("foreign_keys = %d after a failed import, want 1", n)
	}
	if _, err := d.ExecContext(ctx, "DROP TRIGGER no_port_8080"); err != nil {
		t.Fatal(err)
	}
	mustImport(t, d, shareddata.Read(t, "iana/xml/2026-08-17.xml"), "2026-08-17.xml")
}

// Cancelling the context during an import stops it with context.Canceled
// and rolls it back. The cancel comes from the warning callback, which
// runs while the parser is inside the document.
func TestCancelledImportRollsBack(t *testing.T) {
	mini := readMini(t)
	odd := bytes.Replace(mini, []byte("<record>"), []byte("<record colour=\"red\">"), 1)
	if bytes.Equal(odd, mini) {
		t.Fatal("mini.xml has no <record>")
	}
	d := openTemp(t)
	before := contents(t, d)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := d.Import(ctx, odd, ImportOptions{Source: "odd.xml", Warn: func(*normalize.ParseError) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("import = %v, want context.Canceled", err)
	}
	if after := contents(t, d); after != before {
		t.Error("cancelled import changed the database")
	}
	if n := count(t, d, "PRAGMA foreign_keys"); n != 1 {
		t.Errorf("foreign_keys = %d after a cancelled import, want 1", n)
	}
	mustImport(t, d, mini, "mini.xml")
}

// A record is one record whatever shape it came in: IANA's CSV of a day,
// imported after the XML of that day, adds no record, in either of IANA's
// CSV styles; and the two copies of one registry show no change.
func TestOneIdentityWhateverTheShape(t *testing.T) {
	for _, day := range []string{"2025-04-07", "2024-04-30"} {
		t.Run(day, func(t *testing.T) {
			d := openTemp(t)
			x := mustImport(t, d, shareddata.Read(t, "iana/xml/"+day+".xml"), day+".xml")
			c := mustImport(t, d, shareddata.Read(t, "iana/csv/"+day+".csv"), day+".csv")
			if x.NewRecords != x.Records || c.NewRecords != 0 || c.Records != x.Records {
				t.Errorf("XML: %d records, %d new; CSV after it: %d records, %d new; want the CSV's 0 new",
					x.Records, x.NewRecords, c.Records, c.NewRecords)
			}
			if n := count(t, d, "SELECT count(*) FROM ports"); n != x.Records {
				t.Errorf("%d rows of ports for two copies of %d records", n, x.Records)
			}
			diff := count(t, d, `SELECT count(*) FROM (
				SELECT position, port_id FROM snapshot_ports WHERE snapshot_id = ?
				EXCEPT SELECT position, port_id FROM snapshot_ports WHERE snapshot_id = ?)`, x.SnapshotID, c.SnapshotID)
			if diff != 0 {
				t.Errorf("%d positions hold another record in the CSV than in the XML", diff)
			}
			// Each still exports as it came: the CSV as IANA wrote it.
			if got, want := ianaCSV(t, d, x.SnapshotID), ianaCSV(t, d, c.SnapshotID); day == "2025-04-07" && got != want {
				t.Error("the XML and the CSV of 2025-04-07 export differently")
			}
		})
	}
}
