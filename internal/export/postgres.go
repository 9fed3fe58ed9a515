package export

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ianaports/ianaports/internal/schema"
)

// PostgresEncoder writes an SQL dump that psql loads into an empty
// PostgreSQL database (psql -v ON_ERROR_STOP=1 -f FILE), in one
// transaction. Each table becomes a CREATE TABLE made from its description
// alone, in PostgreSQL's types (integer as bigint, number as double
// precision, blob as bytea, boolean, date; text and any as text), with its
// NOT NULL, primary key and UNIQUE constraints and COMMENTs from its
// descriptions; then its rows, as COPY FROM stdin in COPY's text format;
// then the CHECK constraints its Min, Max and Enum give, each one only
// where the rows keep it, a comment saying why where not. The foreign keys
// come last, once every table is loaded, each where the table it refers
// to is in the dump and keyed by the columns referred to, a comment
// saying why where not.
//
// Text that PostgreSQL cannot hold (a NUL byte, invalid UTF-8) is an error.
// Floats are written as PostgreSQL reads them back, NaN and the infinities
// included.
type PostgresEncoder struct {
	w      *bufio.Writer
	begun  bool
	t      *schema.Table         // the table being copied; nil before the first
	checks []pgCheck             // its CHECK constraints
	keys   map[string][][]string // each table begun: its primary key and UNIQUE column sets
	fks    []pgForeignKey        // written at Close
	err    error
}

// pgCheck is a CHECK constraint on column col, and the first value that
// breaks it, if any.
type pgCheck struct {
	col    int
	expr   string
	keeps  func(v any) bool
	broken any
}

type pgForeignKey struct {
	table string
	schema.ForeignKey
}

// NewPostgresEncoder returns an encoder writing to w.
func NewPostgresEncoder(w io.Writer) *PostgresEncoder {
	return &PostgresEncoder{w: bufio.NewWriterSize(w, 1<<16), keys: map[string][][]string{}}
}

// maxIdent is the length in bytes past which PostgreSQL cuts a name.
const maxIdent = 63

func (e *PostgresEncoder) start() {
	if !e.begun {
		e.begun = true
		e.w.WriteString("-- A PostgreSQL dump written by ianaports. Load it into an empty database\n" +
			"-- with: psql -v ON_ERROR_STOP=1 -f FILE\n\n" +
			"SET client_encoding = 'UTF8';\n" +
			"SET standard_conforming_strings = on;\n" +
			"BEGIN;\n")
	}
}

func (e *PostgresEncoder) Begin(t *schema.Table) error {
	if e.err != nil {
		return e.err
	}
	e.endTable()
	if _, ok := e.keys[t.Name]; ok {
		e.err = fmt.Errorf("postgres: table %q written twice", t.Name)
		return e.err
	}
	for _, name := range append([]string{t.Name}, t.ColumnNames()...) {
		if len(name) > maxIdent {
			e.err = fmt.Errorf("postgres: name %q is longer than PostgreSQL's %d bytes", name, maxIdent)
			return e.err
		}
	}
	e.start()
	e.t = t
	e.keys[t.Name] = append([][]string{t.PrimaryKey}, t.Unique...)
	for _, fk := range t.ForeignKeys {
		e.fks = append(e.fks, pgForeignKey{t.Name, fk})
	}
	e.checks = pgChecks(t)

	name := quoteIdent(t.Name)
	var b strings.Builder
	b.WriteString("\nCREATE TABLE " + name + " (")
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n    " + quoteIdent(c.Name) + " " + pgType(c.Type))
		if c.NotNull {
			b.WriteString(" NOT NULL")
		}
	}
	if len(t.PrimaryKey) > 0 {
		b.WriteString(",\n    PRIMARY KEY (" + quoteIdents(t.PrimaryKey) + ")")
	}
	for _, u := range t.Unique {
		b.WriteString(",\n    UNIQUE (" + quoteIdents(u) + ")")
	}
	b.WriteString("\n);\n")
	if t.Description != "" {
		b.WriteString("COMMENT ON TABLE " + name + " IS " + pgString(t.Description) + ";\n")
	}
	for _, c := range t.Columns {
		if c.Description != "" {
			b.WriteString("COMMENT ON COLUMN " + name + "." + quoteIdent(c.Name) + " IS " + pgString(c.Description) + ";\n")
		}
	}
	b.WriteString("\nCOPY " + name + " (" + quoteIdents(t.ColumnNames()) + ") FROM stdin;\n")
	_, e.err = e.w.WriteString(b.String())
	return e.err
}

// pgType is PostgreSQL's type for a logical type.
func pgType(t schema.Type) string {
	switch t {
	case schema.Integer:
		return "bigint" // ids are 53-bit
	case schema.Number:
		return "double precision"
	case schema.Blob:
		return "bytea"
	case schema.Boolean:
		return "boolean"
	case schema.Date:
		return "date"
	}
	return "text"
}

// pgChecks gives the CHECK constraints of t's columns: Min and Max bound
// an integer column, Enum lists a text column's values.
func pgChecks(t *schema.Table) []pgCheck {
	var checks []pgCheck
	for i, c := range t.Columns {
		col := quoteIdent(c.Name)
		if c.Type == schema.Integer && (c.Min != nil || c.Max != nil) {
			lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
			var expr string
			switch {
			case c.Min != nil && c.Max != nil:
				lo, hi = *c.Min, *c.Max
				expr = fmt.Sprintf("%s BETWEEN %d AND %d", col, lo, hi)
			case c.Min != nil:
				lo = *c.Min
				expr = fmt.Sprintf("%s >= %d", col, lo)
			default:
				hi = *c.Max
				expr = fmt.Sprintf("%s <= %d", col, hi)
			}
			checks = append(checks, pgCheck{col: i, expr: expr, keeps: func(v any) bool {
				n, ok := v.(int64)
				return !ok || lo <= n && n <= hi
			}})
		}
		if c.Type == schema.Text && len(c.Enum) > 0 {
			vals := make([]string, len(c.Enum))
			for j, v := range c.Enum {
				vals[j] = pgString(v)
			}
			enum := c.Enum
			checks = append(checks, pgCheck{col: i, expr: col + " IN (" + strings.Join(vals, ", ") + ")", keeps: func(v any) bool {
				s, ok := v.(string)
				return !ok || slices.Contains(enum, s)
			}})
		}
	}
	return checks
}

func (e *PostgresEncoder) Encode(values []any) error {
	if e.err != nil {
		return e.err
	}
	if e.t == nil {
		e.err = fmt.Errorf("postgres: a row before any table")
		return e.err
	}
	if len(values) != len(e.t.Columns) {
		return fmt.Errorf("postgres: %d values for %d columns", len(values), len(e.t.Columns))
	}
	for i, v := range values {
		if i > 0 {
			e.w.WriteByte('\t')
		}
		if err := copyValue(e.w, e.t.Columns[i].Type, v); err != nil {
			e.err = fmt.Errorf("postgres: %s.%s: %w", e.t.Name, e.t.Columns[i].Name, err)
			return e.err
		}
	}
	for i := range e.checks {
		c := &e.checks[i]
		if c.broken == nil && !c.keeps(values[c.col]) {
			c.broken = values[c.col]
		}
	}
	_, e.err = e.w.WriteString("\n")
	return e.err
}

// copyValue writes v as a field of COPY's text format for a column of type
// t: \N for null, booleans as t or f, bytea as \\x and hex digits.
func copyValue(w *bufio.Writer, t schema.Type, v any) error {
	switch v := v.(type) {
	case nil:
		w.WriteString(`\N`)
		return nil
	case int64:
		switch t {
		case schema.Boolean:
			if v != 0 && v != 1 {
				return fmt.Errorf("boolean %d", v)
			}
			w.WriteString([]string{"f", "t"}[v])
			return nil
		case schema.Integer, schema.Number, schema.Any:
			w.WriteString(strconv.FormatInt(v, 10))
			return nil
		}
	case float64:
		if t == schema.Number || t == schema.Any {
			w.WriteString(pgFloat(v))
			return nil
		}
	case string:
		switch {
		case t != schema.Text && t != schema.Date && t != schema.Any:
		case strings.IndexByte(v, 0) >= 0:
			return fmt.Errorf("text with a NUL byte, which PostgreSQL cannot store")
		case !utf8.ValidString(v):
			return fmt.Errorf("text that is not UTF-8: %q", v)
		case t == schema.Date && !isDate(v):
			return fmt.Errorf("%q is not a date, YYYY-MM-DD", v)
		default:
			copyText(w, v)
			return nil
		}
	case []byte:
		if t == schema.Blob || t == schema.Any {
			w.WriteString(`\\x`)
			w.WriteString(hex.EncodeToString(v))
			return nil
		}
	default:
		return fmt.Errorf("unexpected value of type %T", v)
	}
	return fmt.Errorf("%T value in a %s column", v, pgType(t))
}

// pgFloat writes a float as PostgreSQL reads it: the shortest decimal that
// reads back to it, or NaN, Infinity, -Infinity.
func pgFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// isDate reports whether s has the form YYYY-MM-DD, which PostgreSQL reads
// the same whatever its DateStyle.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := range len(s) {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// copyText writes s as COPY's text format reads it: backslash, and every
// control character, escaped (tab, line feed and carriage return as \t,
// \n and \r, the others as \b, \f, \v or three octal digits).
func copyText(w *bufio.Writer, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != 0x7f {
			continue
		}
		w.WriteString(s[start:i])
		start = i + 1
		switch c {
		case '\\':
			w.WriteString(`\\`)
		case '\t':
			w.WriteString(`\t`)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\b':
			w.WriteString(`\b`)
		case '\f':
			w.WriteString(`\f`)
		case '\v':
			w.WriteString(`\v`)
		default:
			w.Write([]byte{'\\', '0' + c>>6, '0' + c>>3&7, '0' + c&7})
		}
	}
	w.WriteString(s[start:])
}

// endTable ends the COPY of the table being written, and adds the CHECK
// constraints its rows keep.
func (e *PostgresEncoder) endTable() {
	if e.t == nil {
		return
	}
	e.w.WriteString("\\.\n")
	name := quoteIdent(e.t.Name)
	for _, c := range e.checks {
		if c.broken != nil {
			fmt.Fprintf(e.w, "-- CHECK (%s) left out: the column holds %s\n", c.expr, brokenValue(c.broken))
		} else {
			e.w.WriteString("ALTER TABLE " + name + " ADD CHECK (" + c.expr + ");\n")
		}
	}
	e.t, e.checks = nil, nil
}

// brokenValue shows a value that breaks a CHECK in a comment line.
func brokenValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

func (e *PostgresEncoder) Close() error {
	if e.err == nil {
		e.start()
		e.endTable()
		e.foreignKeys()
		e.w.WriteString("COMMIT;\n")
	}
	if err := e.w.Flush(); e.err == nil {
		e.err = err
	}
	return e.err
}

// foreignKeys writes the foreign keys, after all data as pg_dump does,
// each where PostgreSQL can declare it: the table it refers to is in the
// dump, and keyed (primary key or UNIQUE) by the columns referred to.
func (e *PostgresEncoder) foreignKeys() {
	if len(e.fks) > 0 {
		e.w.WriteString("\n")
	}
	for _, fk := range e.fks {
		decl := "ALTER TABLE " + quoteIdent(fk.table) + " ADD FOREIGN KEY (" + quoteIdents(fk.Columns) +
			") REFERENCES " + quoteIdent(fk.RefTable) + " (" + quoteIdents(fk.RefColumns) + ")"
		keys, ok := e.keys[fk.RefTable]
		switch {
		case !ok:
			e.w.WriteString("-- " + decl + " left out: " + quoteIdent(fk.RefTable) + " is not in this dump\n")
		case !slices.ContainsFunc(keys, func(k []string) bool { return sameSet(k, fk.RefColumns) }):
			e.w.WriteString("-- " + decl + " left out: those columns are neither its primary key nor unique\n")
		default:
			e.w.WriteString(decl + ";\n")
		}
	}
}

// sameSet reports whether a and b hold the same names, in any order.
func sameSet(a, b []string) bool {
	if len(a) == 0 || len(a) != len(b) {
		return false
	}
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(a, b)
}

func quoteIdents(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// pgString writes s as a string constant: quoted, or as an escape string
// (E'...') where it holds a control character.
func pgString(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	var b strings.Builder
	b.WriteString("E'")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '\\':
			b.WriteByte(c)
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\%03o`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
