package export

import (
	"bytes"
	"errors"
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
			if err := enc.Begin("t", []string{"a", "b"}); err != nil {
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
	enc.Begin("a", []string{"x"})
	if err := enc.Begin("b", []string{"y"}); !errors.Is(err, ErrOneTable) {
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
			enc.Begin("t", []string{"a"})
			enc.Encode([]any{"x"})
			if err := enc.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Errorf("Close = %v, want the write error", err)
			}
		})
	}
}
