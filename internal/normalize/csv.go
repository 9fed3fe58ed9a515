package normalize

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Columns are the registry's twelve columns, as IANA's CSV heads them.
var Columns = []string{
	"Service Name", "Port Number", "Transport Protocol", "Description",
	"Assignee", "Contact", "Registration Date", "Modification Date",
	"Reference", "Service Code", "Unauthorized Use Reported", "Assignment Notes",
}

// FormatCSV is IANA's CSV rendering (service-names-port-numbers.csv).
const FormatCSV = "csv"

func init() {
	RegisterFormat(Format{
		Name:     FormatCSV,
		Title:    "IANA's CSV (service-names-port-numbers.csv)",
		Kind:     KindComplete,
		Fidelity: 2,
		Lines:    true,
		Order:    30,
		Sniff:    sniffCSV,
		Parse:    parseCSV,
	})
}

func sniffCSV(data []byte) error {
	rest := bytes.TrimLeft(bytes.TrimPrefix(data, bom), " \t\r\n")
	if !bytes.HasPrefix(rest, []byte(Columns[0]+",")) {
		return errSniff("does not begin with the header %q", strings.Join(Columns[:2], ",")+",...")
	}
	return nil
}

// CSV styles IANA has had. The style of a CSV snapshot is what its
// export writes back: line ends, and how the XML's markup was rendered.
const (
	// StyleLF is IANA's current rendering: LF line ends, <br/> rendered
	// as nothing, a line break after a space folded with the
	// indentation after it (see RenderCell).
	StyleLF = "lf"
	// StyleCRLFFolded is its older one (2024 and before): CRLF line ends,
	// a <br/> with the white space after it rendered as one space.
	StyleCRLFFolded = "crlf-folded"
	// StyleLFBreaks is its rendering of early 2020: LF line ends, each
	// <br/> rendered as a line break, cells only trimmed.
	StyleLFBreaks = "lf-breaks"
)

// ParseCSV reads IANA's official CSV rendering of the registry. A CSV has no
// people section: persons appear by id only. The registry date is not in
// the file, so the Header's Date is empty.
func ParseCSV(file string, r io.Reader, h Handler) error {
	data, err := ReadInput(file, r)
	if err != nil {
		return err
	}
	f, _ := LookupFormat(FormatCSV)
	return parseChecked(f, file, data, h)
}

func parseCSV(file string, data []byte, h Handler) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return errorf(file, 1, 1, ErrEmpty, "expected a CSV header of %d columns", len(Columns))
	}
	if err := checkText(file, data); err != nil {
		return err
	}
	style := csvStyle(data)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return csvErr(file, err)
	}
	for i, want := range Columns {
		if i >= len(head) || head[i] != want {
			got := "nothing"
			if i < len(head) {
				got = excerpt(head[i])
			}
			line, col := cr.FieldPos(min(i, len(head)-1))
			return errorf(file, line, col, ErrHeader, "expected column %d to be %q, found %s", i+1, want, got)
		}
	}
	if len(head) != len(Columns) {
		line, col := cr.FieldPos(len(Columns))
		return errorf(file, line, col, ErrHeader, "expected %d columns, found %d", len(Columns), len(head))
	}
	if err := h.Header(&Header{Format: FormatCSV, Kind: KindComplete, Style: style}); err != nil {
		return err
	}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvErr(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(row) != len(Columns) {
			return errorf(file, line, 1, ErrField, "expected %d fields, found %d", len(Columns), len(row))
		}
		for i, cell := range row {
			if len(cell) > MaxField {
				l, c := cr.FieldPos(i)
				return errorf(file, l, c, ErrTooLarge, "%s: expected a cell of at most %s, found one of %s", Columns[i], size(MaxField), size(len(cell)))
			}
		}
		rec, err := csvRecord(row, line)
		if err == nil {
			last := len(row) - 1
			l, _ := cr.FieldPos(last)
			rec.EndLine = l + strings.Count(row[last], "\n")
		}
		if err != nil {
			var fe *fieldError
			if errors.As(err, &fe) {
				l, c := cr.FieldPos(fe.field)
				return errorf(file, l, c, ErrField, "%s: %s", Columns[fe.field], fe.msg)
			}
			return err
		}
		if err := h.Record(rec); err != nil {
			return err
		}
	}
}

// csvStyle tells IANA's CSV styles apart: CRLF line ends are the older
// style; with LF, a line break that follows a space and precedes
// indentation is one the current style would have folded, so only the
// style of 2020 writes it.
func csvStyle(data []byte) string {
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		return StyleCRLFFolded
	}
	if bytes.Contains(data, []byte(" \n ")) || bytes.Contains(data, []byte(" \n\t")) {
		return StyleLFBreaks
	}
	return StyleLF
}

type fieldError struct {
	field int
	msg   string
}

func (e *fieldError) Error() string { return e.msg }

func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		sentinel := ErrSyntax
		if errors.Is(pe.Err, io.ErrUnexpectedEOF) || errors.Is(pe.Err, csv.ErrQuote) && pe.Line != pe.StartLine {
			sentinel = ErrTruncated
		}
		return errorf(file, pe.Line, pe.Column, sentinel, "expected valid CSV: %v", pe.Err)
	}
	return fmt.Errorf("read %s: %w", file, err)
}

// checkText rejects binary input: NUL bytes or invalid UTF-8.
func checkText(file string, data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := position(data, i)
		return errorf(file, line, col, ErrUnknownFormat, "expected text, found a NUL byte (binary file?)")
	}
	if i := invalidUTF8(data); i >= 0 {
		line, col := position(data, i)
		return errorf(file, line, col, ErrUnknownFormat, "expected UTF-8 text, found byte 0x%02x", data[i])
	}
	return nil
}

func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// position is the 1-based line and column (in bytes) of an offset.
func position(data []byte, off int) (line, col int) {
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = off - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

var bracketed = regexp.MustCompile(`^(\[[^\[\]]+\])+$`)

func csvRecord(row []string, line int) (*Record, error) {
	rec := &Record{
		Line:         line,
		Name:         row[0],
		Protocol:     row[2],
		Description:  row[3],
		Registered:   row[6],
		Modified:     row[7],
		ServiceCode:  row[9],
		Unauthorized: row[10],
		Notes:        row[11],
	}
	if row[1] != "" {
		p, ok := ParsePorts(row[1])
		if !ok {
			return nil, &fieldError{1, fmt.Sprintf("expected a port number or range (0-65535), found %s", excerpt(row[1]))}
		}
		rec.Port = p
	}
	for i, role := range []string{RoleAssignee, RoleContact} {
		cell := row[4+i]
		if cell == "" {
			continue
		}
		if !bracketed.MatchString(cell) {
			return nil, &fieldError{4 + i, fmt.Sprintf("expected person ids in brackets such as [Jon_Postel], found %s", excerpt(cell))}
		}
		for _, id := range splitBrackets(cell) {
			rec.People = append(rec.People, PersonRef{Role: role, ID: id})
		}
	}
	if cell := row[8]; cell != "" {
		refs, ok := parseReferences(cell)
		if !ok {
			return nil, &fieldError{8, fmt.Sprintf("expected references in brackets such as [RFC6335], found %s", excerpt(cell))}
		}
		rec.References = refs
	}
	return rec, nil
}

func splitBrackets(cell string) []string {
	return strings.Split(cell[1:len(cell)-1], "][")
}

var (
	rfcLabel = regexp.MustCompile(`^(RFC[0-9]+)(?:$|[^0-9A-Za-z-])`)
	uriLabel = regexp.MustCompile(`^[a-z][a-z0-9+.-]*:`)
	// sectionLabel splits "NAME, Section 4.3".
	sectionLabel = regexp.MustCompile(`^(.+), Section ([0-9A-Za-z.]+)$`)
)

// parseReferences splits a Reference cell into its bracketed labels and
// infers each one's type from its shape. Labels whose brackets nest are
// kept whole as one text reference, so that rendering gives the cell back.
func parseReferences(cell string) ([]Reference, bool) {
	if len(cell) < 2 || cell[0] != '[' || cell[len(cell)-1] != ']' {
		return nil, false
	}
	var labels []string
	if bracketed.MatchString(cell) {
		labels = splitBrackets(cell)
	} else {
		labels = []string{cell[1 : len(cell)-1]}
	}
	refs := make([]Reference, len(labels))
	for i, l := range labels {
		refs[i] = inferReference(l)
	}
	return refs, true
}

func inferReference(label string) Reference {
	ref := Reference{Label: label}
	// "draft-zubov-snif-05, Section 4.3" is how IANA renders an xref with
	// a section: the name, then the section, as the xref's own text.
	name, section := label, ""
	if m := sectionLabel.FindStringSubmatch(label); m != nil {
		name, section = m[1], m[2]
	}
	switch {
	case isDigits(label):
		ref.Type, ref.Data = "note", label
	case rfcLabel.MatchString(name):
		m := rfcLabel.FindStringSubmatch(name)
		ref.Type, ref.Data = "rfc", strings.ToLower(m[1])
		if label != m[1] {
			ref.Text = label // IANA's XML gives an RFC's section in the text only
		}
	case (strings.HasPrefix(name, "draft-") || strings.HasPrefix(name, "RFC-")) && !strings.ContainsAny(name, " \n\t"):
		ref.Type, ref.Data, ref.Section = "draft", name, section
		if label != name {
			ref.Text = label
		}
	case uriLabel.MatchString(label) && !strings.ContainsAny(label, " \n\t"):
		ref.Type, ref.Data = "uri", label
	default:
		ref.Type, ref.Text = "text", label
	}
	return ref
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
