package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/ianaports/ianaports/migrations"
)

// ErrNotFound is returned when something asked for (a snapshot, a table)
// is not in the database.
var ErrNotFound = errors.New("not found")

// ErrSchema is returned when a database opened read-only is not at the
// schema version this program needs.
var ErrSchema = errors.New("database schema out of date")

// DB is an open ianaports database.
type DB struct {
	*sql.DB
	Path string
}

// dsn builds the connection string; pragmas go in it so that every pooled
// connection gets them.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
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

// Open opens (creating it if need be) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	sdb, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	sdb.SetMaxOpenConns(1)
	d := &DB{DB: sdb, Path: path}
	if err := d.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return d, nil
}

// OpenReadOnly opens an existing database for reading. It does not change
// the file, and fails with ErrSchema where the file needs migrating.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	sdb, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	d := &DB{DB: sdb, Path: path}
	p, err := provider(sdb)
	if err != nil {
		sdb.Close()
		return nil, err
	}
	var version int64
	err = sdb.QueryRowContext(ctx, "SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied").Scan(&version)
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open db %s: not an ianaports database: %w", path, err)
	}
	sources := p.ListSources()
	if want := sources[len(sources)-1].Version; version != want {
		sdb.Close()
		return nil, fmt.Errorf("open db %s: %w: at version %d, this program needs %d (run import on it once)", path, ErrSchema, version, want)
	}
	return d, nil
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
	var table, parent string
	var rowid sql.NullInt64
	var fk int
	err := d.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &rowid, &parent, &fk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	return fmt.Errorf("%w: a row of %s refers to a missing row of %s", ErrIntegrity, table, parent)
}
