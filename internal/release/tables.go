package release

import (
	"context"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/normalize"
)

// DataTables returns the tables a data format holds: all but goose's
// bookkeeping.
func DataTables(ctx context.Context, d *db.DB) ([]db.Table, error) {
	all, err := d.Tables(ctx)
	if err != nil {
		return nil, err
	}
	var out []db.Table
	for _, t := range all {
		if t.Name != db.VersionTable {
			out = append(out, t)
		}
	}
	return out, nil
}

// WriteTables writes each table's rows with enc, in the order given; enc
// is not closed.
func WriteTables(ctx context.Context, d *db.DB, tables []db.Table, enc export.Encoder) error {
	for _, t := range tables {
		if err := enc.Begin(&t.Table); err != nil {
			return err
		}
		if err := d.Rows(ctx, t, enc.Encode); err != nil {
			return err
		}
	}
	return nil
}

// DumpSQLite writes the whole database as an SQLite dump: every table,
// goose's included, then the indexes, views and triggers, so that the
// dump restores a database ianaports opens. enc is not closed.
func DumpSQLite(ctx context.Context, d *db.DB, enc *export.SQLEncoder) error {
	tables, err := d.Tables(ctx)
	if err != nil {
		return err
	}
	if err := WriteTables(ctx, d, tables, enc); err != nil {
		return err
	}
	objs, err := d.SchemaObjects(ctx)
	if err != nil {
		return err
	}
	for _, obj := range objs {
		if err := enc.Schema(obj.SQL); err != nil {
			return err
		}
	}
	return nil
}

// WriteRegistry writes one snapshot in IANA's layout (export.RegistryTable),
// each record as the snapshot came, in registry order. A CSV snapshot of
// IANA's older style is written in that style, CR LF ending its rows,
// where enc can.
func WriteRegistry(ctx context.Context, d *db.DB, s db.Snapshot, enc export.Encoder) error {
	if c, ok := enc.(interface{ EndRowsWithCRLF() }); ok && s.Format == normalize.FormatCSV && s.Style == normalize.StyleCRLFFolded {
		c.EndRowsWithCRLF()
	}
	if err := enc.Begin(export.RegistryTable()); err != nil {
		return err
	}
	vals := make([]any, len(normalize.Columns))
	return d.Registry(ctx, s.ID, func(row []string) error {
		for i, v := range row {
			vals[i] = v
		}
		return enc.Encode(vals)
	})
}
