package normalize

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Format is one shape in which the registry circulates. Each lives in a
// file of its own that registers it with RegisterFormat; detection, the
// names -format accepts and usage texts all come from the registered
// formats, so a new shape touches one file.
type Format struct {
	// Name is what -format takes and snapshots.format stores: "xml",
	// "page-text"...
	Name string
	// Title says what the format is, for usage and error messages.
	Title string
	// Kind is KindComplete when a document of this shape renders the
	// whole registry, KindExcerpt when it may hold only part of it. A
	// parser may still say otherwise in its Header (one page of IANA's
	// paginated HTML is an excerpt).
	Kind string
	// Fidelity ranks how faithfully the shape carries what the registry
	// says, where two snapshots describe the same thing: 3 for IANA's
	// XML, 2 for IANA's other renderings, 1 for copies people make.
	Fidelity int
	// Lines is true for a line-oriented format, in which no line may be
	// longer than MaxField.
	Lines bool
	// Order places the format in detection: lower first, so that a
	// specific shape is tried before a permissive one.
	Order int
	// Sniff says whether data, a whole document that is valid UTF-8
	// text, looks like this format; where it does not, the error says
	// why, in a few words, for the message that names every format tried.
	Sniff func(data []byte) error
	// Parse reads a whole document and delivers it to h.
	Parse func(file string, data []byte, h Handler) error
	// Render, where set, writes records in this shape: Parse reads back
	// what it writes. Tests use it for round trips.
	Render func(w io.Writer, doc *Document) error
}

// Document is what a parser delivers, gathered, for renderers.
type Document struct {
	Header    Header
	Records   []*Record
	Persons   []*Person
	Footnotes []*Footnote
}

var (
	formatsMu sync.RWMutex
	formats   []Format
)

// RegisterFormat makes a format known to Detect and Parse. Formats
// register themselves from init; registering a name twice panics.
func RegisterFormat(f Format) {
	if f.Name == "" || f.Sniff == nil || f.Parse == nil || (f.Kind != KindComplete && f.Kind != KindExcerpt) {
		panic(fmt.Sprintf("normalize: RegisterFormat(%q): name, kind, sniffer and parser are required", f.Name))
	}
	formatsMu.Lock()
	defer formatsMu.Unlock()
	for _, g := range formats {
		if g.Name == f.Name {
			panic("normalize: format " + f.Name + " registered twice")
		}
	}
	formats = append(formats, f)
	slices.SortStableFunc(formats, func(a, b Format) int { return a.Order - b.Order })
}

// Formats returns the registered formats in the order Detect tries them.
func Formats() []Format {
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	return slices.Clone(formats)
}

// FormatNames lists the registered formats' names, in detection order.
func FormatNames() []string {
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Name)
	}
	return names
}

// LookupFormat returns the format registered under name.
func LookupFormat(name string) (Format, bool) {
	for _, f := range Formats() {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Detect tells the format of a document from its contents, trying each
// registered format's sniffer in order. It returns a *ParseError wrapping
// ErrEmpty or ErrUnknownFormat when it cannot tell; the latter names each
// format tried and why it refused.
func Detect(file string, data []byte) (Format, error) {
	data = bytes.TrimPrefix(data, bom)
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return Format{}, errorf(file, 1, 1, ErrEmpty, "expected the registry in one of the formats %s", strings.Join(FormatNames(), ", "))
	}
	if isGzip(data) {
		return Format{}, errorf(file, 1, 1, ErrUnknownFormat, "expected text, found gzip-compressed data (Decompress it first)")
	}
	if err := checkText(file, data); err != nil {
		return Format{}, err
	}
	var why []string
	for _, f := range Formats() {
		err := f.Sniff(data)
		if err == nil {
			return f, nil
		}
		why = append(why, f.Name+" ("+err.Error()+")")
	}
	line, col := position(data, len(data)-len(trimmed))
	first, _, _ := strings.Cut(string(trimmed[:min(len(trimmed), 60)]), "\n")
	return Format{}, errorf(file, line, col, ErrUnknownFormat,
		"found %q, which is none of the registry's formats: not %s", strings.TrimRight(first, "\r"), strings.Join(why, ", not "))
}

// Parse reads data in the named format ("auto" or "" to detect it) and
// delivers it to h. Compressed data is decompressed first. It returns the
// format it read.
func Parse(file string, data []byte, format string, h Handler) (Format, error) {
	data, _, err := Decompress(file, data)
	if err != nil {
		return Format{}, err
	}
	if len(data) > MaxInput {
		return Format{}, errorf(file, 0, 0, ErrTooLarge, "expected a document of at most %s, found %s", size(MaxInput), size(len(data)))
	}
	var f Format
	if format == "" || format == "auto" {
		if f, err = Detect(file, data); err != nil {
			return Format{}, err
		}
	} else {
		var ok bool
		if f, ok = LookupFormat(format); !ok {
			return Format{}, fmt.Errorf("%w: %q (want auto or one of %s)", ErrUnknownFormat, format, strings.Join(FormatNames(), ", "))
		}
		if len(bytes.TrimSpace(bytes.TrimPrefix(data, bom))) == 0 {
			return f, errorf(file, 1, 1, ErrEmpty, "expected %s", f.Title)
		}
		if err := checkText(file, data); err != nil {
			return f, err
		}
	}
	return f, parseChecked(f, file, data, h)
}

// parseChecked runs f's parser on data, holding it to the limits and to
// what every snapshot must be (see checkedHandler).
func parseChecked(f Format, file string, data []byte, h Handler) error {
	if f.Lines {
		if err := checkLines(file, data); err != nil {
			return err
		}
	}
	c := &checkedHandler{Handler: h, file: file}
	if err := f.Parse(file, data, c); err != nil {
		return err
	}
	if c.records == 0 {
		end, _ := position(data, max(0, len(data)-1))
		return errorf(file, end, 0, ErrEmpty, "expected at least one record of the registry; the document, read as %s, holds none", f.Title)
	}
	return nil
}

var bom = []byte("\xef\xbb\xbf")

// errSniff builds a sniffer's refusal.
func errSniff(format string, args ...any) error { return fmt.Errorf(format, args...) }

// firstLines calls fn with each line of data (without its line end) until
// fn returns false or n lines have been seen.
func firstLines(data []byte, n int, fn func(line []byte) bool) {
	for i := 0; i < n && len(data) > 0; i++ {
		line, rest, _ := bytes.Cut(data, []byte{'\n'})
		if !fn(bytes.TrimRight(line, "\r")) {
			return
		}
		data = rest
	}
}

// ErrTooLarge is returned for input that would exceed a size limit once
// decompressed.
var ErrTooLarge = errors.New("input too large")

// ReadDocument parses data in the named format ("auto" to detect it) and
// gathers what the parser delivers, for renderers. Rejected lines and
// warnings are returned beside it.
func ReadDocument(file string, data []byte, format string) (*Document, []*Reject, []*ParseError, error) {
	c := &collector{}
	if _, err := Parse(file, data, format, c); err != nil {
		return nil, c.rejects, c.warnings, err
	}
	return &c.doc, c.rejects, c.warnings, nil
}

// collector is a Handler that gathers a document.
type collector struct {
	doc      Document
	rejects  []*Reject
	warnings []*ParseError
}

func (c *collector) Header(h *Header) error { c.doc.Header = *h; return nil }
func (c *collector) Record(r *Record) error { c.doc.Records = append(c.doc.Records, r); return nil }
func (c *collector) Person(p *Person) error { c.doc.Persons = append(c.doc.Persons, p); return nil }
func (c *collector) Footnote(f *Footnote) error {
	c.doc.Footnotes = append(c.doc.Footnotes, f)
	return nil
}
func (c *collector) Extra(x *Raw) error {
	c.doc.Header.Extras = append(c.doc.Header.Extras, *x)
	return nil
}
func (c *collector) Reject(r *Reject) error { c.rejects = append(c.rejects, r); return nil }
func (c *collector) Warn(w *ParseError)     { c.warnings = append(c.warnings, w) }
