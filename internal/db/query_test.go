package db

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"modernc.org/sqlite"
)

// queryDB returns the mini registry's database opened read-only, its path,
// and the bytes of its file.
func queryDB(t *testing.T) (*DB, string, []byte) {
	t.Helper()
	ctx := context.Background()
	w := openTemp(t)
	mustImport(t, w, readMini(t), "mini.xml")
	path := w.Path
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	d, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return d, path, data
}

// result runs text with Query and gathers what it gives.
func result(d *DB, text string) (cols []string, rows [][]any, err error) {
	err = d.Query(context.Background(), text,
		func(c []string) error { cols = c; return nil },
		func(r []any) error { rows = append(rows, append([]any(nil), r...)); return nil })
	return cols, rows, err
}

// Statements that would write, in any way, are refused before they run,
// and the database file is left byte for byte as it was; the files they
// name are not created.
func TestQueryRefusesWrites(t *testing.T) {
	d, path, before := queryDB(t)
	dir := t.TempDir()
	attached := filepath.Join(dir, "attached.db")
	vacuumed := filepath.Join(dir, "vacuumed.db")
	tests := []struct {
		name, sql string
		// write: refused by the authorizer (ErrWrite), as opposed to
		// failing for another reason (an error all the same).
		write bool
	}{
		{"insert", "INSERT INTO services (name) VALUES ('x')", true},
		{"insert select", "INSERT INTO services (name) SELECT name || 'x' FROM services", true},
		{"insert from a CTE", "WITH n(x) AS (VALUES ('x')) INSERT INTO services (name) SELECT x FROM n", true},
		{"replace", "REPLACE INTO services (id, name) VALUES (1, 'x')", true},
		{"upsert", "INSERT INTO services (name) VALUES ('x') ON CONFLICT DO NOTHING", true},
		{"update", "UPDATE ports SET description = 'x'", true},
		{"update returning", "UPDATE ports SET description = 'x' RETURNING id", true},
		{"delete", "DELETE FROM ports", true},
		{"delete returning", "DELETE FROM snapshots RETURNING id", true},
		{"create table", "CREATE TABLE x (a)", true},
		{"create table as", "CREATE TABLE x AS SELECT * FROM ports", true},
		{"create temp table", "CREATE TEMP TABLE x (a)", true},
		{"create view", "CREATE VIEW v AS SELECT 1", true},
		{"create temp view", "CREATE TEMP VIEW v AS SELECT 1", true},
		{"create index", "CREATE INDEX x ON ports (description)", true},
		// Its body's semicolons make it more than one statement.
		{"create trigger", "CREATE TRIGGER x AFTER INSERT ON ports BEGIN SELECT 1; END", false},
		{"create trigger, one line", "CREATE TEMP TRIGGER x AFTER INSERT ON ports BEGIN SELECT 1 END", true},
		{"create virtual table", "CREATE VIRTUAL TABLE x USING fts5 (a)", true},
		{"drop table", "DROP TABLE port_spans", true},
		{"drop view", "DROP VIEW registry", true},
		{"drop index", "DROP INDEX ports_port", true},
		{"alter table", "ALTER TABLE ports ADD COLUMN x", true},
		{"alter rename", "ALTER TABLE ports RENAME TO x", true},
		{"pragma query_only off", "PRAGMA query_only = 0", true},
		{"pragma query_only off, call form", "PRAGMA query_only(0)", true},
		{"pragma user_version", "PRAGMA user_version = 7", true},
		{"pragma journal_mode", "PRAGMA journal_mode = delete", true},
		{"pragma writable_schema", "PRAGMA writable_schema = 1", true},
		{"pragma foreign_keys", "PRAGMA foreign_keys = 0", true},
		{"pragma optimize", "PRAGMA optimize", true},
		{"pragma wal_checkpoint", "PRAGMA wal_checkpoint(TRUNCATE)", true},
		{"pragma of another schema", "PRAGMA main.user_version = 7", true},
		{"attach a new file", "ATTACH '" + attached + "' AS a", true},
		{"attach by URI", "ATTACH 'file:" + attached + "?mode=rwc' AS a", true},
		{"attach in memory", "ATTACH ':memory:' AS m", true},
		{"attach the database itself", "ATTACH '" + path + "' AS again", true},
		{"detach", "DETACH main", true},
		{"vacuum", "VACUUM", true},
		{"vacuum into", "VACUUM INTO '" + vacuumed + "'", true},
		{"reindex", "REINDEX ports", true},
		{"analyze", "ANALYZE", true},
		{"begin", "BEGIN", true},
		{"begin immediate", "BEGIN IMMEDIATE", true},
		{"commit", "COMMIT", true},
		{"savepoint", "SAVEPOINT x", true},
		{"load_extension", "SELECT load_extension('/nonexistent')", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, rows, err := result(d, tt.sql)
			if err == nil {
				t.Fatalf("%s: ran (columns %v, %d rows), want an error", tt.sql, cols, len(rows))
			}
			if tt.write && !errors.Is(err, ErrWrite) {
				t.Errorf("%s: %v, want ErrWrite", tt.sql, err)
			}
			if tt.write && !strings.Contains(err.Error(), "a query may only read") {
				t.Errorf("%s: error %q does not say why", tt.sql, err)
			}
		})
	}
	for _, f := range []string{attached, vacuumed} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists (%v): a refused statement created it", f, err)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the database file changed")
	}
	// Still usable, and still what it was.
	_, rows, err := result(d, "SELECT count(*) FROM ports")
	if err != nil || len(rows) != 1 || rows[0][0].(int64) == 0 {
		t.Errorf("after the refusals: %v, %v", rows, err)
	}
}

// What reads works: tables, views, CTEs, functions, the pragmas that only
// read; values come as nil, int64, float64, string or []byte; comments and
// a trailing semicolon are fine.
func TestQueryReads(t *testing.T) {
	d, _, _ := queryDB(t)
	tests := []struct {
		name, sql string
		cols      []string
		rows      [][]any // nil: only check there is at least one row
	}{
		{"values", "SELECT 42 AS i, 1.5 AS f, 'a' AS s, x'00ff' AS b, NULL AS n",
			[]string{"i", "f", "s", "b", "n"}, [][]any{{int64(42), 1.5, "a", []byte{0, 0xff}, nil}}},
		{"comments and semicolon", "-- what it does\n/* more; */ SELECT ';' AS s; -- done\n\n",
			[]string{"s"}, [][]any{{";"}}},
		{"quoted semicolons", `SELECT 'a;b' AS "x;y", [c;d], ` + "`e;f`" + ` FROM (SELECT 1 AS [c;d], 2 AS ` + "`e;f`" + `)`,
			[]string{"x;y", "c;d", "e;f"}, [][]any{{"a;b", int64(1), int64(2)}}},
		{"doubled quotes", "SELECT 'it''s; fine' AS s", []string{"s"}, [][]any{{"it's; fine"}}},
		{"no rows", "SELECT name FROM services WHERE 0", []string{"name"}, [][]any{}},
		{"table", "SELECT count(*) > 0 AS some FROM ports", []string{"some"}, [][]any{{int64(1)}}},
		{"view", "SELECT count(*) > 0 AS some FROM registry", []string{"some"}, [][]any{{int64(1)}}},
		{"params CTE", "WITH params(port) AS (VALUES (443)) SELECT port FROM params", []string{"port"}, [][]any{{int64(443)}}},
		{"recursive CTE", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3) SELECT sum(x) AS s FROM c",
			[]string{"s"}, [][]any{{int64(6)}}},
		{"window", "SELECT row_number() OVER () AS n FROM (SELECT 1)", []string{"n"}, [][]any{{int64(1)}}},
		{"pragma table_info", "PRAGMA table_info(services)", []string{"cid", "name", "type", "notnull", "dflt_value", "pk"}, nil},
		{"pragma function", "SELECT name FROM pragma_table_info('services') ORDER BY cid", []string{"name"}, [][]any{{"id"}, {"name"}}},
		{"pragma read", "PRAGMA user_version", []string{"user_version"}, [][]any{{int64(0)}}},
		{"query_only is on", "PRAGMA query_only", []string{"query_only"}, [][]any{{int64(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, rows, err := result(d, tt.sql)
			if err != nil {
				t.Fatalf("%s: %v", tt.sql, err)
			}
			if !reflect.DeepEqual(cols, tt.cols) {
				t.Errorf("columns %q, want %q", cols, tt.cols)
			}
			switch {
			case tt.rows == nil && len(rows) == 0:
				t.Errorf("no rows")
			case tt.rows != nil && len(rows) != len(tt.rows):
				t.Errorf("rows %v, want %v", rows, tt.rows)
			case tt.rows != nil && len(rows) > 0 && !reflect.DeepEqual(rows, tt.rows):
				t.Errorf("rows %#v, want %#v", rows, tt.rows)
			}
		})
	}
	// The connection the query ran on is given back as it was: the pool
	// (one connection here) reads pragmas and sets nothing.
	d.SetMaxOpenConns(1)
	if _, _, err := result(d, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	var on int
	if err := d.QueryRow("PRAGMA query_only").Scan(&on); err != nil || on != 0 {
		t.Errorf("after Query, query_only = %d (%v), want 0", on, err)
	}
	if _, err := d.Tables(context.Background()); err != nil {
		t.Errorf("after Query, the pool's connection refuses pragma_table_info: %v", err)
	}
	if _, _, err := result(d, "PRAGMA query_only"); err != nil {
		t.Fatal(err)
	}
}

// The text must be one statement: none, or a second one, is refused
// before anything runs.
func TestQueryStatementCount(t *testing.T) {
	d, path, before := queryDB(t)
	tests := []struct {
		name, sql string
		want      error
	}{
		{"empty", "", ErrNoStatement},
		{"white space", " \n\t\r\n", ErrNoStatement},
		{"comments only", "-- a query\n/* to come; */\n", ErrNoStatement},
		{"semicolons only", ";;\n;", ErrNoStatement},
		{"unterminated comment", "/* SELECT 1;", ErrNoStatement},
		{"two selects", "SELECT 1; SELECT 2", ErrStatements},
		{"two selects, semicolons", "SELECT 1;\nSELECT 2;\n", ErrStatements},
		{"select then write", "SELECT 1; DELETE FROM ports", ErrStatements},
		{"write then select", "DELETE FROM ports; SELECT 1", ErrStatements},
		{"after a comment", "SELECT 1; -- done\nDROP TABLE ports;", ErrStatements},
		{"after a string", "SELECT 'a;'; SELECT 2", ErrStatements},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran := false
			err := d.Query(context.Background(), tt.sql,
				func([]string) error { ran = true; return nil },
				func([]any) error { ran = true; return nil })
			if !errors.Is(err, tt.want) {
				t.Errorf("%q: %v, want %v", tt.sql, err, tt.want)
			}
			if ran {
				t.Errorf("%q: ran", tt.sql)
			}
		})
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the database file changed")
	}
}

// Query runs only on a database opened read-only, and hands back the
// errors of its callbacks and of SQLite.
func TestQueryErrors(t *testing.T) {
	w := openTemp(t)
	if _, _, err := result(w, "SELECT 1"); !errors.Is(err, ErrNotReadOnly) {
		t.Errorf("on a database opened for writing: %v, want ErrNotReadOnly", err)
	}
	d, _, _ := queryDB(t)
	stop := errors.New("stop")
	if err := d.Query(context.Background(), "SELECT 1", func([]string) error { return stop }, nil); !errors.Is(err, stop) {
		t.Errorf("cols's error: %v", err)
	}
	n := 0
	err := d.Query(context.Background(), "SELECT name FROM services",
		func([]string) error { return nil },
		func([]any) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("row's error: %v after %d rows", err, n)
	}
	if _, _, err := result(d, "SELECT * FROM nonexistent"); err == nil || errors.Is(err, ErrWrite) ||
		!strings.Contains(err.Error(), "nonexistent") {
		t.Errorf("a missing table: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.Query(ctx, "SELECT 1", func([]string) error { return nil }, func([]any) error { return nil }); err == nil {
		t.Error("a cancelled context: no error")
	}
}

// Behind the authorizer, the connection attaches nothing and writes
// nothing: with an authorizer that lets everything through, ATTACH still
// fails without creating its file, and so do writes.
func TestQueryConnectionBehindTheAuthorizer(t *testing.T) {
	d, path, before := queryDB(t)
	ctx := context.Background()
	conn, err := d.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	restore, err := (&readGuard{}).install(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	allowAll := func(sqlite.AuthorizerActionCode, string, string, string, string) sqlite.AuthorizerReturnCode {
		return sqlite.AuthorizerOK
	}
	if err := setAuthorizer(conn, allowAll); err != nil {
		t.Fatal(err)
	}
	attached := filepath.Join(t.TempDir(), "attached.db")
	for _, q := range []string{
		"ATTACH '" + attached + "' AS a",
		"ATTACH ':memory:' AS m",
		"INSERT INTO services (name) VALUES ('x')",
		"CREATE TEMP TABLE x (a)",
		"PRAGMA user_version = 7",
	} {
		if _, err := conn.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: no error", q)
		}
	}
	if _, err := os.Stat(attached); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists (%v)", attached, err)
	}
	if err := restore(); err != nil {
		t.Fatal(err)
	}
	var on int
	if err := conn.QueryRowContext(ctx, "PRAGMA query_only").Scan(&on); err != nil || on != 0 {
		t.Errorf("restored: query_only = %d (%v)", on, err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the database file changed")
	}
}
