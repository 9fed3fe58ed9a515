package export_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/export"
	"github.com/ianaports/ianaports/internal/schema"
)

// pgDump encodes tables (each with its rows) and returns the dump.
func pgDump(t *testing.T, tables ...pgTable) string {
	t.Helper()
	var buf bytes.Buffer
	enc := export.NewPostgresEncoder(&buf)
	for _, tb := range tables {
		if err := enc.Begin(tb.t); err != nil {
			t.Fatal(err)
		}
		for _, r := range tb.rows {
			if err := enc.Encode(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

type pgTable struct {
	t    *schema.Table
	rows [][]any
}

// copyData is the data lines of the dump's first COPY.
func copyData(t *testing.T, dump string) string {
	t.Helper()
	_, data, ok := strings.Cut(dump, "FROM stdin;\n")
	if !ok {
		t.Fatalf("no COPY in\n%s", dump)
	}
	// The line \. ends the data; a row ends in the line feed before it.
	end := strings.Index("\n"+data, "\n\\.\n")
	if end < 0 {
		t.Fatalf("COPY not ended in\n%s", dump)
	}
	return data[:end]
}

func column(typ schema.Type) *schema.Table {
	return &schema.Table{Name: "t", Columns: []schema.Column{{Name: "v", Type: typ}}}
}

// Each value is one field of COPY's text format that PostgreSQL reads back
// as that value.
func TestPostgresCopyFields(t *testing.T) {
	tests := []struct {
		name string
		typ  schema.Type
		v    any
		want string
	}{
		{"null", schema.Text, nil, `\N`},
		{"empty text", schema.Text, "", ``},
		{"plain text", schema.Text, "TCP Port Service Multiplexer", `TCP Port Service Multiplexer`},
		{"quotes as they are", schema.Text, `it's "x"`, `it's "x"`},
		{"backslash", schema.Text, `a\b`, `a\\b`},
		{"text that reads as null", schema.Text, `\N`, `\\N`},
		{"end-of-data marker", schema.Text, `\.`, `\\.`},
		{"tab", schema.Text, "a\tb", `a\tb`},
		{"line feed", schema.Text, "a\nb", `a\nb`},
		{"carriage return", schema.Text, "a\r\nb", `a\r\nb`},
		{"backspace, form feed, vertical tab", schema.Text, "\b\f\v", `\b\f\v`},
		{"other control characters in octal", schema.Text, "\x01x\x1f\x7f1", `\001x\037\1771`},
		{"UTF-8 as it is", schema.Text, "\U0001F6F0 \u200fRTL\u200f é", "\U0001F6F0 \u200fRTL\u200f é"},
		{"bigint", schema.Integer, int64(math.MaxInt64), `9223372036854775807`},
		{"negative", schema.Integer, int64(-1), `-1`},
		{"false", schema.Boolean, int64(0), `f`},
		{"true", schema.Boolean, int64(1), `t`},
		{"date", schema.Date, "2026-08-17", `2026-08-17`},
		{"bytea", schema.Blob, []byte{0xca, 0xfe, 0x00, '\\'}, `\\xcafe005c`},
		{"empty bytea", schema.Blob, []byte{}, `\\x`},
		{"double", schema.Number, 1.5, `1.5`},
		{"double exponent", schema.Number, 1e300, `1e+300`},
		{"double from an integer", schema.Number, int64(3), `3`},
		{"NaN", schema.Number, math.NaN(), `NaN`},
		{"infinity", schema.Number, math.Inf(1), `Infinity`},
		{"minus infinity", schema.Number, math.Inf(-1), `-Infinity`},
		{"any: integer", schema.Any, int64(42), `42`},
		{"any: float", schema.Any, 0.25, `0.25`},
		{"any: text", schema.Any, "x\ty", `x\ty`},
		{"any: blob", schema.Any, []byte{1, 2}, `\\x0102`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := copyData(t, pgDump(t, pgTable{column(tt.typ), [][]any{{tt.v}}}))
			if want := tt.want + "\n"; got != want {
				t.Errorf("%#v as %s: got %q, want %q", tt.v, tt.typ, got, want)
			}
		})
	}
}

// Fields are separated by tabs, one row a line.
func TestPostgresCopyRows(t *testing.T) {
	tb := &schema.Table{Name: "t", Columns: []schema.Column{{Name: "a", Type: schema.Integer}, {Name: "b", Type: schema.Text}}}
	got := copyData(t, pgDump(t, pgTable{tb, [][]any{{int64(1), "x y"}, {nil, "a\tb\nc"}}}))
	if want := "1\tx y\n\\N\ta\\tb\\nc\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPostgresTable(t *testing.T) {
	lo, hi, max := int64(0), int64(65535), int64(65535)
	ports := &schema.Table{
		Name:        "ports",
		Description: "Each record's cells.",
		Columns: []schema.Column{
			{Name: "id", Type: schema.Integer, NotNull: true, Description: "The record's id."},
			{Name: "content_hash", Type: schema.Blob, NotNull: true},
			{Name: "port_low", Type: schema.Integer, Min: &lo, Max: &hi},
			{Name: "port_high", Type: schema.Integer, Max: &max},
			{Name: "weight", Type: schema.Number},
			{Name: "port_range", Type: schema.Boolean, NotNull: true},
			{Name: "protocol", Type: schema.Text, Enum: []string{"tcp", "udp", "it's"}},
			{Name: "registration_date", Type: schema.Date},
			{Name: "extra", Type: schema.Any, Description: "Line one\nline two."},
			{Name: `odd "name"`, Type: schema.Text},
		},
		PrimaryKey: []string{"id"},
		Unique:     [][]string{{"content_hash"}, {"port_low", "protocol"}},
		SQL:        "CREATE TABLE ports (never used)",
	}
	got := pgDump(t, pgTable{ports, nil})
	want := `CREATE TABLE "ports" (
    "id" bigint NOT NULL,
    "content_hash" bytea NOT NULL,
    "port_low" bigint,
    "port_high" bigint,
    "weight" double precision,
    "port_range" boolean NOT NULL,
    "protocol" text,
    "registration_date" date,
    "extra" text,
    "odd ""name""" text,
    PRIMARY KEY ("id"),
    UNIQUE ("content_hash"),
    UNIQUE ("port_low", "protocol")
);
COMMENT ON TABLE "ports" IS 'Each record''s cells.';
COMMENT ON COLUMN "ports"."id" IS 'The record''s id.';
COMMENT ON COLUMN "ports"."extra" IS E'Line one\012line two.';

COPY "ports" ("id", "content_hash", "port_low", "port_high", "weight", "port_range", "protocol", "registration_date", "extra", "odd ""name""") FROM stdin;
\.
ALTER TABLE "ports" ADD CHECK ("port_low" BETWEEN 0 AND 65535);
ALTER TABLE "ports" ADD CHECK ("port_high" <= 65535);
ALTER TABLE "ports" ADD CHECK ("protocol" IN ('tcp', 'udp', 'it''s'));
COMMIT;
`
	_, body, _ := strings.Cut(got, "BEGIN;\n\n")
	if body != want {
		t.Errorf("got\n%s\nwant\n%s", body, want)
	}
	if strings.Contains(got, "never used") {
		t.Error("the dump uses the table's SQLite statement")
	}
	if !strings.HasPrefix(got, "-- ") || !strings.Contains(got, "\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nBEGIN;\n") {
		t.Errorf("header:\n%s", got)
	}
}

// A CHECK that the rows break is left out, with a comment saying why:
// the dump still loads.
func TestPostgresChecksTheRowsBreak(t *testing.T) {
	lo := int64(1)
	tb := &schema.Table{Name: "t", Columns: []schema.Column{
		{Name: "n", Type: schema.Integer, Min: &lo},
		{Name: "p", Type: schema.Text, Enum: []string{"tcp", "udp"}},
	}}
	tests := []struct {
		name string
		rows [][]any
		want []string
	}{
		{"kept", [][]any{{int64(1), "tcp"}, {nil, nil}},
			[]string{`ALTER TABLE "t" ADD CHECK ("n" >= 1);`, `ALTER TABLE "t" ADD CHECK ("p" IN ('tcp', 'udp'));`}},
		{"below the minimum", [][]any{{int64(1), "tcp"}, {int64(0), "udp"}, {int64(-5), "udp"}},
			[]string{`-- CHECK ("n" >= 1) left out: the column holds 0`, `ALTER TABLE "t" ADD CHECK ("p" IN ('tcp', 'udp'));`}},
		{"empty text outside the values", [][]any{{int64(2), ""}},
			[]string{`ALTER TABLE "t" ADD CHECK ("n" >= 1);`, `-- CHECK ("p" IN ('tcp', 'udp')) left out: the column holds ""`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pgDump(t, pgTable{tb, tt.rows})
			_, after, _ := strings.Cut(got, "\\.\n")
			if want := strings.Join(tt.want, "\n") + "\nCOMMIT;\n"; after != want {
				t.Errorf("got\n%s\nwant\n%s", after, want)
			}
		})
	}
}

// Foreign keys come after all the data, each where PostgreSQL can
// declare it.
func TestPostgresForeignKeys(t *testing.T) {
	services := &schema.Table{Name: "services",
		Columns:    []schema.Column{{Name: "id", Type: schema.Integer, NotNull: true}, {Name: "name", Type: schema.Text, NotNull: true}, {Name: "kind", Type: schema.Text}},
		PrimaryKey: []string{"id"}, Unique: [][]string{{"name", "kind"}}}
	aliases := &schema.Table{Name: "aliases",
		Columns: []schema.Column{{Name: "service_id", Type: schema.Integer}, {Name: "name", Type: schema.Text}, {Name: "kind", Type: schema.Text}, {Name: "snapshot_id", Type: schema.Integer}},
		ForeignKeys: []schema.ForeignKey{
			{Columns: []string{"service_id"}, RefTable: "services", RefColumns: []string{"id"}},
			{Columns: []string{"kind", "name"}, RefTable: "services", RefColumns: []string{"kind", "name"}},
			{Columns: []string{"name"}, RefTable: "services", RefColumns: []string{"name"}},
			{Columns: []string{"snapshot_id"}, RefTable: "snapshots", RefColumns: []string{"id"}},
		}}
	want := `
ALTER TABLE "aliases" ADD FOREIGN KEY ("service_id") REFERENCES "services" ("id");
ALTER TABLE "aliases" ADD FOREIGN KEY ("kind", "name") REFERENCES "services" ("kind", "name");
-- ALTER TABLE "aliases" ADD FOREIGN KEY ("name") REFERENCES "services" ("name") left out: those columns are neither its primary key nor unique
-- ALTER TABLE "aliases" ADD FOREIGN KEY ("snapshot_id") REFERENCES "snapshots" ("id") left out: "snapshots" is not in this dump
COMMIT;
`
	// The referring table may come first: the keys wait for all tables.
	for _, order := range [][]pgTable{{{services, nil}, {aliases, nil}}, {{aliases, nil}, {services, nil}}} {
		got := pgDump(t, order...)
		if i := strings.LastIndex(got, "\\.\n"); got[i+3:] != want {
			t.Errorf("%s first: got\n%s\nwant%s", order[0].t.Name, got[i+3:], want)
		}
	}
}

// What PostgreSQL cannot hold, or the column's type does not fit, is an
// error, the first one kept.
func TestPostgresErrors(t *testing.T) {
	tests := []struct {
		name string
		typ  schema.Type
		v    any
		want string
	}{
		{"NUL in text", schema.Text, "a\x00b", "postgres: t.v: text with a NUL byte"},
		{"NUL in any", schema.Any, "\x00", "NUL byte"},
		{"not UTF-8", schema.Text, "caf\xe9", "not UTF-8"},
		{"boolean 2", schema.Boolean, int64(2), "boolean 2"},
		{"text in a bigint column", schema.Integer, "12", "string value in a bigint column"},
		{"float in a bigint column", schema.Integer, 1.5, "float64 value in a bigint column"},
		{"text in a bytea column", schema.Blob, "cafe", "string value in a bytea column"},
		{"blob in a text column", schema.Text, []byte("x"), "[]uint8 value in a text column"},
		{"partial date", schema.Date, "2026-08", `"2026-08" is not a date`},
		{"date in another order", schema.Date, "17-08-2026", "not a date"},
		{"unknown type", schema.Text, struct{}{}, "unexpected value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			enc := export.NewPostgresEncoder(&buf)
			if err := enc.Begin(column(tt.typ)); err != nil {
				t.Fatal(err)
			}
			err := enc.Encode([]any{tt.v})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Encode: %v, want an error containing %q", err, tt.want)
			}
			if again := enc.Encode([]any{"fine"}); again != err {
				t.Errorf("next Encode: %v, want the first error", again)
			}
			if cerr := enc.Close(); cerr != err {
				t.Errorf("Close: %v, want the first error", cerr)
			}
			if strings.Contains(buf.String(), "COMMIT") {
				t.Error("a failed dump commits")
			}
		})
	}
}

func TestPostgresMisuse(t *testing.T) {
	long := strings.Repeat("x", 64)
	tests := []struct {
		name string
		run  func(*export.PostgresEncoder) error
		want string
	}{
		{"row before a table", func(e *export.PostgresEncoder) error { return e.Encode([]any{int64(1)}) }, "before any table"},
		{"too few values", func(e *export.PostgresEncoder) error {
			e.Begin(schema.TextTable("t", []string{"a", "b"}))
			return e.Encode([]any{"x"})
		}, "1 values for 2 columns"},
		{"table twice", func(e *export.PostgresEncoder) error {
			e.Begin(schema.TextTable("t", []string{"a"}))
			return e.Begin(schema.TextTable("t", []string{"a"}))
		}, `table "t" written twice`},
		{"long table name", func(e *export.PostgresEncoder) error { return e.Begin(schema.TextTable(long, []string{"a"})) }, "longer than PostgreSQL's 63 bytes"},
		{"long column name", func(e *export.PostgresEncoder) error { return e.Begin(schema.TextTable("t", []string{long})) }, "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run(export.NewPostgresEncoder(&bytes.Buffer{}))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestPostgresCloseReportsWriteErrors(t *testing.T) {
	enc := export.NewPostgresEncoder(brokenWriter{})
	enc.Begin(schema.TextTable("t", []string{"a"}))
	enc.Encode([]any{"x"})
	if err := enc.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Close = %v, want the write error", err)
	}
}

// The same tables and rows give the same bytes.
func TestPostgresDeterministic(t *testing.T) {
	lo := int64(0)
	dump := func() string {
		a := &schema.Table{Name: "a", PrimaryKey: []string{"id"}, Unique: [][]string{{"x"}},
			Columns: []schema.Column{{Name: "id", Type: schema.Integer, NotNull: true, Min: &lo}, {Name: "x", Type: schema.Text, Enum: []string{"p", "q"}}}}
		b := &schema.Table{Name: "b", Columns: []schema.Column{{Name: "a_id", Type: schema.Integer}, {Name: "x", Type: schema.Text}},
			ForeignKeys: []schema.ForeignKey{{Columns: []string{"a_id"}, RefTable: "a", RefColumns: []string{"id"}}, {Columns: []string{"x"}, RefTable: "a", RefColumns: []string{"x"}}}}
		var rows [][]any
		for i := range 100 {
			rows = append(rows, []any{int64(i), fmt.Sprintf("%d\t%c", i, rune(i+1))})
		}
		return pgDump(t, pgTable{a, [][]any{{int64(1), "p"}, {int64(2), "q"}}}, pgTable{b, rows})
	}
	first := dump()
	for range 5 {
		if again := dump(); again != first {
			t.Fatalf("two dumps differ:\n%s\n---\n%s", first, again)
		}
	}
}

func ExampleNewPostgresEncoder() {
	enc := export.NewPostgresEncoder(os.Stdout)
	enc.Begin(&schema.Table{
		Name:        "ports",
		Description: "Each distinct registry record.",
		Columns: []schema.Column{
			{Name: "id", Type: schema.Integer, NotNull: true},
			{Name: "protocol", Type: schema.Text, Enum: []string{"tcp", "udp"}},
			{Name: "description", Type: schema.Text, NotNull: true, Description: "The Description cell."},
			{Name: "port_range", Type: schema.Boolean, NotNull: true},
			{Name: "content_hash", Type: schema.Blob},
		},
		PrimaryKey: []string{"id"},
	})
	enc.Encode([]any{int64(1), "tcp", "TCP Port Service Multiplexer", int64(0), []byte{0xca, 0xfe}})
	enc.Encode([]any{int64(2), nil, "line one\nline two\t\\", int64(1), nil})
	enc.Begin(&schema.Table{
		Name:        "port_aliases",
		Columns:     []schema.Column{{Name: "port_id", Type: schema.Integer, NotNull: true}},
		ForeignKeys: []schema.ForeignKey{{Columns: []string{"port_id"}, RefTable: "ports", RefColumns: []string{"id"}}},
	})
	enc.Encode([]any{int64(2)})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// -- A PostgreSQL dump written by ianaports. Load it into an empty database
	// -- with: psql -v ON_ERROR_STOP=1 -f FILE
	//
	// SET client_encoding = 'UTF8';
	// SET standard_conforming_strings = on;
	// BEGIN;
	//
	// CREATE TABLE "ports" (
	//     "id" bigint NOT NULL,
	//     "protocol" text,
	//     "description" text NOT NULL,
	//     "port_range" boolean NOT NULL,
	//     "content_hash" bytea,
	//     PRIMARY KEY ("id")
	// );
	// COMMENT ON TABLE "ports" IS 'Each distinct registry record.';
	// COMMENT ON COLUMN "ports"."description" IS 'The Description cell.';
	//
	// COPY "ports" ("id", "protocol", "description", "port_range", "content_hash") FROM stdin;
	// 1	tcp	TCP Port Service Multiplexer	f	\\xcafe
	// 2	\N	line one\nline two\t\\	t	\N
	// \.
	// ALTER TABLE "ports" ADD CHECK ("protocol" IN ('tcp', 'udp'));
	//
	// CREATE TABLE "port_aliases" (
	//     "port_id" bigint NOT NULL
	// );
	//
	// COPY "port_aliases" ("port_id") FROM stdin;
	// 2
	// \.
	//
	// ALTER TABLE "port_aliases" ADD FOREIGN KEY ("port_id") REFERENCES "ports" ("id");
	// COMMIT;
}
