package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/ianaports/ianaports/internal/normalize"
)

// An import runs on two goroutines, so that it uses two cores: the parser
// and the importer's bookkeeping (ids, maps, rows) on one, and SQLite on
// the other, which executes in order the statements the first sends it.
// SQLite is the slower side; it gets no work that the other side can do.

// errStopped tells the parser that the writer has stopped taking work.
var errStopped = errors.New("import stopped")

// op is one unit of work for the writer: a batch of rows for one batch's
// statement, or one statement with its arguments.
type op struct {
	lines [2]int // the input lines the op stores, for errors

	batch *batch
	rows  []driver.NamedValue

	query string
	args  []any

	// fn, where set, runs on the writer's goroutine, in order with the
	// writes, and reports to done.
	fn   func(context.Context, *sql.Tx) error
	done chan error
}

// writer executes ops on the import's connection, inside its transaction.
type writer struct {
	source string // the input's name, for errors
	conn   *sql.Conn
	tx     *sql.Tx
	ch     chan op
	done   chan struct{} // closed when the writer has failed
	free   chan []driver.NamedValue
}

func newWriter(source string, conn *sql.Conn, tx *sql.Tx) *writer {
	return &writer{
		source: source, conn: conn, tx: tx,
		ch:   make(chan op, 64),
		done: make(chan struct{}),
		free: make(chan []driver.NamedValue, 64),
	}
}

// send hands an op to the writer; it fails once the writer has failed.
func (w *writer) send(o op) error {
	select {
	case w.ch <- o:
		return nil
	case <-w.done:
		return errStopped
	}
}

// rows returns an empty slice for a batch's rows, reusing one the writer
// is done with where it can.
func (w *writer) rows(n int) []driver.NamedValue {
	select {
	case r := <-w.free:
		if cap(r) >= n {
			return r[:0]
		}
	default:
	}
	return make([]driver.NamedValue, 0, n)
}

// run executes the ops until the channel is closed and returns the first
// error, with the input lines whose rows failed; after it, the ops that
// still come are dropped.
func (w *writer) run(ctx context.Context) error {
	var err error
	for o := range w.ch {
		if err != nil {
			continue
		}
		if o.fn != nil {
			// Its error goes to the parser's side, which stops the import.
			o.done <- o.fn(ctx, w.tx)
			continue
		}
		if o.batch != nil {
			err = o.batch.exec(ctx, w.conn, o.rows)
			clear(o.rows)
			select {
			case w.free <- o.rows:
			default:
			}
		} else if _, err = w.tx.ExecContext(ctx, o.query, o.args...); err != nil {
			err = fmt.Errorf("%s: %w", strings.ToLower(strings.Join(strings.Fields(o.query)[:2], " ")), err)
		}
		if err != nil {
			close(w.done)
			if ctx.Err() == nil {
				err = w.at(o.lines, err)
			}
		}
	}
	return err
}

// do runs fn on the writer's goroutine, after every write sent before it,
// and returns its error: the importer reads what the import has written
// so far through it.
func (w *writer) do(fn func(context.Context, *sql.Tx) error) error {
	done := make(chan error, 1)
	if err := w.send(op{fn: fn, done: done}); err != nil {
		return err
	}
	select {
	case err := <-done:
		return err
	case <-w.done:
		return errStopped
	}
}

// at places a failure to store rows at the input lines they came from.
func (w *writer) at(lines [2]int, err error) error {
	if lines[0] > 0 && lines[1] > lines[0] {
		err = fmt.Errorf("storing what lines %d to %d say: %w", lines[0], lines[1], err)
	}
	return &normalize.ParseError{File: w.source, Line: lines[0], Err: err}
}

// exec sends one statement to the writer, in order with the batches.
func (im *importer) exec(query string, args ...any) error {
	return im.w.send(op{query: query, args: args, lines: [2]int{im.line, im.line}})
}

// parse runs the parser and the importer's bookkeeping on their own
// goroutine, while this one writes what they produce. It returns the
// format read and the first error of either side.
func (im *importer) parse(source string, data []byte, format string) (string, error) {
	var parsed string
	var perr error
	go func() {
		defer close(im.w.ch)
		if p := im.opts.Parsed; p != nil {
			parsed, perr = p.replay(im)
		} else {
			var f normalize.Format
			f, perr = normalize.Parse(source, data, format, im)
			parsed = f.Name
		}
		if perr == nil && im.started {
			perr = im.finish()
		}
	}()
	werr := im.w.run(im.ctx)
	if werr != nil {
		return "", werr
	}
	if perr == nil && !im.started {
		perr = fmt.Errorf("%s: %w: no registry found", source, normalize.ErrSyntax)
	}
	return parsed, perr
}

// Record is the normalize.Handler's: identities and renditions are
// computed here, on the parser's side.
func (im *importer) Record(r *normalize.Record) error {
	return im.record(r)
}
