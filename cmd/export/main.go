// Command export writes an ianaports database out as CSV, JSON, NDJSON,
// Parquet, an SQL dump for SQLite or PostgreSQL, /etc/services, or a
// release bundle of all of them, deterministically: the same database
// gives the same bytes.
//
// Usage:
//
//	export [-db FILE] -format csv|json|ndjson|sql|parquet [-dialect sqlite|postgres] [-table NAME] [-layout iana] [-snapshot DATE] [-o FILE]
//	export [-db FILE] -format services [-snapshot DATE] [-protocols tcp,udp] [-max-name 15] [-o FILE]
//	export [-db FILE] -format csv|json|ndjson -diff FROM..TO [-o FILE]
//	export [-db FILE] -format csv|json|ndjson -query FILE.sql [-o FILE]
//	export [-db FILE] -release DIR [-snapshot DATE]
//
// Without -table or -layout, json, ndjson and sql export every table. With
// -layout iana the output is one snapshot's records in IANA's twelve
// columns, in registry order: the registry as it stood on the -snapshot
// date (the newest complete snapshot on or before it; or a snapshot's id),
// the newest by default. -diff lists the records added, removed and
// changed between the registry of two dates, one row per field. -query
// runs a curated query (queries/*.sql) on a connection that cannot write.
// -release writes a reproducible bundle with datapackage.json and
// SHA256SUMS.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/release"
	"github.com/ianaports/ianaports/internal/schema"
)

func main() {
	// SIGTERM as Ctrl-C: the export stops, and its temporary file goes.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

type options struct {
	db, format, table, layout, snapshot, out, diff, query string
	dialect, protocols, release                           string
	maxName                                               int
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: export [-db FILE] -format csv|json|ndjson|sql|parquet [-dialect sqlite|postgres] [-table NAME] [-layout iana] [-snapshot DATE] [-o FILE]\n")
	fmt.Fprintf(w, "       export [-db FILE] -format services [-snapshot DATE] [-protocols tcp,udp] [-max-name 15] [-o FILE]\n")
	fmt.Fprintf(w, "       export [-db FILE] -format csv|json|ndjson -diff FROM..TO [-o FILE]\n")
	fmt.Fprintf(w, "       export [-db FILE] -format csv|json|ndjson -query FILE.sql [-o FILE]\n")
	fmt.Fprintf(w, "       export [-db FILE] -release DIR [-snapshot DATE]\n\n")
	fmt.Fprintf(w, "Writes an ianaports database out, the same bytes for the same database.\n\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // printed below, on stdout for -h
	var o options
	fs.StringVar(&o.db, "db", "ianaports.db", "SQLite database `file` to read")
	fs.StringVar(&o.format, "format", "", "output format: csv, json, ndjson, sql, parquet or services (required but with -release)")
	fs.StringVar(&o.dialect, "dialect", "sqlite", "the SQL dump's dialect: sqlite or postgres")
	fs.StringVar(&o.protocols, "protocols", "", "services: only these protocols (`list`, such as tcp,udp)")
	fs.IntVar(&o.maxName, "max-name", 0, "services: leave out names longer than `n` characters (15 for parsers with a fixed buffer); 0 keeps all")
	fs.StringVar(&o.release, "release", "", "write a release bundle into `dir` (new or empty): every table as CSV, NDJSON and Parquet, SQL for SQLite and PostgreSQL, the database, the official CSV of the -snapshot, datapackage.json, README and SHA256SUMS")
	fs.StringVar(&o.table, "table", "", "export only this table (`name`)")
	fs.StringVar(&o.layout, "layout", "", "iana: one snapshot's records in IANA's 12 columns, in registry order")
	fs.StringVar(&o.snapshot, "snapshot", "", "the registry as it stood on this `date` (YYYY-MM-DD: the newest complete snapshot on or before it), or a snapshot's id; default the newest (implies -layout iana)")
	fs.StringVar(&o.diff, "diff", "", "`FROM..TO`: the records added, removed and changed between the registry of two dates (or snapshot ids)")
	fs.StringVar(&o.query, "query", "", "run the SQL query in `file` (such as queries/*.sql) read-only and write its result")
	fs.StringVar(&o.out, "o", "", "write to `file` instead of standard output (replaced only once the export succeeds; its mode is kept)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs)
			return 0
		}
		usage(stderr, fs)
		return 2
	}
	if o.snapshot != "" && o.layout == "" && o.table == "" && o.format != "services" && o.release == "" {
		o.layout = "iana"
	}
	if msg := o.usageError(fs.NArg()); msg != "" {
		fmt.Fprintf(stderr, "export: %s\n\n", msg)
		usage(stderr, fs)
		return 2
	}

	var enc export.Encoder
	var note string
	err := func() error {
		d, err := db.OpenReadOnly(ctx, o.db)
		if err != nil {
			return err
		}
		defer d.Close()
		switch {
		case o.release != "":
			return writeRelease(ctx, d, o, stderr)
		case o.format == "services":
			return write(o.out, stdout, func(w io.Writer) error {
				return exportServices(ctx, d, o, w)
			})
		}
		return write(o.out, stdout, func(w io.Writer) error {
			enc = newEncoder(o, w)
			return exportTo(ctx, d, o, enc, &note)
		})
	}()
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("interrupted, nothing written (%w)", err)
		}
		fmt.Fprintf(stderr, "export: %v\n", err)
		return 1
	}
	if note != "" {
		fmt.Fprintf(stderr, "diff %s\n", note)
	}
	if c, ok := enc.(interface{ CarriageReturns() int }); ok && c.CarriageReturns() > 0 {
		fmt.Fprintf(stderr, "warning: %d cells hold a carriage return, written as it is; CSV readers read CR LF inside a cell as LF (the json, ndjson and sql formats carry it)\n", c.CarriageReturns())
	}
	return 0
}

func (o options) usageError(nargs int) string {
	if err := db.CheckPath(o.db); err != nil {
		return fmt.Sprintf("-db: %v", err)
	}
	if o.out != "" && sameFile(o.out, o.db) {
		return fmt.Sprintf("-o %s is the database being exported (%s); name another file", o.out, o.db)
	}
	switch {
	case nargs > 0:
		return "unexpected arguments; use -o FILE to name the output"
	case o.release != "" && (o.format != "" || o.out != "" || o.table != "" || o.layout != "" || o.diff != "" || o.query != ""):
		return "-release goes alone, or with -snapshot DATE (the snapshot whose official CSV it holds)"
	case o.release != "":
		return ""
	case o.format == "":
		return "-format is required"
	case !slices.Contains([]string{"csv", "json", "ndjson", "sql", "parquet", "services"}, o.format):
		return fmt.Sprintf("-format %q: want csv, json, ndjson, sql, parquet or services", o.format)
	case o.dialect != "sqlite" && o.dialect != "postgres":
		return fmt.Sprintf("-dialect %q: want sqlite or postgres", o.dialect)
	case o.dialect != "sqlite" && o.format != "sql":
		return "-dialect goes with -format sql"
	case (o.protocols != "" || o.maxName != 0) && o.format != "services":
		return "-protocols and -max-name go with -format services"
	case o.maxName < 0:
		return "-max-name: want a length, or 0 for any"
	case o.protocols != "":
		if _, err := parseProtocols(o.protocols); err != nil {
			return err.Error()
		}
	}
	switch {
	case o.format == "services" && (o.table != "" || o.layout != "" || o.diff != "" || o.query != ""):
		return "-format services goes without -table, -layout, -diff or -query (-snapshot DATE picks the registry)"
	case o.format == "services":
		return ""
	case o.format == "parquet" && o.table == "" && o.layout == "":
		return "parquet holds one table: give -table NAME or -layout iana"
	case o.format == "parquet" && (o.diff != "" || o.query != ""):
		return "-diff and -query write csv, json or ndjson"
	case o.layout != "" && o.layout != "iana":
		return fmt.Sprintf("-layout %q: want iana", o.layout)
	case o.layout != "" && o.table != "":
		return "-layout and -table exclude each other"
	case o.snapshot != "" && o.layout == "":
		return "-snapshot goes with -layout iana"
	case (o.diff != "" || o.query != "") && (o.layout != "" || o.table != ""):
		return "-diff and -query go without -table, -layout or -snapshot"
	case o.diff != "" && o.query != "":
		return "-diff and -query exclude each other"
	case (o.diff != "" || o.query != "") && o.format == "sql":
		return "-diff and -query write csv, json or ndjson"
	case o.diff != "" && !strings.Contains(o.diff, ".."):
		return fmt.Sprintf("-diff %q: want FROM..TO, two dates (YYYY-MM-DD) or snapshot ids", o.diff)
	case o.format == "csv" && o.table == "" && o.layout == "" && o.diff == "" && o.query == "":
		return "csv holds one table: give -table NAME or -layout iana"
	}
	return ""
}

// sameFile reports whether two paths name one existing file, whatever
// the spelling, links included.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// write runs fn on a temporary file and, only when fn succeeds, gives the
// result to standard output, or puts it in place of path (keeping the
// mode of the file it replaces, following a symbolic link): a failed
// export writes nothing and leaves path as it was.
func write(path string, stdout io.Writer, fn func(io.Writer) error) error {
	dir, mode := os.TempDir(), os.FileMode(0o644)
	if path != "" {
		if target, err := filepath.EvalSymlinks(path); err == nil {
			path = target
		}
		if fi, err := os.Stat(path); err == nil {
			if !fi.Mode().IsRegular() {
				return fmt.Errorf("-o %s: not a regular file", path)
			}
			mode = fi.Mode().Perm()
		}
		dir = filepath.Dir(path)
	}
	f, err := os.CreateTemp(dir, ".ianaports-export-*")
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := fn(f); err != nil {
		return err
	}
	if path == "" {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		if _, err := io.Copy(stdout, f); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		return nil
	}
	if err := f.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func newEncoder(o options, w io.Writer) export.Encoder {
	switch o.format {
	case "csv":
		if o.layout == "iana" {
			return export.NewOfficialCSVEncoder(w)
		}
		return export.NewCSVEncoder(w)
	case "parquet":
		return export.NewParquetEncoder(w)
	case "sql":
		if o.dialect == "postgres" {
			return export.NewPostgresEncoder(w)
		}
	case "json":
		return export.NewJSONEncoder(w)
	case "ndjson":
		return export.NewNDJSONEncoder(w, o.table == "" && o.layout == "")
	}
	return export.NewSQLEncoder(w)
}

// exportTo writes the export o asks for with enc; note gets what to say
// on standard error once it is written.
func exportTo(ctx context.Context, d *db.DB, o options, enc export.Encoder, note *string) error {
	var err error
	switch {
	case o.layout == "iana":
		err = exportRegistry(ctx, d, o.snapshot, enc)
	case o.diff != "":
		err = exportDiff(ctx, d, o.diff, enc, note)
	case o.query != "":
		err = exportQuery(ctx, d, o.query, enc)
	default:
		err = exportTables(ctx, d, o, enc)
	}
	if cerr := enc.Close(); err == nil {
		err = cerr
	}
	return err
}

// exportRegistry writes one snapshot in IANA's layout.
func exportRegistry(ctx context.Context, d *db.DB, sel string, enc export.Encoder) error {
	s, err := d.FindSnapshot(ctx, sel)
	if err != nil {
		return err
	}
	return release.WriteRegistry(ctx, d, s, enc)
}

// exportDiff writes the changes between the registry of two dates, and
// says on standard error what it compared and how many records changed.
func exportDiff(ctx context.Context, d *db.DB, spec string, enc export.Encoder, note *string) error {
	fromSel, toSel, _ := strings.Cut(spec, "..")
	from, err := d.FindSnapshot(ctx, fromSel)
	if err != nil {
		return fmt.Errorf("-diff from: %w", err)
	}
	to, err := d.FindSnapshot(ctx, toSel)
	if err != nil {
		return fmt.Errorf("-diff to: %w", err)
	}
	if err := enc.Begin(schema.TextTable("diff", db.DiffColumns)); err != nil {
		return err
	}
	vals := make([]any, len(db.DiffColumns))
	n, err := d.Diff(ctx, from.ID, to.ID, func(row []string) error {
		for i, v := range row {
			vals[i] = v
		}
		return enc.Encode(vals)
	})
	if err != nil {
		return err
	}
	*note = fmt.Sprintf("%s %s (snapshot %d) to %s %s (snapshot %d): %d records added, %d removed, %d changed",
		from.Date, from.Format, from.ID, to.Date, to.Format, to.ID, n.Added, n.Removed, n.Changed)
	return nil
}

// exportQuery runs a query read from a file on a connection that cannot
// write, and writes its result as one table named after the file.
func exportQuery(ctx context.Context, d *db.DB, path string, enc export.Encoder) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("-query: %w", err)
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	var vals []any
	err = d.Query(ctx, string(text), func(cols []string) error {
		vals = make([]any, len(cols))
		return enc.Begin(schema.UntypedTable(name, cols))
	}, func(row []any) error {
		copy(vals, row)
		return enc.Encode(vals)
	})
	if err != nil {
		return fmt.Errorf("-query %s: %w", path, err)
	}
	return nil
}

// exportTables writes the tables of the database (or the one -table names).
// Data formats leave out goose's bookkeeping table; an SQLite dump keeps
// it, with the schema, so that the dump restores a database ianaports
// opens.
func exportTables(ctx context.Context, d *db.DB, o options, enc export.Encoder) error {
	if o.table != "" {
		t, err := d.Table(ctx, o.table)
		if err != nil {
			return err
		}
		return release.WriteTables(ctx, d, []db.Table{t}, enc)
	}
	if dump, ok := enc.(*export.SQLEncoder); ok {
		return release.DumpSQLite(ctx, d, dump)
	}
	tables, err := release.DataTables(ctx, d)
	if err != nil {
		return err
	}
	return release.WriteTables(ctx, d, tables, enc)
}
