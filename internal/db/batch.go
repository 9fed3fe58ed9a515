package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
)

// maxVariables is the most bound parameters one statement may have in the
// SQLite that modernc.org/sqlite builds (SQLITE_MAX_VARIABLE_NUMBER).
const maxVariables = 32766

// batch inserts rows into one table many at a time, with multi-row INSERT
// statements prepared once per row count: one statement per few hundred
// rows instead of one per row is most of the import's speed.
//
// The importer fills it on the parser's side; full, it goes to the writer,
// which executes it through the driver's connection directly (sql.Conn.Raw)
// inside the import's transaction: database/sql's checks and conversions
// of every argument cost a tenth of an import, and the values here are the
// driver's own types already.
type batch struct {
	w      *writer
	table  string
	line   *int   // the input line the importer is at
	lines  [2]int // first and last input line of the queued rows
	prefix string // INSERT INTO t (a, b) VALUES
	row    string // (?, ?)
	cols   int
	max    int // rows per statement
	args   []driver.NamedValue
	stmts  map[int]driver.Stmt // by row count; the writer's
}

// newBatch prepares inserts into a table; insert is the statement's head,
// such as "INSERT INTO ports" or "INSERT OR IGNORE INTO aliases".
func newBatch(w *writer, line *int, insert string, columns ...string) *batch {
	f := strings.Fields(insert)
	return &batch{
		w:      w,
		table:  f[len(f)-1],
		line:   line,
		prefix: insert + " (" + strings.Join(columns, ", ") + ") VALUES ",
		row:    "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")",
		cols:   len(columns),
		max:    min(256, maxVariables/len(columns)),
		stmts:  map[int]driver.Stmt{},
	}
}

// add queues one row; it writes the queue out when it is full. Values are
// nil, int, int64, bool, string or []byte.
func (b *batch) add(values ...any) error {
	if len(values) != b.cols {
		return fmt.Errorf("%s: %d values for %d columns", b.prefix, len(values), b.cols)
	}
	if len(b.args) == 0 {
		b.lines[0] = *b.line
	}
	b.lines[1] = *b.line
	for _, v := range values {
		switch x := v.(type) {
		case int:
			v = int64(x)
		case nil, int64, bool, string, []byte:
		default:
			return fmt.Errorf("%s: value of type %T", b.prefix, v)
		}
		b.args = append(b.args, driver.NamedValue{Ordinal: len(b.args) + 1, Value: v})
	}
	if len(b.args) >= b.max*b.cols {
		return b.flush()
	}
	return nil
}

// flush sends the queued rows to the writer.
func (b *batch) flush() error {
	if len(b.args) == 0 {
		return nil
	}
	rows := b.args
	b.args = b.w.rows(b.max * b.cols)
	return b.w.send(op{batch: b, rows: rows, lines: b.lines})
}

// exec inserts rows, on the writer's side.
func (b *batch) exec(ctx context.Context, conn *sql.Conn, rows []driver.NamedValue) error {
	n := len(rows) / b.cols
	return conn.Raw(func(dc any) error {
		st, ok := b.stmts[n]
		if !ok {
			q := b.prefix + strings.TrimSuffix(strings.Repeat(b.row+", ", n), ", ")
			var err error
			if st, err = dc.(driver.ConnPrepareContext).PrepareContext(ctx, q); err != nil {
				return fmt.Errorf("prepare insert into %s: %w", b.table, err)
			}
			b.stmts[n] = st
		}
		if _, err := st.(driver.StmtExecContext).ExecContext(ctx, rows); err != nil {
			return fmt.Errorf("insert into %s: %w", b.table, err)
		}
		return nil
	})
}

// close closes the statements, once the writer is done; it must run
// before the connection goes back to the pool.
func (b *batch) close() {
	b.w.conn.Raw(func(any) error {
		for _, st := range b.stmts {
			st.Close()
		}
		return nil
	})
	clear(b.stmts)
}
