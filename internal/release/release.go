package release

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/schema"
)

// Names of the bundle's files.
const (
	Descriptor   = "datapackage.json"
	Sums         = "SHA256SUMS"
	Readme       = "README.md"
	Database     = "ianaports.sqlite"
	Official     = "service-names-port-numbers.csv"
	Services     = "services"
	SQLiteDump   = "sql/ianaports.sqlite.sql"
	PostgresDump = "sql/ianaports.postgres.sql"
)

// ErrNotEmpty is returned when the release directory holds files.
var ErrNotEmpty = errors.New("directory not empty")

// Options say what a release holds beyond the database's tables.
type Options struct {
	// Snapshot picks the snapshot whose official CSV and /etc/services
	// the bundle holds, as db.FindSnapshot reads it; "" is the newest.
	Snapshot string
	// Epoch is SOURCE_DATE_EPOCH, the only time a bundle may hold: the
	// package's created date, goose's migration times and the files'
	// modification times. Nil: the bundle holds no time.
	Epoch *time.Time
	// Services writes the snapshot as /etc/services; nil leaves it out.
	Services func(ctx context.Context, d *db.DB, s db.Snapshot, w io.Writer) error
}

// File is a file of a bundle.
type File struct {
	Path   string // slash-separated, relative to the bundle
	Bytes  int64
	SHA256 string
}

// Report says what a release wrote.
type Report struct {
	Snapshot db.Snapshot
	Files    []File // sorted by path, SHA256SUMS last
}

// Write writes a release bundle of d into dir, which must be absent or
// empty. The bundle is made in a directory beside it and put in place
// only once complete: a failed release leaves dir as it was.
func Write(ctx context.Context, d *db.DB, dir string, opt Options) (*Report, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("release %s: %w", dir, ErrNotEmpty)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("release: %w", err)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	tmp, err := os.MkdirTemp(parent, ".ianaports-release-*")
	if err != nil {
		return nil, fmt.Errorf("release: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("release: %w", err)
	}
	b := &bundle{ctx: ctx, d: d, dir: tmp, opt: opt}
	if err := b.write(); err != nil {
		return nil, err
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("release: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return nil, fmt.Errorf("release: %w", err)
	}
	return &Report{Snapshot: b.snap, Files: b.files}, nil
}

type bundle struct {
	ctx   context.Context
	d     *db.DB
	dir   string
	opt   Options
	snap  db.Snapshot
	files []File
}

func (b *bundle) write() error {
	ctx, d := b.ctx, b.d
	snap, err := d.FindSnapshot(ctx, b.opt.Snapshot)
	if err != nil {
		return fmt.Errorf("release: %w", err)
	}
	b.snap = snap
	snapshots, err := d.Snapshots(ctx)
	if err != nil {
		return fmt.Errorf("release: %w", err)
	}
	tables, err := DataTables(ctx, d)
	if err != nil {
		return fmt.Errorf("release: %w", err)
	}
	if err := checkEmptyText(ctx, d, tables); err != nil {
		return fmt.Errorf("release: %w", err)
	}
	names := map[string]bool{}
	for _, t := range tables {
		names[t.Name] = true
	}

	var resources []Resource
	formats := []struct {
		enc       encoding
		dir, ext  string
		mediatype string
		encoder   func(io.Writer) export.Encoder
	}{
		{encoding{format: "csv", resource: func(t string) string { return t }, textBools: true}, "csv", ".csv", "text/csv",
			func(w io.Writer) export.Encoder { return export.NewCSVEncoder(w) }},
		{encoding{format: "ndjson", resource: func(t string) string { return t + "-ndjson" }}, "ndjson", ".ndjson", "application/x-ndjson",
			func(w io.Writer) export.Encoder { return export.NewNDJSONEncoder(w, false) }},
		{encoding{format: "parquet", resource: func(t string) string { return t + "-parquet" }}, "parquet", ".parquet", "application/vnd.apache.parquet",
			func(w io.Writer) export.Encoder { return export.NewParquetEncoder(w) }},
	}
	for _, t := range tables {
		// One pass over the rows feeds the three formats.
		var encs []export.Encoder
		var closers []func() error
		for _, f := range formats {
			path := f.dir + "/" + t.Name + f.ext
			w, done, err := b.create(path)
			if err != nil {
				return err
			}
			enc := f.encoder(w)
			encs = append(encs, enc)
			closers = append(closers, func() error {
				if err := enc.Close(); err != nil {
					return fmt.Errorf("release %s: %w", path, err)
				}
				return done()
			})
		}
		if err := WriteTables(ctx, d, []db.Table{t}, fanOut(encs)); err != nil {
			return fmt.Errorf("release %s: %w", t.Name, err)
		}
		for _, c := range closers {
			if err := c(); err != nil {
				return err
			}
		}
		for _, f := range formats {
			res := Resource{
				Name: f.enc.resource(t.Name), Type: "table",
				Path: f.dir + "/" + t.Name + f.ext, Format: f.enc.format, Mediatype: f.mediatype,
				Title: t.Name, Description: t.Description,
				Schema: tableSchema(&t.Table, f.enc, names),
			}
			if f.enc.format != "parquet" {
				res.Encoding = "utf-8"
			}
			resources = append(resources, res)
		}
	}

	if err := b.encode(Official, func(w io.Writer) export.Encoder { return export.NewOfficialCSVEncoder(w) }, func(enc export.Encoder) error {
		return WriteRegistry(ctx, d, snap, enc)
	}); err != nil {
		return err
	}
	resources = append(resources, Resource{
		Name: "registry", Type: "table", Path: Official, Format: "csv", Mediatype: "text/csv", Encoding: "utf-8",
		Title: "The registry of " + snap.Date + " in IANA's CSV layout",
		Description: fmt.Sprintf("The snapshot of %s (%s, %s) as IANA's own CSV writes it: twelve columns, every record as the snapshot gave it, in registry order.",
			snap.Date, snap.Source, snap.Format),
		Schema: tableSchema(export.RegistryTable(), encoding{format: "csv", resource: func(t string) string { return t }}, nil),
	})
	if b.opt.Services != nil {
		w, done, err := b.create(Services)
		if err != nil {
			return err
		}
		if err := b.opt.Services(ctx, d, snap, w); err != nil {
			return fmt.Errorf("release %s: %w", Services, err)
		}
		if err := done(); err != nil {
			return err
		}
		resources = append(resources, Resource{
			Name: "etc-services", Path: Services, Format: "txt", Mediatype: "text/plain", Encoding: "utf-8",
			Title:       "/etc/services of " + snap.Date,
			Description: "The snapshot's service names as services(5) reads them: name port/protocol aliases # description.",
		})
	}

	if err := b.encode(SQLiteDump, func(w io.Writer) export.Encoder { return export.NewSQLEncoder(w) }, func(enc export.Encoder) error {
		return DumpSQLite(ctx, d, enc.(*export.SQLEncoder))
	}); err != nil {
		return err
	}
	if err := b.encode(PostgresDump, func(w io.Writer) export.Encoder { return export.NewPostgresEncoder(w) }, func(enc export.Encoder) error {
		return WriteTables(ctx, d, tables, enc)
	}); err != nil {
		return err
	}
	resources = append(resources,
		Resource{Name: "sqlite-dump", Path: SQLiteDump, Format: "sql", Mediatype: "application/sql", Encoding: "utf-8",
			Title: "SQL dump for SQLite", Description: "Every table, index and view: sqlite3 new.db < " + SQLiteDump},
		Resource{Name: "postgres-dump", Path: PostgresDump, Format: "sql", Mediatype: "application/sql", Encoding: "utf-8",
			Title: "SQL dump for PostgreSQL", Description: "Every table with PostgreSQL's types, keys and constraints: psql -f " + PostgresDump})

	var tstamp *string
	if b.opt.Epoch != nil {
		s := b.opt.Epoch.UTC().Format(time.DateTime)
		tstamp = &s
	}
	if err := d.CopyForRelease(ctx, filepath.Join(b.dir, Database), snap.ID, tstamp); err != nil {
		return fmt.Errorf("release: %w", err)
	}
	resources = append(resources, Resource{Name: "database", Path: Database, Format: "sqlite", Mediatype: "application/vnd.sqlite3",
		Title:       "The ianaports database",
		Description: "The SQLite database, vacuumed, with registry_search, a full-text index (FTS5) over the release's snapshot: SELECT * FROM registry_search WHERE registry_search MATCH 'kerberos'"})

	for i := range resources {
		f, err := b.stat(resources[i].Path)
		if err != nil {
			return err
		}
		resources[i].Bytes, resources[i].Hash = f.Bytes, "sha256:"+f.SHA256
	}
	pkg := describe(snap, snapshots, resources, b.opt.Epoch)
	if err := b.writeBytes(Descriptor, marshal(pkg)); err != nil {
		return err
	}
	if err := b.writeBytes(Readme, readme(pkg, snap, tables)); err != nil {
		return err
	}
	return b.sums()
}

// create makes a file of the bundle; done closes it.
func (b *bundle) create(path string) (io.Writer, func() error, error) {
	full := filepath.Join(b.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return nil, nil, fmt.Errorf("release: %w", err)
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("release: %w", err)
	}
	return f, func() error {
		if err := f.Close(); err != nil {
			return fmt.Errorf("release %s: %w", path, err)
		}
		return nil
	}, nil
}

// encode writes one file with an encoder.
func (b *bundle) encode(path string, newEnc func(io.Writer) export.Encoder, fn func(export.Encoder) error) error {
	w, done, err := b.create(path)
	if err != nil {
		return err
	}
	enc := newEnc(w)
	err = fn(enc)
	if cerr := enc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("release %s: %w", path, err)
	}
	return done()
}

func (b *bundle) writeBytes(path string, data []byte) error {
	w, done, err := b.create(path)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("release %s: %w", path, err)
	}
	return done()
}

// stat hashes a file of the bundle.
func (b *bundle) stat(path string) (File, error) {
	f, err := os.Open(filepath.Join(b.dir, filepath.FromSlash(path)))
	if err != nil {
		return File{}, fmt.Errorf("release: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, fmt.Errorf("release %s: %w", path, err)
	}
	return File{Path: path, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// sums writes SHA256SUMS, as sha256sum writes it, over every file of the
// bundle, and sets the files' times to the epoch where one is given.
func (b *bundle) sums() error {
	var paths []string
	err := filepath.WalkDir(b.dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(b.dir, p)
		paths = append(paths, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return fmt.Errorf("release: %w", err)
	}
	sort.Strings(paths)
	var buf bytes.Buffer
	for _, p := range paths {
		f, err := b.stat(p)
		if err != nil {
			return err
		}
		b.files = append(b.files, f)
		fmt.Fprintf(&buf, "%s  %s\n", f.SHA256, p)
	}
	if err := b.writeBytes(Sums, buf.Bytes()); err != nil {
		return err
	}
	f, err := b.stat(Sums)
	if err != nil {
		return err
	}
	b.files = append(b.files, f)
	if b.opt.Epoch == nil {
		return nil
	}
	return filepath.WalkDir(b.dir, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, *b.opt.Epoch, *b.opt.Epoch)
	})
}

// checkEmptyText refuses a nullable text column that holds empty text:
// CSV writes NULL as an empty cell, so the two could not be told apart.
func checkEmptyText(ctx context.Context, d *db.DB, tables []db.Table) error {
	for _, t := range tables {
		for _, c := range t.Columns {
			if c.Type != schema.Text || c.NotNull {
				continue
			}
			n, err := d.CountEmpty(ctx, t.Name, c.Name)
			if err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%s.%s holds %d empty texts and NULLs: CSV cannot tell them apart", t.Name, c.Name, n)
			}
		}
	}
	return nil
}

// fanOut gives every row to several encoders.
type fanOut []export.Encoder

func (f fanOut) Begin(t *schema.Table) error {
	for _, e := range f {
		if err := e.Begin(t); err != nil {
			return err
		}
	}
	return nil
}

func (f fanOut) Encode(values []any) error {
	for _, e := range f {
		if err := e.Encode(values); err != nil {
			return err
		}
	}
	return nil
}

func (f fanOut) Close() error { return nil }

// marshal writes JSON indented, HTML characters as they are.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err) // the descriptor's types always encode
	}
	return buf.Bytes()
}
