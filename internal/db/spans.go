package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// A snapshot's membership (which records it holds, which persons it
// lists, in which order) is kept as spans: a member with the same
// attributes (record or person, rendition or details, placement) in
// snapshots first_seq to last_seq of the chain of snapshots (snapshots.seq;
// last_seq NULL: to the end of the chain). Spans are kept maximal, and
// open exactly where they reach the end, so that the rows follow from the
// set of snapshots alone, whatever order they came in.

// span is a row of a spans table: attributes a in snapshots first to
// last (0: to the end of the chain).
type span[A comparable] struct {
	a           A
	first, last int64
}

// spanTable describes a spans table: its name, the columns of a span's
// attributes (the first is the member's id; with first_seq they and the
// seq columns make the primary key, save those after keyCols), how to
// write and read them.
type spanTable[A comparable] struct {
	name    string
	cols    []string // attribute columns, in the order values gives them
	keyCols int      // how many of cols belong to the primary key
	values  func(A) []any
	scan    func(*sql.Rows) (span[A], error)
}

// portAttrs are the attributes of a record's span.
type portAttrs struct {
	port      int64
	group     int64
	name      string
	rank      int64
	rendition int64 // 0: none
}

var portSpans = spanTable[portAttrs]{
	name:    "port_spans",
	cols:    []string{"port_id", "order_group", "order_name", "order_rank", "rendition_id"},
	keyCols: 4,
	values: func(a portAttrs) []any {
		var r any
		if a.rendition != 0 {
			r = a.rendition
		}
		return []any{a.port, a.group, a.name, a.rank, r}
	},
	scan: func(rows *sql.Rows) (s span[portAttrs], err error) {
		var last, rendition sql.NullInt64
		err = rows.Scan(&s.first, &last, &s.a.port, &s.a.group, &s.a.name, &s.a.rank, &rendition)
		s.last, s.a.rendition = last.Int64, rendition.Int64
		return s, err
	},
}

// contactAttrs are the attributes of a person's span.
type contactAttrs struct {
	contact string
	key     string
	rank    int64
	detail  int64 // 0: none
}

var contactSpans = spanTable[contactAttrs]{
	name:    "contact_spans",
	cols:    []string{"contact_id", "order_key", "order_rank", "detail_id"},
	keyCols: 3,
	values: func(a contactAttrs) []any {
		var d any
		if a.detail != 0 {
			d = a.detail
		}
		return []any{a.contact, a.key, a.rank, d}
	},
	scan: func(rows *sql.Rows) (s span[contactAttrs], err error) {
		var last, detail sql.NullInt64
		err = rows.Scan(&s.first, &last, &s.a.contact, &s.a.key, &s.a.rank, &detail)
		s.last, s.a.detail = last.Int64, detail.Int64
		return s, err
	},
}

// execer runs statements: a *sql.Tx or *sql.Conn.
type execer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// load reads the spans that hold or touch seq k.
func (t *spanTable[A]) load(ctx context.Context, q execer, k int64) ([]span[A], error) {
	var out []span[A]
	err := scanRows(ctx, q, "SELECT first_seq, last_seq, "+strings.Join(t.cols, ", ")+" FROM "+t.name+
		" WHERE first_seq <= ?1 + 1 AND (last_seq IS NULL OR last_seq >= ?1 - 1)", func(rows *sql.Rows) error {
		s, err := t.scan(rows)
		out = append(out, s)
		return err
	}, k)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	return out, nil
}

// write deletes the spans del and inserts ins.
func (t *spanTable[A]) write(ctx context.Context, q execer, del, ins []span[A]) error {
	if len(del) > 0 {
		where := make([]string, t.keyCols)
		for i, c := range t.cols[:t.keyCols] {
			where[i] = fmt.Sprintf("%s = ?%d", c, i+2)
		}
		stmt := "DELETE FROM " + t.name + " WHERE first_seq = ?1 AND " + strings.Join(where, " AND ")
		for _, s := range del {
			args := append([]any{s.first}, t.values(s.a)[:t.keyCols]...)
			if _, err := q.ExecContext(ctx, stmt, args...); err != nil {
				return fmt.Errorf("delete from %s: %w", t.name, err)
			}
		}
	}
	cols := append([]string{"first_seq", "last_seq"}, t.cols...)
	const perStatement = 100
	statement := func(n int) string {
		row := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
		return "INSERT INTO " + t.name + " (" + strings.Join(cols, ", ") + ") VALUES " + row + strings.Repeat(", "+row, n-1)
	}
	var full *sql.Stmt // the statement of perStatement rows, prepared once
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, perStatement*len(cols))
	for len(ins) > 0 {
		n := min(len(ins), perStatement)
		args = args[:0]
		for _, s := range ins[:n] {
			var last any
			if s.last != 0 {
				last = s.last
			}
			args = append(args, s.first, last)
			args = append(args, t.values(s.a)...)
		}
		var err error
		switch {
		case n < perStatement:
			_, err = q.ExecContext(ctx, statement(n), args...)
		case full == nil:
			if full, err = q.PrepareContext(ctx, statement(n)); err == nil {
				_, err = full.ExecContext(ctx, args...)
			}
		default:
			_, err = full.ExecContext(ctx, args...)
		}
		if err != nil {
			return fmt.Errorf("insert into %s: %w", t.name, err)
		}
		ins = ins[n:]
	}
	return nil
}

// shift renumbers the spans for a snapshot put in at seq k (by 1) or
// taken out of it (by -1). Keys are negated on the way, so that no
// primary key is ever held twice.
func (t *spanTable[A]) shift(ctx context.Context, q execer, k, by int64) error {
	stmts := []string{
		// spans after k
		"UPDATE " + t.name + " SET first_seq = -(first_seq + ?2), last_seq = last_seq + ?2 WHERE first_seq >= ?1 AND first_seq > 0",
		// spans across k
		"UPDATE " + t.name + " SET last_seq = last_seq + ?2 WHERE first_seq > 0 AND first_seq < ?1 AND last_seq >= ?1",
		"UPDATE " + t.name + " SET first_seq = -first_seq WHERE first_seq < 0",
	}
	if by < 0 {
		// A removal: seq k is gone (no span starts there any more), and
		// what was after it moves down.
		stmts[0] = "UPDATE " + t.name + " SET first_seq = -(first_seq + ?2), last_seq = last_seq + ?2 WHERE first_seq > ?1"
		stmts[1] = "UPDATE " + t.name + " SET last_seq = last_seq + ?2 WHERE first_seq > 0 AND first_seq < ?1 AND last_seq > ?1"
	}
	for _, s := range stmts {
		if _, err := q.ExecContext(ctx, s, k, by); err != nil {
			return fmt.Errorf("renumber %s: %w", t.name, err)
		}
	}
	return nil
}

// interval is a run of seqs, both ends included.
type interval struct{ first, last int64 }

// respan computes the spans around seq k anew: loaded are the spans that
// hold or touch k; members (when adding) are the attributes of the
// snapshot at k, which the loaded spans, numbered as after the insertion,
// know nothing of yet; removing, k is taken out, the loaded spans numbered
// as before. end is the last seq of the chain as the loaded spans number
// it (the open ones run to it), newEnd the last seq once the change is
// made, in the loaded spans' numbering (spans reaching it are open). It
// returns the rows to delete and to insert.
func respan[A comparable](loaded []span[A], k int64, members []A, removing bool, end, newEnd int64) (del, ins []span[A]) {
	runs := map[A][]interval{}
	var order []A // attributes in first-seen order, for a deterministic result
	add := func(a A, iv interval) {
		if _, ok := runs[a]; !ok {
			order = append(order, a)
		}
		runs[a] = append(runs[a], iv)
	}
	for _, s := range loaded {
		last := s.last
		if last == 0 {
			last = end
		}
		// k itself is no longer known from the loaded spans.
		if s.first < k {
			add(s.a, interval{s.first, min(last, k-1)})
		}
		if last > k {
			add(s.a, interval{max(s.first, k+1), last})
		}
	}
	for _, a := range members {
		add(a, interval{k, k})
	}
	// adjacent tells whether run b follows run a without a gap; removing,
	// the gap of k alone closes.
	adjacent := func(a, b interval) bool {
		return b.first <= a.last+1 || removing && a.last+1 == k && b.first == k+1
	}
	result := map[span[A]]bool{}
	var fresh []span[A]
	for _, a := range order {
		ivs := runs[a]
		slices.SortFunc(ivs, func(x, y interval) int { return int(x.first - y.first) })
		for i := 0; i < len(ivs); {
			cur := ivs[i]
			i++
			for i < len(ivs) && adjacent(cur, ivs[i]) {
				cur.last = max(cur.last, ivs[i].last)
				i++
			}
			s := span[A]{a: a, first: cur.first, last: cur.last}
			if s.last >= newEnd {
				s.last = 0
			}
			result[s] = true
			fresh = append(fresh, s)
		}
	}
	old := map[span[A]]bool{}
	for _, s := range loaded {
		old[s] = true
		if !result[s] {
			del = append(del, s)
		}
	}
	for _, s := range fresh {
		if !old[s] {
			ins = append(ins, s)
		}
	}
	return del, ins
}

// buildSpans makes the spans of whole membership lists: members[seq] are
// the attributes of the snapshot at seq (1 to len(members)-1).
func buildSpans[A comparable](members [][]A) []span[A] {
	end := int64(len(members) - 1)
	open := map[A]*span[A]{}
	var out []*span[A]
	for seq := int64(1); seq <= end; seq++ {
		for _, a := range members[seq] {
			if s, ok := open[a]; ok && s.last == seq-1 {
				s.last = seq
				continue
			}
			s := &span[A]{a: a, first: seq, last: seq}
			open[a] = s
			out = append(out, s)
		}
	}
	spans := make([]span[A], len(out))
	for i, s := range out {
		spans[i] = *s
		if s.last == end {
			spans[i].last = 0
		}
	}
	return spans
}
