package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ianaports/ianaports/internal/normalize"
)

// chainKey is the order of the chain of snapshots that spans run along,
// as SQL: snapshots of one lineage (IANA's XML, day after day) are
// consecutive, the most faithful last, so that the newest XML is usually
// put at the end and nothing is renumbered.
const chainKey = "fidelity, format, kind, coalesce(registry_date, ''), sha256"

// storeMembership gives the snapshot its place in the chain (its seq) and
// stores its records and persons as spans, with its registry date and
// record count. It runs once the rows it refers to are written.
func (im *importer) storeMembership() (int64, error) {
	r := &im.result
	records := normalize.Place(im.keys, normalize.OrderKey.Compare)
	for i, p := range records {
		m := &im.members[i]
		m.group, m.name, m.rank = int64(p.Key.Group), p.Key.Name, int64(p.Rank)
	}
	ids := make([]string, len(im.people))
	for i, p := range im.people {
		ids[i] = p.contact
	}
	for i, p := range normalize.Place(ids, strings.Compare) {
		im.people[i].key, im.people[i].rank = p.Key, int64(p.Rank)
	}
	var seq int64
	err := im.w.do(func(ctx context.Context, tx *sql.Tx) error {
		var end int64 // the chain's last seq before this snapshot joins it
		err := tx.QueryRowContext(ctx, `SELECT 1 + count(*) FILTER (WHERE (`+chainKey+`) < (?1, ?2, ?3, ?4, ?5)), count(*)
			FROM snapshots WHERE id <> ?6`,
			im.fidelity, im.format, r.Kind, r.Date, im.digest, im.snapshotID).Scan(&seq, &end)
		if err != nil {
			return fmt.Errorf("place the snapshot: %w", err)
		}
		if err := insertSeq(ctx, tx, seq, end); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE snapshots SET registry_date = ?, date_source = ?, record_count = ?, seq = ? WHERE id = ?",
			null(r.Date), r.DateSource, r.Records, seq, im.snapshotID)
		if err != nil {
			return fmt.Errorf("update snapshot: %w", err)
		}
		if seq <= end {
			// Put in among the others: the spans around it are read
			// and made anew.
			im.openPorts, im.openContacts = nil, nil
			if err := addSpans(ctx, tx, &portSpans, seq, im.members, end+1); err != nil {
				return err
			}
			return addSpans(ctx, tx, &contactSpans, seq, im.people, end+1)
		}
		if im.openPorts == nil || im.end != end {
			if im.openPorts, err = openSpans(ctx, tx, &portSpans); err != nil {
				return err
			}
			if im.openContacts, err = openSpans(ctx, tx, &contactSpans); err != nil {
				return err
			}
		}
		// Put at the end, as the newest of its lineage usually is: only
		// what changed since the snapshot before is written.
		if err := appendSpans(ctx, tx, &portSpans, seq, im.members, im.openPorts); err != nil {
			return err
		}
		if err := appendSpans(ctx, tx, &contactSpans, seq, im.people, im.openContacts); err != nil {
			return err
		}
		im.end = seq
		return nil
	})
	return seq, err
}

// insertSeq makes room at seq k in a chain that ends at end.
func insertSeq(ctx context.Context, tx *sql.Tx, k, end int64) error {
	if k > end {
		return nil
	}
	for _, q := range []string{
		"UPDATE snapshots SET seq = -(seq + 1) WHERE seq >= ?",
		"UPDATE snapshots SET seq = -seq WHERE seq < 0",
	} {
		if _, err := tx.ExecContext(ctx, q, k); err != nil {
			return fmt.Errorf("renumber snapshots: %w", err)
		}
	}
	if err := portSpans.shift(ctx, tx, k, 1); err != nil {
		return err
	}
	return contactSpans.shift(ctx, tx, k, 1)
}

// addSpans stores the members of the snapshot at seq k, room made for it,
// in a chain that now ends at end.
func addSpans[A comparable](ctx context.Context, tx *sql.Tx, t *spanTable[A], k int64, members []A, end int64) error {
	loaded, err := t.load(ctx, tx, k)
	if err != nil {
		return err
	}
	del, ins := respan(loaded, k, members, false, end, end)
	return t.write(ctx, tx, del, ins)
}

// removeSpans takes the snapshot at seq k out of a chain that ends at end,
// and renumbers what follows it.
func removeSpans[A comparable](ctx context.Context, tx *sql.Tx, t *spanTable[A], k, end int64) error {
	loaded, err := t.load(ctx, tx, k)
	if err != nil {
		return err
	}
	newEnd := end
	if k == end {
		newEnd = k - 1
	}
	del, ins := respan(loaded, k, nil, true, end, newEnd)
	if err := t.write(ctx, tx, del, ins); err != nil {
		return err
	}
	return t.shift(ctx, tx, k, -1)
}

// openSpans reads the spans open at the end of the chain.
func openSpans[A comparable](ctx context.Context, tx *sql.Tx, t *spanTable[A]) (map[A]int64, error) {
	open := map[A]int64{}
	err := scanRows(ctx, tx, "SELECT first_seq, last_seq, "+strings.Join(t.cols, ", ")+" FROM "+t.name+" WHERE last_seq IS NULL",
		func(rows *sql.Rows) error {
			s, err := t.scan(rows)
			open[s.a] = s.first
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	return open, nil
}

// appendSpans stores the members of a snapshot put at the end of the
// chain (seq k), given the spans open before it (which it updates): those
// it does not hold close at k-1, those it holds go on, and the others
// open at k.
func appendSpans[A comparable](ctx context.Context, tx *sql.Tx, t *spanTable[A], k int64, members []A, open map[A]int64) error {
	held := make(map[A]bool, len(members))
	var del, ins []span[A]
	for _, a := range members {
		held[a] = true
		if _, ok := open[a]; !ok {
			ins = append(ins, span[A]{a: a, first: k})
		}
	}
	for a, first := range open {
		if !held[a] {
			del = append(del, span[A]{a: a, first: first})
			ins = append(ins, span[A]{a: a, first: first, last: k - 1})
			delete(open, a)
		}
	}
	for _, s := range ins {
		if s.last == 0 {
			open[s.a] = s.first
		}
	}
	return t.write(ctx, tx, del, ins)
}
