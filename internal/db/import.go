package db

import (
	"bytes"
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
	Format string // "auto" (or empty), or the name of a registered format
	// Date sets the snapshot's registry date where the input does not say
	// it (a CSV). Empty: the date in the source's name, else the latest
	// date in the records.
	Date string
	// Force imports a complete snapshot that ErrShrunk would refuse.
	Force bool
	// Parsed, where set, is the input parsed ahead (ParseAhead): Import
	// stores what it read instead of reading the data again.
	Parsed *Parsed
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
	NewRecords int // records the database did not hold before (by identity)
	Services   int // distinct service names in the snapshot
	Contacts   int // persons in the snapshot: its people section, else those it names
	Aliases    int // historic/well-formed pairs the snapshot states
	Warnings   int
	Lines      Lines
	// Ambiguous counts the readings the text could not decide (see the
	// ambiguities table); Resolved those a complete snapshot settled.
	Ambiguous, Resolved int
	// Already is true when an input with the same SHA-256 was imported
	// before; nothing was changed then, and SnapshotID is that snapshot.
	Already bool
}

// Lines accounts for every line of an input: each is part of a record, a
// contact, boilerplate the format has (titles, notes, headers, markup,
// kept with the snapshot), or a rejected line (kept in rejects).
type Lines struct {
	Total, Records, Contacts, Boilerplate, Rejected int
}

var datePattern = regexp.MustCompile(`(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]`)

// ErrInterrupted is returned when an import's context ends before it is
// stored; nothing of it is.
var ErrInterrupted = errors.New("import interrupted")

// ErrShrunk is returned for a complete snapshot that holds a tenth fewer
// records, or more, than the complete snapshot before it: what a
// truncated download gives. ImportOptions.Force imports it all the same.
var ErrShrunk = errors.New("too few records")

// Import reads one snapshot from data (compressed or not) and stores it
// in one transaction: on any error the database is left as it was.
// Imports into one database, from any number of processes, wait on each
// other; an input imported already is not imported again (Already).
func (d *DB) Import(ctx context.Context, data []byte, opts ImportOptions) (res ImportResult, err error) {
	defer func() { err = d.classify(ctx, opts.Source, err) }()
	if opts.Date != "" && !normalize.ValidDate(opts.Date) {
		return res, fmt.Errorf("registry date %q: want a calendar date, YYYY-MM-DD", opts.Date)
	}
	var sum [32]byte
	if p := opts.Parsed; p != nil {
		select {
		case <-p.ready:
		case <-ctx.Done():
			return res, ctx.Err()
		}
		if p.data == nil && p.err != nil {
			return res, p.err
		}
		data, sum = p.data, p.sum
	} else {
		data, _, err = normalize.Decompress(opts.Source, data)
		if err != nil {
			return res, err
		}
		sum = sha256.Sum256(data)
	}
	digest := hex.EncodeToString(sum[:])

	if d.lock == nil {
		return res, fmt.Errorf("database %s: opened read-only", d.Path)
	}
	if err := d.lock.lock(ctx); err != nil {
		return res, fmt.Errorf("lock database %s: %w", d.Path, err)
	}
	defer d.lock.unlock()

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
	// Looked up inside the write transaction: another process that
	// imported the same input a moment ago has committed by now.
	err = tx.QueryRowContext(ctx,
		"SELECT id, coalesce(registry_date, ''), date_source, format, kind, record_count FROM snapshots WHERE sha256 = ?", digest).
		Scan(&res.SnapshotID, &res.Date, &res.DateSource, &res.Format, &res.Kind, &res.Records)
	if err == nil {
		res.Already = true
		return res, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return res, fmt.Errorf("look up snapshot: %w", err)
	}
	// What the last import knew of the database holds while no other
	// process wrote it since; a failed import leaves it unknown.
	var version int64
	if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&version); err != nil {
		return res, fmt.Errorf("begin import: %w", err)
	}
	st := d.state
	d.state = nil
	if st != nil && st.version == version {
		st.reuse()
	} else {
		st = nil
	}
	im := newImporter(ctx, newWriter(opts.Source, conn, tx), digest, opts, st)
	im.snapshotID = normalize.SnapshotID(sum)
	defer im.close()
	if st == nil {
		im.importState = newImportState()
		if err := im.load(); err != nil {
			return res, err
		}
	} else if err := im.checkSnapshotID(); err != nil {
		return res, err
	}
	format, err := im.parse(opts.Source, data, opts.Format)
	if err != nil {
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("commit import: %w", err)
	}
	im.importState.version = version
	d.state = im.importState
	res = im.result
	res.Format = format
	res.Lines.Total = lineCount(data)
	res.Lines.Boilerplate = res.Lines.Total - res.Lines.Records - res.Lines.Contacts - res.Lines.Rejected
	return res, nil
}

// classify names what is at fault in an import's error: the import was
// interrupted, or the database failed (read-only, full, locked, corrupt),
// or else the input, which the error names already.
func (d *DB) classify(ctx context.Context, source string, err error) error {
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("%s: %w, nothing of it stored (%w)", source, ErrInterrupted, context.Cause(ctx))
	}
	if se := databaseFault(err); se != nil {
		return &DatabaseError{Path: d.Path, Err: se}
	}
	return err
}

// lineCount is the number of lines of data, a last line without a line
// end included.
func lineCount(data []byte) int {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}

// contactState is what the importer knows of a contact already stored.
type contactState struct {
	describedBy int64  // the snapshot that described it; 0 if none
	describedOn string // its registry date
	fidelity    int    // its fidelity
	described   bool
	pending     bool   // named by this import's records, not stored yet
	named       bool   // named by this import's records
	details     string // name, organization, date, URIs and extras, to tell a change
}

// renditionKey identifies a stored rendition: its record and its content.
type renditionKey struct {
	port int64
	hash [32]byte
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
	fidelity   int // of the snapshot's format
	format     string
	latest     string // latest date seen in the records, for a CSV's registry date

	*importState

	// The snapshot's membership, in its order, stored as spans at the end.
	members []portAttrs
	keys    []normalize.OrderKey
	people  []contactAttrs

	reference *referenceSnapshot // the complete snapshot nearest this one, once needed

	seenSvc    int                // service names in this snapshot
	seenCon    int                // contact ids this snapshot's records name
	pending    []string           // contacts named and not stored yet, in order
	aliases    map[[2]string]bool // pairs stated by this snapshot
	position   int
	extras     int // registry-level elements stored
	persons    int
	unchanged  int // persons listed with the details stored already
	warnings   int
	ambiguous  int // ambiguities stored
	unresolved []string
	resolvedBy map[int64]int           // settled ambiguities by the snapshot that settled them
	early      []*normalize.ParseError // warnings before the snapshot row existed

	bServices, bPorts, bPortContacts, bPortRefs,
	bRenditions, bRenditionRefs, bRenditionExtras,
	bContacts, bContactURIs, bContactExtras, bAliases,
	bDetails, bDetailURIs, bDetailExtras,
	bFootnotes, bWarnings, bSnapshotExtras, bRejects, bAmbiguities *batch
	all []*batch
}

// importState is what the importer knows of the database: every name,
// hash and id it looks up over and over. It is loaded at the first import
// and kept for the next ones while no other process writes the database.
type importState struct {
	services   map[string]*serviceState // all services in the database
	ports      map[[32]byte]int64       // identity hash -> id, all records in the database
	portIDs    map[int64]bool           // the ids of ports, to tell a collision
	renditions map[renditionKey]int64   // all renditions in the database
	contacts   map[string]*contactState
	details    map[string]int64 // contact id, NUL, details -> contact_details.id

	// The spans open at the end of the chain, by attributes, with their
	// first seq, and the chain's last seq; nil until needed.
	openPorts    map[portAttrs]int64
	openContacts map[contactAttrs]int64
	end          int64

	version int64 // PRAGMA data_version when it was last known true
}

func newImportState() *importState {
	return &importState{
		services:   map[string]*serviceState{},
		ports:      map[[32]byte]int64{},
		portIDs:    map[int64]bool{},
		renditions: map[renditionKey]int64{},
		contacts:   map[string]*contactState{},
		details:    map[string]int64{},
	}
}

// reuse readies a state kept from the import before for the next one.
func (st *importState) reuse() {
	for _, s := range st.services {
		s.seen = false
	}
	for _, c := range st.contacts {
		c.named = false
	}
}

func newImporter(ctx context.Context, w *writer, digest string, opts ImportOptions, st *importState) *importer {
	im := &importer{
		ctx: ctx, w: w, opts: opts, digest: digest,
		importState: st,
		aliases:     map[[2]string]bool{},
		resolvedBy:  map[int64]int{},
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
	im.bPorts = b("INSERT OR FAIL INTO ports", portColumns...)
	im.bPortContacts = b("INSERT OR FAIL INTO port_contacts", "port_id", "role", "position", "contact_id")
	im.bPortRefs = b("INSERT OR FAIL INTO port_references", "port_id", "position", "type", "data", "text", "section", "label")
	im.bRenditions = b("INSERT OR FAIL INTO port_renditions", renditionColumns...)
	im.bRenditionRefs = b("INSERT OR FAIL INTO rendition_references", "rendition_id", "position", "type", "data", "text", "section", "label")
	im.bRenditionExtras = b("INSERT OR FAIL INTO rendition_extras", "rendition_id", "position", "name", "text")
	im.bContacts = b("INSERT OR FAIL INTO contacts", "id", "name", "organization", "last_updated", "described_by", "name_raw", "organization_raw")
	im.bContactURIs = b("INSERT OR FAIL INTO contact_uris", "contact_id", "position", "uri", "raw")
	im.bContactExtras = b("INSERT OR FAIL INTO contact_extras", "contact_id", "position", "name", "text")
	im.bDetails = b("INSERT OR FAIL INTO contact_details", "id", "contact_id", "name", "organization", "last_updated", "name_raw", "organization_raw")
	im.bDetailURIs = b("INSERT OR FAIL INTO contact_detail_uris", "detail_id", "position", "uri", "raw")
	im.bDetailExtras = b("INSERT OR FAIL INTO contact_detail_extras", "detail_id", "position", "name", "text")
	im.bAliases = b("INSERT OR FAIL INTO port_aliases", "port_id", "historic", "well_formed")
	im.bFootnotes = b("INSERT OR FAIL INTO footnotes", "snapshot_id", "anchor", "text")
	im.bWarnings = b("INSERT OR FAIL INTO snapshot_warnings", "snapshot_id", "position", "line", "col", "message")
	im.bSnapshotExtras = b("INSERT OR FAIL INTO snapshot_extras", "snapshot_id", "position", "name", "text", "line")
	im.bRejects = b("INSERT OR FAIL INTO rejects", "snapshot_id", "line", "text", "reason")
	im.bAmbiguities = b("INSERT OR FAIL INTO ambiguities", "snapshot_id", "position", "line", "record", "contact_id", "question", "reading", "resolved_by")
	return im
}

// load reads the names, hashes and ids the import looks up over and over.
func (im *importer) load() error {
	if err := im.checkSnapshotID(); err != nil {
		return err
	}
	err := im.query("SELECT id, name FROM services", func(rows *sql.Rows) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		im.services[name] = &serviceState{id: id}
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
		im.portIDs[id] = true
		return nil
	})
	if err != nil {
		return fmt.Errorf("load records: %w", err)
	}
	err = im.query("SELECT id, port_id, content_hash FROM port_renditions", func(rows *sql.Rows) error {
		var id int64
		var key renditionKey
		var hash []byte
		if err := rows.Scan(&id, &key.port, &hash); err != nil {
			return err
		}
		key.hash = [32]byte(hash)
		im.renditions[key] = id
		return nil
	})
	if err != nil {
		return fmt.Errorf("load renditions: %w", err)
	}
	err = im.query(`SELECT c.id, coalesce(c.described_by, 0), coalesce(s.registry_date, ''), coalesce(s.fidelity, 0),
			`+detailColumns("c", "contact_uris", "contact_extras", "contact_id")+`
		FROM contacts c LEFT JOIN snapshots s ON s.id = c.described_by`, func(rows *sql.Rows) error {
		var id string
		var d [7]string
		st := &contactState{}
		if err := rows.Scan(&id, &st.describedBy, &st.describedOn, &st.fidelity, &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6]); err != nil {
			return err
		}
		st.described = st.describedBy != 0
		st.details = strings.Join(d[:], "\x00")
		im.contacts[id] = st
		return nil
	})
	if err != nil {
		return fmt.Errorf("load contacts: %w", err)
	}
	err = im.query(`SELECT d.id, d.contact_id, `+detailColumns("d", "contact_detail_uris", "contact_detail_extras", "detail_id")+`
		FROM contact_details d`, func(rows *sql.Rows) error {
		var id int64
		var contact string
		var d [7]string
		if err := rows.Scan(&id, &contact, &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6]); err != nil {
			return err
		}
		im.details[contact+"\x00"+strings.Join(d[:], "\x00")] = id
		return nil
	})
	if err != nil {
		return fmt.Errorf("load contact details: %w", err)
	}
	return nil
}

// checkSnapshotID refuses an input whose snapshot id another snapshot
// has: two SHA-256 that agree on 53 bits.
func (im *importer) checkSnapshotID() error {
	var other string
	err := im.w.tx.QueryRowContext(im.ctx, "SELECT sha256 FROM snapshots WHERE id = ?", im.snapshotID).Scan(&other)
	switch {
	case err == nil:
		return fmt.Errorf("snapshot id %d, made from the input's SHA-256, is taken by the snapshot of SHA-256 %s", im.snapshotID, other)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("load snapshots: %w", err)
	}
	return nil
}

// detailColumns selects a person's details from the row t of contacts or
// contact_details, with its URIs and extras from the tables named, keyed
// by column key: name, organization, last updated, raw name and
// organization, URIs (uri TAB raw, one a line) and extras (name TAB text),
// as Person builds them to tell one description from another.
func detailColumns(t, uris, extras, key string) string {
	id := t + ".id"
	return `coalesce(` + t + `.name, ''), coalesce(` + t + `.organization, ''), coalesce(` + t + `.last_updated, ''),
			coalesce(` + t + `.name_raw, ''), coalesce(` + t + `.organization_raw, ''),
			coalesce((SELECT group_concat(uri || char(9) || coalesce(raw, ''), char(10)) FROM (SELECT uri, raw FROM ` + uris + ` WHERE ` + key + ` = ` + id + ` ORDER BY position)), ''),
			coalesce((SELECT group_concat(name || char(9) || text, char(10)) FROM (SELECT name, text FROM ` + extras + ` WHERE ` + key + ` = ` + id + ` ORDER BY position)), '')`
}

func (im *importer) query(q string, scan func(*sql.Rows) error) error {
	return scanRows(im.ctx, im.w.tx, q, scan)
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
	im.format = h.Format
	if f, ok := normalize.LookupFormat(h.Format); ok {
		im.fidelity = f.Fidelity
	}
	// The source is stored by base name, so that the same file imported
	// from another directory or machine gives the same database.
	err := im.exec("INSERT INTO snapshots (id, format, style, kind, source, sha256, date_source, fidelity) VALUES (?, ?, ?, ?, ?, ?, '', ?)",
		im.snapshotID, h.Format, null(h.Style), h.Kind, filepath.Base(im.opts.Source), im.digest, im.fidelity)
	if err != nil {
		return err
	}
	im.result.SnapshotID, im.result.Kind = im.snapshotID, h.Kind
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
		im.result.Date = im.fileNameDate()
		if im.result.Date != "" {
			im.result.DateSource = "file-name"
		}
	}
	for i := range h.Extras {
		if err := im.Extra(&h.Extras[i]); err != nil {
			return err
		}
	}
	return nil
}

// fileNameDate is the last calendar date the input's file name holds; a
// date-like part that is no date (2026-13-45) is reported and passed over.
func (im *importer) fileNameDate() string {
	m := datePattern.FindAllString(filepath.Base(im.opts.Source), -1)
	for i := len(m) - 1; i >= 0; i-- {
		if normalize.ValidDate(m[i]) {
			return m[i]
		}
		im.Warn(&normalize.ParseError{File: im.opts.Source, Err: fmt.Errorf("the file name's %s is no calendar date: not taken as the registry's date", m[i])})
	}
	return ""
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

// Reject keeps a line the parser could not read.
func (im *importer) Reject(r *normalize.Reject) error {
	im.line = r.Line
	im.result.Lines.Rejected++
	return im.bRejects.add(im.snapshotID, r.Line, r.Text, r.Reason)
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
	st := &serviceState{id: normalize.ServiceID(name)}
	im.services[name] = st
	return st, im.bServices.add(st.id, name)
}

// lineSpan is the number of lines from first to last, where last 0 means one.
func lineSpan(first, last int) int {
	if last < first {
		return 1
	}
	return last - first + 1
}

func (im *importer) record(r *normalize.Record) error {
	im.line = r.Line
	im.position++
	im.result.Lines.Records += lineSpan(r.Line, r.EndLine)
	var resolvedBy any
	if len(r.Ambiguities) > 0 {
		ref, err := im.nearestComplete()
		if err != nil {
			return err
		}
		if cand := ref.lookup(r); cand != nil && r.Resolve(cand) {
			resolvedBy = ref.id
			im.resolvedBy[ref.id] += len(r.Ambiguities)
		} else {
			for _, a := range r.Ambiguities {
				im.unresolved = append(im.unresolved, fmt.Sprintf("line %d: %s %s", a.Line, a.Question, a.Reading))
			}
		}
		for _, a := range r.Ambiguities {
			im.ambiguous++
			if err := im.bAmbiguities.add(im.snapshotID, im.ambiguous, a.Line, im.position, nil, a.Question, a.Reading, resolvedBy); err != nil {
				return err
			}
		}
	}
	id := r.Identity()
	hash := id.Hash()
	for _, d := range []string{id.Registered, id.Modified} {
		if d > im.latest {
			im.latest = d
		}
	}
	var service any
	if id.Name != "" {
		st, err := im.service(id.Name)
		if err != nil {
			return err
		}
		service = st.id
		if !st.seen {
			st.seen = true
			im.seenSvc++
		}
		for _, a := range id.Aliases() {
			im.aliases[[2]string{a.Historic, a.WellFormed}] = true
		}
	}
	for _, list := range [][]string{id.Assignees, id.Contacts} {
		for _, p := range list {
			im.named(p)
		}
	}
	portID, err := im.port(&id, hash, service)
	if err != nil {
		return err
	}
	m := portAttrs{port: portID}
	if rd := r.Rendition(&id); !rd.Empty() {
		if m.rendition, err = im.rendition(hash, portID, &rd); err != nil {
			return err
		}
	}
	im.members = append(im.members, m)
	im.keys = append(im.keys, id.OrderKey())
	return nil
}

// named notes a person a record names; one not stored yet is stored by
// id at the end of the import, unless the snapshot describes it.
func (im *importer) named(id string) {
	st := im.contacts[id]
	if st == nil {
		st = &contactState{pending: true}
		im.contacts[id] = st
		im.pending = append(im.pending, id)
	}
	if !st.named {
		st.named = true
		im.seenCon++
	}
}

// portColumns are the columns of ports, as Identity fills them.
var portColumns = []string{"id", "content_hash", "service_id", "port_low", "port_high", "port_range",
	"protocol", "description", "registration_date", "modification_date", "service_code",
	"unauthorized_use", "assignment_notes", "assignee_is_contact"}

// port returns the id of the record with this identity, storing it if it
// is new.
func (im *importer) port(id *normalize.Identity, hash [32]byte, service any) (int64, error) {
	if pid, ok := im.ports[hash]; ok {
		return pid, nil
	}
	pid := normalize.RecordID(hash)
	if im.portIDs[pid] {
		return 0, fmt.Errorf("record id %d, made from the record's identity, is taken by another record", pid)
	}
	im.portIDs[pid] = true
	im.ports[hash] = pid
	im.result.NewRecords++
	var low, high any
	if id.Port.Valid {
		low, high = id.Port.Low, id.Port.High
	}
	// Where the Assignee column repeats the Contact column (two thirds of
	// the records), the persons are stored once, as contacts: the rows
	// were a sixth of the import's time.
	same := id.AssigneeIsContact()
	err := im.bPorts.add(pid, hash[:], service, low, high, id.Port.Range, null(id.Protocol),
		id.Description, null(id.Registered), null(id.Modified), null(id.ServiceCode),
		null(id.Unauthorized), null(id.Notes), same)
	if err != nil {
		return 0, err
	}
	if !same {
		for i, p := range id.Assignees {
			if err := im.bPortContacts.add(pid, normalize.RoleAssignee, i+1, p); err != nil {
				return 0, err
			}
		}
	}
	for i, p := range id.Contacts {
		if err := im.bPortContacts.add(pid, normalize.RoleContact, i+1, p); err != nil {
			return 0, err
		}
	}
	for i, ref := range id.InferredReferences() {
		if err := im.bPortRefs.add(pid, i+1, ref.Type, null(ref.Data), null(ref.Text), null(ref.Section), ref.Label); err != nil {
			return 0, err
		}
	}
	for _, a := range id.Aliases() {
		if err := im.alias(pid, a.Historic, a.WellFormed); err != nil {
			return 0, err
		}
	}
	return pid, nil
}

// renditionColumns are the columns of port_renditions.
var renditionColumns = []string{"id", "port_id", "content_hash", "description", "description_xml",
	"unauthorized_use", "unauthorized_use_xml", "assignment_notes", "assignment_notes_xml", "assignee_written"}

// rendition returns the id of a record's rendition, storing it if it is
// new.
func (im *importer) rendition(record [32]byte, portID int64, rd *normalize.Rendition) (int64, error) {
	key := renditionKey{portID, rd.Hash()}
	if rid, ok := im.renditions[key]; ok {
		return rid, nil
	}
	rid := normalize.RenditionID(record, key.hash)
	im.renditions[key] = rid
	err := im.bRenditions.add(rid, portID, key.hash[:], null(rd.Description), null(rd.DescriptionXML),
		null(rd.Unauthorized), null(rd.UnauthorizedXML), null(rd.Notes), null(rd.NotesXML), assigneeWritten(rd.Assignee))
	if err != nil {
		return 0, err
	}
	for i, ref := range rd.References {
		if err := im.bRenditionRefs.add(rid, i+1, ref.Type, null(ref.Data), null(ref.Text), null(ref.Section), ref.Label); err != nil {
			return 0, err
		}
	}
	for i, e := range rd.Extras {
		if err := im.bRenditionExtras.add(rid, i+1, e.Name, e.Text); err != nil {
			return 0, err
		}
	}
	return rid, nil
}

// assigneeWritten is port_renditions.assignee_written for a rendition's
// tag: 1 where the XML wrote <assignee>, 0 where it did not, NULL where
// the source writes what the identity implies.
func assigneeWritten(tag normalize.AssigneeTag) any {
	switch tag {
	case normalize.AssigneeWritten:
		return 1
	case normalize.AssigneeImplied:
		return 0
	}
	return nil
}

// alias stores a historic/well-formed pair a new record states.
func (im *importer) alias(port int64, historic, wellFormed string) error {
	for _, n := range []string{historic, wellFormed} {
		if _, err := im.service(n); err != nil {
			return err
		}
	}
	return im.bAliases.add(port, historic, wellFormed)
}

// outranks reports whether the description a contact has comes from a
// more faithful snapshot than this one, or from a later one as faithful:
// a person's details come from the most faithful source that describes
// them, never from a damaged copy over a clean one.
func (im *importer) outranks(st *contactState) bool {
	switch {
	case st.fidelity != im.fidelity:
		return st.fidelity > im.fidelity
	case st.describedOn != im.result.Date:
		return st.describedOn > im.result.Date
	}
	return st.describedBy > im.snapshotID // content-derived: any order of imports agrees
}

func (im *importer) Person(p *normalize.Person) error {
	im.line = p.Line
	im.persons++
	im.result.Lines.Contacts += lineSpan(p.Line, p.EndLine)
	st := im.contacts[p.ID]
	for _, a := range p.Ambiguities {
		im.ambiguous++
		var by any
		if st != nil && st.described && im.outranks(st) {
			// What a more faithful snapshot says of the person stands;
			// the copy's reading changes nothing.
			by = st.describedBy
			im.resolvedBy[st.describedBy]++
		} else {
			im.unresolved = append(im.unresolved, fmt.Sprintf("line %d: %s %s", a.Line, a.Question, a.Reading))
		}
		if err := im.bAmbiguities.add(im.snapshotID, im.ambiguous, a.Line, nil, p.ID, a.Question, a.Reading, by); err != nil {
			return err
		}
	}
	name, nameRaw := repaired(p.Name)
	org, orgRaw := repaired(p.Org)
	uris := make([]string, len(p.URIs))
	for i, u := range p.URIs {
		uris[i] = u + "\t"
		if i < len(p.RawURIs) && p.RawURIs[i] != u {
			uris[i] += p.RawURIs[i]
		}
	}
	extras := make([]string, len(p.Extras))
	for i, e := range p.Extras {
		extras[i] = e.Name + "\t" + e.Text
	}
	details := strings.Join([]string{name, org, p.Updated, nameRaw, orgRaw, strings.Join(uris, "\n"), strings.Join(extras, "\n")}, "\x00")
	detailID, err := im.detail(p, details, name, org, nameRaw, orgRaw)
	if err != nil {
		return err
	}
	im.people = append(im.people, contactAttrs{contact: p.ID, detail: detailID})
	switch {
	case st == nil || st.pending:
		if st == nil {
			st = &contactState{}
			im.contacts[p.ID] = st
		}
		st.pending = false
		if err := im.bContacts.add(p.ID, null(name), null(org), null(p.Updated), im.snapshotID, null(nameRaw), null(orgRaw)); err != nil {
			return err
		}
	case st.described && im.outranks(st):
		return nil // a more faithful or later snapshot described this person already
	case st.described && st.details == details:
		// Unchanged; finish marks it as described by this snapshot.
		im.unchanged++
		st.describedBy, st.describedOn, st.fidelity = im.snapshotID, im.result.Date, im.fidelity
		return nil
	default:
		err := im.exec("UPDATE contacts SET name = ?, organization = ?, last_updated = ?, described_by = ?, name_raw = ?, organization_raw = ? WHERE id = ?",
			null(name), null(org), null(p.Updated), im.snapshotID, null(nameRaw), null(orgRaw), p.ID)
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
	st.described, st.describedBy, st.describedOn, st.fidelity, st.details = true, im.snapshotID, im.result.Date, im.fidelity, details
	for i, u := range p.URIs {
		var raw any
		if i < len(p.RawURIs) && p.RawURIs[i] != u {
			raw = p.RawURIs[i]
		}
		if err := im.bContactURIs.add(p.ID, i+1, u, raw); err != nil {
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

// detail returns the id of what this snapshot says of a person, storing
// it where no snapshot said it before.
func (im *importer) detail(p *normalize.Person, details, name, org, nameRaw, orgRaw string) (int64, error) {
	key := p.ID + "\x00" + details
	if id, ok := im.details[key]; ok {
		return id, nil
	}
	id := normalize.DetailID(p.ID, details)
	im.details[key] = id
	if err := im.bDetails.add(id, p.ID, null(name), null(org), null(p.Updated), null(nameRaw), null(orgRaw)); err != nil {
		return 0, err
	}
	for i, u := range p.URIs {
		var raw any
		if i < len(p.RawURIs) && p.RawURIs[i] != u {
			raw = p.RawURIs[i]
		}
		if err := im.bDetailURIs.add(id, i+1, u, raw); err != nil {
			return 0, err
		}
	}
	for i, e := range p.Extras {
		if err := im.bDetailExtras.add(id, i+1, e.Name, e.Text); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// repaired returns s with IANA's mojibake repaired, and s itself as the
// raw text where the repair changed it.
func repaired(s string) (text, raw string) {
	if t, ok := normalize.RepairMojibake(s); ok {
		return t, s
	}
	return s, ""
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
	im.reportAmbiguities()
	// Persons named by records but described nowhere yet: by id only.
	for _, id := range im.pending {
		if !im.contacts[id].pending {
			continue
		}
		if err := im.bContacts.add(id, nil, nil, nil, nil, nil, nil); err != nil {
			return err
		}
		im.contacts[id].pending = false
	}
	for _, b := range im.all {
		if err := b.flush(); err != nil {
			return err
		}
	}
	r.Records = im.position
	if err := im.checkShrink(); err != nil {
		return err
	}
	seq, err := im.storeMembership()
	if err != nil {
		return err
	}
	r.Services = im.seenSvc
	r.Contacts = im.persons
	if r.Contacts == 0 {
		r.Contacts = im.seenCon
	}
	r.Aliases = len(im.aliases)
	r.Warnings = im.warnings
	r.Ambiguous = im.ambiguous
	for _, n := range im.resolvedBy {
		r.Resolved += n
	}
	if im.unchanged == 0 {
		return nil
	}
	// Unchanged persons this snapshot lists are now described by it, where
	// it is as faithful as the snapshot that described them and as late.
	return im.exec(`UPDATE contacts SET described_by = ?1
		WHERE id IN (SELECT contact_id FROM contact_spans WHERE first_seq <= ?4 AND coalesce(last_seq, ?4) >= ?4)
		AND described_by <> ?1
		AND (SELECT (fidelity, coalesce(registry_date, ''), id) < (?3, ?2, ?1)
		     FROM snapshots WHERE id = contacts.described_by)`,
		im.snapshotID, r.Date, im.fidelity, seq)
}

// checkShrink refuses, unless forced, a complete snapshot that holds a
// tenth fewer records or more than the complete snapshot before it (by
// registry date; the newest, where this one is undated): a truncated
// download, a half-saved page. Consecutive snapshots of the registry
// differ by a few records; Wireshark's generator refuses a CSV of under
// 14,000 rows for the same reason.
func (im *importer) checkShrink() error {
	r := &im.result
	if r.Kind != normalize.KindComplete {
		return nil
	}
	var prevID, prevRecords int64
	var prevDate, prevFormat string
	err := im.w.do(func(ctx context.Context, tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, record_count, coalesce(registry_date, ''), format FROM snapshots
			WHERE kind = 'complete' AND id <> ?1 AND (?2 = '' OR coalesce(registry_date, '') <= ?2)
			ORDER BY coalesce(registry_date, '') DESC, fidelity DESC, id DESC LIMIT 1`, im.snapshotID, r.Date).
			Scan(&prevID, &prevRecords, &prevDate, &prevFormat)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("read the snapshot before: %w", err)
	}
	if prevID == 0 || int64(r.Records)*10 >= prevRecords*9 {
		return nil
	}
	if im.opts.Force {
		im.Warn(&normalize.ParseError{File: im.opts.Source, Err: fmt.Errorf(
			"%d records, where the complete snapshot before it (snapshot %d, %s %s) has %d: imported as -force asks", r.Records, prevID, prevDate, prevFormat, prevRecords)})
		return nil
	}
	return fmt.Errorf("%s: %w: %d, where the complete snapshot before it (snapshot %d, %s %s) has %d; a tenth fewer or more is what a truncated download gives: refused (-force imports it)",
		im.opts.Source, ErrShrunk, r.Records, prevID, prevDate, prevFormat, prevRecords)
}

// reportAmbiguities says, in a warning or two, what the text could not
// decide: what complete snapshots settled, and what was taken by default.
func (im *importer) reportAmbiguities() {
	for sid, n := range im.resolvedBy {
		im.Warn(&normalize.ParseError{File: im.opts.Source, Err: fmt.Errorf(
			"%d readings the text could not decide were settled by snapshot %d (see the ambiguities table)", n, sid)})
	}
	if n := len(im.unresolved); n > 0 {
		examples := make([]string, min(n, 3))
		for i, e := range im.unresolved[:len(examples)] {
			if len(e) > 120 {
				e = strings.ToValidUTF8(e[:117], "") + "..."
			}
			examples[i] = e
		}
		more := ""
		if n > 3 {
			more = fmt.Sprintf("; %d more", n-3)
		}
		im.Warn(&normalize.ParseError{File: im.opts.Source, Err: fmt.Errorf(
			"%d readings the text could not decide were taken as the likelier (%s%s; see the ambiguities table; importing a complete snapshot first settles them)",
			n, strings.Join(examples, "; "), more)})
	}
}
