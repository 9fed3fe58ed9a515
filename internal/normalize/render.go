package normalize

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// RenderCell applies IANA's CSV rendering to a cell's text: a line break
// that follows a space and precedes spaces or tabs folds away with that
// indentation (leaving the one space before it), other line breaks stay,
// and the cell is trimmed.
func RenderCell(s string) string {
	if strings.Contains(s, " \n") {
		var b strings.Builder
		b.Grow(len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == '\n' && i > 0 && s[i-1] == ' ' && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t') {
				for i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t') {
					i++
				}
				continue
			}
			b.WriteByte(c)
		}
		s = b.String()
	}
	return strings.Trim(s, " \t\r\n")
}

// Fold trims s and folds each run of white space in it to one space; it
// returns s itself where there is nothing to fold.
func Fold(s string) string {
	if !needsFold(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func needsFold(s string) bool {
	prevSpace := true // a leading space needs folding
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				return true
			}
			prevSpace = true
		case c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			return true
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return true
			}
			i += size - 1
			prevSpace = false
		default:
			prevSpace = false
		}
	}
	return prevSpace && s != "" // a trailing space
}

// ReferenceLabel is what IANA renders between the brackets for a reference:
// the footnote number for a note, else the xref's own text when it has
// one, else the data, upper-cased for an RFC.
func ReferenceLabel(typ, data, text string) string {
	if typ == "note" {
		return data
	}
	if t := RenderCell(text); t != "" {
		return t
	}
	if typ == "rfc" {
		return strings.ToUpper(data)
	}
	return data
}

// String renders the port as IANA does: "443" or "803-809"; empty when absent.
func (p Ports) String() string {
	switch {
	case !p.Valid:
		return ""
	case p.Low == p.High && !p.Range:
		return strconv.Itoa(p.Low)
	}
	return strconv.Itoa(p.Low) + "-" + strconv.Itoa(p.High)
}

// ParsePorts parses "443" or "803-809". It reports false for anything else,
// including numbers above 65535, ranges that run backwards, and numbers
// with leading zeros (which would not render back the same).
func ParsePorts(s string) (Ports, bool) {
	lo, hi, isRange := strings.Cut(s, "-")
	l, ok := parsePort(lo)
	if !ok {
		return Ports{}, false
	}
	h := l
	if isRange {
		if h, ok = parsePort(hi); !ok || h < l {
			return Ports{}, false
		}
	}
	p := Ports{Low: l, High: h, Valid: true, Range: isRange}
	return p, p.String() == s
}

func parsePort(s string) (int, bool) {
	if s == "" || len(s) > 5 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n <= 65535
}

// Cells renders the record in IANA's twelve columns (see Columns), as
// IANA's CSV does.
func (r *Record) Cells() []string {
	var assignee, contact, refs strings.Builder
	for _, p := range r.People {
		b := &contact
		if p.Role == RoleAssignee {
			b = &assignee
		}
		b.WriteString("[" + p.ID + "]")
	}
	for _, ref := range r.References {
		refs.WriteString("[" + ref.Label + "]")
	}
	return []string{
		r.Name, r.Port.String(), r.Protocol, r.Description,
		assignee.String(), contact.String(), r.Registered, r.Modified,
		refs.String(), r.ServiceCode, r.Unauthorized, r.Notes,
	}
}

// markupText renders a cell's inner markup (Record.DescriptionXML and
// the like) as IANA's web page shows its text: text as written, each
// <br/> as br, a <paragraph> on a line of its own, an xref as its label
// in brackets. Markup that is not well-formed is returned as it is.
func markupText(markup, br string) string {
	if s, ok := walkMarkup(markup, br, br, br); ok {
		return s
	}
	return markup
}

// RenderStyle renders a cell of the XML in one of IANA's CSV styles,
// from its text as the current style renders it (StyleLF) and its inner
// markup where that rendering changed anything: IANA's rendering of 2020
// (StyleLFBreaks) made each <br/> a line break and folded nothing, the
// cell only trimmed. Other styles are rendered as the current one.
func RenderStyle(text, markup, style string) string {
	if markup == "" || style != StyleLFBreaks {
		return text
	}
	s, ok := walkMarkup(markup, "\n", "        ", "")
	if !ok {
		return text
	}
	return strings.Trim(s, " \t\r\n")
}

// walkMarkup renders a cell's inner markup: its text, br for each <br/>,
// open and close around each <paragraph>, an xref as its label in
// brackets. It reports false where the markup is not well-formed.
func walkMarkup(markup, br, open, close string) (string, bool) {
	d := xml.NewDecoder(strings.NewReader("<cell>" + markup + "</cell>"))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String(), true
		}
		if err != nil {
			return "", false
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			switch t.Name.Local {
			case "br":
				b.WriteString(br)
			case "paragraph":
				b.WriteString(open)
			case "xref":
				label, err := xrefLabel(d, t)
				if err != nil {
					return "", false
				}
				b.WriteString("[" + label + "]")
			}
		case xml.EndElement:
			if t.Name.Local == "paragraph" {
				b.WriteString(close)
			}
		}
	}
}

// xrefLabel reads the rest of an <xref> and returns what IANA renders in
// brackets for it.
func xrefLabel(d *xml.Decoder, start xml.StartElement) (string, error) {
	var typ, data string
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "type":
			typ = a.Value
		case "data":
			data = a.Value
		}
	}
	var text strings.Builder
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			text.Write(t)
		}
	}
	if typ == "person" {
		return data, nil
	}
	return ReferenceLabel(typ, data, text.String()), nil
}
