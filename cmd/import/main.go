// Command import reads snapshots of the IANA Service Name and Transport
// Protocol Port Number Registry, in any shape it circulates in (IANA's XML,
// CSV, HTML and fixed-width text; page text copied from a browser;
// Markdown and pipe tables; any of them gzip- or zstd-compressed), and
// normalizes them into a SQLite database, one transaction per snapshot.
//
// Usage:
//
//	import [-db FILE] [-format auto|NAME] [-date YYYY-MM-DD] [-force] [-strict] [-quiet] INPUT...
//	import [-db FILE] -remove DATE|ID
//
// INPUT is a file, a directory, a tar archive (plain, gzip or zstd; each
// member one snapshot), an http(s) URL, or - for standard input (see
// package source). The next input is parsed while the one before is
// stored; a terminal gets a progress bar. The formats are those
// registered in package normalize; -h lists them. -remove deletes one
// snapshot and what only it referred to, as if it had never been imported.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/source"
)

func main() {
	// An import holds a few times its input in memory for a moment; fewer
	// collections while the heap grows from nothing save a twentieth of a
	// full import. GOGC, where set, still decides.
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	// That lets the heap grow to five times what is live; over many
	// snapshots (a few of them in memory at once, parsed ahead) the
	// collector keeps it near this instead. GOMEMLIMIT, where set, decides.
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(256 << 20)
	}
	// SIGTERM as Ctrl-C: the import in progress is rolled back.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

type options struct {
	db, format, date, remove string
	quiet, force, strict     bool
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: import [-db FILE] [-format auto|NAME] [-date YYYY-MM-DD] [-force] [-strict] [-quiet] INPUT...\n")
	fmt.Fprintf(w, "       import [-db FILE] -remove DATE|ID\n\n")
	fmt.Fprintf(w, "Imports snapshots of IANA's service name and port number registry into a\nSQLite database. INPUT is a file, a directory, a tar archive (plain, gzip or\nzstd; each member a snapshot), an http(s) URL, or - for standard input; each\ndocument in any of these formats (detected unless -format names one; gzip or\nzstd compressed or not):\n\n")
	for _, f := range normalize.Formats() {
		fmt.Fprintf(w, "  %-12s %s (%s)\n", f.Name, f.Title, f.Kind)
	}
	fmt.Fprintln(w)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // printed below, on stdout for -h
	var o options
	fs.StringVar(&o.db, "db", "ianaports.db", "SQLite database `file` to create or add to")
	fs.StringVar(&o.format, "format", "auto", "input `format`: auto (detect it), or one of "+strings.Join(normalize.FormatNames(), ", "))
	fs.StringVar(&o.date, "date", "", "registry date (`YYYY-MM-DD`) for inputs that do not state one, such as a CSV")
	fs.BoolVar(&o.force, "force", false, "import a complete snapshot even with a tenth fewer records than the one before it (a truncated download, usually)")
	fs.StringVar(&o.remove, "remove", "", "remove the snapshot of this registry `date` or id, and what only it referred to")
	fs.BoolVar(&o.quiet, "quiet", false, "print no summary lines and no progress (warnings and errors still go to standard error)")
	fs.BoolVar(&o.strict, "strict", false, "stop at the first input that fails (by default the others are imported all the same, and the exit status is 1)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs)
			return 0
		}
		usage(stderr, fs)
		return 2
	}
	if msg := o.usageError(fs.NArg()); msg != "" {
		fmt.Fprintf(stderr, "import: %s\n\n", msg)
		usage(stderr, fs)
		return 2
	}
	if o.remove != "" {
		return remove(ctx, o, stdout, stderr)
	}

	var d *db.DB
	defer func() {
		if d != nil {
			d.Close()
		}
	}()
	bar := newProgress(stderr, source.Count(fs.Args()), o.quiet)
	defer bar.Finish()
	stderr = bar.Writer(stderr) // lines clear the bar before they are written
	failed := 0
	errStop := errors.New("stop")
	err := walkAhead(ctx, fs.Args(), source.Options{Stdin: stdin}, o.format, func(in source.Input, parsed *db.Parsed) error {
		defer bar.Add(1)
		if in.Err != nil {
			fmt.Fprintln(stderr, in.Err) // it names the input
			failed++
			if o.strict {
				return errStop
			}
			return nil
		}
		bar.Describe(in.Name)
		// Opened once an input has been read: a missing input creates no
		// database.
		if d == nil {
			var err error
			if d, err = db.Open(ctx, o.db); err != nil {
				fmt.Fprintf(stderr, "import: %v\n", err)
				return errStop
			}
		}
		res, err := d.Import(ctx, in.Data, db.ImportOptions{
			Source: in.Name,
			Format: o.format,
			Date:   o.date,
			Force:  o.force,
			Parsed: parsed,
			Warn: func(w *normalize.ParseError) {
				fmt.Fprintf(stderr, "warning: %v\n", w)
			},
		})
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed++
			var dbErr *db.DatabaseError
			if o.strict || errors.Is(err, db.ErrInterrupted) || errors.As(err, &dbErr) {
				return errStop // what follows would fail the same way
			}
			return nil
		}
		if !o.quiet {
			fmt.Fprintln(stdout, summary(in.Name, res))
		}
		return nil
	})
	switch {
	case errors.Is(err, errStop):
		return 1
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "import: interrupted between inputs, nothing more stored (%v)\n", context.Cause(ctx))
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "import: %v\n", err)
		return 1
	case failed > 0:
		if failed > 1 {
			fmt.Fprintf(stderr, "import: %d inputs failed\n", failed)
		}
		return 1
	}
	return 0
}

// walkAhead walks the inputs as source.Walk does, and parses each one on
// its own goroutine as soon as it is read, so that the next input is
// parsed while fn stores the one before: an import of many snapshots uses
// two cores.
func walkAhead(ctx context.Context, args []string, opts source.Options, format string, fn func(source.Input, *db.Parsed) error) error {
	type item struct {
		in     source.Input
		parsed *db.Parsed
	}
	items := make(chan item, 1)
	stop := make(chan struct{})
	var walkErr error
	go func() {
		defer close(items)
		walkErr = source.Walk(ctx, args, opts, func(in source.Input) error {
			it := item{in: in}
			if in.Err == nil {
				it.parsed = db.ParseAhead(in.Name, in.Data, format)
			}
			select {
			case items <- it:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	var err error
	for it := range items {
		if err == nil {
			if err = fn(it.in, it.parsed); err != nil {
				close(stop)
			}
		}
	}
	if err != nil {
		return err
	}
	return walkErr
}

// errStopped ends a walk that fn stopped.
var errStopped = errors.New("stopped")

func (o options) usageError(nargs int) string {
	if err := db.CheckPath(o.db); err != nil {
		return fmt.Sprintf("-db: %v", err)
	}
	if _, ok := normalize.LookupFormat(o.format); o.format != "auto" && !ok {
		return fmt.Sprintf("-format %q: want auto or one of %s", o.format, strings.Join(normalize.FormatNames(), ", "))
	}
	if o.date != "" && !normalize.ValidDate(o.date) {
		return fmt.Sprintf("-date %q: want a calendar date, YYYY-MM-DD", o.date)
	}
	if o.remove != "" {
		if nargs > 0 {
			return "-remove takes no INPUT"
		}
		return ""
	}
	if nargs == 0 {
		return "no INPUT given"
	}
	return ""
}

// remove runs -remove: one snapshot out, in one transaction.
func remove(ctx context.Context, o options, stdout, stderr io.Writer) int {
	if _, err := os.Stat(o.db); err != nil {
		fmt.Fprintf(stderr, "import: -remove: %v\n", err)
		return 1
	}
	d, err := db.Open(ctx, o.db)
	if err != nil {
		fmt.Fprintf(stderr, "import: %v\n", err)
		return 1
	}
	defer d.Close()
	r, err := d.Remove(ctx, o.remove)
	if err != nil {
		fmt.Fprintf(stderr, "import: -remove %s: %v\n", o.remove, err)
		return 1
	}
	if r.Unrecorded > 0 {
		fmt.Fprintf(stderr, "warning: %d persons keep their details: the snapshot that now describes them was imported before ianaports kept what each snapshot says\n", r.Unrecorded)
	}
	if !o.quiet {
		s := r.Snapshot
		fmt.Fprintf(stdout, "removed snapshot %d (%s %s %s, %s, %d records); with it what only it held: %d records, %d renditions, %d services, %d contacts, %d contact details, %d aliases; %d persons described anew\n",
			s.ID, orUndated(s.Date), s.Format, s.Kind, s.Source, s.Records,
			r.Records, r.Renditions, r.Services, r.Contacts, r.Details, r.Aliases, r.Redescribed)
	}
	return 0
}

func orUndated(date string) string {
	if date == "" {
		return "undated"
	}
	return date
}

func summary(input string, r db.ImportResult) string {
	date := r.Date
	if date == "" {
		date = "undated"
	}
	if r.Already {
		return fmt.Sprintf("%s %s: already imported as snapshot %d (%s)", date, r.Format, r.SnapshotID, input)
	}
	s := fmt.Sprintf("%s %s: %d records (%d new), %d services, %d contacts, %d aliases (snapshot %d, %s)",
		date, r.Format, r.Records, r.NewRecords, r.Services, r.Contacts, r.Aliases, r.SnapshotID, input)
	if r.Kind == normalize.KindExcerpt {
		s += " [excerpt]"
	}
	l := r.Lines
	s += fmt.Sprintf("; %d lines: %d in records, %d in contacts, %d boilerplate, %d rejected", l.Total, l.Records, l.Contacts, l.Boilerplate, l.Rejected)
	if r.Ambiguous > 0 {
		s += fmt.Sprintf("; %d ambiguous readings, %d settled by a complete snapshot", r.Ambiguous, r.Resolved)
	}
	if r.Warnings > 0 {
		s += fmt.Sprintf(", %d warnings", r.Warnings)
	}
	return s
}
