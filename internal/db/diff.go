package db

import (
	"context"
	"strings"
)

// Change kinds a diff reports.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// DiffColumns are the columns of a diff's rows: what happened to which
// record (its name, port number and protocol), and one field's value
// before and after.
var DiffColumns = []string{"change", "service_name", "port_number", "transport_protocol", "field", "old_value", "new_value"}

// DiffCounts counts the records a diff found added, removed and changed.
type DiffCounts struct{ Added, Removed, Changed int }

type diffRecord struct {
	id    int64
	cells []string
}

// Diff compares two snapshots record by record. A record is known by its
// service name, port number and protocol: one in to and not in from was
// added, one in from and not in to removed, and one in both whose other
// fields differ changed. fn gets one row of DiffColumns per field: each
// changed field of a changed record, each non-empty field of an added or
// removed one (one row with an empty field where it has none). Rows come
// in to's registry order, the removed records after, in from's.
func (d *DB) Diff(ctx context.Context, from, to int64, fn func([]string) error) (DiffCounts, error) {
	var n DiffCounts
	load := func(id int64) (map[string][]diffRecord, []string, error) {
		byKey := map[string][]diffRecord{}
		var keys []string
		err := d.RegistryRecords(ctx, id, func(pid int64, cells []string) error {
			k := diffKey(cells)
			if _, ok := byKey[k]; !ok {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], diffRecord{pid, append([]string(nil), cells...)})
			return nil
		})
		return byKey, keys, err
	}
	old, oldKeys, err := load(from)
	if err != nil {
		return n, err
	}
	cur, curKeys, err := load(to)
	if err != nil {
		return n, err
	}
	row := make([]string, len(DiffColumns))
	emit := func(kind string, cells []string, field int, oldV, newV string) error {
		row[0], row[1], row[2], row[3] = kind, cells[0], cells[1], cells[2]
		row[4], row[5], row[6] = "", oldV, newV
		if field >= 0 {
			row[4] = RegistryColumns[field]
		}
		return fn(row)
	}
	whole := func(kind string, r diffRecord) error {
		some := false
		for i := 3; i < len(r.cells); i++ {
			if r.cells[i] == "" {
				continue
			}
			some = true
			o, v := "", r.cells[i]
			if kind == Removed {
				o, v = v, ""
			}
			if err := emit(kind, r.cells, i, o, v); err != nil {
				return err
			}
		}
		if !some {
			return emit(kind, r.cells, -1, "", "")
		}
		return nil
	}
	for _, k := range curKeys {
		a, b := unchangedOut(old[k], cur[k])
		for i := range max(len(a), len(b)) {
			switch {
			case i >= len(a):
				n.Added++
				err = whole(Added, b[i])
			case i >= len(b):
				n.Removed++
				err = whole(Removed, a[i])
			default:
				n.Changed++
				for f := 3; f < len(RegistryColumns) && err == nil; f++ {
					if a[i].cells[f] != b[i].cells[f] {
						err = emit(Changed, b[i].cells, f, a[i].cells[f], b[i].cells[f])
					}
				}
			}
			if err != nil {
				return n, err
			}
		}
	}
	for _, k := range oldKeys {
		if _, ok := cur[k]; ok {
			continue
		}
		for _, r := range old[k] {
			n.Removed++
			if err := whole(Removed, r); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// diffKey is what a diff knows a record by: name, port number, protocol.
func diffKey(cells []string) string {
	return strings.Join(cells[:3], "\x00")
}

// unchangedOut drops from two lists of records of one key the records
// both hold (the same identity), keeping the order of the rest.
func unchangedOut(a, b []diffRecord) ([]diffRecord, []diffRecord) {
	inB := map[int64]int{}
	for _, r := range b {
		inB[r.id]++
	}
	var ra []diffRecord
	same := map[int64]int{}
	for _, r := range a {
		if inB[r.id] > 0 {
			inB[r.id]--
			same[r.id]++
			continue
		}
		ra = append(ra, r)
	}
	var rb []diffRecord
	for _, r := range b {
		if same[r.id] > 0 {
			same[r.id]--
			continue
		}
		rb = append(rb, r)
	}
	return ra, rb
}
