package normalize

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlScanner gives the tokens encoding/xml's Decoder.RawToken gives, in
// strict mode, about four times as fast. It reads itself only the plain
// forms that make up IANA's files: ASCII names without a prefix, quoted
// attribute values and text with the five predefined entities and
// character references, UTF-8 text. Anything else (comments, processing
// instructions, CDATA, DOCTYPE, prefixed or non-ASCII names, carriage
// returns, every error) it hands to a Decoder started at that token, so
// that what it accepts and how it fails are encoding/xml's own; the fuzz
// test FuzzXMLScanner holds the two to the same tokens.
type xmlScanner struct {
	data    []byte
	off     int       // input offset of the next token
	pending *xml.Name // end element of a self-closing tag, still to give
	names   map[string]string
	err     error // sticky
	errOff  int   // input offset where encoding/xml stopped, for err
}

func newXMLScanner(data []byte) *xmlScanner {
	return &xmlScanner{data: data, names: map[string]string{}}
}

// InputOffset is the offset of the next token, as Decoder.InputOffset.
func (s *xmlScanner) InputOffset() int64 { return int64(s.off) }

// Token returns the next raw token: xml.StartElement, xml.EndElement,
// xml.CharData, xml.Comment, xml.ProcInst or xml.Directive. CharData may
// share memory with the input; it must not be changed.
func (s *xmlScanner) Token() (xml.Token, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.pending != nil {
		n := *s.pending
		s.pending = nil
		return xml.EndElement{Name: n}, nil
	}
	if s.off >= len(s.data) {
		return nil, io.EOF
	}
	var tok xml.Token
	var next int
	if s.data[s.off] == '<' {
		tok, next = s.tag()
	} else {
		tok, next = s.text()
	}
	if tok == nil {
		return s.fallback()
	}
	s.off = next
	return tok, nil
}

// fallback reads the token at s.off with encoding/xml.
func (s *xmlScanner) fallback() (xml.Token, error) {
	d := xml.NewDecoder(bytes.NewReader(s.data[s.off:]))
	d.Strict = true
	tok, err := d.RawToken()
	end := s.off + int(d.InputOffset())
	if err != nil {
		s.err, s.errOff = err, end
		return nil, err
	}
	switch tok.(type) {
	case xml.StartElement, xml.CharData:
		// encoding/xml turns a reference to what is no character, such as
		// &#xD800;, into U+FFFD without a word: the document is not XML.
		if raw := s.data[s.off:end]; !bytes.HasPrefix(raw, []byte("<![CDATA[")) {
			if i, ref := badCharRef(raw); i >= 0 {
				s.err = &xml.SyntaxError{Msg: "invalid character reference " + ref + ": not a character XML allows"}
				s.errOff = s.off + i
				return nil, s.err
			}
		}
	}
	if t, ok := tok.(xml.StartElement); ok && bytes.HasSuffix(s.data[:end], []byte("/>")) {
		n := t.Name
		s.pending = &n
	}
	s.off = end
	return xml.CopyToken(tok), nil
}

// name returns the name at i and the offset after it, or ok false where
// the fast path does not read it: not ASCII, or with a prefix.
func (s *xmlScanner) name(i int) (name string, next int, ok bool) {
	j := i
	for j < len(s.data) {
		c := s.data[j]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' ||
			j > i && (c >= '0' && c <= '9' || c == '-' || c == '.') {
			j++
			continue
		}
		break
	}
	if j == i || j == len(s.data) || s.data[j] == ':' || s.data[j] >= utf8.RuneSelf {
		return "", 0, false
	}
	b := s.data[i:j]
	if n, ok := s.names[string(b)]; ok {
		return n, j, true
	}
	n := string(b)
	s.names[n] = n
	return n, j, true
}

// space returns the offset after the white space at i.
func (s *xmlScanner) space(i int) int {
	for i < len(s.data) && (s.data[i] == ' ' || s.data[i] == '\t' || s.data[i] == '\n') {
		i++
	}
	return i
}

// tag reads a start or end tag at s.off; a nil token sends it to the
// fallback.
func (s *xmlScanner) tag() (xml.Token, int) {
	d := s.data
	i := s.off + 1
	if i < len(d) && d[i] == '/' {
		name, j, ok := s.name(i + 1)
		if !ok {
			return nil, 0
		}
		j = s.space(j)
		if j >= len(d) || d[j] != '>' {
			return nil, 0
		}
		return xml.EndElement{Name: xml.Name{Local: name}}, j + 1
	}
	name, j, ok := s.name(i)
	if !ok {
		return nil, 0
	}
	start := xml.StartElement{Name: xml.Name{Local: name}}
	for {
		sp := j
		j = s.space(j)
		if j >= len(d) {
			return nil, 0
		}
		switch d[j] {
		case '>':
			return start, j + 1
		case '/':
			if j+1 < len(d) && d[j+1] == '>' {
				s.pending = &start.Name
				return start, j + 2
			}
			return nil, 0
		}
		if j == sp {
			return nil, 0 // an attribute must follow white space
		}
		an, k, ok := s.name(j)
		if !ok {
			return nil, 0
		}
		k = s.space(k)
		if k >= len(d) || d[k] != '=' {
			return nil, 0
		}
		k++
		k = s.space(k)
		if k >= len(d) || d[k] != '"' && d[k] != '\'' {
			return nil, 0
		}
		q := d[k]
		end := bytes.IndexByte(d[k+1:], q)
		if end < 0 {
			return nil, 0
		}
		raw := d[k+1 : k+1+end]
		if bytes.IndexByte(raw, '<') >= 0 {
			return nil, 0
		}
		v, ok := unescape(raw)
		if !ok {
			return nil, 0
		}
		for _, a := range start.Attr {
			if a.Name.Local == an {
				return nil, 0
			}
		}
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: an}, Value: string(v)})
		j = k + 1 + end + 1
	}
}

// text reads character data at s.off up to the next '<' or the end.
func (s *xmlScanner) text() (xml.Token, int) {
	end := bytes.IndexByte(s.data[s.off:], '<')
	if end < 0 {
		end = len(s.data)
	} else {
		end += s.off
	}
	v, ok := unescape(s.data[s.off:end])
	if !ok {
		return nil, 0
	}
	return xml.CharData(v), end
}

// unescape decodes the predefined entities and character references of
// b, returning b itself where it has none. ok is false where the fast
// path does not read b: a carriage return (encoding/xml rewrites line
// ends), a character XML does not allow, invalid UTF-8, "]]>", or an
// entity or reference it does not know or that is malformed.
func unescape(b []byte) (v []byte, ok bool) {
	amp := -1
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '&':
			if amp < 0 {
				amp = i
			}
		case c < 0x20 && c != '\t' && c != '\n':
			return nil, false
		case c == '>' && i >= 2 && b[i-1] == ']' && b[i-2] == ']':
			return nil, false
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
				return nil, false
			}
			i += n - 1
		}
	}
	if amp < 0 {
		return b, true
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:amp]...)
	for i := amp; i < len(b); {
		if b[i] != '&' {
			out = append(out, b[i])
			i++
			continue
		}
		semi := bytes.IndexByte(b[i:], ';')
		if semi < 0 {
			return nil, false
		}
		ent := b[i+1 : i+semi]
		switch string(ent) {
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "amp":
			out = append(out, '&')
		case "apos":
			out = append(out, '\'')
		case "quot":
			out = append(out, '"')
		default:
			r, ok := charRef(ent)
			if !ok {
				return nil, false
			}
			out = utf8.AppendRune(out, r)
		}
		i += semi + 1
	}
	return out, true
}

// charRef decodes the "#NNN" or "#xHHH" of a character reference, where it
// names a character XML allows other than a carriage return.
func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	digits, base := ent[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 || len(digits) > 6 {
		return 0, false
	}
	var r rune
	for _, c := range digits {
		var v rune
		switch {
		case c >= '0' && c <= '9':
			v = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			v = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			v = rune(c-'A') + 10
		default:
			return 0, false
		}
		r = r*base + v
	}
	ok := r == '\t' || r == '\n' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
	return r, ok
}

// badCharRef returns the offset and text of the first character reference
// in raw that names no character XML allows, or -1.
func badCharRef(raw []byte) (int, string) {
	for i := 0; ; {
		j := bytes.Index(raw[i:], []byte("&#"))
		if j < 0 {
			return -1, ""
		}
		i += j
		semi := bytes.IndexByte(raw[i:], ';')
		if semi < 0 {
			return -1, ""
		}
		ent := raw[i+1 : i+semi]
		if !validCharRef(ent) {
			return i, string(raw[i : i+semi+1])
		}
		i += semi
	}
}

// validCharRef reports whether "#NNN" or "#xHHH" names a character XML
// allows, a carriage return included.
func validCharRef(ent []byte) bool {
	digits, base := string(ent[1:]), 10
	if strings.HasPrefix(digits, "x") {
		digits, base = digits[1:], 16
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return false
	}
	r := rune(n)
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
