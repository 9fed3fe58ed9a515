package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ianaports/ianaports/internal/db"
	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/schema"
	"github.com/ianaports/ianaports/internal/shareddata"
)

// pgServer is a PostgreSQL server reached with psql as user postgres.
type pgServer struct {
	psql, host, port string
}

// postgres finds the server the environment names: IANAPORTS_PG_HOST, a
// directory holding its Unix socket, and IANAPORTS_PG_PORT where it is not
// 5432. Where none is named the test skips, or fails when CI=true.
func postgres(t *testing.T) *pgServer {
	t.Helper()
	host := os.Getenv("IANAPORTS_PG_HOST")
	if host == "" {
		const msg = "IANAPORTS_PG_HOST is not set: start a PostgreSQL server on a Unix socket in a directory and name " +
			"that directory (and IANAPORTS_PG_PORT, if not 5432), as .ci/run does; user postgres, no password"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true requires it)")
		}
		t.Skip(msg)
	}
	psql, err := exec.LookPath("psql")
	if err != nil {
		found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/psql")
		if len(found) == 0 {
			t.Fatalf("IANAPORTS_PG_HOST is set but psql is not installed (apt-get install postgresql-client)")
		}
		slices.SortFunc(found, func(a, b string) int { return pgMajor(a) - pgMajor(b) })
		psql = found[len(found)-1]
	}
	s := &pgServer{psql: psql, host: host, port: os.Getenv("IANAPORTS_PG_PORT")}
	if out, err := s.run("postgres", "", "-c", "SELECT 1"); err != nil {
		t.Fatalf("IANAPORTS_PG_HOST=%s: cannot reach PostgreSQL: %v\n%s", host, err, out)
	}
	return s
}

// pgMajor is the major version in a path such as /usr/lib/postgresql/15/bin/psql.
func pgMajor(path string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return n
}

// run runs psql on database dbname, reading stdin, and returns its output
// and error output.
func (s *pgServer) run(dbname, stdin string, args ...string) (string, error) {
	base := []string{"-X", "-q", "-h", s.host, "-U", "postgres", "-d", dbname, "-v", "ON_ERROR_STOP=1", "-At", "-F", "\x1f"}
	if s.port != "" {
		base = append(base, "-p", s.port)
	}
	cmd := exec.Command(s.psql, append(base, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil || errOut.Len() > 0 {
		return out.String() + errOut.String(), fmt.Errorf("psql %q: %v: %s", args, err, head(errOut.String(), 10))
	}
	return out.String(), nil
}

// query runs SQL statements on dbname and returns their output, one row a
// line, fields separated by \x1f.
func (s *pgServer) query(t *testing.T, dbname, sql string) string {
	t.Helper()
	out, err := s.run(dbname, sql, "-f", "-")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(out, "\n")
}

// createDB creates an empty database, dropped when the test ends.
func (s *pgServer) createDB(t *testing.T) string {
	t.Helper()
	name := fmt.Sprintf("ianaports_test_%d_%x", os.Getpid(), rand.Uint64())
	s.query(t, "postgres", "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
	t.Cleanup(func() {
		if out, err := s.run("postgres", "DROP DATABASE IF EXISTS "+name, "-f", "-"); err != nil {
			t.Errorf("drop the test database: %v\n%s", err, out)
		}
	})
	return name
}

// load loads a dump into dbname as a user would, and says how long it took.
func (s *pgServer) load(t *testing.T, dbname, dump string) time.Duration {
	t.Helper()
	start := time.Now()
	if out, err := s.run(dbname, "", "-f", dump); err != nil {
		t.Fatalf("psql could not load %s: %v\n%s", filepath.Base(dump), err, head(out, 10))
	}
	return time.Since(start)
}

// The checksum of a table is computed on both sides over one canonical
// text of each row: its fields joined by commas, each NULL as "-" and
// any other value as its length in bytes, ":" and its text: integers in
// decimal, booleans 0 or 1 (as SQLite stores them), dates YYYY-MM-DD,
// bytea and double precision (its 8 bytes, big-endian) in hex, text as it
// is. The length prefix keeps the form unambiguous whatever the text
// holds: commas, line breaks, tabs, "-". PostgreSQL hashes each row with
// md5 in SQL, so that no text passes through psql's output; the row
// hashes, sorted, are hashed again: the table's checksum says which rows
// it holds, whatever order it keeps them in, and no collation matters.

// canonicalField renders a value as SQLite gives it.
func canonicalField(v any) string {
	var s string
	switch v := v.(type) {
	case nil:
		return "-"
	case int64:
		s = strconv.FormatInt(v, 10)
	case float64:
		s = hex.EncodeToString(binary.BigEndian.AppendUint64(nil, math.Float64bits(v)))
	case string:
		s = v
	case []byte:
		s = hex.EncodeToString(v)
	default:
		panic(fmt.Sprintf("unexpected value %T", v))
	}
	return strconv.Itoa(len(s)) + ":" + s
}

// pgField renders a column in SQL the way canonicalField renders its
// value, by the column's type in PostgreSQL.
func pgField(col, dataType string) string {
	c := pgQuote(col)
	var e string
	switch dataType {
	case "boolean":
		e = c + "::int::text"
	case "date":
		e = "to_char(" + c + ", 'YYYY-MM-DD')"
	case "bytea":
		e = "encode(" + c + ", 'hex')"
	case "double precision":
		e = "encode(float8send(" + c + "), 'hex')"
	case "text":
		e = c
	default:
		e = c + "::text"
	}
	return "coalesce(octet_length(" + e + ")::text || ':' || " + e + ", '-')"
}

func pgQuote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// tableSum is a table's row count and checksum.
type tableSum struct {
	rows int
	sum  string
}

func (s tableSum) String() string { return fmt.Sprintf("%d rows, checksum %s", s.rows, s.sum) }

// summer collects the row hashes of one table.
type summer []string

func (h *summer) add(vals []any) error {
	fields := make([]string, len(vals))
	for i, v := range vals {
		fields[i] = canonicalField(v)
	}
	sum := md5.Sum([]byte(strings.Join(fields, ",")))
	*h = append(*h, hex.EncodeToString(sum[:]))
	return nil
}

func (h summer) sum() tableSum {
	slices.Sort(h)
	sum := md5.Sum([]byte(strings.Join(h, "")))
	return tableSum{len(h), hex.EncodeToString(sum[:])}
}

// pgSumQuery is the query whose one line of output is "sum=" and the
// table's row count and checksum, columns giving the order of the fields.
func pgSumQuery(table string, columns []string, types map[string]string) string {
	fields := make([]string, len(columns))
	for i, c := range columns {
		fields[i] = pgField(c, types[c])
	}
	return fmt.Sprintf(`SELECT 'sum=' || count(*) || ' ' || md5(coalesce(string_agg(h, '' ORDER BY h COLLATE "C"), ''))
FROM (SELECT md5(%s) AS h FROM %s) AS r;`, strings.Join(fields, " || ',' || "), pgQuote(table))
}

// pgSum runs statements (which may change the table, in a transaction
// rolled back) and then the checksum query.
func (s *pgServer) pgSum(t *testing.T, dbname, before, table string, columns []string, types map[string]string) tableSum {
	t.Helper()
	out := s.query(t, dbname, "BEGIN;\n"+before+"\n"+pgSumQuery(table, columns, types)+"\nROLLBACK;\n")
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "sum="); ok {
			n, sum, _ := strings.Cut(rest, " ")
			rows, err := strconv.Atoi(n)
			if err != nil {
				t.Fatalf("checksum of %s: %q", table, line)
			}
			return tableSum{rows, sum}
		}
	}
	t.Fatalf("checksum of %s: no sum in %q", table, out)
	return tableSum{}
}

// pgColumnTypes gives each table's columns' types: table -> column -> type.
func (s *pgServer) pgColumnTypes(t *testing.T, dbname string) map[string]map[string]string {
	t.Helper()
	types := map[string]map[string]string{}
	out := s.query(t, dbname, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`)
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(line, "\x1f")
		if len(f) != 3 {
			t.Fatalf("information_schema.columns: %q", line)
		}
		if types[f[0]] == nil {
			types[f[0]] = map[string]string{}
		}
		types[f[0]][f[1]] = f[2]
	}
	return types
}

// pgFixture is mini.xml with a description that holds what COPY's text
// format must escape: a backslash, a line that reads \. (COPY's end of
// data), one that reads \N (its null), CR, tabs, quotes.
func pgFixture(t *testing.T, dir string) string {
	t.Helper()
	mini, err := os.ReadFile("../../testdata/mini.xml")
	if err != nil {
		t.Fatal(err)
	}
	const description = "a back\\slash&#13;\n\\.\n\\N\n\ttab, a lone&#13;CR, 'quotes' \"and\" \\x00, \U0001F6F0 \u200fRTL\u200f"
	doc := bytes.Replace(mini, []byte("<description>TCP Port Service Multiplexer</description>"),
		[]byte("<description>"+description+"</description>"), 1)
	doc = bytes.Replace(doc, []byte("<updated>2026-01-15</updated>"), []byte("<updated>2026-01-16</updated>"), 1)
	if bytes.Equal(doc, mini) {
		t.Fatal("mini.xml changed: no tcpmux description")
	}
	path := filepath.Join(dir, "odd.xml")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPostgresDumpLoads loads the postgres dump of real data with psql
// into a real PostgreSQL, and checks that every table holds the rows
// SQLite holds (their count, and a checksum of their contents), in the
// types and with the keys the schema gives.
func TestPostgresDumpLoads(t *testing.T) {
	pg := postgres(t)
	dir := t.TempDir()
	inputs := []string{"../../testdata/mini.xml", pgFixture(t, dir)}
	if testing.Short() {
		t.Log("-short: the fixtures only")
	} else {
		inputs = append(inputs,
			shareddata.File(t, "iana/txt/2013-06-26.txt"),
			shareddata.File(t, "iana/xml/2024-04-30.xml"),
			shareddata.File(t, "iana/csv/2024-04-30.csv"),
			shareddata.File(t, "iana/xml/2026-08-17.xml"))
	}
	dbPath := filepath.Join(dir, "test.db")
	importInto(t, dbPath, db.ImportOptions{Force: true}, inputs...) // a smaller snapshot after a larger one
	dump := filepath.Join(dir, "dump.sql")
	mustExport(t, "-db", dbPath, "-format", "sql", "-dialect", "postgres", "-o", dump)
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	if again := mustExport(t, "-db", dbPath, "-format", "sql", "-dialect", "postgres"); again != string(data) {
		t.Errorf("two dumps of one database differ\n%s", firstDiff(again, string(data)))
	}
	// Every constraint of the schema has a place in PostgreSQL.
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.Contains(line, " left out") {
			t.Errorf("the dump leaves out a constraint: %s", line)
		}
	}

	dbname := pg.createDB(t)
	took := pg.load(t, dbname, dump)
	t.Logf("psql loaded the %d-byte dump in %v", len(data), took.Round(time.Millisecond))

	d, err := db.OpenReadOnly(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	tables, err := d.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	types := pg.pgColumnTypes(t, dbname)
	var pks, fks, uniques, checks int
	sums := map[string]tableSum{}
	for _, tb := range tables {
		if tb.Name == db.VersionTable {
			if types[tb.Name] != nil {
				t.Errorf("the dump holds %s", tb.Name)
			}
			continue
		}
		if len(tb.PrimaryKey) > 0 {
			pks++
		}
		fks += len(tb.ForeignKeys)
		uniques += len(tb.Unique)
		for _, c := range tb.Columns {
			if c.Type == schema.Integer && (c.Min != nil || c.Max != nil) || c.Type == schema.Text && c.Enum != nil {
				checks++
			}
		}
		t.Run(tb.Name, func(t *testing.T) {
			cols := tb.ColumnNames()
			for _, c := range cols {
				if types[tb.Name][c] == "" {
					t.Fatalf("PostgreSQL has no column %s.%s (it has %v)", tb.Name, c, types[tb.Name])
				}
			}
			if len(types[tb.Name]) != len(cols) {
				t.Errorf("PostgreSQL's %s has %d columns, SQLite's %d", tb.Name, len(types[tb.Name]), len(cols))
			}
			var h summer
			if err := d.Rows(context.Background(), tb, h.add); err != nil {
				t.Fatal(err)
			}
			want := h.sum()
			sums[tb.Name] = want
			if got := pg.pgSum(t, dbname, "", tb.Name, cols, types[tb.Name]); got != want {
				t.Errorf("PostgreSQL holds %v, SQLite %v", got, want)
			}
		})
	}
	for name := range types {
		if _, ok := sums[name]; !ok {
			t.Errorf("PostgreSQL has a table %s that SQLite has not", name)
		}
	}

	t.Run("types", func(t *testing.T) {
		for _, c := range []struct{ table, column, want string }{
			{"ports", "id", "bigint"},
			{"ports", "port_range", "boolean"},
			{"ports", "content_hash", "bytea"},
			{"ports", "description", "text"},
			{"snapshots", "registry_date", "date"},
			{"port_renditions", "assignee_written", "boolean"},
			{"services", "name", "text"},
		} {
			got := pg.query(t, dbname, fmt.Sprintf(`SELECT data_type FROM information_schema.columns
				WHERE table_schema = 'public' AND table_name = '%s' AND column_name = '%s'`, c.table, c.column))
			if got != c.want {
				t.Errorf("%s.%s is %q in PostgreSQL, want %s", c.table, c.column, got, c.want)
			}
		}
		if got, want := pg.query(t, dbname, `SELECT obj_description('ports'::regclass, 'pg_class')`), schema.Notes["ports"].Description; got != want {
			t.Errorf("ports' comment %q, want %q", got, want)
		}
	})

	t.Run("constraints", func(t *testing.T) {
		got := pg.query(t, dbname, `SELECT
			count(*) FILTER (WHERE constraint_type = 'PRIMARY KEY') || ' ' ||
			count(*) FILTER (WHERE constraint_type = 'FOREIGN KEY') || ' ' ||
			count(*) FILTER (WHERE constraint_type = 'UNIQUE')
			FROM information_schema.table_constraints WHERE table_schema = 'public'`)
		got += " " + pg.query(t, dbname, `SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
			WHERE n.nspname = 'public' AND c.contype = 'c'`)
		if want := fmt.Sprintf("%d %d %d %d", pks, fks, uniques, checks); got != want {
			t.Errorf("primary keys, foreign keys, unique and check constraints: %s in PostgreSQL, want %s", got, want)
		}
		if pks < 15 || fks < 20 || checks < 4 {
			t.Errorf("%d primary keys, %d foreign keys, %d checks: the schema has more", pks, fks, checks)
		}
		// The keys hold: a row that breaks one is refused.
		if out, err := pg.run(dbname, "INSERT INTO port_contacts SELECT 1, 'contact', 1, id FROM contacts LIMIT 1", "-f", "-"); err == nil {
			t.Errorf("a port_contacts row for no record was accepted: %s", out)
		}
		if out, err := pg.run(dbname, "UPDATE ports SET protocol = 'TCP' WHERE protocol = 'tcp'", "-f", "-"); err == nil {
			t.Errorf("a protocol outside the domain was accepted: %s", out)
		}
	})

	// The comparison sees a change of any kind: the test can fail.
	t.Run("changes are seen", func(t *testing.T) {
		one := "WHERE id = (SELECT min(id) FROM ports WHERE service_code IS NULL)"
		for _, c := range []struct{ name, table, change string }{
			{"a space added", "ports", "UPDATE ports SET description = description || ' ' " + one},
			{"a boolean flipped", "ports", "UPDATE ports SET port_range = NOT port_range " + one},
			{"null made empty", "ports", "UPDATE ports SET service_code = '' " + one},
			{"a byte changed", "ports", "UPDATE ports SET content_hash = set_byte(content_hash, 0, get_byte(content_hash, 0) # 1) " + one},
			{"two values swapped", "ports", `UPDATE ports p SET description = q.description FROM ports q
				WHERE p.id = (SELECT min(id) FROM ports) AND q.id = (SELECT max(id) FROM ports)`},
			{"a date moved", "snapshots", "UPDATE snapshots SET registry_date = registry_date + 1 WHERE id = (SELECT min(id) FROM snapshots)"},
			{"a row gone", "port_aliases", "DELETE FROM port_aliases WHERE port_id = (SELECT min(port_id) FROM port_aliases)"},
		} {
			tb := tables[slices.IndexFunc(tables, func(x db.Table) bool { return x.Name == c.table })]
			if got := pg.pgSum(t, dbname, c.change+";", c.table, tb.ColumnNames(), types[c.table]); got == sums[c.table] {
				t.Errorf("%s: %s still gives %v", c.name, c.table, got)
			}
		}
	})

	// IANA's layout, for the newest snapshot and an older one.
	sels := []string{""}
	if !testing.Short() {
		sels = append(sels, "2024-04-30")
	}
	for _, sel := range sels {
		t.Run("registry "+orNewest(sel), func(t *testing.T) {
			args := []string{"-db", dbPath, "-format", "sql", "-dialect", "postgres", "-layout", "iana"}
			if sel != "" {
				args = append(args, "-snapshot", sel)
			}
			path := filepath.Join(t.TempDir(), "registry.sql")
			mustExport(t, append(args, "-o", path)...)
			regDB := pg.createDB(t)
			pg.load(t, regDB, path)
			snap, err := d.FindSnapshot(context.Background(), sel)
			if err != nil {
				t.Fatal(err)
			}
			var h summer
			vals := make([]any, 12)
			err = d.Registry(context.Background(), snap.ID, func(row []string) error {
				for i, v := range row {
					vals[i] = v
				}
				return h.add(vals)
			})
			if err != nil {
				t.Fatal(err)
			}
			want := h.sum()
			reg := export.RegistryTable()
			got := pg.pgSum(t, regDB, "", reg.Name, reg.ColumnNames(), pg.pgColumnTypes(t, regDB)[reg.Name])
			if got != want || want.rows < 11 {
				t.Errorf("registry of %s %s: PostgreSQL holds %v, SQLite %v", snap.Date, snap.Format, got, want)
			}
		})
	}

	// One table alone: its foreign keys go, the dump still loads.
	t.Run("one table", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "aliases.sql")
		mustExport(t, "-db", dbPath, "-format", "sql", "-dialect", "postgres", "-table", "port_aliases", "-o", path)
		pg.load(t, pg.createDB(t), path)
		text, _ := os.ReadFile(path)
		if n := strings.Count(string(text), `left out: "`); n != 3 {
			t.Errorf("%d foreign keys left out of the dump of port_aliases alone, want 3", n)
		}
	})
}

func orNewest(sel string) string {
	if sel == "" {
		return "newest"
	}
	return sel
}
