package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/schema"
)

// VersionTable is goose's bookkeeping table. Exports of data leave it out;
// SQL dumps keep it, less its wall-clock tstamp column, so that a restored
// database opens at the right schema version and dumps stay byte-identical.
const VersionTable = "goose_db_version"

// Table is a table of the database: its typed description, and the order
// its rows are read in.
type Table struct {
	schema.Table
	orderBy string
}

// SchemaObject is an index, view or trigger, with its CREATE statement.
type SchemaObject struct {
	Type, Name, SQL string
}

// Tables lists the database's tables in the order the schema created them,
// leaving out SQLite's internal ones and virtual tables with their shadow
// tables (a release's full-text index).
func (d *DB) Tables(ctx context.Context) ([]Table, error) {
	rows, err := d.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		  AND name IN (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table')
		ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var tables []Table
	for rows.Next() {
		var t Table
		if err := rows.Scan(&t.Name, &t.SQL); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list tables: %w", err)
		}
		tables = append(tables, t)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	for i := range tables {
		if err := d.describe(ctx, &tables[i]); err != nil {
			return nil, err
		}
	}
	return tables, nil
}

// Table returns one table by name; the error wraps ErrNotFound when there
// is none, and names the tables there are.
func (d *DB) Table(ctx context.Context, name string) (Table, error) {
	tables, err := d.Tables(ctx)
	if err != nil {
		return Table{}, err
	}
	var names []string
	for _, t := range tables {
		if t.Name == name {
			return t, nil
		}
		if t.Name != VersionTable {
			names = append(names, t.Name)
		}
	}
	return Table{}, fmt.Errorf("table %q: %w (tables: %s)", name, ErrNotFound, strings.Join(names, ", "))
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Rows calls fn with each row of t in primary-key order. Values are nil,
// int64, float64, string or []byte; fn must not keep the slice.
func (d *DB) Rows(ctx context.Context, t Table, fn func([]any) error) error {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = quoteIdent(c.Name)
	}
	q := fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", strings.Join(cols, ", "), quoteIdent(t.Name), t.orderBy)
	rows, err := d.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.Name, err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s: %w", t.Name, err)
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", t.Name, err)
	}
	return nil
}

// SchemaObjects lists the indexes, views and triggers the schema created,
// in creation order, leaving out SQLite's automatic indexes.
func (d *DB) SchemaObjects(ctx context.Context) ([]SchemaObject, error) {
	rows, err := d.QueryContext(ctx, `SELECT type, name, sql FROM sqlite_schema
		WHERE type IN ('index', 'view', 'trigger') AND sql IS NOT NULL ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("list schema: %w", err)
	}
	defer rows.Close()
	var objs []SchemaObject
	for rows.Next() {
		var o SchemaObject
		if err := rows.Scan(&o.Type, &o.Name, &o.SQL); err != nil {
			return nil, fmt.Errorf("list schema: %w", err)
		}
		objs = append(objs, o)
	}
	return objs, rows.Err()
}

// Snapshot is a row of the snapshots table.
type Snapshot struct {
	ID      int64
	Date    string
	Format  string
	Style   string
	Kind    string
	Source  string
	Records int
	SHA256  string // of the input's bytes
}

// snapshotColumns are the columns of snapshots that Snapshot holds, in
// the order of its fields.
const snapshotColumns = "id, coalesce(registry_date, ''), format, coalesce(style, ''), kind, source, record_count, sha256"

// fields are the destinations of a row of snapshotColumns.
func (s *Snapshot) fields() []any {
	return []any{&s.ID, &s.Date, &s.Format, &s.Style, &s.Kind, &s.Source, &s.Records, &s.SHA256}
}

// Snapshots lists every snapshot, oldest first: by registry date (none
// first), then excerpts before complete snapshots, then the less faithful format,
// then id, so that the list does not depend on the order of import.
func (d *DB) Snapshots(ctx context.Context) ([]Snapshot, error) {
	rows, err := d.QueryContext(ctx, "SELECT "+snapshotColumns+` FROM snapshots
		ORDER BY registry_date, kind = 'complete', fidelity, id`)
	if err != nil {
		return nil, fmt.Errorf("list snapshots: %w", err)
	}
	defer rows.Close()
	var out []Snapshot
	for rows.Next() {
		var s Snapshot
		if err := rows.Scan(s.fields()...); err != nil {
			return nil, fmt.Errorf("list snapshots: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list snapshots: %w", err)
	}
	return out, nil
}

// FindSnapshot picks a snapshot: by id (a number); by registry date
// (YYYY-MM-DD), the registry as it stood that day: the newest complete
// snapshot on or before it (an excerpt only where no complete one is);
// or the newest where sel is empty (the newest complete one, where the
// database holds one). Among snapshots of one date it prefers, as the
// registry view does, the most faithful format, then the higher id.
func (d *DB) FindSnapshot(ctx context.Context, sel string) (Snapshot, error) {
	q := "SELECT " + snapshotColumns + " FROM snapshots_by_recency WHERE "
	var arg any
	switch id, err := strconv.ParseInt(sel, 10, 64); {
	case sel == "":
		q += "recency = ?"
		arg = 1
	case err == nil:
		q += "id = ?"
		arg = id
	case !normalize.ValidDate(sel):
		return Snapshot{}, fmt.Errorf("snapshot %q: want a registry date, YYYY-MM-DD, or a snapshot id", sel)
	default:
		q += "registry_date <= ?"
		arg = sel
	}
	var s Snapshot
	err := d.QueryRowContext(ctx, q+" ORDER BY recency LIMIT 1", arg).
		Scan(s.fields()...)
	if errors.Is(err, sql.ErrNoRows) {
		switch {
		case sel == "":
			return s, fmt.Errorf("no snapshot: %w (the database is empty; run import first)", ErrNotFound)
		case normalize.ValidDate(sel):
			return s, fmt.Errorf("snapshot %q: %w: no snapshot on or before that date", sel, ErrNotFound)
		}
		return s, fmt.Errorf("snapshot %q: %w", sel, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("find snapshot: %w", err)
	}
	return s, nil
}

// RegistryColumns are the columns of Registry's rows, in IANA's order.
var RegistryColumns = []string{
	"service_name", "port_number", "transport_protocol", "description",
	"assignee", "contact", "registration_date", "modification_date",
	"reference", "service_code", "unauthorized_use_reported", "assignment_notes",
}

// RegistryRecords calls fn with each record of a snapshot, in registry
// order: its record's id (the identity) and its twelve cells as Registry
// gives them. fn must not keep the slice.
func (d *DB) RegistryRecords(ctx context.Context, snapshotID int64, fn func(id int64, cells []string) error) error {
	q := "SELECT port_id, " + strings.Join(RegistryColumns, ", ") +
		" FROM snapshot_registry WHERE snapshot_id = ? ORDER BY position"
	rows, err := d.QueryContext(ctx, q, snapshotID)
	if err != nil {
		return fmt.Errorf("read registry: %w", err)
	}
	defer rows.Close()
	var id int64
	vals := make([]sql.NullString, len(RegistryColumns))
	ptrs := []any{&id}
	for i := range vals {
		ptrs = append(ptrs, &vals[i])
	}
	out := make([]string, len(vals))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read registry: %w", err)
		}
		for i, v := range vals {
			out[i] = v.String
		}
		if err := fn(id, out); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read registry: %w", err)
	}
	return nil
}

// Registry calls fn with each record of a snapshot, in registry order,
// rendered in IANA's twelve columns (an empty string where IANA's cell is
// empty). fn must not keep the slice.
func (d *DB) Registry(ctx context.Context, snapshotID int64, fn func([]string) error) error {
	q := "SELECT " + strings.Join(RegistryColumns, ", ") +
		" FROM snapshot_registry WHERE snapshot_id = ? ORDER BY position"
	rows, err := d.QueryContext(ctx, q, snapshotID)
	if err != nil {
		return fmt.Errorf("read registry: %w", err)
	}
	defer rows.Close()
	vals := make([]sql.NullString, len(RegistryColumns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := make([]string, len(vals))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read registry: %w", err)
		}
		for i, v := range vals {
			out[i] = v.String
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read registry: %w", err)
	}
	return nil
}

// CountEmpty counts the rows of table whose column holds empty text.
func (d *DB) CountEmpty(ctx context.Context, table, column string) (int64, error) {
	var n int64
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s = ''", quoteIdent(table), quoteIdent(column))
	if err := d.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("count empty %s.%s: %w", table, column, err)
	}
	return n, nil
}
