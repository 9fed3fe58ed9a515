package normalize

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// What the text shapes share: lines with their numbers, the registry's
// "Last Updated" date, cells to a record, and the contact lines of copies.

// textLine is a line of a text document, without its line end.
type textLine struct {
	n    int // 1-based
	text string
}

func splitLines(data []byte) []textLine {
	data = bytes.TrimPrefix(data, bom)
	var lines []textLine
	for n := 1; len(data) > 0; n++ {
		line, rest, _ := bytes.Cut(data, []byte{'\n'})
		lines = append(lines, textLine{n: n, text: string(bytes.TrimSuffix(line, []byte{'\r'}))})
		data = rest
	}
	return lines
}

// controlChar returns the first control character in s (other than a
// tab), or -1: no copy of IANA's page holds one (XML cannot).
func controlChar(s string) rune {
	for _, r := range s {
		if r != '\t' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0) {
			return r
		}
	}
	return -1
}

// textOnly rejects the lines that hold control characters, and returns the
// others: what a text shape's parser reads.
func textOnly(lines []textLine, reject func(textLine, string) error) ([]textLine, error) {
	out := lines[:0:0]
	for _, l := range lines {
		if r := controlChar(l.text); r >= 0 {
			if err := reject(l, fmt.Sprintf("expected text, found the control character %U", r)); err != nil {
				return nil, err
			}
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

// blank reports whether a line holds nothing but white space.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// bulletless strips what a list or heading puts before a line's text
// ("- ", "* ", "# ") and the white space around it.
func bulletless(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimLeft(s, "-*#>")
		t = strings.TrimSpace(t)
		if t == s {
			return s
		}
		s = t
	}
}

// lastUpdated finds the registry's "Last Updated" date among lines: the
// label, then the date on the same line or the next line that holds text.
func lastUpdated(lines []textLine) (date string, line int) {
	for i, l := range lines {
		t := bulletless(l.text)
		rest, ok := strings.CutPrefix(t, "Last Updated")
		if !ok {
			continue
		}
		if d := strings.TrimSpace(strings.TrimLeft(rest, ":")); d != "" {
			if isoDay.MatchString(d) {
				return d, l.n
			}
			continue
		}
		for _, next := range lines[i+1:] {
			if d := bulletless(next.text); d != "" {
				if isoDay.MatchString(d) {
					return d, next.n
				}
				break
			}
		}
	}
	return "", 0
}

var isoDay = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// preamble is the text before a document's table, kept with the snapshot.
func preamble(lines []textLine) []Raw {
	if len(lines) == 0 {
		return nil
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	if strings.TrimSpace(b.String()) == "" {
		return nil
	}
	return []Raw{{Name: "preamble", Text: b.String(), Line: lines[0].n}}
}

// headerTitles are the column titles a copy's table header may show:
// IANA's, and its HTML of 2015 with "Known Unauthorized Uses".
func isHeaderTitles(cells []string) bool {
	if len(cells) != len(Columns) {
		return false
	}
	for i, c := range cells {
		c = Fold(c)
		if c != Columns[i] && !(i == colUnauth && c == "Known Unauthorized Uses") {
			return false
		}
	}
	return true
}

// recordOfCells builds a record from the twelve cells a text shape gives.
// The cells come from an alignment, or from a table whose cells the shape
// keeps; a cell that is not what its column holds is an error naming the
// column.
func recordOfCells(cells []string, line, endLine int) (*Record, error) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = strings.TrimSpace(c)
	}
	rec, err := csvRecord(row, line)
	if err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			return nil, fmt.Errorf("%s: %s", Columns[fe.field], fe.msg)
		}
		return nil, err
	}
	rec.EndLine = endLine
	return rec, nil
}

// alignRow reads a collapsed row: it aligns its pieces and builds its
// record, with the questions the text left open. Where no reading fits,
// or its cells are not what their columns hold, it rejects the row's
// lines with why, and returns no record.
func alignRow(al *aligner, pieces []piece, lines []textLine, reject func(textLine, string) error) (*Record, *aligned, error) {
	first, last := lines[0].n, lines[len(lines)-1].n
	a, ok := al.align(pieces)
	var rec *Record
	var err error
	if ok {
		rec, err = recordOfCells(a.cells[:], first, last)
	}
	if ok && err == nil {
		return rec, &a, nil
	}
	reason := "expected a record: what it holds fits none of the readings of the registry's columns"
	if err != nil {
		reason = "expected a record: " + err.Error()
	}
	for _, l := range lines {
		if err := reject(l, reason); err != nil {
			return nil, nil, err
		}
	}
	return nil, nil, nil
}

// uriShape is a contact URI as the registry writes them ("mailto:...",
// "http://...") or a bare address.
var uriShape = regexp.MustCompile(`^(?:[A-Za-z][A-Za-z0-9+.-]*:\S+|[^\s@\[\]]+@[^\s@]+\.[^\s@]+)$`)

// contactWords reads a copied contact entry: "[Id]", then the person's
// name and organization run together, then URIs, then a date, all joined
// by spaces (a second URI and the date may have sat on lines of their
// own). roles says how the document's records name the person.
func contactWords(id string, words []string, roles personRoles) (p Person, amb bool) {
	p.ID = id
	if n := len(words); n > 0 && isDate(words[n-1]) {
		p.Updated = words[n-1]
		words = words[:n-1]
	}
	first := len(words)
	for first > 0 && uriShape.MatchString(words[first-1]) {
		first--
	}
	p.URIs = append(p.URIs, words[first:]...)
	p.Name, p.Org, amb = splitNameOrg(id, words[:first], roles)
	return p, amb
}

// personRoles says how a document's records name a person.
type personRoles struct {
	contact  bool // in a Contact column
	assignee bool // in an Assignee column
}

var orgSuffix = regexp.MustCompile(`(?i)(?:\b(?:inc|ltd|llc|gmbh|corp|corporation|company|limited|plc|ag|sa|ab|bv|oy|kg|mbh|e\.v|s\.a|s\.p\.a|s\.r\.l|b\.v|pty|sarl)\b\.?|\b(?:systems|software|technologies|networks|group|project|foundation|association|consortium|alliance|forum|university|institute|labs|laboratories)\b)`)

var acronym = regexp.MustCompile(`^[A-Z0-9&]{2,}$`)

// splitNameOrg splits the words of a copied contact entry into the
// person's name and organization, using the id: IANA derives a person's
// id from the name ("Garrett_D_Amore" is "Garrett D'Amore"), so the words
// the id covers are the name and the rest the organization. Where the id
// covers all the words, one phrase is a name or an organization; the
// records decide it as the registry's own habits do (a contact is a
// person with a name; a party only ever assignee, an organization), and
// it is reported ambiguous. So is an id that covers none of the words.
func splitNameOrg(id string, words []string, roles personRoles) (name, org string, ambiguous bool) {
	if len(words) == 0 {
		return "", "", false
	}
	n, _, cut := idCoverage(id, words)
	if n == 0 {
		// An id made from the organization, after a name of two words
		// or more: "[APCO_Project] Steve Glass APCO Project 25".
		for k := 2; k < len(words); k++ {
			if c, complete, _ := idCoverage(id, words[k:]); c > 0 && complete {
				return strings.Join(words[:k], " "), strings.Join(words[k:], " "), true
			}
		}
		return strings.Join(words, " "), "", true
	}
	// What follows the id's words goes on with them where it cannot
	// begin an organization: a bracket ("... Ltd (Cadcorp)"), or the
	// rest of an organization's own name ("Acertant Technologies, Inc.").
	// An id IANA cut at 20 characters inside a word may stop inside the
	// name ("Barend_Jacobus_van_d").
	for n < len(words) {
		switch {
		case strings.HasPrefix(words[n], "("):
			for n < len(words) && !strings.Contains(words[n], ")") {
				n++
			}
			n++
			continue
		case orgSuffixWord.MatchString(words[n]), cut && len(id) >= 20:
			n++
			continue
		}
		break
	}
	n = min(n, len(words))
	if n < len(words) {
		return strings.Join(words[:n], " "), strings.Join(words[n:], " "), false
	}
	phrase := strings.Join(words, " ")
	switch {
	case acronym.MatchString(phrase):
		return "", phrase, true
	case roles.contact:
		return phrase, "", true
	case roles.assignee:
		return "", phrase, true
	case orgSuffix.MatchString(phrase):
		return "", phrase, true
	}
	return phrase, "", true
}

// orgSuffixWord is a word that ends an organization's name.
var orgSuffixWord = regexp.MustCompile(`(?i)^(?:inc|ltd|llc|gmbh|corp|corporation|company|limited|plc|ag|sa|ab|bv|oy|kg|mbh|e\.v|s\.a|s\.p\.a|s\.r\.l|b\.v|pty|sarl|systems|software|technologies|technology|networks|solutions|labs|laboratories)\b[.,]*$`)

// idCoverage is how many of the words the person id covers, whether it
// covers the whole id, and whether its last part matched only the start
// of a word (an initial, or an id cut short): the id's parts (split at "_", less a trailing
// number IANA adds to tell people apart) matched in order against the
// words' letters and digits, a part matching a whole word, an initial, or
// the start of a word where IANA cut the id short.
func idCoverage(id string, words []string) (covered int, complete, cut bool) {
	parts := strings.FieldsFunc(foldDiacritics(id), func(r rune) bool { return r == '_' || r == '-' || r == '.' || r == '\'' })
	if n := len(parts); n > 1 && isDigits(parts[n-1]) {
		parts = parts[:n-1]
	}
	for wi, w := range words {
		if len(parts) == 0 {
			break
		}
		subs := strings.FieldsFunc(foldDiacritics(w), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(subs) == 0 {
			if covered == wi && wi > 0 {
				covered = wi + 1 // punctuation inside a name ("&")
			}
			continue
		}
		matched := true
		for _, s := range subs {
			if len(parts) == 0 {
				break
			}
			p := parts[0]
			switch {
			case strings.EqualFold(p, s):
				parts, cut = parts[1:], false
			case len(p) < len(s) && strings.HasPrefix(strings.ToLower(s), strings.ToLower(p)):
				parts, cut = parts[1:], true
			case len(s) < len(p) && strings.HasPrefix(strings.ToLower(p), strings.ToLower(s)):
				parts[0] = p[len(s):] // a word the id joined to the next
			default:
				matched = false
			}
			if !matched {
				break
			}
		}
		if !matched {
			break
		}
		covered = wi + 1
	}
	return covered, len(parts) == 0, cut
}

var diacritics = runes.Remove(runes.In(unicode.Mn))

// foldDiacritics removes accents: "Göran" and the id "Goran" match.
func foldDiacritics(s string) string {
	if firstNonASCII(s) < 0 {
		return s
	}
	t, _, err := transform.String(transform.Chain(norm.NFD, diacritics, norm.NFC), s)
	if err != nil {
		return s
	}
	return t
}

// repairCopiedURIs repairs what a browser's copy did to IANA's contact
// URIs (see RepairEntityDamage), keeping what the copy said.
func repairCopiedURIs(p *Person, warn func(format string, args ...any)) {
	for i, u := range p.URIs {
		fixed, ok := RepairEntityDamage(u)
		if !ok {
			continue
		}
		if p.RawURIs == nil {
			p.RawURIs = append([]string(nil), p.URIs...)
		}
		p.URIs[i] = fixed
		warn("contact %s: URI %q repaired as %q (a browser read an HTML entity in it)", p.ID, u, fixed)
	}
}
