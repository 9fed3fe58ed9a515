package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// maxVariables is the most bound parameters one statement may have in the
// SQLite that modernc.org/sqlite builds (SQLITE_MAX_VARIABLE_NUMBER).
const maxVariables = 32766

// batch inserts rows into one table many at a time, with multi-row INSERT
// statements prepared once per row count: one statement per few hundred
// rows instead of one per row is most of the import's speed.
type batch struct {
	tx     *sql.Tx
	prefix string // INSERT INTO t (a, b) VALUES
	row    string // (?, ?)
	cols   int
	max    int // rows per statement
	args   []any
	stmts  map[int]*sql.Stmt
}

// newBatch prepares inserts into a table; insert is the statement's head,
// such as "INSERT INTO ports" or "INSERT OR IGNORE INTO aliases".
func newBatch(tx *sql.Tx, insert string, columns ...string) *batch {
	return &batch{
		tx:     tx,
		prefix: insert + " (" + strings.Join(columns, ", ") + ") VALUES ",
		row:    "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")",
		cols:   len(columns),
		max:    min(256, maxVariables/len(columns)),
		stmts:  map[int]*sql.Stmt{},
	}
}

// add queues one row; it writes the queue out when it is full.
func (b *batch) add(ctx context.Context, values ...any) error {
	if len(values) != b.cols {
		return fmt.Errorf("%s: %d values for %d columns", b.prefix, len(values), b.cols)
	}
	b.args = append(b.args, values...)
	if len(b.args) >= b.max*b.cols {
		return b.flush(ctx)
	}
	return nil
}

// flush writes out the queued rows.
func (b *batch) flush(ctx context.Context) error {
	n := len(b.args) / b.cols
	if n == 0 {
		return nil
	}
	st, ok := b.stmts[n]
	if !ok {
		q := b.prefix + strings.TrimSuffix(strings.Repeat(b.row+", ", n), ", ")
		var err error
		if st, err = b.tx.PrepareContext(ctx, q); err != nil {
			return fmt.Errorf("prepare %s: %w", b.prefix, err)
		}
		b.stmts[n] = st
	}
	if _, err := st.ExecContext(ctx, b.args...); err != nil {
		return fmt.Errorf("%s: %w", strings.TrimSuffix(b.prefix, " VALUES "), err)
	}
	clear(b.args)
	b.args = b.args[:0]
	return nil
}

func (b *batch) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}
