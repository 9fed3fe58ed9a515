package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ianaports/ianaports/internal/normalize"
)

// ErrAmbiguous is returned when a date names several snapshots where one
// is wanted.
var ErrAmbiguous = errors.New("names several snapshots")

// ErrInUse is returned when a snapshot cannot be removed because another
// one depends on it: it settled readings that the other's text could not
// decide.
var ErrInUse = errors.New("other snapshots depend on it")

// RemoveResult says what removing a snapshot took out with it.
type RemoveResult struct {
	Snapshot Snapshot
	// Rows deleted because only the snapshot referred to them.
	Records, Renditions, Services, Contacts, Details, Aliases int
	// Redescribed counts the persons whose details now come from another
	// snapshot (or from none); Unrecorded those of them whose next
	// snapshot was imported before what each snapshot says of a person was
	// kept (migration 5): their details stay as they were.
	Redescribed, Unrecorded int
}

// Remove deletes one snapshot, picked by id or by registry date, and
// everything only it referred to, in one transaction: the database is
// left as it would be had the snapshot never been imported, and the same
// input can be imported again. A snapshot whose records settled another's
// ambiguous readings is refused (ErrInUse): remove the other first.
func (d *DB) Remove(ctx context.Context, sel string) (res RemoveResult, err error) {
	defer func() {
		if err != nil {
			if se := databaseFault(err); se != nil && ctx.Err() == nil {
				err = &DatabaseError{Path: d.Path, Err: se}
			}
		}
	}()
	if d.lock == nil {
		return res, fmt.Errorf("database %s: opened read-only", d.Path)
	}
	if err := d.lock.lock(ctx); err != nil {
		return res, fmt.Errorf("lock database %s: %w", d.Path, err)
	}
	defer d.lock.unlock()
	d.state = nil
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("begin removal: %w", err)
	}
	defer tx.Rollback()
	r := &remover{ctx: ctx, tx: tx, res: &res}
	if res.Snapshot, err = r.find(sel); err != nil {
		return res, err
	}
	if err := r.remove(res.Snapshot.ID); err != nil {
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("commit removal: %w", err)
	}
	return res, nil
}

type remover struct {
	ctx context.Context
	tx  *sql.Tx
	res *RemoveResult
}

// exec runs a statement and returns the rows it changed.
func (r *remover) exec(query string, args ...any) (int, error) {
	result, err := r.tx.ExecContext(r.ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("remove: %s: %w", strings.Join(strings.Fields(query)[:3], " "), err)
	}
	n, err := result.RowsAffected()
	return int(n), err
}

// find picks the one snapshot sel names.
func (r *remover) find(sel string) (Snapshot, error) {
	q := "SELECT " + snapshotColumns + " FROM snapshots WHERE "
	var arg any
	if id, err := strconv.ParseInt(sel, 10, 64); err == nil {
		q += "id = ?"
		arg = id
	} else if normalize.ValidDate(sel) {
		q += "registry_date = ?"
		arg = sel
	} else {
		return Snapshot{}, fmt.Errorf("snapshot %q: want a snapshot id or a registry date, YYYY-MM-DD", sel)
	}
	var found []Snapshot
	err := scanRows(r.ctx, r.tx, q+" ORDER BY id", func(rows *sql.Rows) error {
		var s Snapshot
		err := rows.Scan(s.fields()...)
		found = append(found, s)
		return err
	}, arg)
	if err != nil {
		return Snapshot{}, fmt.Errorf("find snapshot: %w", err)
	}
	switch len(found) {
	case 0:
		return Snapshot{}, fmt.Errorf("snapshot %q: %w", sel, ErrNotFound)
	case 1:
		return found[0], nil
	}
	var names []string
	for _, s := range found {
		names = append(names, fmt.Sprintf("%d (%s %s, %s)", s.ID, s.Format, s.Kind, s.Source))
	}
	return Snapshot{}, fmt.Errorf("%s %w: %s; give the id of the one to remove", sel, ErrAmbiguous, strings.Join(names, ", "))
}

func (r *remover) remove(id int64) error {
	if err := r.dependents(id); err != nil {
		return err
	}
	var redescribe []string
	err := scanRows(r.ctx, r.tx, "SELECT id FROM contacts WHERE described_by = ? ORDER BY id", func(rows *sql.Rows) error {
		var c string
		err := rows.Scan(&c)
		redescribe = append(redescribe, c)
		return err
	}, id)
	if err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	// Its membership: out of the spans, and the chain closes up.
	var seq, end int64
	err = r.tx.QueryRowContext(r.ctx, "SELECT seq, (SELECT max(seq) FROM snapshots) FROM snapshots WHERE id = ?", id).Scan(&seq, &end)
	if err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	if err := removeSpans(r.ctx, r.tx, &portSpans, seq, end); err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	if err := removeSpans(r.ctx, r.tx, &contactSpans, seq, end); err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	// The snapshot's own rows go with it (ON DELETE CASCADE).
	if _, err := r.exec("DELETE FROM snapshots WHERE id = ?", id); err != nil {
		return err
	}
	if _, err := r.exec("UPDATE snapshots SET seq = -(seq - 1) WHERE seq > ?", seq); err != nil {
		return err
	}
	if _, err := r.exec("UPDATE snapshots SET seq = -seq WHERE seq < 0"); err != nil {
		return err
	}
	var aliases int
	if err := r.tx.QueryRowContext(r.ctx, "SELECT count(*) FROM aliases").Scan(&aliases); err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	if r.res.Renditions, err = r.exec(`DELETE FROM port_renditions
		WHERE id NOT IN (SELECT rendition_id FROM port_spans WHERE rendition_id IS NOT NULL)`); err != nil {
		return err
	}
	// A record's aliases go with it (ON DELETE CASCADE).
	if r.res.Records, err = r.exec("DELETE FROM ports WHERE id NOT IN (SELECT port_id FROM port_spans)"); err != nil {
		return err
	}
	if err := r.tx.QueryRowContext(r.ctx, "SELECT ? - count(*) FROM aliases", aliases).Scan(&r.res.Aliases); err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	if r.res.Details, err = r.exec(`DELETE FROM contact_details
		WHERE id NOT IN (SELECT detail_id FROM contact_spans WHERE detail_id IS NOT NULL)`); err != nil {
		return err
	}
	if r.res.Contacts, err = r.exec(`DELETE FROM contacts
		WHERE id NOT IN (SELECT contact_id FROM port_contacts)
		  AND id NOT IN (SELECT contact_id FROM contact_spans)`); err != nil {
		return err
	}
	for _, c := range redescribe {
		if err := r.redescribe(c); err != nil {
			return err
		}
	}
	if r.res.Services, err = r.exec(`DELETE FROM services
		WHERE id NOT IN (SELECT service_id FROM ports WHERE service_id IS NOT NULL)
		  AND name NOT IN (SELECT historic FROM port_aliases)
		  AND name NOT IN (SELECT well_formed FROM port_aliases)`); err != nil {
		return err
	}
	return checkForeignKeys(r.ctx, r.tx)
}

// dependents refuses the removal of a snapshot that settled readings of
// another: without it the other would have been read otherwise.
func (r *remover) dependents(id int64) error {
	var deps []string
	err := scanRows(r.ctx, r.tx, `SELECT a.snapshot_id, s.source, count(*) FROM ambiguities a
		JOIN snapshots s ON s.id = a.snapshot_id
		WHERE a.resolved_by = ?1 AND a.snapshot_id <> ?1
		GROUP BY a.snapshot_id ORDER BY a.snapshot_id`, func(rows *sql.Rows) error {
		var sid, n int64
		var source string
		err := rows.Scan(&sid, &source, &n)
		deps = append(deps, fmt.Sprintf("%d readings of snapshot %d (%s)", n, sid, source))
		return err
	}, id)
	if err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	if len(deps) > 0 {
		return fmt.Errorf("snapshot %d: %w: it settled %s; remove those first (they can be imported again after)",
			id, ErrInUse, strings.Join(deps, ", "))
	}
	return nil
}

// redescribe gives a person the details of the snapshot that now
// describes it: the most faithful, then the latest, then the last
// imported of those that list it (the rule Import follows), or none.
func (r *remover) redescribe(contact string) error {
	var sid int64
	var detail sql.NullInt64
	err := r.tx.QueryRowContext(r.ctx, `SELECT s.id, cs.detail_id FROM contact_spans cs
		JOIN snapshots s ON s.seq BETWEEN cs.first_seq AND coalesce(cs.last_seq, s.seq)
		WHERE cs.contact_id = ?
		ORDER BY s.fidelity DESC, coalesce(s.registry_date, '') DESC, s.id DESC, cs.order_key DESC, cs.order_rank DESC
		LIMIT 1`, contact).Scan(&sid, &detail)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if err != nil {
		return fmt.Errorf("remove: contact %s: %w", contact, err)
	}
	r.res.Redescribed++
	switch {
	case sid == 0:
		_, err = r.exec(`UPDATE contacts SET name = NULL, organization = NULL, last_updated = NULL,
			name_raw = NULL, organization_raw = NULL, described_by = NULL WHERE id = ?`, contact)
	case !detail.Valid:
		r.res.Unrecorded++
		_, err = r.exec("UPDATE contacts SET described_by = ? WHERE id = ?", sid, contact)
		return err
	default:
		_, err = r.exec(`UPDATE contacts SET (name, organization, last_updated, name_raw, organization_raw, described_by) =
			(SELECT name, organization, last_updated, name_raw, organization_raw, ? FROM contact_details WHERE id = ?)
			WHERE id = ?`, sid, detail.Int64, contact)
	}
	if err != nil {
		return err
	}
	if _, err := r.exec("DELETE FROM contact_uris WHERE contact_id = ?", contact); err != nil {
		return err
	}
	if _, err := r.exec("DELETE FROM contact_extras WHERE contact_id = ?", contact); err != nil {
		return err
	}
	if !detail.Valid {
		return nil
	}
	if _, err := r.exec(`INSERT INTO contact_uris (contact_id, position, uri, raw)
		SELECT ?, position, uri, raw FROM contact_detail_uris WHERE detail_id = ? ORDER BY position`, contact, detail.Int64); err != nil {
		return err
	}
	_, err = r.exec(`INSERT INTO contact_extras (contact_id, position, name, text)
		SELECT ?, position, name, text FROM contact_detail_extras WHERE detail_id = ? ORDER BY position`, contact, detail.Int64)
	return err
}
