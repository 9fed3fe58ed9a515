package schema

import (
	"regexp"
	"strconv"
	"strings"
)

// Type is a column's logical type.
type Type string

// The logical types. SQLite stores booleans as 0 or 1 and dates as text;
// the other formats have types of their own for them.
const (
	Integer Type = "integer" // a 64-bit integer
	Number  Type = "number"  // a 64-bit float
	Text    Type = "text"
	Blob    Type = "blob"
	Boolean Type = "boolean" // 0 or 1 in SQLite
	Date    Type = "date"    // YYYY-MM-DD text in SQLite, every value a full date
	Any     Type = "any"     // not known: a query's computed column
)

// Column describes one column.
type Column struct {
	Name string
	Type Type
	// Declared is the type SQLite's CREATE TABLE gives, such as INTEGER.
	Declared string
	NotNull  bool
	// Min and Max bound an integer column where a CHECK constraint does.
	Min, Max *int64
	// Enum lists the values a text column may hold, where the domain fixes
	// them.
	Enum []string
	// Description says what the column holds.
	Description string
}

// ForeignKey says that Columns refer to RefColumns of RefTable.
type ForeignKey struct {
	Columns    []string
	RefTable   string
	RefColumns []string
}

// Table describes one table.
type Table struct {
	Name        string
	Description string
	Columns     []Column
	// PrimaryKey names the primary key's columns in key order; empty for a
	// table keyed by SQLite's rowid alone.
	PrimaryKey []string
	// Unique lists the column sets kept unique other than the primary key.
	Unique      [][]string
	ForeignKeys []ForeignKey
	// SQL is SQLite's CREATE TABLE statement, empty for a table that is
	// not stored (a query's result).
	SQL string
}

// Schema is the tables of a database, in the order the schema created
// them.
type Schema struct {
	Tables []Table
}

// Table returns the table named name.
func (s *Schema) Table(name string) (*Table, bool) {
	for i := range s.Tables {
		if s.Tables[i].Name == name {
			return &s.Tables[i], true
		}
	}
	return nil, false
}

// ColumnNames returns the names of t's columns, in order.
func (t *Table) ColumnNames() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// Column returns the column named name.
func (t *Table) Column(name string) (*Column, bool) {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i], true
		}
	}
	return nil, false
}

// TextTable describes a table of text columns that may be null, such as a
// query's result whose columns have no declared type.
func TextTable(name string, columns []string) *Table {
	t := &Table{Name: name, Columns: make([]Column, len(columns))}
	for i, c := range columns {
		t.Columns[i] = Column{Name: c, Type: Text}
	}
	return t
}

// UntypedTable describes a table whose columns' types are not known, such
// as a query's result: each value is written as the type it has.
func UntypedTable(name string, columns []string) *Table {
	t := TextTable(name, columns)
	for i := range t.Columns {
		t.Columns[i].Type = Any
	}
	return t
}

// Affinity gives the logical type of a declared SQLite type, by SQLite's
// rules of type affinity (https://sqlite.org/datatype3.html#affname).
func Affinity(declared string) Type {
	d := strings.ToUpper(declared)
	switch {
	case strings.Contains(d, "INT"):
		return Integer
	case strings.Contains(d, "CHAR"), strings.Contains(d, "CLOB"), strings.Contains(d, "TEXT"):
		return Text
	case d == "" || strings.Contains(d, "BLOB"):
		return Blob
	case strings.Contains(d, "REAL"), strings.Contains(d, "FLOA"), strings.Contains(d, "DOUB"):
		return Number
	}
	// NUMERIC affinity (TIMESTAMP, DATE, ...): ianaports stores text there.
	return Text
}

var (
	checkIn      = regexp.MustCompile(`(?i)CHECK\s*\(\s*"?(\w+)"?\s+IN\s*\(([^()]*)\)\s*\)`)
	checkBetween = regexp.MustCompile(`(?i)CHECK\s*\(\s*"?(\w+)"?\s+BETWEEN\s+(-?\d+|"?\w+"?)\s+AND\s+(-?\d+)\s*\)`)
)

// ApplyChecks reads the CHECK constraints of t's CREATE TABLE statement
// that bound a single column: col IN (0, 1) makes an integer column a
// boolean, col IN ('a', 'b') gives a text column its values, and
// col BETWEEN lo AND hi bounds an integer column (a bound that names
// another column is left out).
func ApplyChecks(t *Table) {
	for _, m := range checkIn.FindAllStringSubmatch(t.SQL, -1) {
		c, ok := t.Column(m[1])
		if !ok {
			continue
		}
		var vals []string
		for _, v := range strings.Split(m[2], ",") {
			vals = append(vals, strings.TrimSpace(v))
		}
		switch {
		case c.Type == Integer && len(vals) == 2 && vals[0] == "0" && vals[1] == "1":
			c.Type = Boolean
		case c.Type == Text && allQuoted(vals):
			c.Enum = nil
			for _, v := range vals {
				c.Enum = append(c.Enum, strings.ReplaceAll(v[1:len(v)-1], "''", "'"))
			}
		}
	}
	for _, m := range checkBetween.FindAllStringSubmatch(t.SQL, -1) {
		c, ok := t.Column(m[1])
		if !ok || c.Type != Integer {
			continue
		}
		if lo, err := strconv.ParseInt(m[2], 10, 64); err == nil {
			c.Min = &lo
		}
		if hi, err := strconv.ParseInt(m[3], 10, 64); err == nil {
			c.Max = &hi
		}
	}
}

func allQuoted(vals []string) bool {
	for _, v := range vals {
		if len(v) < 2 || v[0] != '\'' || v[len(v)-1] != '\'' {
			return false
		}
	}
	return len(vals) > 0
}
