package normalize

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// Limits on one input. The registry's largest rendering is under 4 MiB,
// its longest line under 8 KiB and its largest cell under 4 KiB; the
// limits are far above what it needs and far below what would let one
// input take the machine's memory.
const (
	// MaxInput bounds a document, decompressed.
	MaxInput = 64 << 20
	// MaxField bounds a line of a line-oriented format, a cell, and a
	// text or attribute value of the XML or the HTML.
	MaxField = 2 << 20
	// MaxDepth bounds the nesting of elements in the XML; the registry
	// needs five levels (registry, record, description, xref, and text).
	MaxDepth = 32
)

// ReadInput reads a whole input, refusing one over MaxInput bytes without
// reading more of it than that. It reads in pieces and joins them once,
// so that it holds little more than the input (io.ReadAll's doublings
// leave garbage of the input's size behind).
func ReadInput(file string, r io.Reader) ([]byte, error) {
	const piece = 1 << 20
	var pieces [][]byte
	total := 0
	for {
		buf := make([]byte, piece)
		n, err := io.ReadFull(r, buf)
		total += n
		if total > MaxInput {
			return nil, errorf(file, 0, 0, ErrTooLarge, "expected a document of at most %s, found more", size(MaxInput))
		}
		pieces = append(pieces, buf[:n])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
	}
	if len(pieces) == 1 {
		return pieces[0], nil
	}
	data := make([]byte, 0, total)
	for _, p := range pieces {
		data = append(data, p...)
	}
	return data, nil
}

// ValidDate reports whether s is a calendar date written YYYY-MM-DD: the
// form of the registry's "Last Updated" and of the dates users give.
func ValidDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// excerpt quotes a piece of the input for an error message, cut to what
// fits in a line: an error about a megabyte of input is not a megabyte.
func excerpt(s string) string {
	const max = 60
	if len(s) <= max {
		return strconv.Quote(s)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("... (%d bytes)", len(s))
}

// size says how large n bytes are, for messages about limits.
func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkLines returns an error at the first line longer than MaxField.
func checkLines(file string, data []byte) error {
	for n, off := 1, 0; off < len(data); n++ {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		if end > MaxField {
			return errorf(file, n, 1, ErrTooLarge, "expected lines of at most %s, found one of %s", size(MaxField), size(end))
		}
		off += end + 1
	}
	return nil
}

// checkedHandler holds every parser to what a snapshot must be, whatever
// its shape: a registry date, where one is given, that is a calendar date,
// and at least one record.
type checkedHandler struct {
	Handler
	file    string
	records int
}

func (c *checkedHandler) Header(h *Header) error {
	if h.Date != "" && !ValidDate(h.Date) {
		return errorf(c.file, h.DateLine, 0, ErrField, "expected the registry's date as YYYY-MM-DD, a calendar date, found %s", excerpt(h.Date))
	}
	return c.Handler.Header(h)
}

func (c *checkedHandler) Record(r *Record) error {
	c.records++
	return c.Handler.Record(r)
}
