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

	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("begin import: %w", err)
	}
	defer tx.Rollback()
	im, err := newImporter(ctx, tx, digest, opts)
	if err != nil {
		return res, err
	}
	defer im.close()
	format, err := normalize.Parse(opts.Source, data, opts.Format, im)
	if err != nil {
		return res, err
	}
	if !im.started {
		return res, fmt.Errorf("%s: %w: no registry found", opts.Source, normalize.ErrSyntax)
	}
	if err := im.finish(); err != nil {
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("commit import: %w", err)
	}
	res = im.result
	res.Format = format
	return res, nil
}

// importer is the normalize.Handler that writes into the database.
type importer struct {
	ctx    context.Context
	tx     *sql.Tx
	opts   ImportOptions
	digest string
	result ImportResult

	started    bool
	snapshotID int64
	latest     string // latest date seen in the records, for a CSV's registry date

	stmts    map[string]*sql.Stmt
	services map[string]int64   // name -> id, all services in the database
	ports    map[[32]byte]int64 // content hash -> id, filled lazily
	contacts map[string]bool    // ids known to exist in the database
	seenSvc  map[string]bool    // service names in this snapshot
	seenCon  map[string]bool    // contact ids in this snapshot
	aliases  map[[2]string]bool // pairs stated by this snapshot
	position int
	persons  int
	warnings int
	extras   int
}

const (
	stInsertSnapshot  = "INSERT INTO snapshots (format, style, kind, source, sha256, date_source) VALUES (?, ?, ?, ?, ?, '') RETURNING id"
	stSnapshotExtra   = "INSERT INTO snapshot_extras (snapshot_id, position, name, text, line) VALUES (?, ?, ?, ?, ?)"
	stWarning         = "INSERT INTO snapshot_warnings (snapshot_id, position, line, col, message) VALUES (?, ?, ?, ?, ?)"
	stFootnote        = "INSERT INTO footnotes (snapshot_id, anchor, text) VALUES (?, ?, ?)"
	stService         = "INSERT INTO services (name) VALUES (?) RETURNING id"
	stPortByHash      = "SELECT id FROM ports WHERE content_hash = ?"
	stPort            = "INSERT INTO ports (content_hash, service_id, port_low, port_high, port_range, protocol, description, description_xml, registration_date, modification_date, service_code, unauthorized_use, unauthorized_use_xml, assignment_notes, assignment_notes_xml) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
	stSnapshotPort    = "INSERT INTO snapshot_ports (snapshot_id, position, port_id, line) VALUES (?, ?, ?, ?)"
	stContactID       = "INSERT INTO contacts (id) VALUES (?) ON CONFLICT (id) DO NOTHING"
	stPortContact     = "INSERT INTO port_contacts (port_id, role, position, contact_id, implied) VALUES (?, ?, ?, ?, ?)"
	stPortReference   = "INSERT INTO port_references (port_id, position, type, data, text, section, label) VALUES (?, ?, ?, ?, ?, ?, ?)"
	stPortExtra       = "INSERT INTO port_extras (port_id, position, name, text) VALUES (?, ?, ?, ?)"
	stAlias           = "INSERT INTO aliases (historic, well_formed) VALUES (?, ?) ON CONFLICT DO NOTHING"
	stSnapshotContact = "INSERT INTO snapshot_contacts (snapshot_id, position, contact_id, line) VALUES (?, ?, ?, ?)"
	stDescribeContact = "UPDATE contacts SET name = ?, organization = ?, last_updated = ?, described_by = ? WHERE id = ? AND (described_by IS NULL OR (SELECT coalesce(registry_date, '') FROM snapshots WHERE id = contacts.described_by) <= ?)"
	stDeleteURIs      = "DELETE FROM contact_uris WHERE contact_id = ?"
	stContactURI      = "INSERT INTO contact_uris (contact_id, position, uri) VALUES (?, ?, ?)"
	stDeleteConExtras = "DELETE FROM contact_extras WHERE contact_id = ?"
	stContactExtra    = "INSERT INTO contact_extras (contact_id, position, name, text) VALUES (?, ?, ?, ?)"
	stFinishSnapshot  = "UPDATE snapshots SET registry_date = ?, date_source = ?, record_count = ? WHERE id = ?"
)

func newImporter(ctx context.Context, tx *sql.Tx, digest string, opts ImportOptions) (*importer, error) {
	im := &importer{
		ctx: ctx, tx: tx, opts: opts, digest: digest,
		stmts:    map[string]*sql.Stmt{},
		services: map[string]int64{},
		contacts: map[string]bool{},
		seenSvc:  map[string]bool{},
		seenCon:  map[string]bool{},
		aliases:  map[[2]string]bool{},
	}
	if err := im.load(); err != nil {
		return nil, err
	}
	return im, nil
}

// load reads the names and ids the import will look up over and over.
func (im *importer) load() error {
	rows, err := im.tx.QueryContext(im.ctx, "SELECT id, name FROM services")
	if err != nil {
		return fmt.Errorf("load services: %w", err)
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return fmt.Errorf("load services: %w", err)
		}
		im.services[name] = id
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("load services: %w", err)
	}
	rows, err = im.tx.QueryContext(im.ctx, "SELECT id FROM contacts")
	if err != nil {
		return fmt.Errorf("load contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("load contacts: %w", err)
		}
		im.contacts[id] = true
	}
	return rows.Err()
}

func (im *importer) close() {
	for _, s := range im.stmts {
		s.Close()
	}
}

// stmt returns the prepared statement for query, preparing it once.
func (im *importer) stmt(query string) (*sql.Stmt, error) {
	if s, ok := im.stmts[query]; ok {
		return s, nil
	}
	s, err := im.tx.PrepareContext(im.ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	im.stmts[query] = s
	return s, nil
}

func (im *importer) exec(query string, args ...any) error {
	s, err := im.stmt(query)
	if err != nil {
		return err
	}
	if _, err := s.ExecContext(im.ctx, args...); err != nil {
		return fmt.Errorf("%s: %w", strings.Fields(query)[2], err)
	}
	return nil
}

func (im *importer) queryID(query string, args ...any) (int64, error) {
	s, err := im.stmt(query)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.QueryRowContext(im.ctx, args...).Scan(&id)
	return id, err
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
	id, err := im.queryID(stInsertSnapshot, h.Format, null(h.Style), h.Kind, filepath.Base(im.opts.Source), im.digest)
	if err != nil {
		return fmt.Errorf("insert snapshot: %w", err)
	}
	im.snapshotID = id
	im.result = ImportResult{SnapshotID: id, Kind: h.Kind}
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
	for i, e := range h.Extras {
		if err := im.exec(stSnapshotExtra, id, i+1, e.Name, e.Text, e.Line); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) Warn(w *normalize.ParseError) {
	im.warnings++
	if im.opts.Warn != nil {
		im.opts.Warn(w)
	}
	if im.snapshotID != 0 {
		// A failure here fails the import at its next statement.
		_ = im.exec(stWarning, im.snapshotID, im.warnings, w.Line, w.Column, w.Err.Error())
	}
}

func (im *importer) Footnote(f *normalize.Footnote) error {
	return im.exec(stFootnote, im.snapshotID, f.Anchor, f.Text)
}

func (im *importer) service(name string) (int64, error) {
	if id, ok := im.services[name]; ok {
		return id, nil
	}
	id, err := im.queryID(stService, name)
	if err != nil {
		return 0, fmt.Errorf("insert service: %w", err)
	}
	im.services[name] = id
	return id, nil
}

func (im *importer) contact(id string) error {
	if im.contacts[id] {
		return nil
	}
	im.contacts[id] = true
	return im.exec(stContactID, id)
}

var (
	aliasTo     = regexp.MustCompile(`This entry is an alias to "([^"]+)"`)
	replacement = regexp.MustCompile(`well-formed service name as a replacement for "([^"]+)"`)
)

func (im *importer) Record(r *normalize.Record) error {
	im.position++
	for _, d := range []string{r.Registered, r.Modified} {
		if d > im.latest {
			im.latest = d
		}
	}
	var service any
	if r.Name != "" {
		id, err := im.service(r.Name)
		if err != nil {
			return err
		}
		service = id
		im.seenSvc[r.Name] = true
		if m := aliasTo.FindStringSubmatch(r.Notes); m != nil {
			if err := im.alias(r.Name, m[1]); err != nil {
				return err
			}
		}
		if m := replacement.FindStringSubmatch(r.Description + "\n" + r.Notes); m != nil {
			if err := im.alias(m[1], r.Name); err != nil {
				return err
			}
		}
	}
	for _, p := range r.People {
		im.seenCon[p.ID] = true
	}
	id, err := im.port(r, service)
	if err != nil {
		return err
	}
	return im.exec(stSnapshotPort, im.snapshotID, im.position, id, r.Line)
}

// port returns the id of the record's content, storing it if it is new.
func (im *importer) port(r *normalize.Record, service any) (int64, error) {
	hash := r.ContentHash()
	if id, err := im.queryID(stPortByHash, hash[:]); err == nil {
		return id, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("look up record: %w", err)
	}
	var low, high any
	if r.Port.Valid {
		low, high = r.Port.Low, r.Port.High
	}
	id, err := im.queryID(stPort, hash[:], service, low, high, r.Port.Range, null(r.Protocol),
		r.Description, null(r.DescriptionXML), null(r.Registered), null(r.Modified),
		null(r.ServiceCode), null(r.Unauthorized), null(r.UnauthorizedXML), null(r.Notes), null(r.NotesXML))
	if err != nil {
		return 0, fmt.Errorf("line %d: insert record: %w", r.Line, err)
	}
	pos := map[string]int{}
	for _, p := range r.People {
		if err := im.contact(p.ID); err != nil {
			return 0, err
		}
		pos[p.Role]++
		if err := im.exec(stPortContact, id, p.Role, pos[p.Role], p.ID, p.Implied); err != nil {
			return 0, err
		}
	}
	for i, ref := range r.References {
		if err := im.exec(stPortReference, id, i+1, ref.Type, null(ref.Data), null(ref.Text), null(ref.Section), ref.Label); err != nil {
			return 0, err
		}
	}
	for i, e := range r.Extras {
		if err := im.exec(stPortExtra, id, i+1, e.Name, e.Text); err != nil {
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
	return im.exec(stAlias, historic, wellFormed)
}

func (im *importer) Person(p *normalize.Person) error {
	im.persons++
	if err := im.contact(p.ID); err != nil {
		return err
	}
	if err := im.exec(stSnapshotContact, im.snapshotID, im.persons, p.ID, p.Line); err != nil {
		return err
	}
	// Describe the person unless a snapshot of a later date already has.
	s, err := im.stmt(stDescribeContact)
	if err != nil {
		return err
	}
	res, err := s.ExecContext(im.ctx, null(p.Name), null(p.Org), null(p.Updated), im.snapshotID, p.ID, im.result.Date)
	if err != nil {
		return fmt.Errorf("describe contact %s: %w", p.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	if err := im.exec(stDeleteURIs, p.ID); err != nil {
		return err
	}
	for i, u := range p.URIs {
		if err := im.exec(stContactURI, p.ID, i+1, u); err != nil {
			return err
		}
	}
	if err := im.exec(stDeleteConExtras, p.ID); err != nil {
		return err
	}
	for i, e := range p.Extras {
		if err := im.exec(stContactExtra, p.ID, i+1, e.Name, e.Text); err != nil {
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
	r.Records = im.position
	r.Services = len(im.seenSvc)
	r.Contacts = im.persons
	if r.Contacts == 0 {
		r.Contacts = len(im.seenCon)
	}
	r.Aliases = len(im.aliases)
	r.Warnings = im.warnings
	return im.exec(stFinishSnapshot, null(r.Date), r.DateSource, r.Records, im.snapshotID)
}
