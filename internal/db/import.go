package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/ianaports/ianaports/internal/normalize"
)

// ImportOptions says how to import one input.
type ImportOptions struct {
	Source string // the input's name, as given by the user; used in errors
	Format string // "auto" (or empty), "xml" or "csv"
	// Date sets the snapshot's registry date where the input does not say
	// it (a CSV). Empty: the date in the source's name, else the latest
	// date in the records.
	Date string
	// Warn receives each warning as the parser reports it; may be nil.
	// It is called on the parser's goroutine, one call at a time, and
	// never after Import returns.
	Warn func(*normalize.ParseError)
}

// ImportResult summarizes one import.
type ImportResult struct {
	SnapshotID int64
	Date       string
	DateSource string
	Format     string
	Kind       string
	Records    int
	Services   int // distinct service names in the snapshot
	Contacts   int // persons in the snapshot: its people section, else those it names
	Aliases    int // historic/well-formed pairs the snapshot states
	Warnings   int
	// Already is true when an input with the same SHA-256 was imported
	// before; nothing was changed then, and SnapshotID is that snapshot.
	Already bool
}

var datePattern = regexp.MustCompile(`(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]`)

// Import reads one snapshot from data and stores it in one transaction: on
// any error the database is left as it was.
func (d *DB) Import(ctx context.Context, data []byte, opts ImportOptions) (ImportResult, error) {
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	var res ImportResult
	err := d.QueryRowContext(ctx,
		"SELECT id, coalesce(registry_date, ''), date_source, format, kind, record_count FROM snapshots WHERE sha256 = ?", digest).
		Scan(&res.SnapshotID, &res.Date, &res.DateSource, &res.Format, &res.Kind, &res.Records)
	if err == nil {
		res.Already = true
		return res, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return res, fmt.Errorf("look up snapshot: %w", err)
	}

	// SQLite's per-row foreign key enforcement costs a quarter of the
	// import, and checking the new rows before the commit another eighth;
	// it is off while the importer writes (the pool holds one connection).
	// Every reference the importer writes comes from its own maps of the
	// ids stored, loaded in this transaction (see load), so none can lead
	// nowhere; the tests run Check after their imports to hold it to that.
	conn, err := d.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("begin import: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return res, fmt.Errorf("begin import: %w", err)
	}
	// Restored even when ctx is cancelled: the pooled connection outlives
	// this import.
	defer conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("begin import: %w", err)
	}
	defer tx.Rollback()
	im := newImporter(ctx, newWriter(opts.Source, conn, tx), digest, opts)
	defer im.close()
	if err := im.load(); err != nil {
		return res, err
	}
	format, err := im.parse(opts.Source, data, opts.Format)
	if err != nil {
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("commit import: %w", err)
	}
	res = im.result
	res.Format = format
	return res, nil
}

// contactState is what the importer knows of a contact already stored.
type contactState struct {
	describedOn string // registry date of the snapshot that described it; "" if none
	described   bool
	pending     bool   // named by this import's records, not stored yet
	named       bool   // named by this import's records
	details     string // name, organization, date, URIs and extras, to tell a change
}

// importer turns what a parser reads into rows, on the parser's goroutine,
// and sends them to its writer (see parse). It assigns row ids itself (it
// holds the database's only write transaction), so that rows can be
// written in batches and nothing waits for SQLite's answer.
type importer struct {
	ctx    context.Context
	w      *writer
	opts   ImportOptions
	digest string
	result ImportResult

	started    bool
	line       int // input line of what the importer is storing
	snapshotID int64
	latest     string // latest date seen in the records, for a CSV's registry date

	services    map[string]*serviceState // all services in the database
	ports       map[[32]byte]int64       // content hash -> id, all records in the database
	contacts    map[string]*contactState
	nextService int64
	nextPort    int64

	seenSvc   int                // service names in this snapshot
	seenCon   int                // contact ids this snapshot's records name
	pending   []string           // contacts named and not stored yet, in order
	aliases   map[[2]string]bool // pairs stated by this snapshot
	position  int
	extras    int // registry-level elements stored
	persons   int
	unchanged int // persons listed with the details stored already
	warnings  int
	early     []*normalize.ParseError // warnings before the snapshot row existed

	bServices, bPorts, bSnapshotPorts, bPortContacts, bPortRefs, bPortExtras,
	bContacts, bContactURIs, bContactExtras, bSnapshotContacts, bAliases,
	bFootnotes, bWarnings, bSnapshotExtras *batch
	all []*batch
}

func newImporter(ctx context.Context, w *writer, digest string, opts ImportOptions) *importer {
	im := &importer{
		ctx: ctx, w: w, opts: opts, digest: digest,
		services: map[string]*serviceState{},
		ports:    map[[32]byte]int64{},
		contacts: map[string]*contactState{},
		aliases:  map[[2]string]bool{},
	}
	// OR FAIL: a failing statement keeps the rows it wrote before, which
	// the import's rollback discards anyway, and SQLite then needs no
	// statement journal for each multi-row INSERT.
	b := func(insert string, cols ...string) *batch {
		nb := newBatch(w, &im.line, insert, cols...)
		im.all = append(im.all, nb)
		return nb
	}
	im.bServices = b("INSERT OR FAIL INTO services", "id", "name")
	im.bPorts = b("INSERT OR FAIL INTO ports", "id", "content_hash", "service_id", "port_low", "port_high", "port_range",
		"protocol", "description", "description_xml", "registration_date", "modification_date", "service_code",
		"unauthorized_use", "unauthorized_use_xml", "assignment_notes", "assignment_notes_xml", "assignee_implied")
	im.bSnapshotPorts = b("INSERT OR FAIL INTO snapshot_ports", "snapshot_id", "position", "port_id", "line")
	im.bPortContacts = b("INSERT OR FAIL INTO port_contacts", "port_id", "role", "position", "contact_id")
	im.bPortRefs = b("INSERT OR FAIL INTO port_references", "port_id", "position", "type", "data", "text", "section", "label")
	im.bPortExtras = b("INSERT OR FAIL INTO port_extras", "port_id", "position", "name", "text")
	im.bContacts = b("INSERT OR FAIL INTO contacts", "id", "name", "organization", "last_updated", "described_by")
	im.bContactURIs = b("INSERT OR FAIL INTO contact_uris", "contact_id", "position", "uri")
	im.bContactExtras = b("INSERT OR FAIL INTO contact_extras", "contact_id", "position", "name", "text")
	im.bSnapshotContacts = b("INSERT OR FAIL INTO snapshot_contacts", "snapshot_id", "position", "contact_id", "line")
	im.bAliases = b("INSERT OR IGNORE INTO aliases", "historic", "well_formed")
	im.bFootnotes = b("INSERT OR FAIL INTO footnotes", "snapshot_id", "anchor", "text")
	im.bWarnings = b("INSERT OR FAIL INTO snapshot_warnings", "snapshot_id", "position", "line", "col", "message")
	im.bSnapshotExtras = b("INSERT OR FAIL INTO snapshot_extras", "snapshot_id", "position", "name", "text", "line")
	return im
}

// load reads the names, hashes and ids the import looks up over and over.
func (im *importer) load() error {
	err := im.w.tx.QueryRowContext(im.ctx, "SELECT coalesce(max(id), 0) + 1 FROM snapshots").Scan(&im.snapshotID)
	if err != nil {
		return fmt.Errorf("load snapshots: %w", err)
	}
	err = im.query("SELECT id, name FROM services", func(rows *sql.Rows) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		im.services[name] = &serviceState{id: id}
		im.nextService = max(im.nextService, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load services: %w", err)
	}
	err = im.query("SELECT id, content_hash FROM ports", func(rows *sql.Rows) error {
		var id int64
		var hash []byte
		if err := rows.Scan(&id, &hash); err != nil {
			return err
		}
		im.ports[[32]byte(hash)] = id
		im.nextPort = max(im.nextPort, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load records: %w", err)
	}
	err = im.query(`SELECT c.id, coalesce(s.registry_date, ''), c.described_by IS NOT NULL,
			coalesce(c.name, ''), coalesce(c.organization, ''), coalesce(c.last_updated, ''),
			coalesce((SELECT group_concat(uri, char(10)) FROM (SELECT uri FROM contact_uris WHERE contact_id = c.id ORDER BY position)), ''),
			coalesce((SELECT group_concat(name || char(9) || text, char(10)) FROM (SELECT name, text FROM contact_extras WHERE contact_id = c.id ORDER BY position)), '')
		FROM contacts c LEFT JOIN snapshots s ON s.id = c.described_by`, func(rows *sql.Rows) error {
		var id, name, org, updated, uris, extras string
		st := &contactState{}
		if err := rows.Scan(&id, &st.describedOn, &st.described, &name, &org, &updated, &uris, &extras); err != nil {
			return err
		}
		st.details = strings.Join([]string{name, org, updated, uris, extras}, "\x00")
		im.contacts[id] = st
		return nil
	})
	if err != nil {
		return fmt.Errorf("load contacts: %w", err)
	}
	return nil
}

func (im *importer) query(q string, scan func(*sql.Rows) error) error {
	rows, err := im.w.tx.QueryContext(im.ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (im *importer) close() {
	for _, b := range im.all {
		b.close()
	}
}

// null turns an empty string into SQL NULL.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (im *importer) Header(h *normalize.Header) error {
	im.started = true
	// The source is stored by base name, so that the same file imported
	// from another directory or machine gives the same database.
	err := im.exec("INSERT INTO snapshots (id, format, style, kind, source, sha256, date_source) VALUES (?, ?, ?, ?, ?, ?, '')",
		im.snapshotID, h.Format, null(h.Style), h.Kind, filepath.Base(im.opts.Source), im.digest)
	if err != nil {
		return err
	}
	im.result = ImportResult{SnapshotID: im.snapshotID, Kind: h.Kind}
	for i, w := range im.early {
		if err := im.bWarnings.add(im.snapshotID, i+1, w.Line, w.Column, w.Err.Error()); err != nil {
			return err
		}
	}
	switch {
	case h.Date != "":
		im.result.Date, im.result.DateSource = h.Date, "document"
		if im.opts.Date != "" && im.opts.Date != h.Date {
			im.Warn(&normalize.ParseError{File: im.opts.Source, Err: fmt.Errorf("-date %s ignored: the document says %s", im.opts.Date, h.Date)})
		}
	case im.opts.Date != "":
		im.result.Date, im.result.DateSource = im.opts.Date, "flag"
	default:
		if m := datePattern.FindAllString(filepath.Base(im.opts.Source), -1); len(m) > 0 {
			im.result.Date, im.result.DateSource = m[len(m)-1], "file-name"
		}
	}
	for i := range h.Extras {
		if err := im.Extra(&h.Extras[i]); err != nil {
			return err
		}
	}
	return nil
}

// Extra stores a registry-level element of the snapshot, verbatim.
func (im *importer) Extra(e *normalize.Raw) error {
	im.line = e.Line
	im.extras++
	return im.bSnapshotExtras.add(im.snapshotID, im.extras, e.Name, e.Text, e.Line)
}

func (im *importer) Warn(w *normalize.ParseError) {
	im.warnings++
	if im.opts.Warn != nil {
		im.opts.Warn(w)
	}
	// Warnings met before the header (about the root element, say) wait
	// for the snapshot row; a failed insert fails the import at the next
	// flush.
	if !im.started {
		im.early = append(im.early, w)
		return
	}
	_ = im.bWarnings.add(im.snapshotID, im.warnings, w.Line, w.Column, w.Err.Error())
}

func (im *importer) Footnote(f *normalize.Footnote) error {
	im.line = f.Line
	return im.bFootnotes.add(im.snapshotID, f.Anchor, f.Text)
}

// serviceState is what the importer knows of a service name.
type serviceState struct {
	id   int64
	seen bool // named by a record of this import
}

func (im *importer) service(name string) (*serviceState, error) {
	if st, ok := im.services[name]; ok {
		return st, nil
	}
	im.nextService++
	st := &serviceState{id: im.nextService}
	im.services[name] = st
	return st, im.bServices.add(st.id, name)
}

var (
	aliasTo     = regexp.MustCompile(`This entry is an alias to "([^"]+)"`)
	replacement = regexp.MustCompile(`well-formed service name as a replacement for "([^"]+)"`)
)

func (im *importer) record(r *normalize.Record, hash [32]byte) error {
	im.line = r.Line
	im.position++
	for _, d := range []string{r.Registered, r.Modified} {
		if d > im.latest {
			im.latest = d
		}
	}
	var service any
	if r.Name != "" {
		st, err := im.service(r.Name)
		if err != nil {
			return err
		}
		service = st.id
		if !st.seen {
			st.seen = true
			im.seenSvc++
		}
		if m := aliasTo.FindStringSubmatch(r.Notes); m != nil {
			if err := im.alias(r.Name, m[1]); err != nil {
				return err
			}
		}
		for _, text := range []string{r.Description, r.Notes} {
			if m := replacement.FindStringSubmatch(text); m != nil {
				if err := im.alias(m[1], r.Name); err != nil {
					return err
				}
				break
			}
		}
	}
	for _, p := range r.People {
		st := im.contacts[p.ID]
		if st == nil {
			st = &contactState{pending: true}
			im.contacts[p.ID] = st
			im.pending = append(im.pending, p.ID)
		}
		if !st.named {
			st.named = true
			im.seenCon++
		}
	}
	id, err := im.port(r, hash, service)
	if err != nil {
		return err
	}
	return im.bSnapshotPorts.add(im.snapshotID, im.position, id, r.Line)
}

// port returns the id of the record's content, storing it if it is new.
func (im *importer) port(r *normalize.Record, hash [32]byte, service any) (int64, error) {
	if id, ok := im.ports[hash]; ok {
		return id, nil
	}
	im.nextPort++
	id := im.nextPort
	im.ports[hash] = id
	var low, high any
	if r.Port.Valid {
		low, high = r.Port.Low, r.Port.High
	}
	// Implied assignees are not stored as rows (two thirds of the records
	// have them, and they were a sixth of the import's time): the record's
	// flag says its contacts are its assignees too.
	implied := slices.ContainsFunc(r.People, func(p normalize.PersonRef) bool { return p.Implied })
	err := im.bPorts.add(id, hash[:], service, low, high, r.Port.Range, null(r.Protocol),
		r.Description, null(r.DescriptionXML), null(r.Registered), null(r.Modified),
		null(r.ServiceCode), null(r.Unauthorized), null(r.UnauthorizedXML), null(r.Notes), null(r.NotesXML), implied)
	if err != nil {
		return 0, err
	}
	assignees, contacts := 0, 0
	for _, p := range r.People {
		if p.Implied {
			continue
		}
		pos := &contacts
		if p.Role == normalize.RoleAssignee {
			pos = &assignees
		}
		*pos++
		if err := im.bPortContacts.add(id, p.Role, *pos, p.ID); err != nil {
			return 0, err
		}
	}
	for i, ref := range r.References {
		if err := im.bPortRefs.add(id, i+1, ref.Type, null(ref.Data), null(ref.Text), null(ref.Section), ref.Label); err != nil {
			return 0, err
		}
	}
	for i, e := range r.Extras {
		if err := im.bPortExtras.add(id, i+1, e.Name, e.Text); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func (im *importer) alias(historic, wellFormed string) error {
	key := [2]string{historic, wellFormed}
	if im.aliases[key] {
		return nil
	}
	im.aliases[key] = true
	for _, n := range key {
		if _, err := im.service(n); err != nil {
			return err
		}
	}
	return im.bAliases.add(historic, wellFormed)
}

func (im *importer) Person(p *normalize.Person) error {
	im.line = p.Line
	im.persons++
	if err := im.bSnapshotContacts.add(im.snapshotID, im.persons, p.ID, p.Line); err != nil {
		return err
	}
	extras := make([]string, len(p.Extras))
	for i, e := range p.Extras {
		extras[i] = e.Name + "\t" + e.Text
	}
	details := strings.Join([]string{p.Name, p.Org, p.Updated, strings.Join(p.URIs, "\n"), strings.Join(extras, "\n")}, "\x00")
	st := im.contacts[p.ID]
	switch {
	case st == nil || st.pending:
		if st == nil {
			st = &contactState{}
			im.contacts[p.ID] = st
		}
		st.pending = false
		if err := im.bContacts.add(p.ID, null(p.Name), null(p.Org), null(p.Updated), im.snapshotID); err != nil {
			return err
		}
	case st.described && st.describedOn > im.result.Date:
		return nil // a later snapshot described this person already
	case st.described && st.details == details:
		im.unchanged++
		return nil // unchanged; finish marks it as described by this snapshot
	default:
		err := im.exec("UPDATE contacts SET name = ?, organization = ?, last_updated = ?, described_by = ? WHERE id = ?",
			null(p.Name), null(p.Org), null(p.Updated), im.snapshotID, p.ID)
		if err == nil {
			err = im.exec("DELETE FROM contact_uris WHERE contact_id = ?", p.ID)
		}
		if err == nil {
			err = im.exec("DELETE FROM contact_extras WHERE contact_id = ?", p.ID)
		}
		if err != nil {
			return err
		}
	}
	st.described, st.describedOn, st.details = true, im.result.Date, details
	for i, u := range p.URIs {
		if err := im.bContactURIs.add(p.ID, i+1, u); err != nil {
			return err
		}
	}
	for i, e := range p.Extras {
		if err := im.bContactExtras.add(p.ID, i+1, e.Name, e.Text); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) finish() error {
	r := &im.result
	if r.Date == "" && im.latest != "" {
		r.Date, r.DateSource = im.latest, "records"
		im.Warn(&normalize.ParseError{File: im.opts.Source, Err: fmt.Errorf("no registry date in the input or its name: using the latest record date, %s (set one with -date)", im.latest)})
	}
	if r.DateSource == "" {
		r.DateSource = "none"
	}
	// Persons named by records but described nowhere yet: by id only.
	for _, id := range im.pending {
		if !im.contacts[id].pending {
			continue
		}
		if err := im.bContacts.add(id, nil, nil, nil, nil); err != nil {
			return err
		}
	}
	for _, b := range im.all {
		if err := b.flush(); err != nil {
			return err
		}
	}
	r.Records = im.position
	r.Services = im.seenSvc
	r.Contacts = im.persons
	if r.Contacts == 0 {
		r.Contacts = im.seenCon
	}
	r.Aliases = len(im.aliases)
	r.Warnings = im.warnings
	err := im.exec("UPDATE snapshots SET registry_date = ?, date_source = ?, record_count = ? WHERE id = ?",
		null(r.Date), r.DateSource, r.Records, im.snapshotID)
	if err != nil || im.unchanged == 0 {
		return err
	}
	// Unchanged persons this snapshot lists are now described by it, where
	// it is later than the snapshot that described them.
	return im.exec(`UPDATE contacts SET described_by = ?1
		WHERE id IN (SELECT contact_id FROM snapshot_contacts WHERE snapshot_id = ?1)
		AND described_by <> ?1
		AND (SELECT coalesce(registry_date, '') FROM snapshots WHERE id = contacts.described_by) <= ?2`,
		im.snapshotID, r.Date)
}
