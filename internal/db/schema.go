package db

import (
	"context"
	"fmt"
	"strings"

	"github.com/ianaports/ianaports/internal/schema"
)

// Schema reads the typed description of the database's tables (leaving
// out SQLite's internal ones), in the order the schema created them.
func (d *DB) Schema(ctx context.Context) (*schema.Schema, error) {
	tables, err := d.Tables(ctx)
	if err != nil {
		return nil, err
	}
	s := &schema.Schema{Tables: make([]schema.Table, len(tables))}
	for i, t := range tables {
		s.Tables[i] = t.Table
	}
	return s, nil
}

// describe reads a table's columns, keys and constraints from SQLite's
// pragmas and CREATE TABLE statement, its meanings from schema.Notes, and
// the order its rows are read in: its primary key, else its rowid.
func (d *DB) describe(ctx context.Context, t *Table) error {
	if err := d.columns(ctx, t); err != nil {
		return fmt.Errorf("describe %s: %w", t.Name, err)
	}
	if err := d.uniques(ctx, t); err != nil {
		return fmt.Errorf("describe %s: %w", t.Name, err)
	}
	if err := d.foreignKeys(ctx, t); err != nil {
		return fmt.Errorf("describe %s: %w", t.Name, err)
	}
	schema.ApplyChecks(&t.Table)
	schema.Describe(&t.Table)
	if err := d.dates(ctx, t); err != nil {
		return fmt.Errorf("describe %s: %w", t.Name, err)
	}
	keys := make([]string, len(t.PrimaryKey))
	for i, k := range t.PrimaryKey {
		keys[i] = quoteIdent(k)
	}
	if len(keys) == 0 {
		keys = []string{"rowid"}
	}
	t.orderBy = strings.Join(keys, ", ")
	return nil
}

func (d *DB) columns(ctx context.Context, t *Table) error {
	rows, err := d.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, t.Name)
	if err != nil {
		return err
	}
	defer rows.Close()
	pk := map[int]string{}
	for rows.Next() {
		var c schema.Column
		var k int
		if err := rows.Scan(&c.Name, &c.Declared, &c.NotNull, &k); err != nil {
			return err
		}
		c.Type = schema.Affinity(c.Declared)
		if k > 0 {
			pk[k] = c.Name
			// A primary key is never null, though SQLite lets a
			// WITHOUT ROWID table's key go undeclared NOT NULL.
			c.NotNull = true
		}
		// goose's wall-clock column would make every dump differ.
		if t.Name == VersionTable && c.Name == "tstamp" {
			continue
		}
		t.Columns = append(t.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := 1; i <= len(pk); i++ {
		t.PrimaryKey = append(t.PrimaryKey, pk[i])
	}
	return nil
}

// uniques reads the UNIQUE constraints (indexes whose origin is u).
func (d *DB) uniques(ctx context.Context, t *Table) error {
	rows, err := d.QueryContext(ctx, `SELECT l.name, i.name FROM pragma_index_list(?) l, pragma_index_info(l.name) i
		WHERE l."unique" AND l.origin = 'u' AND l.partial = 0 ORDER BY l.name, i.seqno`, t.Name)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := ""
	for rows.Next() {
		var index, col string
		if err := rows.Scan(&index, &col); err != nil {
			return err
		}
		if index != last || len(t.Unique) == 0 {
			t.Unique = append(t.Unique, nil)
			last = index
		}
		t.Unique[len(t.Unique)-1] = append(t.Unique[len(t.Unique)-1], col)
	}
	return rows.Err()
}

func (d *DB) foreignKeys(ctx context.Context, t *Table) error {
	rows, err := d.QueryContext(ctx, `SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id DESC, seq`, t.Name)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := -1
	for rows.Next() {
		var id int
		var ref, from string
		var to *string
		if err := rows.Scan(&id, &ref, &from, &to); err != nil {
			return err
		}
		if id != last {
			t.ForeignKeys = append(t.ForeignKeys, schema.ForeignKey{RefTable: ref})
			last = id
		}
		fk := &t.ForeignKeys[len(t.ForeignKeys)-1]
		fk.Columns = append(fk.Columns, from)
		if to != nil {
			fk.RefColumns = append(fk.RefColumns, *to)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// A key that names no columns refers to the primary key.
	for i, fk := range t.ForeignKeys {
		if len(fk.RefColumns) == 0 {
			var pk []string
			prow, err := d.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, fk.RefTable)
			if err != nil {
				return err
			}
			for prow.Next() {
				var n string
				if err := prow.Scan(&n); err != nil {
					prow.Close()
					return err
				}
				pk = append(pk, n)
			}
			if err := prow.Close(); err != nil {
				return err
			}
			t.ForeignKeys[i].RefColumns = pk
		}
	}
	return nil
}

// dates makes a date column a Date where it holds at least one value and
// every value is a full date, YYYY-MM-DD.
func (d *DB) dates(ctx context.Context, t *Table) error {
	for _, name := range schema.DateCandidates(&t.Table) {
		q := fmt.Sprintf(`SELECT count(%[1]s), count(*) FILTER (WHERE %[1]s IS NOT NULL AND NOT (
			%[1]s GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(%[1]s) IS %[1]s)) FROM %[2]s`,
			quoteIdent(name), quoteIdent(t.Name))
		var n, bad int64
		if err := d.QueryRowContext(ctx, q).Scan(&n, &bad); err != nil {
			return err
		}
		if n > 0 && bad == 0 {
			c, _ := t.Column(name)
			c.Type = schema.Date
		}
	}
	return nil
}
