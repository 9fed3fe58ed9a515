package normalize

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Namespace is the XML namespace of IANA's registries.
const Namespace = "http://www.iana.org/assignments"

// RegistryID is the id of this registry's root element; IANA's other
// registries share the schema and the namespace.
const RegistryID = "service-names-port-numbers"

// FormatXML is IANA's official XML rendering, the registry's own form.
const FormatXML = "xml"

func init() {
	RegisterFormat(Format{
		Name:     FormatXML,
		Title:    "IANA's XML (service-names-port-numbers.xml)",
		Kind:     KindComplete,
		Fidelity: 3,
		Order:    20,
		Sniff:    sniffXML,
		Parse:    parseXML,
	})
}

// sniffXML takes any document that begins with markup, except an HTML
// page: the XML parser then says precisely what is wrong with one that
// is not the registry.
func sniffXML(data []byte) error {
	rest := bytes.TrimLeft(bytes.TrimPrefix(data, bom), " \t\r\n")
	if len(rest) == 0 || rest[0] != '<' {
		return errSniff("does not begin with <")
	}
	if name := firstElement(rest); isHTMLElement(name) {
		return errSniff("an HTML page: its first element is <%s>", name)
	}
	return nil
}

// firstElement returns the lower-cased name of the first element of a
// document that begins with markup, after any declaration, processing
// instructions, comments and document type ("!doctype html" for a
// document type naming html).
func firstElement(data []byte) string {
	for len(data) > 0 {
		data = bytes.TrimLeft(data, " \t\r\n")
		switch {
		case bytes.HasPrefix(data, []byte("<?")):
			_, data, _ = bytes.Cut(data, []byte("?>"))
		case bytes.HasPrefix(data, []byte("<!--")):
			_, data, _ = bytes.Cut(data, []byte("-->"))
		case len(data) > 9 && bytes.EqualFold(data[:9], []byte("<!doctype")):
			decl, _, _ := bytes.Cut(data[9:], []byte(">"))
			if f := bytes.Fields(decl); len(f) > 0 && bytes.EqualFold(f[0], []byte("html")) {
				return "!doctype html"
			}
			_, data, _ = bytes.Cut(data, []byte(">"))
		case len(data) > 1 && data[0] == '<':
			end := bytes.IndexAny(data[1:], " \t\r\n/>")
			if end < 0 {
				end = len(data) - 1
			}
			name := strings.ToLower(string(data[1 : 1+end]))
			if _, local, ok := strings.Cut(name, ":"); ok {
				name = local
			}
			return name
		default:
			return ""
		}
	}
	return ""
}

func isHTMLElement(name string) bool {
	switch name {
	case "!doctype html", "html", "head", "body", "table":
		return true
	}
	return false
}

// ParseXML reads IANA's official XML rendering of the registry and delivers
// its contents to h in document order. file names the input in errors.
func ParseXML(file string, r io.Reader, h Handler) error {
	data, err := ReadInput(file, r)
	if err != nil {
		return err
	}
	f, _ := LookupFormat(FormatXML)
	return parseChecked(f, file, data, h)
}

func parseXML(file string, data []byte, h Handler) error {
	p := &xmlParser{file: file, data: data, h: h, s: newXMLScanner(data)}
	return p.parse()
}

type xmlParser struct {
	file string
	data []byte
	s    *xmlScanner
	h    Handler

	off    int64    // input offset before the last token
	open   []string // names of the elements open at the last token
	header *Header

	// pos counts lines forward from the last offset it was asked about,
	// so that positions cost time in proportion to the input, once.
	posOff, posLine, posLineStart int
	sent                          bool // header delivered
}

// next returns the next token, recording in p.off the input offset at
// which it starts. It reads raw tokens (encoding/xml's namespace handling
// is a third of its cost, and IANA's files use one default namespace; see
// xmlScanner for the rest) and checks the nesting itself. A prefixed name keeps its prefix
// ("x:record"), so that it is never taken for one of IANA's elements.
func (p *xmlParser) next() (xml.Token, error) {
	p.off = p.s.InputOffset()
	tok, err := p.s.Token()
	if err == io.EOF && len(p.open) > 0 {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, p.wrapErr(err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		t.Name = qualified(t.Name)
		for i, a := range t.Attr {
			if a.Name.Space != "xmlns" {
				t.Attr[i].Name = qualified(a.Name)
			}
			if len(a.Value) > MaxField {
				return nil, p.errAt(p.off, ErrTooLarge, "expected attribute values of at most %s, found one of %s in <%s>", size(MaxField), size(len(a.Value)), t.Name.Local)
			}
		}
		if len(p.open) == MaxDepth {
			return nil, p.errAt(p.off, ErrTooLarge, "expected elements nested at most %d deep (the registry needs 5), found <%s> inside <%s>", MaxDepth, t.Name.Local, strings.Join(p.open[:2], "><")+">...<"+p.open[len(p.open)-1])
		}
		p.open = append(p.open, t.Name.Local)
		return t, nil
	case xml.CharData:
		if len(t) > MaxField {
			return nil, p.errAt(p.off, ErrTooLarge, "expected text of at most %s, found %s in %s", size(MaxField), size(len(t)), p.innermost())
		}
	case xml.Comment, xml.ProcInst, xml.Directive:
		if n := p.s.InputOffset() - p.off; n > MaxField {
			return nil, p.errAt(p.off, ErrTooLarge, "expected comments and processing instructions of at most %s, found one of %s", size(MaxField), size(int(n)))
		}
	case xml.EndElement:
		t.Name = qualified(t.Name)
		if len(p.open) == 0 || p.open[len(p.open)-1] != t.Name.Local {
			want := "no end tag"
			if len(p.open) > 0 {
				want = "</" + p.open[len(p.open)-1] + ">"
			}
			return nil, p.errAt(p.off, ErrSyntax, "expected %s, found </%s>", want, t.Name.Local)
		}
		p.open = p.open[:len(p.open)-1]
		return t, nil
	}
	return tok, nil
}

// node returns the comment, processing instruction or directive just
// read, verbatim, as a Raw named #comment, #pi or #directive; ok is false
// for any other token.
func (p *xmlParser) node(tok xml.Token) (r Raw, ok bool) {
	switch tok.(type) {
	case xml.Comment:
		r.Name = "#comment"
	case xml.ProcInst:
		r.Name = "#pi"
	case xml.Directive:
		r.Name = "#directive"
	default:
		return r, false
	}
	r.Text = string(p.data[p.off:p.s.InputOffset()])
	r.Line = p.line(p.off)
	return r, true
}

// nodeWhat names a node's kind in warnings.
var nodeWhat = map[string]string{"#comment": "comment", "#pi": "processing instruction", "#directive": "directive"}

// innermost names the element open at the last token.
func (p *xmlParser) innermost() string {
	if len(p.open) == 0 {
		return "the prolog"
	}
	return "<" + p.open[len(p.open)-1] + ">"
}

func qualified(n xml.Name) xml.Name {
	if n.Space != "" {
		return xml.Name{Local: n.Space + ":" + n.Local}
	}
	return n
}

// expectedClose says what a truncated document lacks.
func (p *xmlParser) expectedClose() string {
	if len(p.open) == 0 {
		return "expected an XML document"
	}
	open := strings.Join(p.open, "><")
	if len(p.open) > 4 {
		open = strings.Join(p.open[:2], "><") + ">...<" + strings.Join(p.open[len(p.open)-2:], "><")
	}
	return fmt.Sprintf("expected </%s> (input ends inside <%s>, %d elements deep)", p.open[len(p.open)-1], open, len(p.open))
}

// pos is the line and column of an input offset.
func (p *xmlParser) pos(off int64) (line, col int) {
	if off > int64(len(p.data)) {
		off = int64(len(p.data))
	}
	o := int(off)
	if o < p.posOff {
		p.posOff, p.posLine, p.posLineStart = 0, 0, 0
	}
	seg := p.data[p.posOff:o]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		p.posLine += n
		p.posLineStart = p.posOff + bytes.LastIndexByte(seg, '\n') + 1
	}
	p.posOff = o
	return p.posLine + 1, o - p.posLineStart + 1
}

func (p *xmlParser) errAt(off int64, sentinel error, format string, args ...any) *ParseError {
	line, col := p.pos(off)
	return errorf(p.file, line, col, sentinel, format, capArgs(args)...)
}

func (p *xmlParser) wrapErr(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	off := p.s.off
	if p.s.err != nil {
		off = p.s.errOff
	}
	line, col := p.pos(int64(off))
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return errorf(p.file, line, col, ErrTruncated, "%s", p.expectedClose())
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if strings.Contains(se.Msg, "unexpected EOF") {
			return errorf(p.file, line, col, ErrTruncated, "%s", p.expectedClose())
		}
		return errorf(p.file, line, col, ErrSyntax, "%s", se.Msg)
	}
	return &ParseError{File: p.file, Line: line, Column: col, Err: err}
}

func (p *xmlParser) warn(off int64, format string, args ...any) {
	line, col := p.pos(off)
	p.h.Warn(&ParseError{File: p.file, Line: line, Column: col, Err: fmt.Errorf(format, capArgs(args)...)})
}

func (p *xmlParser) parse() error {
	if len(bytes.TrimSpace(p.data)) == 0 {
		return errorf(p.file, 1, 1, ErrEmpty, "expected an XML document")
	}
	// Find the root element.
	for {
		tok, err := p.next()
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && errors.Is(err, ErrTruncated) {
				return p.errAt(p.off, ErrSyntax, "expected a <registry> root element")
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			ns := attr(t, "xmlns")
			if t.Name.Local != "registry" || (ns != Namespace && ns != "") {
				return p.errAt(p.off, ErrSyntax, "expected a <registry> root element in namespace %s, found <%s>", Namespace, t.Name.Local)
			}
			if ns == "" {
				p.warn(p.off, "registry has no namespace; read as %s", Namespace)
			}
			return p.registry(t)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return p.errAt(p.off, ErrSyntax, "expected an XML document, found text")
			}
		}
	}
}

func (p *xmlParser) registry(start xml.StartElement) error {
	p.header = &Header{Format: "xml", Kind: KindComplete}
	// IANA publishes hundreds of registries in this one schema; only this
	// one is the port numbers'.
	if id := attr(start, "id"); id != RegistryID {
		found := "none"
		if id != "" {
			found = excerpt(id)
		}
		return p.errAt(p.off, ErrHeader, "expected the registry id=%q, found %s: another registry, not the port numbers'", RegistryID, found)
	}
	for _, a := range start.Attr {
		if a.Name.Local == "xmlns" || a.Name.Space == "xmlns" {
			continue
		}
		p.header.Extras = append(p.header.Extras, Raw{Name: "@" + a.Name.Local, Text: a.Value, Line: p.line(p.off)})
		if a.Name.Local != "id" {
			p.warn(p.off, "unknown attribute %s on <registry>: kept", excerpt(a.Name.Local))
		}
	}
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if err := p.sendHeader(); err != nil {
				return err
			}
			return p.trailer()
		case xml.Comment, xml.ProcInst, xml.Directive:
			n, _ := p.node(t)
			p.warn(p.off, "%s inside <registry>: kept verbatim with the snapshot", nodeWhat[n.Name])
			if p.sent {
				if err := p.h.Extra(&n); err != nil {
					return err
				}
			} else {
				p.header.Extras = append(p.header.Extras, n)
			}
		case xml.StartElement:
			start := p.off
			switch t.Name.Local {
			case "updated":
				if p.sent {
					// The snapshot is already dated (or undated) for the
					// handler: keep this one as it is.
					if err := p.late(t, start); err != nil {
						return err
					}
					break
				}
				s, err := p.text(t)
				if err != nil {
					return err
				}
				p.header.Date = strings.TrimSpace(s)
				p.header.DateLine = p.line(start)
			case "record":
				if err := p.sendHeader(); err != nil {
					return err
				}
				rec, err := p.record(t)
				if err != nil {
					return err
				}
				if err := p.h.Record(rec); err != nil {
					return err
				}
			case "people":
				if err := p.sendHeader(); err != nil {
					return err
				}
				if err := p.people(); err != nil {
					return err
				}
			case "footnote":
				if err := p.sendHeader(); err != nil {
					return err
				}
				f := &Footnote{Line: p.line(start), Anchor: attr(t, "anchor")}
				s, err := p.text(t)
				if err != nil {
					return err
				}
				f.Text = s
				if err := p.h.Footnote(f); err != nil {
					return err
				}
			default:
				if p.sent {
					if err := p.late(t, start); err != nil {
						return err
					}
					break
				}
				raw, err := p.raw(start)
				if err != nil {
					return err
				}
				if !registryElements[t.Name.Local] {
					p.warn(start, "unknown element <%s> in <registry>: kept verbatim", t.Name.Local)
				}
				p.header.Extras = append(p.header.Extras, Raw{Name: t.Name.Local, Text: raw, Line: p.line(start)})
			}
		}
	}
}

// registryElements are the registry-level elements IANA writes besides
// records, footnotes and people; they are kept verbatim without a warning.
var registryElements = map[string]bool{"title": true, "category": true, "expert": true, "note": true, "xref": true, "registry": true}

// late keeps a registry-level element met after the records began and
// hands it to the handler, with a warning: the Header is gone already.
func (p *xmlParser) late(t xml.StartElement, start int64) error {
	raw, err := p.raw(start)
	if err != nil {
		return err
	}
	p.warn(start, "registry-level <%s> after the records: kept verbatim with the snapshot", t.Name.Local)
	return p.h.Extra(&Raw{Name: t.Name.Local, Text: raw, Line: p.line(start)})
}

// trailer checks that nothing but white space, comments and processing
// instructions follow the root element.
func (p *xmlParser) trailer() error {
	for {
		tok, err := p.next()
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) && errors.Is(err, ErrTruncated) {
				return nil // plain end of input
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return p.errAt(p.off, ErrSyntax, "expected the end of the document after </registry>, found <%s>", t.Name.Local)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return p.errAt(p.off, ErrSyntax, "expected the end of the document after </registry>, found text")
			}
		}
	}
}

func (p *xmlParser) sendHeader() error {
	if p.sent {
		return nil
	}
	if p.header.Date == "" {
		return p.errAt(p.off, ErrHeader, "expected <updated>YYYY-MM-DD</updated>, the registry's date, before its records")
	}
	p.sent = true
	return p.h.Header(p.header)
}

func (p *xmlParser) line(off int64) int {
	l, _ := p.pos(off)
	return l
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// raw consumes the rest of the element whose start tag began at start and
// returns the element verbatim.
func (p *xmlParser) raw(start int64) (string, error) {
	for depth := len(p.open); len(p.open) >= depth; {
		if _, err := p.next(); err != nil {
			return "", err
		}
	}
	return string(p.data[start:p.s.InputOffset()]), nil
}

// text reads an element's character data; a child element is an error.
func (p *xmlParser) text(start xml.StartElement) (string, error) {
	var b strings.Builder
	for {
		tok, err := p.next()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.Comment, xml.ProcInst, xml.Directive:
			n, _ := p.node(t)
			p.warn(p.off, "%s inside <%s> dropped: %s", nodeWhat[n.Name], start.Name.Local, excerpt(n.Text))
		case xml.StartElement:
			return "", p.errAt(p.off, ErrSyntax, "expected text in <%s>, found element <%s>", start.Name.Local, t.Name.Local)
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

// mixed reads mixed content (description, note, unauthorized) and returns
// its IANA rendering and, when that rendering differs from the plain text,
// the inner markup verbatim.
func (p *xmlParser) mixed(start xml.StartElement) (rendered, markup string, err error) {
	inner := p.s.InputOffset()
	var b strings.Builder
	plain := true
	depth := 0
	for {
		tok, err := p.next()
		if err != nil {
			return "", "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.Comment, xml.ProcInst, xml.Directive:
			// Not rendered, as in IANA's renderings; kept in the markup.
			n, _ := p.node(t)
			plain = false
			p.warn(p.off, "%s inside <%s>: kept in its markup, not rendered", nodeWhat[n.Name], start.Name.Local)
		case xml.StartElement:
			plain = false
			switch t.Name.Local {
			case "br":
			case "paragraph":
				b.WriteString("        ")
			case "xref":
				label := attr(t, "data")
				if typ := attr(t, "type"); typ != "person" {
					s, err := p.text(t)
					if err != nil {
						return "", "", err
					}
					label = ReferenceLabel(typ, label, s)
					depth-- // text consumed the end tag
				}
				b.WriteString("[" + label + "]")
			default:
				p.warn(p.off, "unknown element <%s> in <%s>: its text is rendered, its markup kept", t.Name.Local, start.Name.Local)
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				end := p.off
				s := b.String()
				rendered = RenderCell(s)
				if !plain || rendered != s {
					markup = string(p.data[inner:end])
				}
				return rendered, markup, nil
			}
			depth--
		}
	}
}

// single are the elements a record holds at most once; a repeated one is
// kept verbatim in Extras and reported.
var single = map[string]bool{
	"name": true, "protocol": true, "number": true, "sc": true,
	"description": true, "note": true, "unauthorized": true,
}

func (p *xmlParser) record(start xml.StartElement) (*Record, error) {
	recOff := p.off
	rec := &Record{Line: p.line(recOff)}
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "date":
			rec.Registered = a.Value
		case "updated":
			rec.Modified = a.Value
		default:
			rec.Extras = append(rec.Extras, Raw{Name: "@" + a.Name.Local, Text: a.Value, Line: rec.Line})
			p.warn(recOff, "unknown attribute %s on <record>: kept", excerpt(a.Name.Local))
		}
	}
	hasAssignee := false
	var bare []string
	seen := map[string]bool{}
	for {
		tok, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			rec.EndLine = p.line(p.off)
			rec.Assignee = AssigneeImplied
			if hasAssignee {
				rec.Assignee = AssigneeWritten
			}
			for _, id := range bare {
				rec.People = append(rec.People, PersonRef{Role: RoleContact, ID: id})
			}
			if !hasAssignee {
				for _, id := range bare {
					rec.People = append(rec.People, PersonRef{Role: RoleAssignee, ID: id, Implied: true})
				}
			}
			return rec, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				rec.Extras = append(rec.Extras, Raw{Name: "#text", Text: string(t), Line: p.line(p.off)})
				p.warn(p.off, "text directly inside <record>: kept")
			}
		case xml.Comment, xml.ProcInst, xml.Directive:
			n, _ := p.node(t)
			rec.Extras = append(rec.Extras, n)
			p.warn(p.off, "%s inside <record>: kept verbatim", nodeWhat[n.Name])
		case xml.StartElement:
			off := p.off
			name := t.Name.Local
			if single[name] {
				if seen[name] {
					name = "" // kept verbatim below
				} else {
					seen[name] = true
				}
			}
			var s string
			switch name {
			case "name", "protocol", "number", "sc":
				if s, err = p.text(t); err != nil {
					return nil, err
				}
				s = strings.TrimSpace(s)
			}
			switch name {
			case "name":
				rec.Name = s
			case "protocol":
				rec.Protocol = s
			case "sc":
				rec.ServiceCode = s
			case "number":
				if s == "" {
					break
				}
				ports, ok := ParsePorts(s)
				if !ok {
					return nil, p.errAt(off, ErrField, "expected a port number or range (0-65535), found %s", excerpt(s))
				}
				rec.Port = ports
			case "description":
				rec.Description, rec.DescriptionXML, err = p.mixed(t)
			case "note":
				rec.Notes, rec.NotesXML, err = p.mixed(t)
			case "unauthorized":
				rec.Unauthorized, rec.UnauthorizedXML, err = p.mixed(t)
			case "assignee":
				hasAssignee = true
				err = p.assignee(rec)
			case "xref":
				err = p.xref(t, rec, &bare)
			default:
				var raw string
				if raw, err = p.raw(off); err == nil {
					rec.Extras = append(rec.Extras, Raw{Name: t.Name.Local, Text: raw, Line: p.line(off)})
					what := "unknown element"
					if single[t.Name.Local] {
						what = "repeated element"
					}
					p.warn(off, "%s <%s> in <record>: kept verbatim", what, t.Name.Local)
				}
			}
			if err != nil {
				return nil, err
			}
		}
	}
}

func (p *xmlParser) assignee(rec *Record) error {
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				rec.Extras = append(rec.Extras, Raw{Name: "assignee#text", Text: string(t), Line: p.line(p.off)})
				p.warn(p.off, "text inside <assignee>: kept")
			}
		case xml.Comment, xml.ProcInst, xml.Directive:
			n, _ := p.node(t)
			p.warn(p.off, "%s inside <assignee>: kept verbatim", nodeWhat[n.Name])
			n.Name = "assignee/" + n.Name
			rec.Extras = append(rec.Extras, n)
		case xml.StartElement:
			off := p.off
			if t.Name.Local == "xref" && attr(t, "type") == "person" && attr(t, "data") != "" {
				rec.People = append(rec.People, PersonRef{Role: RoleAssignee, ID: attr(t, "data")})
				if _, err := p.text(t); err != nil {
					return err
				}
				continue
			}
			raw, err := p.raw(off)
			if err != nil {
				return err
			}
			rec.Extras = append(rec.Extras, Raw{Name: "assignee/" + t.Name.Local, Text: raw, Line: p.line(off)})
			p.warn(off, "unexpected <%s> in <assignee>: kept verbatim", t.Name.Local)
		}
	}
}

func (p *xmlParser) xref(t xml.StartElement, rec *Record, bare *[]string) error {
	off := p.off
	ref := Reference{}
	for _, a := range t.Attr {
		switch a.Name.Local {
		case "type":
			ref.Type = a.Value
		case "data":
			ref.Data = a.Value
		case "section":
			ref.Section = a.Value
		default:
			rec.Extras = append(rec.Extras, Raw{Name: "xref@" + a.Name.Local, Text: a.Value, Line: p.line(off)})
			p.warn(off, "unknown attribute %s on <xref>: kept", excerpt(a.Name.Local))
		}
	}
	text, err := p.text(t)
	if err != nil {
		return err
	}
	if ref.Type == "person" {
		*bare = append(*bare, ref.Data)
		if strings.TrimSpace(text) != "" {
			rec.Extras = append(rec.Extras, Raw{Name: "xref#text", Text: text, Line: p.line(off)})
			p.warn(off, "text inside a person <xref>: kept")
		}
		return nil
	}
	switch ref.Type {
	case "rfc", "draft", "uri", "text", "note":
	default:
		p.warn(off, "unknown xref type %s: kept as a reference", excerpt(ref.Type))
	}
	ref.Text = text
	ref.Label = ReferenceLabel(ref.Type, ref.Data, text)
	rec.References = append(rec.References, ref)
	return nil
}

func (p *xmlParser) people() error {
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.Comment, xml.ProcInst, xml.Directive:
			n, _ := p.node(t)
			p.warn(p.off, "%s inside <people>: kept verbatim with the snapshot", nodeWhat[n.Name])
			n.Name = "people/" + n.Name
			if err := p.h.Extra(&n); err != nil {
				return err
			}
		case xml.StartElement:
			off := p.off
			if t.Name.Local != "person" {
				raw, err := p.raw(off)
				if err != nil {
					return err
				}
				p.header.Extras = append(p.header.Extras, Raw{Name: "people/" + t.Name.Local, Text: raw, Line: p.line(off)})
				p.warn(off, "unknown element <%s> in <people>: kept verbatim", t.Name.Local)
				continue
			}
			person, err := p.person(t)
			if err != nil {
				return err
			}
			if err := p.h.Person(person); err != nil {
				return err
			}
		}
	}
}

func (p *xmlParser) person(start xml.StartElement) (*Person, error) {
	off := p.off
	person := &Person{Line: p.line(off)}
	for _, a := range start.Attr {
		if a.Name.Local == "id" {
			person.ID = a.Value
			continue
		}
		person.Extras = append(person.Extras, Raw{Name: "@" + a.Name.Local, Text: a.Value, Line: person.Line})
		p.warn(off, "unknown attribute %s on <person>: kept", excerpt(a.Name.Local))
	}
	if person.ID == "" {
		return nil, p.errAt(off, ErrField, "expected an id attribute on <person>")
	}
	for {
		tok, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			person.EndLine = p.line(p.off)
			return person, nil
		case xml.Comment, xml.ProcInst, xml.Directive:
			n, _ := p.node(t)
			person.Extras = append(person.Extras, n)
			p.warn(p.off, "%s inside <person>: kept verbatim", nodeWhat[n.Name])
		case xml.StartElement:
			eoff := p.off
			switch t.Name.Local {
			case "name", "org", "uri", "updated":
				s, err := p.text(t)
				if err != nil {
					return nil, err
				}
				switch t.Name.Local {
				case "name":
					person.Name = s
				case "org":
					person.Org = s
				case "uri":
					person.URIs = append(person.URIs, s)
				case "updated":
					person.Updated = strings.TrimSpace(s)
				}
			default:
				raw, err := p.raw(eoff)
				if err != nil {
					return nil, err
				}
				person.Extras = append(person.Extras, Raw{Name: t.Name.Local, Text: raw, Line: p.line(eoff)})
				p.warn(eoff, "unknown element <%s> in <person>: kept verbatim", t.Name.Local)
			}
		}
	}
}
