package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ianaports/ianaports/internal/normalize"
)

// referenceSnapshot is the complete snapshot nearest in date to an
// excerpt being imported: its records settle what the excerpt's text
// cannot (see normalize.Record.Resolve).
type referenceSnapshot struct {
	id      int64 // 0: the database holds no complete snapshot
	records map[string][]*normalize.Record
}

// recordKey is what a record is looked up by: its name, port and
// protocol, which a copy's text never leaves in doubt.
func recordKey(name string, port normalize.Ports, protocol string) string {
	return name + "\x00" + port.String() + "\x00" + protocol
}

// lookup returns the reference's records under r's name, port and
// protocol.
func (ref *referenceSnapshot) lookup(r *normalize.Record) []*normalize.Record {
	if ref == nil || ref.records == nil {
		return nil
	}
	return ref.records[recordKey(normalize.Fold(r.Name), r.Port, normalize.Fold(r.Protocol))]
}

// nearestComplete loads, once, the records of the complete snapshot whose
// registry date is nearest this one's (the most faithful and latest
// imported among equals). It runs on the writer's goroutine, so it sees
// the database as this import leaves it so far.
func (im *importer) nearestComplete() (*referenceSnapshot, error) {
	if im.reference != nil {
		return im.reference, nil
	}
	ref := &referenceSnapshot{}
	err := im.w.do(func(ctx context.Context, tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM snapshots WHERE kind = 'complete'
			ORDER BY abs(julianday(coalesce(registry_date, '0001-01-01')) - julianday(coalesce(nullif(?, ''), '9999-12-31'))),
			         fidelity DESC, id DESC LIMIT 1`, im.result.Date).Scan(&ref.id)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		ids, err := loadIdentities(ctx, tx, ref.id)
		if err != nil {
			return err
		}
		ref.records = make(map[string][]*normalize.Record, len(ids))
		for i := range ids {
			r := ids[i].Record()
			k := recordKey(r.Name, r.Port, r.Protocol)
			ref.records[k] = append(ref.records[k], r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the nearest complete snapshot: %w", err)
	}
	im.reference = ref
	return ref, nil
}

// loadIdentities reads the identities of a snapshot's records, in
// registry order.
func loadIdentities(ctx context.Context, tx *sql.Tx, snapshotID int64) ([]normalize.Identity, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.id, coalesce(s.name, ''), p.port_low, p.port_high, p.port_range,
			coalesce(p.protocol, ''), p.description, coalesce(p.registration_date, ''), coalesce(p.modification_date, ''),
			coalesce(p.service_code, ''), coalesce(p.unauthorized_use, ''), coalesce(p.assignment_notes, ''), p.assignee_is_contact,
			coalesce((SELECT group_concat(role || ' ' || contact_id, char(10)) FROM
				(SELECT role, contact_id FROM port_contacts WHERE port_id = p.id ORDER BY role, position)), ''),
			coalesce((SELECT group_concat(label, char(10)) FROM
				(SELECT label FROM port_references WHERE port_id = p.id ORDER BY position)), '')
		FROM snapshot_ports sp JOIN ports p ON p.id = sp.port_id LEFT JOIN services s ON s.id = p.service_id
		WHERE sp.snapshot_id = ? ORDER BY sp.position`, snapshotID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []normalize.Identity
	for rows.Next() {
		var id normalize.Identity
		var pid int64
		var low, high sql.NullInt64
		var same bool
		var people, labels string
		if err := rows.Scan(&pid, &id.Name, &low, &high, &id.Port.Range, &id.Protocol, &id.Description,
			&id.Registered, &id.Modified, &id.ServiceCode, &id.Unauthorized, &id.Notes, &same, &people, &labels); err != nil {
			return nil, err
		}
		if low.Valid {
			id.Port.Low, id.Port.High, id.Port.Valid = int(low.Int64), int(high.Int64), true
		}
		for _, line := range strings.Split(people, "\n") {
			role, contact, ok := strings.Cut(line, " ")
			switch {
			case !ok:
			case role == normalize.RoleAssignee:
				id.Assignees = append(id.Assignees, contact)
			default:
				id.Contacts = append(id.Contacts, contact)
			}
		}
		if same {
			id.Assignees = id.Contacts
		}
		if labels != "" {
			id.References = strings.Split(labels, "\n")
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
