package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ianaports/ianaports/internal/normalize"
)

// ServiceRecord is what the services format reads of a record: its
// service name, port number (a range as IANA writes it, such as
// 6000-6063), transport protocol and description, each empty where
// IANA's cell is.
type ServiceRecord struct {
	Name, Port, Protocol, Description string
}

// ServiceRecords calls fn with each record of a snapshot, in registry
// order.
func (d *DB) ServiceRecords(ctx context.Context, snapshotID int64, fn func(ServiceRecord) error) error {
	rows, err := d.QueryContext(ctx, `SELECT service_name, port_number, transport_protocol, description
		FROM snapshot_registry WHERE snapshot_id = ? ORDER BY position`, snapshotID)
	if err != nil {
		return fmt.Errorf("read service records: %w", err)
	}
	defer rows.Close()
	var name, port, proto, desc sql.NullString
	for rows.Next() {
		if err := rows.Scan(&name, &port, &proto, &desc); err != nil {
			return fmt.Errorf("read service records: %w", err)
		}
		if err := fn(ServiceRecord{name.String, port.String, proto.String, desc.String}); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read service records: %w", err)
	}
	return nil
}

// SnapshotAliases returns the historic/well-formed pairs of service names
// a snapshot's records state, ordered by historic name, then well-formed.
func (d *DB) SnapshotAliases(ctx context.Context, snapshotID int64) ([]normalize.Alias, error) {
	rows, err := d.QueryContext(ctx, `SELECT historic, well_formed FROM snapshot_aliases
		WHERE snapshot_id = ? ORDER BY historic, well_formed`, snapshotID)
	if err != nil {
		return nil, fmt.Errorf("read aliases: %w", err)
	}
	defer rows.Close()
	var out []normalize.Alias
	for rows.Next() {
		var a normalize.Alias
		if err := rows.Scan(&a.Historic, &a.WellFormed); err != nil {
			return nil, fmt.Errorf("read aliases: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read aliases: %w", err)
	}
	return out, nil
}
