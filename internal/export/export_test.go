package export

import (
	"bytes"
	"errors"
	"github.com/ianaports/ianaports/internal/schema"
	"math"
	"strings"
	"testing"
)

func TestEncoderErrors(t *testing.T) {
	cases := []struct {
		name string
		enc  func(*bytes.Buffer) Encoder
		rows [][]any
		want string
	}{
		{"csv: too few values", func(b *bytes.Buffer) Encoder { return NewCSVEncoder(b) }, [][]any{{"x"}}, "1 values for 2 columns"},
		{"json: NaN", func(b *bytes.Buffer) Encoder { return NewJSONEncoder(b) }, [][]any{{math.NaN(), 1}}, "no JSON form"},
		{"json: unknown type", func(b *bytes.Buffer) Encoder { return NewJSONEncoder(b) }, [][]any{{struct{}{}, nil}}, "unexpected value"},
		{"ndjson: too many values", func(b *bytes.Buffer) Encoder { return NewNDJSONEncoder(b, false) }, [][]any{{1, 2, 3}}, "3 values for 2 columns"},
		{"sql: NUL in text", func(b *bytes.Buffer) Encoder { return NewSQLEncoder(b) }, [][]any{{"a\x00b", nil}}, "NUL"},
		{"sql: infinity", func(b *bytes.Buffer) Encoder { return NewSQLEncoder(b) }, [][]any{{math.Inf(1), nil}}, "no literal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			enc := c.enc(&buf)
			if err := enc.Begin(schema.TextTable("t", []string{"a", "b"})); err != nil {
				t.Fatal(err)
			}
			var err error
			for _, r := range c.rows {
				if err = enc.Encode(r); err != nil {
					break
				}
			}
			if cerr := enc.Close(); err == nil {
				err = cerr
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestCSVHoldsOneTable(t *testing.T) {
	enc := NewCSVEncoder(&bytes.Buffer{})
	enc.Begin(schema.TextTable("a", []string{"x"}))
	if err := enc.Begin(schema.TextTable("b", []string{"y"})); !errors.Is(err, ErrOneTable) {
		t.Errorf("second Begin: %v, want ErrOneTable", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestCloseReportsWriteErrors(t *testing.T) {
	for name, enc := range map[string]Encoder{
		"csv": NewCSVEncoder(failingWriter{}), "json": NewJSONEncoder(failingWriter{}),
		"ndjson": NewNDJSONEncoder(failingWriter{}, false), "sql": NewSQLEncoder(failingWriter{}),
	} {
		t.Run(name, func(t *testing.T) {
			enc.Begin(schema.TextTable("t", []string{"a"}))
			enc.Encode([]any{"x"})
			if err := enc.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Errorf("Close = %v, want the write error", err)
			}
		})
	}
}

// Text goes into the dump as a literal that SQLite reads back to the same
// bytes, control characters as char(N): the sqlite3 shell drops a CR
// that ends a line inside a literal.
func TestSQLTextLiterals(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "echo", "'echo'"},
		{"quote", "it's", "'it''s'"},
		{"empty", "", "''"},
		{"line feed and tab stay", "a\nb\tc", "'a\nb\tc'"},
		{"CR LF", "a\r\nb", "('a' || char(13) || '\nb')"},
		{"lone CR at the end", "a\r", "('a' || char(13))"},
		{"control characters only", "\r\x01", "(char(13) || char(1))"},
		{"escape and quotes", "\x1b[1m'x'", "(char(27) || '[1m''x''')"},
		{"non-BMP", "\U0001F6F0", "'\U0001F6F0'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			enc := NewSQLEncoder(&buf)
			enc.Begin(schema.TextTable("t", []string{"c"}))
			if err := enc.Encode([]any{tt.in}); err != nil {
				t.Fatal(err)
			}
			if err := enc.Close(); err != nil {
				t.Fatal(err)
			}
			want := "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE \"t\" (\"c\" TEXT);\nINSERT INTO \"t\" (\"c\") VALUES(" + tt.want + ");\nCOMMIT;\n"
			if buf.String() != want {
				t.Errorf("got %q, want %q", buf.String(), want)
			}
		})
	}
}

func TestCSVCountsCarriageReturns(t *testing.T) {
	var buf bytes.Buffer
	enc := NewCSVEncoder(&buf)
	enc.Begin(schema.TextTable("t", []string{"a", "b"}))
	enc.Encode([]any{"x\r\ny", "z"})
	enc.Encode([]any{"plain", "one\rtwo"})
	enc.Encode([]any{"plain", nil})
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if n := enc.CarriageReturns(); n != 2 {
		t.Errorf("CarriageReturns = %d, want 2", n)
	}
	if want := "a,b\n\"x\r\ny\",z\nplain,\"one\rtwo\"\nplain,\n"; buf.String() != want {
		t.Errorf("got %q, want %q: cells written as they are", buf.String(), want)
	}
}
