// Command import reads snapshots of the IANA Service Name and Transport
// Protocol Port Number Registry, in any shape it circulates in (IANA's XML,
// CSV, HTML and fixed-width text; page text copied from a browser;
// Markdown and pipe tables; any of them gzip- or zstd-compressed), and
// normalizes them into a SQLite database, one transaction per snapshot.
//
// Usage:
//
//	import [-db FILE] [-format auto|NAME] [-date YYYY-MM-DD] [-quiet] INPUT...
//
// INPUT is a file path, or - for standard input. The formats are those
// registered in package normalize; -h lists them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/normalize"
)

func main() {
	// An import holds a few times its input in memory for a moment; fewer
	// collections while the heap grows from nothing save a twentieth of a
	// full import. GOGC, where set, still decides.
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

var isoDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "ianaports.db", "SQLite database `file` to create or add to")
	format := fs.String("format", "auto", "input `format`: auto (detect it), or one of "+strings.Join(normalize.FormatNames(), ", "))
	date := fs.String("date", "", "registry date (`YYYY-MM-DD`) for inputs that do not state one, such as a CSV")
	quiet := fs.Bool("quiet", false, "print no summary lines (warnings and errors still go to standard error)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: import [-db FILE] [-format auto|NAME] [-date YYYY-MM-DD] [-quiet] INPUT...\n\n")
		fmt.Fprintf(stderr, "Imports snapshots of IANA's service name and port number registry into a\nSQLite database. INPUT is a file, or - for standard input, in any of these\nformats (detected unless -format names one; gzip or zstd compressed or not):\n\n")
		for _, f := range normalize.Formats() {
			fmt.Fprintf(stderr, "  %-12s %s (%s)\n", f.Name, f.Title, f.Kind)
		}
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "import: no INPUT given")
		fs.Usage()
		return 2
	}
	if _, ok := normalize.LookupFormat(*format); *format != "auto" && !ok {
		fmt.Fprintf(stderr, "import: -format %q: want auto or one of %s\n", *format, strings.Join(normalize.FormatNames(), ", "))
		return 2
	}
	if *date != "" && !isoDate.MatchString(*date) {
		fmt.Fprintf(stderr, "import: -date %q: want YYYY-MM-DD\n", *date)
		return 2
	}

	d, err := db.Open(ctx, *dbPath)
	if err != nil {
		fmt.Fprintf(stderr, "import: %v\n", err)
		return 1
	}
	defer d.Close()

	failed := false
	for _, input := range fs.Args() {
		res, err := importOne(ctx, d, input, stdin, *format, *date, stderr)
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed = true
			continue
		}
		if !*quiet {
			fmt.Fprintln(stdout, summary(input, res))
		}
	}
	if failed {
		return 1
	}
	return 0
}

func importOne(ctx context.Context, d *db.DB, input string, stdin io.Reader, format, date string, stderr io.Writer) (db.ImportResult, error) {
	name := input
	var data []byte
	var err error
	if input == "-" {
		name = "<stdin>"
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(input)
	}
	if err != nil {
		return db.ImportResult{}, fmt.Errorf("read %s: %w", name, err)
	}
	return d.Import(ctx, data, db.ImportOptions{
		Source: name,
		Format: format,
		Date:   date,
		Warn: func(w *normalize.ParseError) {
			fmt.Fprintf(stderr, "warning: %v\n", w)
		},
	})
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
