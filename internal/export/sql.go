package export

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/ianaports/ianaports/internal/schema"
)

// SQLEncoder writes an SQL dump that the sqlite3 shell (or any SQLite)
// loads into an empty database: each table's CREATE TABLE statement as
// SQLite keeps it (one is made from the description for a table SQLite
// does not store), other schema statements given to Schema, and one
// INSERT per row, all in one transaction.
type SQLEncoder struct {
	w      *bufio.Writer
	begun  bool
	insert string // INSERT INTO "t" ("a","b") VALUES(
	n      int
	err    error
}

// NewSQLEncoder returns an encoder writing to w.
func NewSQLEncoder(w io.Writer) *SQLEncoder {
	return &SQLEncoder{w: bufio.NewWriterSize(w, 1<<16)}
}

func (e *SQLEncoder) start() {
	if !e.begun {
		e.begun = true
		e.w.WriteString("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n")
	}
}

// Schema writes a schema statement (CREATE TABLE, INDEX, VIEW...) as given.
func (e *SQLEncoder) Schema(stmt string) error {
	e.start()
	_, e.err = e.w.WriteString(strings.TrimSuffix(strings.TrimSpace(stmt), ";") + ";\n")
	return e.err
}

func (e *SQLEncoder) Begin(t *schema.Table) error {
	e.start()
	create := t.SQL
	if create == "" {
		create = sqliteCreate(t)
	}
	if err := e.Schema(create); err != nil {
		return err
	}
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = quoteIdent(c.Name)
	}
	e.insert = "INSERT INTO " + quoteIdent(t.Name) + " (" + strings.Join(cols, ",") + ") VALUES("
	e.n = len(t.Columns)
	return nil
}

// sqliteCreate makes a CREATE TABLE statement for a table SQLite does not
// store, such as a query's result.
func sqliteCreate(t *schema.Table) string {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		typ := map[schema.Type]string{schema.Integer: "INTEGER", schema.Boolean: "INTEGER",
			schema.Number: "REAL", schema.Blob: "BLOB"}[c.Type]
		if typ == "" {
			typ = "TEXT"
		}
		cols[i] = quoteIdent(c.Name) + " " + typ
		if c.NotNull {
			cols[i] += " NOT NULL"
		}
	}
	return "CREATE TABLE " + quoteIdent(t.Name) + " (" + strings.Join(cols, ", ") + ")"
}

func (e *SQLEncoder) Encode(values []any) error {
	if e.err != nil {
		return e.err
	}
	if len(values) != e.n {
		return fmt.Errorf("sql: %d values for %d columns", len(values), e.n)
	}
	e.w.WriteString(e.insert)
	for i, v := range values {
		if i > 0 {
			e.w.WriteByte(',')
		}
		if e.err = literal(e.w, v); e.err != nil {
			return e.err
		}
	}
	_, e.err = e.w.WriteString(");\n")
	return e.err
}

func (e *SQLEncoder) Close() error {
	e.start()
	e.w.WriteString("COMMIT;\n")
	if err := e.w.Flush(); e.err == nil {
		e.err = err
	}
	return e.err
}

func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func literal(w *bufio.Writer, v any) error {
	switch v := v.(type) {
	case nil:
		w.WriteString("NULL")
	case int64:
		w.WriteString(strconv.FormatInt(v, 10))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("sql: %v has no literal", v)
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		w.WriteString(s)
	case string:
		if strings.IndexByte(v, 0) >= 0 {
			return fmt.Errorf("sql: text with a NUL byte has no literal")
		}
		textLiteral(w, v)
	case []byte:
		w.WriteString("X'")
		w.WriteString(hex.EncodeToString(v))
		w.WriteByte('\'')
	default:
		return fmt.Errorf("sql: unexpected value of type %T", v)
	}
	return nil
}

// textLiteral writes s as an SQL text literal. Control characters other
// than tab and line feed are written as char(N) joined to the quoted runs
// ('a' || char(13) || char(10) || 'b'): a carriage return before a line
// end inside a literal does not survive the sqlite3 shell, which reads
// its input line by line and drops a line's trailing CR.
func textLiteral(w *bufio.Writer, s string) {
	if !strings.ContainsFunc(s, needsChar) {
		w.WriteByte('\'')
		w.WriteString(strings.ReplaceAll(s, "'", "''"))
		w.WriteByte('\'')
		return
	}
	w.WriteByte('(')
	first := true
	for len(s) > 0 {
		if !first {
			w.WriteString(" || ")
		}
		first = false
		i := strings.IndexFunc(s, needsChar)
		if i == 0 {
			w.WriteString("char(")
			w.WriteString(strconv.Itoa(int(s[0])))
			w.WriteByte(')')
			s = s[1:]
			continue
		}
		if i < 0 {
			i = len(s)
		}
		w.WriteByte('\'')
		w.WriteString(strings.ReplaceAll(s[:i], "'", "''"))
		w.WriteByte('\'')
		s = s[i:]
	}
	w.WriteByte(')')
}

// needsChar reports whether r is written as char(N) in a text literal.
func needsChar(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' }
