package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/ianaports/ianaports/internal/normalize"
)

// historyIDs is migration 7, between the schema changes of migrations 6
// and 8. Ids become content-derived (normalize.RowID), so that a database
// holds the same rows whatever order its snapshots were imported in; each
// snapshot gets its place in the chain (seq); the rows of snapshot_ports
// and snapshot_contacts become spans; and each record's aliases are kept
// with it (port_aliases).
func historyIDs(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
		return fmt.Errorf("migration 7: %w", err)
	}
	for _, step := range []func(context.Context, *sql.Tx) error{reidentify, sequence, migrateSpans, migrateAliases} {
		if err := step(ctx, tx); err != nil {
			return fmt.Errorf("migration 7: %w", err)
		}
	}
	return nil
}

// idChange is a kind of row whose ids change: how to compute the new id
// of each, and every column that holds one.
type idChange struct {
	name    string
	query   string // old id, then what the new id is computed from
	newID   func(rows *sql.Rows) (old, new int64, err error)
	columns []string // table.column
}

func reidentify(ctx context.Context, tx *sql.Tx) error {
	hash32 := func(b []byte) (h [32]byte, err error) {
		if len(b) != 32 {
			return h, fmt.Errorf("hash of %d bytes, want 32", len(b))
		}
		return [32]byte(b), nil
	}
	changes := []idChange{
		{"snapshots", "SELECT id, sha256 FROM snapshots", func(rows *sql.Rows) (int64, int64, error) {
			var old int64
			var digest string
			if err := rows.Scan(&old, &digest); err != nil {
				return 0, 0, err
			}
			sum, err := hex.DecodeString(digest)
			if err != nil || len(sum) != 32 {
				return 0, 0, fmt.Errorf("snapshot %d: sha256 %q", old, digest)
			}
			return old, normalize.SnapshotID([32]byte(sum)), nil
		}, []string{"snapshots.id", "snapshot_extras.snapshot_id", "snapshot_warnings.snapshot_id", "footnotes.snapshot_id",
			"rejects.snapshot_id", "ambiguities.snapshot_id", "ambiguities.resolved_by", "contacts.described_by",
			"snapshot_ports.snapshot_id", "snapshot_contacts.snapshot_id"}},
		{"services", "SELECT id, name FROM services", func(rows *sql.Rows) (int64, int64, error) {
			var old int64
			var name string
			err := rows.Scan(&old, &name)
			return old, normalize.ServiceID(name), err
		}, []string{"services.id", "ports.service_id"}},
		{"renditions", "SELECT r.id, p.content_hash, r.content_hash FROM port_renditions r JOIN ports p ON p.id = r.port_id", func(rows *sql.Rows) (int64, int64, error) {
			var old int64
			var ph, rh []byte
			if err := rows.Scan(&old, &ph, &rh); err != nil {
				return 0, 0, err
			}
			p, err := hash32(ph)
			if err != nil {
				return 0, 0, err
			}
			r, err := hash32(rh)
			return old, normalize.RenditionID(p, r), err
		}, []string{"port_renditions.id", "rendition_references.rendition_id", "rendition_extras.rendition_id", "snapshot_ports.rendition_id"}},
		{"records", "SELECT id, content_hash FROM ports", func(rows *sql.Rows) (int64, int64, error) {
			var old int64
			var h []byte
			if err := rows.Scan(&old, &h); err != nil {
				return 0, 0, err
			}
			p, err := hash32(h)
			return old, normalize.RecordID(p), err
		}, []string{"ports.id", "port_contacts.port_id", "port_references.port_id", "port_renditions.port_id", "snapshot_ports.port_id"}},
		{"contact details", "SELECT d.id, d.contact_id, " + detailColumns("d", "contact_detail_uris", "contact_detail_extras", "detail_id") + " FROM contact_details d",
			func(rows *sql.Rows) (int64, int64, error) {
				var old int64
				var contact string
				var d [7]string
				err := rows.Scan(&old, &contact, &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6])
				return old, normalize.DetailID(contact, strings.Join(d[:], "\x00")), err
			}, []string{"contact_details.id", "contact_detail_uris.detail_id", "contact_detail_extras.detail_id", "snapshot_contacts.detail_id"}},
	}
	for _, c := range changes {
		if err := c.apply(ctx, tx); err != nil {
			return fmt.Errorf("new ids of %s: %w", c.name, err)
		}
	}
	return nil
}

func (c *idChange) apply(ctx context.Context, tx *sql.Tx) error {
	ids := map[int64]int64{}
	used := map[int64]int64{}
	err := scanRows(ctx, tx, c.query, func(rows *sql.Rows) error {
		old, id, err := c.newID(rows)
		if err != nil {
			return err
		}
		if o, ok := used[id]; ok {
			return fmt.Errorf("rows %d and %d are both given id %d", o, old, id)
		}
		ids[old], used[id] = id, old
		return nil
	})
	if err != nil || len(ids) == 0 {
		return err
	}
	for _, q := range []string{"DROP TABLE IF EXISTS temp.new_ids", "CREATE TEMP TABLE new_ids (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO temp.new_ids VALUES (?, ?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for old, id := range ids {
		if _, err := stmt.ExecContext(ctx, old, id); err != nil {
			return err
		}
	}
	for _, tc := range c.columns {
		t, col, _ := strings.Cut(tc, ".")
		q := fmt.Sprintf("UPDATE %s SET %s = (SELECT new FROM temp.new_ids WHERE old = %s.%s) WHERE %s IS NOT NULL", t, col, t, col, col)
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", tc, err)
		}
	}
	_, err = tx.ExecContext(ctx, "DROP TABLE temp.new_ids")
	return err
}

// sequence gives each snapshot its place in the chain.
func sequence(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE snapshots SET seq = (SELECT k FROM
		(SELECT id, row_number() OVER (ORDER BY `+chainKey+`) AS k FROM snapshots) o WHERE o.id = snapshots.id)`)
	return err
}

// migrateSpans turns the rows of snapshot_ports and snapshot_contacts
// into spans.
func migrateSpans(ctx context.Context, tx *sql.Tx) error {
	var end int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM snapshots").Scan(&end); err != nil {
		return err
	}
	records := make([][]portAttrs, end+1)
	keys := make([][]normalize.OrderKey, end+1)
	err := scanRows(ctx, tx, `SELECT s.seq, sp.port_id, coalesce(sp.rendition_id, 0), p.port_low, coalesce(v.name, '')
		FROM snapshot_ports sp JOIN snapshots s ON s.id = sp.snapshot_id JOIN ports p ON p.id = sp.port_id
		LEFT JOIN services v ON v.id = p.service_id ORDER BY s.seq, sp.position`, func(rows *sql.Rows) error {
		var seq int64
		var a portAttrs
		var low sql.NullInt64
		var id normalize.Identity
		if err := rows.Scan(&seq, &a.port, &a.rendition, &low, &id.Name); err != nil {
			return err
		}
		id.Port.Low, id.Port.Valid = int(low.Int64), low.Valid
		records[seq] = append(records[seq], a)
		keys[seq] = append(keys[seq], id.OrderKey())
		return nil
	})
	if err != nil {
		return err
	}
	for seq := range records {
		for i, p := range normalize.Place(keys[seq], normalize.OrderKey.Compare) {
			a := &records[seq][i]
			a.group, a.name, a.rank = int64(p.Key.Group), p.Key.Name, int64(p.Rank)
		}
	}
	people := make([][]contactAttrs, end+1)
	err = scanRows(ctx, tx, `SELECT s.seq, sc.contact_id, coalesce(sc.detail_id, 0)
		FROM snapshot_contacts sc JOIN snapshots s ON s.id = sc.snapshot_id ORDER BY s.seq, sc.position`, func(rows *sql.Rows) error {
		var seq int64
		var a contactAttrs
		err := rows.Scan(&seq, &a.contact, &a.detail)
		people[seq] = append(people[seq], a)
		return err
	})
	if err != nil {
		return err
	}
	for _, list := range people {
		ids := make([]string, len(list))
		for i, a := range list {
			ids[i] = a.contact
		}
		for i, p := range normalize.Place(ids, strings.Compare) {
			list[i].key, list[i].rank = p.Key, int64(p.Rank)
		}
	}
	if err := portSpans.write(ctx, tx, nil, buildSpans(records)); err != nil {
		return err
	}
	return contactSpans.write(ctx, tx, nil, buildSpans(people))
}

// migrateAliases keeps with each record the aliases it states.
func migrateAliases(ctx context.Context, tx *sql.Tx) error {
	type row struct {
		port int64
		a    normalize.Alias
	}
	var rows []row
	err := scanRows(ctx, tx, `SELECT p.id, s.name, p.description, coalesce(p.assignment_notes, '')
		FROM ports p JOIN services s ON s.id = p.service_id ORDER BY p.id`, func(r *sql.Rows) error {
		var pid int64
		var id normalize.Identity
		if err := r.Scan(&pid, &id.Name, &id.Description, &id.Notes); err != nil {
			return err
		}
		for _, a := range id.Aliases() {
			rows = append(rows, row{pid, a})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		for _, name := range []string{r.a.Historic, r.a.WellFormed} {
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO services (id, name) VALUES (?, ?)", normalize.ServiceID(name), name); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO port_aliases (port_id, historic, well_formed) VALUES (?, ?, ?)",
			r.port, r.a.Historic, r.a.WellFormed); err != nil {
			return err
		}
	}
	return nil
}
