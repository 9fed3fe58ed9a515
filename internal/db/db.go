package db

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ianaports/ianaports/migrations"
)

// ErrNotFound is returned when something asked for (a snapshot, a table)
// is not in the database.
var ErrNotFound = errors.New("not found")

// ErrSchema is returned when a database opened read-only is not at the
// schema version this program needs.
var ErrSchema = errors.New("database schema out of date")

// ErrPath is returned when a database path names no file (empty,
// ":memory:", a URI): what is imported there would not be kept.
var ErrPath = errors.New("not a database file")

// ErrForeign is returned for a file that is not an ianaports database: not
// SQLite, or SQLite holding another program's tables. It is left untouched.
var ErrForeign = errors.New("not an ianaports database")

// ErrNewer is returned for an ianaports database of a newer schema than
// this program knows. It is left untouched.
var ErrNewer = errors.New("database of a newer ianaports")

// DB is an open ianaports database.
type DB struct {
	*sql.DB
	Path string
	lock *fileLock // nil when opened read-only
	// state is what the last import learnt of the database, kept for the
	// next (see importState); Remove drops it.
	state *importState
}

// fileLock serializes the processes that write one database (migrations,
// imports, removals), so that they wait on each other instead of failing.
type fileLock struct{ f *os.File }

// dsn builds the connection string; pragmas go in it so that every pooled
// connection gets them.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	// Writers wait on each other on the file lock; the busy timeout covers
	// a reader and a writer's commit meeting.
	q.Add("_pragma", "busy_timeout(30000)")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "synchronous(normal)")
		q.Add("_pragma", "cache_size(-131072)") // 128 MiB: a snapshot's pages stay in memory
		q.Add("_pragma", "temp_store(memory)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// CheckPath returns ErrPath unless path names a file: SQLite's in-memory
// and temporary databases (":memory:", "") and URIs keep nothing.
func CheckPath(path string) error {
	switch {
	case path == "":
		return fmt.Errorf("%w: the path is empty (SQLite would use a temporary database and keep nothing)", ErrPath)
	case path == ":memory:", strings.HasPrefix(path, "file:"):
		return fmt.Errorf("%w: %q is SQLite's name for a database that keeps nothing, or a URI; give a file name", ErrPath, path)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%w: %s is a directory", ErrPath, path)
	}
	return nil
}

// Open opens (creating it if need be) the database at path and brings its
// schema up to date. A file that is not an ianaports database, or one of
// a newer schema, is refused (ErrForeign, ErrNewer) and left untouched.
// Processes opening one database wait on each other for the migration.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := CheckPath(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	l := &fileLock{f: f}
	if err := l.lock(ctx); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock database %s: %w", path, err)
	}
	d, err := open(ctx, path, l)
	l.unlock()
	if err != nil {
		f.Close()
		return nil, err
	}
	return d, nil
}

func open(ctx context.Context, path string, l *fileLock) (*DB, error) {
	if err := checkHeader(l.f, path); err != nil {
		return nil, err
	}
	sdb, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	sdb.SetMaxOpenConns(1)
	d := &DB{DB: sdb, Path: path, lock: l}
	if _, err := d.version(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	if err := d.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the database, then the file lock's descriptor.
func (d *DB) Close() error {
	err := d.DB.Close()
	if d.lock != nil {
		d.lock.f.Close()
	}
	return err
}

// sqliteMagic begins every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// checkHeader refuses a file that is neither empty nor SQLite, before
// SQLite is given it.
func checkHeader(f *os.File, path string) error {
	head := make([]byte, len(sqliteMagic))
	n, err := f.ReadAt(head, 0)
	if n == 0 && (err == nil || errors.Is(err, io.EOF)) {
		return nil // empty: a new database
	}
	if !bytes.Equal(head[:n], sqliteMagic) {
		return fmt.Errorf("database %s: %w: not a SQLite database file", path, ErrForeign)
	}
	return nil
}

// version returns the schema version of the database, 0 for a new one,
// refusing (ErrForeign, ErrNewer) one that ianaports must not write to.
func (d *DB) version(ctx context.Context) (int64, error) {
	var tables []string
	err := scanRows(ctx, d.DB, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`,
		func(rows *sql.Rows) error {
			var name string
			err := rows.Scan(&name)
			tables = append(tables, name)
			return err
		})
	if err != nil {
		return 0, fmt.Errorf("database %s: %w", d.Path, err)
	}
	if len(tables) == 0 {
		return 0, nil
	}
	if !slices.Contains(tables, VersionTable) {
		return 0, fmt.Errorf("database %s: %w: it holds other tables (%s) and no %s table; refused, untouched",
			d.Path, ErrForeign, listed(tables), VersionTable)
	}
	var version int64
	err = d.QueryRowContext(ctx, "SELECT coalesce(max(version_id), 0) FROM "+VersionTable+" WHERE is_applied").Scan(&version)
	if err != nil {
		return 0, fmt.Errorf("database %s: %w", d.Path, err)
	}
	if version > 0 && !slices.Contains(tables, "snapshots") {
		return 0, fmt.Errorf("database %s: %w: it holds another program's goose migrations (version %d) and tables (%s); refused, untouched",
			d.Path, ErrForeign, version, listed(tables))
	}
	if latest := latestVersion(d.DB); version > latest {
		return 0, fmt.Errorf("database %s: %w: its schema is at version %d, this program knows up to %d; use a newer ianaports (refused, untouched)",
			d.Path, ErrNewer, version, latest)
	}
	return version, nil
}

// listed names a few tables.
func listed(tables []string) string {
	if len(tables) > 5 {
		return strings.Join(tables[:5], ", ") + fmt.Sprintf(" and %d more", len(tables)-5)
	}
	return strings.Join(tables, ", ")
}

// OpenReadOnly opens an existing database for reading. It does not change
// the file, and fails with ErrSchema where the file needs migrating.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if err := CheckPath(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	err = checkHeader(f, path)
	f.Close()
	if err != nil {
		return nil, err
	}
	sdb, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	d := &DB{DB: sdb, Path: path}
	version, err := d.version(ctx)
	if err != nil {
		sdb.Close()
		return nil, err
	}
	if want := latestVersion(sdb); version != want {
		sdb.Close()
		return nil, fmt.Errorf("database %s: %w: at version %d, this program needs %d (run import on it once)", path, ErrSchema, version, want)
	}
	return d, nil
}

// latestVersion is the schema version the migrations lead to.
func latestVersion(sdb *sql.DB) int64 {
	p, err := provider(sdb)
	if err != nil {
		panic(err) // the embedded migrations are broken: a build defect
	}
	sources := p.ListSources()
	return sources[len(sources)-1].Version
}

func provider(sdb *sql.DB) (*goose.Provider, error) {
	p, err := goose.NewProvider(goose.DialectSQLite3, sdb, fs.FS(migrations.FS), goose.WithGoMigrations(goMigrations...))
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

func (d *DB) migrate(ctx context.Context) error {
	p, err := provider(d.DB)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", d.Path, err)
	}
	return nil
}

// ErrIntegrity is returned by Check when a reference leads nowhere.
var ErrIntegrity = errors.New("integrity check failed")

// Check runs SQLite's foreign key check over the whole database and
// returns ErrIntegrity naming the first row whose reference leads nowhere.
func (d *DB) Check(ctx context.Context) error {
	return checkForeignKeys(ctx, d.DB)
}

func checkForeignKeys(ctx context.Context, q queryer) error {
	var table, parent string
	var rowid sql.NullInt64
	var fk int
	err := q.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &rowid, &parent, &fk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	return fmt.Errorf("%w: a row of %s refers to a missing row of %s", ErrIntegrity, table, parent)
}

// DatabaseError is a failure of the database itself, not of the input
// being stored in it: read-only, full, locked, corrupt.
type DatabaseError struct {
	Path string
	Err  error
}

func (e *DatabaseError) Error() string { return "database " + e.Path + ": " + e.Err.Error() }
func (e *DatabaseError) Unwrap() error { return e.Err }

// databaseFault returns the SQLite error in err where the database is at
// fault (read-only, full, locked, corrupt, unreadable) rather than what
// was being stored in it; nil otherwise.
func databaseFault(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CONSTRAINT, sqlite3.SQLITE_TOOBIG, sqlite3.SQLITE_MISMATCH, sqlite3.SQLITE_RANGE:
		return nil
	}
	return se
}
