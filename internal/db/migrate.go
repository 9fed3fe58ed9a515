package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/ianaports/ianaports/internal/normalize"
)

// goMigrations are the migrations that compute in Go what SQL cannot;
// the rest are the .sql files of package migrations.
var goMigrations = []*goose.Migration{
	goose.NewGoMigration(3, &goose.GoFunc{RunTx: rekeyRecords}, nil),
	goose.NewGoMigration(7, &goose.GoFunc{RunTx: historyIDs}, nil),
}

// rekeyRecords is migration 3, between the schema changes of migrations 2
// and 4: it gives each record of a database made before them its identity
// (normalize.Identity). A row of ports held a record's content as one
// source gave it, so the XML and the CSV of one day gave two rows for
// most records; rows with one identity become one, keeping the lowest id,
// and what each said beyond the identity becomes a rendition that the
// snapshots' rows point to. Exports of every snapshot stay as they were.
func rekeyRecords(ctx context.Context, tx *sql.Tx) error {
	recs, err := loadOldRecords(ctx, tx)
	if err != nil {
		return fmt.Errorf("migration 3: %w", err)
	}
	if err := rekey(ctx, tx, recs); err != nil {
		return fmt.Errorf("migration 3: %w", err)
	}
	if err := repairContacts(ctx, tx); err != nil {
		return fmt.Errorf("migration 3: %w", err)
	}
	return nil
}

// oldRecord is a row of ports as migration 1 stored it, read back into
// the record it came from.
type oldRecord struct {
	id  int64
	rec normalize.Record
}

func loadOldRecords(ctx context.Context, tx *sql.Tx) ([]*oldRecord, error) {
	fromXML := map[int64]bool{}
	err := scanRows(ctx, tx, `SELECT DISTINCT sp.port_id FROM snapshot_ports sp
		JOIN snapshots s ON s.id = sp.snapshot_id WHERE s.format = 'xml'`, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		fromXML[id] = true
		return err
	})
	if err != nil {
		return nil, err
	}
	var recs []*oldRecord
	byID := map[int64]*oldRecord{}
	implied := map[int64]bool{}
	err = scanRows(ctx, tx, `SELECT p.id, coalesce(s.name, ''), p.port_low, p.port_high, p.port_range, coalesce(p.protocol, ''),
			p.description, coalesce(p.description_xml, ''), coalesce(p.registration_date, ''), coalesce(p.modification_date, ''),
			coalesce(p.service_code, ''), coalesce(p.unauthorized_use, ''), coalesce(p.unauthorized_use_xml, ''),
			coalesce(p.assignment_notes, ''), coalesce(p.assignment_notes_xml, ''), p.assignee_implied
		FROM ports p LEFT JOIN services s ON s.id = p.service_id ORDER BY p.id`, func(rows *sql.Rows) error {
		o := &oldRecord{}
		r := &o.rec
		var low, high sql.NullInt64
		var imp bool
		if err := rows.Scan(&o.id, &r.Name, &low, &high, &r.Port.Range, &r.Protocol, &r.Description, &r.DescriptionXML,
			&r.Registered, &r.Modified, &r.ServiceCode, &r.Unauthorized, &r.UnauthorizedXML, &r.Notes, &r.NotesXML, &imp); err != nil {
			return err
		}
		if low.Valid {
			r.Port.Low, r.Port.High, r.Port.Valid = int(low.Int64), int(high.Int64), true
		}
		implied[o.id] = imp
		recs = append(recs, o)
		byID[o.id] = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanRows(ctx, tx, "SELECT port_id, role, contact_id FROM port_contacts ORDER BY port_id, role, position", func(rows *sql.Rows) error {
		var id int64
		var p normalize.PersonRef
		if err := rows.Scan(&id, &p.Role, &p.ID); err != nil {
			return err
		}
		byID[id].rec.People = append(byID[id].rec.People, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanRows(ctx, tx, `SELECT port_id, type, coalesce(data, ''), coalesce(text, ''), coalesce(section, ''), label
		FROM port_references ORDER BY port_id, position`, func(rows *sql.Rows) error {
		var id int64
		var ref normalize.Reference
		if err := rows.Scan(&id, &ref.Type, &ref.Data, &ref.Text, &ref.Section, &ref.Label); err != nil {
			return err
		}
		byID[id].rec.References = append(byID[id].rec.References, ref)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanRows(ctx, tx, "SELECT port_id, name, text FROM port_extras ORDER BY port_id, position", func(rows *sql.Rows) error {
		var id int64
		var e normalize.Raw
		if err := rows.Scan(&id, &e.Name, &e.Text); err != nil {
			return err
		}
		byID[id].rec.Extras = append(byID[id].rec.Extras, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The old rows stored implied assignees as a flag, and no row said
	// whether an XML record had an <assignee>: one the XML gave that has
	// persons and no implied ones had it.
	for _, o := range recs {
		r := &o.rec
		switch {
		case implied[o.id]:
			r.Assignee = normalize.AssigneeImplied
			for _, p := range r.People {
				if p.Role == normalize.RoleContact {
					r.People = append(r.People, normalize.PersonRef{Role: normalize.RoleAssignee, ID: p.ID, Implied: true})
				}
			}
		case fromXML[o.id] && len(r.People) > 0:
			r.Assignee = normalize.AssigneeWritten
		case fromXML[o.id]:
			r.Assignee = normalize.AssigneeImplied
		}
	}
	return recs, nil
}

// rekey merges the rows of one identity into its lowest id and moves what
// each row said beyond its identity into renditions. Rows are taken in id
// order, so that a snapshot row moved to a lower id is never moved again.
func rekey(ctx context.Context, tx *sql.Tx, recs []*oldRecord) error {
	kept := map[[32]byte]int64{}
	renditions := map[renditionKey]int64{}
	var nextRendition int64
	for _, o := range recs {
		id := o.rec.Identity()
		hash := id.Hash()
		target, merged := kept[hash]
		if !merged {
			target = o.id
			kept[hash] = target
			if err := rewriteIdentity(ctx, tx, target, &id, hash); err != nil {
				return err
			}
		}
		var rendition any
		if rd := o.rec.Rendition(&id); !rd.Empty() {
			key := renditionKey{target, rd.Hash()}
			rid, ok := renditions[key]
			if !ok {
				nextRendition++
				rid = nextRendition
				renditions[key] = rid
				if err := insertRendition(ctx, tx, rid, target, key.hash, &rd); err != nil {
					return err
				}
			}
			rendition = rid
		}
		if _, err := tx.ExecContext(ctx, "UPDATE snapshot_ports SET port_id = ?, rendition_id = ? WHERE port_id = ?", target, rendition, o.id); err != nil {
			return err
		}
		if merged {
			for _, q := range []string{
				"DELETE FROM port_contacts WHERE port_id = ?",
				"DELETE FROM port_references WHERE port_id = ?",
				"DELETE FROM ports WHERE id = ?",
			} {
				if _, err := tx.ExecContext(ctx, q, o.id); err != nil {
					return err
				}
			}
		}
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM port_extras")
	return err
}

// rewriteIdentity makes a row of ports and its persons and references say
// the identity (the flag keeps its old name until migration 4).
func rewriteIdentity(ctx context.Context, tx *sql.Tx, pid int64, id *normalize.Identity, hash [32]byte) error {
	same := id.AssigneeIsContact()
	_, err := tx.ExecContext(ctx, `UPDATE ports SET content_hash = ?, protocol = ?, description = ?,
		registration_date = ?, modification_date = ?, service_code = ?, unauthorized_use = ?,
		assignment_notes = ?, assignee_implied = ?,
		description_xml = NULL, unauthorized_use_xml = NULL, assignment_notes_xml = NULL WHERE id = ?`,
		hash[:], null(id.Protocol), id.Description, null(id.Registered), null(id.Modified), null(id.ServiceCode),
		null(id.Unauthorized), null(id.Notes), same, pid)
	if err != nil {
		return err
	}
	for _, q := range []string{"DELETE FROM port_contacts WHERE port_id = ?", "DELETE FROM port_references WHERE port_id = ?"} {
		if _, err := tx.ExecContext(ctx, q, pid); err != nil {
			return err
		}
	}
	insert := "INSERT INTO port_contacts (port_id, role, position, contact_id) VALUES (?, ?, ?, ?)"
	if !same {
		for i, p := range id.Assignees {
			if _, err := tx.ExecContext(ctx, insert, pid, normalize.RoleAssignee, i+1, p); err != nil {
				return err
			}
		}
	}
	for i, p := range id.Contacts {
		if _, err := tx.ExecContext(ctx, insert, pid, normalize.RoleContact, i+1, p); err != nil {
			return err
		}
	}
	for i, ref := range id.InferredReferences() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO port_references (port_id, position, type, data, text, section, label)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, pid, i+1, ref.Type, null(ref.Data), null(ref.Text), null(ref.Section), ref.Label); err != nil {
			return err
		}
	}
	return nil
}

func insertRendition(ctx context.Context, tx *sql.Tx, rid, pid int64, hash [32]byte, rd *normalize.Rendition) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO port_renditions (id, port_id, content_hash, description, description_xml,
		unauthorized_use, unauthorized_use_xml, assignment_notes, assignment_notes_xml, assignee_written)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rid, pid, hash[:], null(rd.Description), null(rd.DescriptionXML),
		null(rd.Unauthorized), null(rd.UnauthorizedXML), null(rd.Notes), null(rd.NotesXML), assigneeWritten(rd.Assignee))
	if err != nil {
		return err
	}
	for i, ref := range rd.References {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rendition_references (rendition_id, position, type, data, text, section, label)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, rid, i+1, ref.Type, null(ref.Data), null(ref.Text), null(ref.Section), ref.Label); err != nil {
			return err
		}
	}
	for i, e := range rd.Extras {
		if _, err := tx.ExecContext(ctx, "INSERT INTO rendition_extras (rendition_id, position, name, text) VALUES (?, ?, ?, ?)",
			rid, i+1, e.Name, e.Text); err != nil {
			return err
		}
	}
	return nil
}

// repairContacts repairs IANA's mojibake in the persons' names and
// organizations, keeping what IANA wrote beside.
func repairContacts(ctx context.Context, tx *sql.Tx) error {
	type fix struct{ id, name, nameRaw, org, orgRaw string }
	var fixes []fix
	err := scanRows(ctx, tx, "SELECT id, coalesce(name, ''), coalesce(organization, '') FROM contacts", func(rows *sql.Rows) error {
		var f fix
		if err := rows.Scan(&f.id, &f.name, &f.org); err != nil {
			return err
		}
		f.name, f.nameRaw = repaired(f.name)
		f.org, f.orgRaw = repaired(f.org)
		if f.nameRaw != "" || f.orgRaw != "" {
			fixes = append(fixes, f)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range fixes {
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET name = ?, name_raw = ?, organization = ?, organization_raw = ? WHERE id = ?`,
			null(f.name), null(f.nameRaw), null(f.org), null(f.orgRaw), f.id); err != nil {
			return err
		}
	}
	return nil
}

// queryer is what scanRows reads through: a *sql.DB, *sql.Conn or *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func scanRows(ctx context.Context, tx queryer, q string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
