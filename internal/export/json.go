package export

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/ianaports/ianaports/internal/schema"
)

// JSONEncoder writes tables as one JSON object whose keys are the table
// names, in the order begun. Each table is an object that describes it
// (its description; its fields with their types, nullability, bounds,
// values and descriptions; its primary and foreign keys) and holds its
// rows: objects whose keys are in column
// order, each on a line of its own. Booleans are true or false.
type JSONEncoder struct {
	w       *bufio.Writer
	columns [][]byte // each column name, encoded as a JSON key
	types   []schema.Type
	tables  int
	rows    int
	buf     bytes.Buffer
	err     error
}

// NewJSONEncoder returns an encoder writing to w.
func NewJSONEncoder(w io.Writer) *JSONEncoder {
	return &JSONEncoder{w: bufio.NewWriterSize(w, 1<<16)}
}

func (e *JSONEncoder) Begin(t *schema.Table) error {
	if e.tables == 0 {
		e.w.WriteString("{\n")
	} else {
		e.w.WriteString("\n]\n},\n")
	}
	e.tables++
	e.rows = 0
	e.columns, e.types = keys(t)
	e.w.Write(jsonString(t.Name))
	e.w.WriteString(": {\n")
	if t.Description != "" {
		e.w.WriteString(`"description": `)
		e.w.Write(jsonString(t.Description))
		e.w.WriteString(",\n")
	}
	e.w.WriteString(`"fields": [`)
	for i, c := range t.Columns {
		if i > 0 {
			e.w.WriteByte(',')
		}
		e.w.WriteString("\n{\"name\":")
		e.w.Write(jsonString(c.Name))
		e.w.WriteString(`,"type":`)
		e.w.Write(jsonString(string(c.Type)))
		if c.NotNull {
			e.w.WriteString(`,"nullable":false`)
		} else {
			e.w.WriteString(`,"nullable":true`)
		}
		if c.Min != nil {
			e.w.WriteString(`,"minimum":` + strconv.FormatInt(*c.Min, 10))
		}
		if c.Max != nil {
			e.w.WriteString(`,"maximum":` + strconv.FormatInt(*c.Max, 10))
		}
		if c.Enum != nil {
			e.w.WriteString(`,"enum":`)
			e.w.Write(jsonStrings(c.Enum))
		}
		if c.Description != "" {
			e.w.WriteString(`,"description":`)
			e.w.Write(jsonString(c.Description))
		}
		e.w.WriteByte('}')
	}
	e.w.WriteString("\n],\n")
	if len(t.PrimaryKey) > 0 {
		e.w.WriteString(`"primaryKey": `)
		e.w.Write(jsonStrings(t.PrimaryKey))
		e.w.WriteString(",\n")
	}
	if len(t.ForeignKeys) > 0 {
		e.w.WriteString(`"foreignKeys": [`)
		for i, fk := range t.ForeignKeys {
			if i > 0 {
				e.w.WriteByte(',')
			}
			e.w.WriteString("\n{\"fields\":")
			e.w.Write(jsonStrings(fk.Columns))
			e.w.WriteString(`,"references":{"table":`)
			e.w.Write(jsonString(fk.RefTable))
			e.w.WriteString(`,"fields":`)
			e.w.Write(jsonStrings(fk.RefColumns))
			e.w.WriteString("}}")
		}
		e.w.WriteString("\n],\n")
	}
	e.w.WriteString("\"rows\": [")
	return nil
}

// jsonStrings encodes a list of strings as a JSON array.
func jsonStrings(list []string) []byte {
	b := []byte{'['}
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, jsonString(s)...)
	}
	return append(b, ']')
}

func (e *JSONEncoder) Encode(values []any) error {
	if e.err != nil {
		return e.err
	}
	if e.rows > 0 {
		e.w.WriteByte(',')
	}
	e.rows++
	e.w.WriteByte('\n')
	e.buf.Reset()
	if e.err = object(&e.buf, e.columns, e.types, values); e.err != nil {
		return e.err
	}
	_, e.err = e.w.Write(e.buf.Bytes())
	return e.err
}

func (e *JSONEncoder) Close() error {
	if e.tables == 0 {
		e.w.WriteString("{}\n")
	} else {
		e.w.WriteString("\n]\n}\n}\n")
	}
	if err := e.w.Flush(); e.err == nil {
		e.err = err
	}
	return e.err
}

// NDJSONEncoder writes one JSON object per line. With Tagged set, each line
// is {"table": NAME, "row": {...}}, so that one stream can hold several
// tables; otherwise each line is the row itself.
type NDJSONEncoder struct {
	Tagged  bool
	w       *bufio.Writer
	table   []byte
	columns [][]byte
	types   []schema.Type
	buf     bytes.Buffer
	err     error
}

// NewNDJSONEncoder returns an encoder writing to w.
func NewNDJSONEncoder(w io.Writer, tagged bool) *NDJSONEncoder {
	return &NDJSONEncoder{Tagged: tagged, w: bufio.NewWriterSize(w, 1<<16)}
}

func (e *NDJSONEncoder) Begin(t *schema.Table) error {
	e.table = jsonString(t.Name)
	e.columns, e.types = keys(t)
	return nil
}

func (e *NDJSONEncoder) Encode(values []any) error {
	if e.err != nil {
		return e.err
	}
	e.buf.Reset()
	if e.Tagged {
		e.buf.WriteString(`{"table":`)
		e.buf.Write(e.table)
		e.buf.WriteString(`,"row":`)
	}
	if e.err = object(&e.buf, e.columns, e.types, values); e.err != nil {
		return e.err
	}
	if e.Tagged {
		e.buf.WriteByte('}')
	}
	e.buf.WriteByte('\n')
	_, e.err = e.w.Write(e.buf.Bytes())
	return e.err
}

func (e *NDJSONEncoder) Close() error {
	if err := e.w.Flush(); e.err == nil {
		e.err = err
	}
	return e.err
}

func keys(t *schema.Table) ([][]byte, []schema.Type) {
	out := make([][]byte, len(t.Columns))
	types := make([]schema.Type, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = append(jsonString(c.Name), ':')
		types[i] = c.Type
	}
	return out, types
}

func object(b *bytes.Buffer, columns [][]byte, types []schema.Type, values []any) error {
	if len(values) != len(columns) {
		return fmt.Errorf("json: %d values for %d columns", len(values), len(columns))
	}
	b.WriteByte('{')
	for i, v := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(columns[i])
		if n, ok := v.(int64); ok && types[i] == schema.Boolean && (n == 0 || n == 1) {
			b.WriteString([...]string{"false", "true"}[n])
			continue
		}
		if err := value(b, v); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func value(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("json: %v has no JSON form", v)
		}
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	case string:
		b.Write(jsonString(v))
	case []byte:
		b.Write(jsonString(hex.EncodeToString(v)))
	default:
		return fmt.Errorf("json: unexpected value of type %T", v)
	}
	return nil
}

// jsonString encodes s as a JSON string without escaping HTML characters,
// which the registry's text is full of.
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
