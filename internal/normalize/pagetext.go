package normalize

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// FormatPageText is the registry's web page copied as text from a
// browser: each row's non-empty cells joined by single spaces (a
// description that holds line breaks spans lines, and the next cell then
// starts on a new line), then a "Contact Information" section whose
// columns run together likewise.
const FormatPageText = "page-text"

func init() {
	RegisterFormat(Format{
		Name:     FormatPageText,
		Title:    "the registry's web page copied as text from a browser",
		Kind:     KindExcerpt,
		Fidelity: 1,
		Lines:    true,
		Order:    60,
		Sniff:    sniffPageText,
		Parse:    parsePageText,
		Render:   renderPageText,
	})
}

// pageHeader is the table's header as a copy gives it.
func isPageHeader(s string) bool {
	if strings.Contains(s, "\t") {
		return isHeaderTitles(strings.Split(strings.TrimSpace(s), "\t"))
	}
	f := Fold(s)
	return f == pageHeaderLine || f == pageHeaderLine2015
}

var (
	pageHeaderLine     = strings.Join(Columns, " ")
	pageHeaderLine2015 = strings.Join(Columns[:colUnauth], " ") + " Known Unauthorized Uses " + Columns[colNotes]
)

func sniffPageText(data []byte) error {
	found := false
	firstLines(data, 5000, func(line []byte) bool {
		found = isPageHeader(string(line))
		return !found
	})
	if !found {
		return errSniff("no line of the column titles %q...", strings.Join(Columns[:3], " "))
	}
	return nil
}

// pageRow is a record's lines in a copy.
type pageRow struct {
	lines   []textLine
	breaks  []brk // before each line: brkLine, or brkBlank after blank lines
	hasPort bool
	port    int
	multi   bool // a description spans its lines
	closed  bool // no line may join it
}

// rowStart tells whether a line begins a record: strongly where it
// begins with a port, or with a name and a port or protocol; weakly where
// it begins with what could be a service name (the records that have no
// port at the end of the registry).
func rowStart(s string) (strong, weak bool, port int) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false, false, 0
	}
	if p, ok := ParsePorts(f[0]); ok {
		return true, false, p.Low
	}
	a := newPiece(f[0], brkSpace, 0)
	if !a.name {
		return false, false, 0
	}
	// A name of old, with spaces, then a port and a protocol.
	for j := 2; j < len(f) && j <= 8 && isOldNameWord(newPiece(f[j-1], brkSpace, 0)); j++ {
		if p, ok := ParsePorts(f[j]); ok && j+1 < len(f) && isProtocol(f[j+1]) {
			return true, false, p.Low
		}
	}
	if len(f) > 1 {
		if p, ok := ParsePorts(f[1]); ok {
			return true, false, p.Low
		}
		if isProtocol(f[1]) {
			return true, false, -1
		}
	}
	return false, true, 0
}

type pageTextParser struct {
	file  string
	h     Handler
	roles map[string]personRoles
}

// isProtocol reports whether s is a transport protocol the registry
// names.
func isProtocol(s string) bool { return s == "tcp" || s == "udp" || s == "sctp" || s == "dccp" }

func (p *pageTextParser) warn(line int, format string, args ...any) {
	p.h.Warn(&ParseError{File: p.file, Line: line, Err: fmt.Errorf(format, args...)})
}

func (p *pageTextParser) reject(l textLine, reason string) error {
	return p.h.Reject(&Reject{Line: l.n, Text: l.text, Reason: reason})
}

func parsePageText(file string, data []byte, h Handler) error {
	p := &pageTextParser{file: file, h: h, roles: map[string]personRoles{}}
	lines, err := textOnly(splitLines(data), p.reject)
	if err != nil {
		return err
	}
	hi := -1
	for i, l := range lines {
		if isPageHeader(l.text) {
			hi = i
			break
		}
	}
	if hi < 0 {
		return errorf(file, 1, 1, ErrHeader, "expected a line of the column titles %q", pageHeaderLine)
	}
	date, dateLine := lastUpdated(lines[:hi])
	if err := h.Header(&Header{Date: date, DateLine: dateLine, Format: FormatPageText, Kind: KindExcerpt, Extras: preamble(lines[:hi])}); err != nil {
		return err
	}
	table, contacts, notes := sections(lines[hi+1:])
	entries, err := p.contactEntries(contacts)
	if err != nil {
		return err
	}
	al := &aligner{joinPieces: true}
	if len(entries) > 0 {
		al.persons, al.personDates = map[string]bool{}, map[string]string{}
		for _, e := range entries {
			al.persons[e.id] = true
			if n := len(e.words); n > 0 && isDate(e.words[n-1]) {
				al.personDates[e.id] = e.words[n-1]
			}
		}
	}
	rows, err := p.rows(table)
	if err != nil {
		return err
	}
	pieces := make([][]piece, len(rows))
	for i, row := range rows {
		pieces[i] = row.pieces()
		al.notePairDates(pieces[i])
	}
	for i, row := range rows {
		if err := p.record(al, row, pieces[i]); err != nil {
			return err
		}
	}
	for _, e := range entries {
		person, amb := contactWords(e.id, e.words, p.roles[e.id])
		person.Line, person.EndLine = e.first, e.last
		if amb {
			person.Ambiguities = []Ambiguity{ambiguity(AmbiguousNameOrg, e.first, fmt.Sprintf("name %q, organization %q", person.Name, person.Org))}
		}
		repairCopiedURIs(&person, func(f string, args ...any) { p.warn(e.first, f, args...) })
		if err := h.Person(&person); err != nil {
			return err
		}
	}
	return footnotes(notes, h, p.reject)
}

// sections splits what follows a copy's table header: the records, the
// contact section ("Contact Information", or "People" as IANA's own
// renderings title it), and footnotes. A section's title is kept with it.
func sections(lines []textLine) (table, contacts, notes []textLine) {
	dst := &table
	for _, l := range lines {
		switch Fold(bulletless(l.text)) {
		case "Contact Information", "People":
			dst = &contacts
		case "Footnote", "Footnotes":
			dst = &notes
		}
		*dst = append(*dst, l)
	}
	return table, contacts, notes
}

// contactEntry is a copied contact: its id and the words that follow it,
// from its line and the lines that continue it.
type contactEntry struct {
	id          string
	words       []string
	first, last int
}

// contactEntries reads a copy's contact section: a title, a header line,
// then entries that begin with "[Id]"; a second URI and the date may sit
// on lines of their own.
func (p *pageTextParser) contactEntries(lines []textLine) ([]contactEntry, error) {
	var entries []contactEntry
	for i, l := range lines {
		t := strings.TrimSpace(l.text)
		switch {
		case t == "":
		case i == 0: // the title
		case strings.HasPrefix(t, "["):
			end := strings.IndexByte(t, ']')
			if end < 2 || !isPersonID(strings.TrimSpace(t[1:end])) {
				if err := p.reject(l, "expected a contact: an id in brackets such as [Jon_Postel], then name, organization, URIs and date"); err != nil {
					return nil, err
				}
				continue
			}
			// IANA wrote one id with a trailing space ("[Andrew_Beekhof ]")
			// that its records cite without.
			entries = append(entries, contactEntry{id: strings.TrimSpace(t[1:end]), words: strings.Fields(t[end+1:]), first: l.n, last: l.n})
		case len(entries) == 0 && Fold(t) == "ID Name Organization Contact URI Last Updated":
		case len(entries) > 0:
			e := &entries[len(entries)-1]
			e.words = append(e.words, strings.Fields(t)...)
			e.last = l.n
		default:
			if err := p.reject(l, "expected the contact table's header or a contact beginning with [Id]"); err != nil {
				return nil, err
			}
		}
	}
	return entries, nil
}

// rows gathers a copy's table lines into records: a record begins on a
// line of its own; a description that holds line breaks continues on the
// lines after a blank line, and the record's next cells then start a line
// of their own.
func (p *pageTextParser) rows(lines []textLine) ([]*pageRow, error) {
	// Records without a port come after every record with one, in the
	// registry and in any excerpt of it: a line before the last record
	// with a port does not begin one without.
	lastPort := -1
	for i, l := range lines {
		if strong, _, port := rowStart(l.text); strong && port >= 0 {
			lastPort = i
		}
	}
	var rows []*pageRow
	var cur *pageRow
	blanks := 0
	for i, l := range lines {
		if blank(l.text) {
			if cur != nil && !cur.closed {
				blanks++
			}
			continue
		}
		strong, weak, port := rowStart(l.text)
		weak = weak && i > lastPort
		open := cur != nil && !cur.closed
		if strong && open && cur.multi && cur.hasPort && port >= 0 && port < cur.port {
			strong = false // a line of a description that begins like a record
		}
		switch {
		case strong, weak && !(open && (blanks > 0 || cur.multi)):
			cur = &pageRow{lines: []textLine{l}, breaks: []brk{brkLine}, hasPort: strong && port >= 0, port: port}
			rows = append(rows, cur)
		case open && blanks > 0:
			cur.lines, cur.breaks = append(cur.lines, l), append(cur.breaks, brkBlank)
			cur.multi = true
		case open && cur.multi:
			// The record's cells after a description that spans lines.
			cur.lines, cur.breaks = append(cur.lines, l), append(cur.breaks, brkLine)
			cur.closed = true
		default:
			if err := p.reject(l, "expected a record, beginning with a service name or a port number"); err != nil {
				return nil, err
			}
		}
		blanks = 0
	}
	return rows, nil
}

// pieces splits a record's lines into words; a tab is a cell boundary of
// its own, and a bracket with spaces inside ("[RFC8765, Section 6.1]")
// stays one piece.
func (row *pageRow) pieces() []piece {
	var ps []piece
	for i, l := range row.lines {
		b := row.breaks[i]
		for ci, cell := range strings.Split(l.text, "\t") {
			if ci > 0 {
				b = brkCell
			}
			words := strings.Fields(cell)
			for j := 0; j < len(words); j++ {
				w := words[j]
				if strings.HasPrefix(w, "[") && strings.Count(w, "[") > strings.Count(w, "]") {
					for k := j + 1; k < len(words); k++ {
						m := strings.Join(words[j:k+1], " ")
						if strings.Count(m, "[") == strings.Count(m, "]") {
							if strings.HasSuffix(m, "]") {
								w, j = m, k
							}
							break
						}
					}
				}
				if len(ps) == 0 {
					b = brkLine
				}
				ps = append(ps, newPiece(w, b, l.n))
				b = brkSpace
			}
		}
	}
	return ps
}

func (p *pageTextParser) record(al *aligner, row *pageRow, pieces []piece) error {
	rec, a, err := alignRow(al, pieces, row.lines, p.reject)
	if rec == nil {
		return err
	}
	first := rec.Line
	if strings.Contains(a.cells[colDesc], "\n") {
		rec.Description, rec.DescriptionXML = pageBreaks(a.cells[colDesc])
	}
	describeAmbiguities(rec, a, first)
	for _, ref := range rec.People {
		r := p.roles[ref.ID]
		if ref.Role == RoleContact {
			r.contact = true
		} else {
			r.assignee = true
		}
		p.roles[ref.ID] = r
	}
	return p.h.Record(rec)
}

// pageBreaks reads a description that spans lines of a copy: each line
// break is a <br/> of the page (a blank line, two), which the copy keeps as
// markup, as the XML does; its text is what IANA's CSV renders of it.
func pageBreaks(cell string) (text, markup string) {
	var m strings.Builder
	paragraphs := strings.Split(cell, "\n\n")
	for i, p := range paragraphs {
		if i > 0 {
			m.WriteString("<br/><br/>\n")
		}
		m.WriteString(strings.ReplaceAll(xmlEscape(p), "\n", "<br/>\n"))
	}
	return RenderCell(strings.Join(paragraphs, "\n")), m.String()
}

// xmlEscape escapes text for markup, line breaks kept.
var xmlEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// describeAmbiguities records on rec the questions its alignment left
// open, and what the row said, for Resolve.
func describeAmbiguities(rec *Record, a *aligned, line int) {
	if len(a.ambiguities) == 0 {
		return
	}
	rec.Observed = ObservedText(a.cells[:])
	for _, k := range a.ambiguities {
		var reading string
		switch k {
		case AmbiguousDate:
			if rec.Registered != "" {
				reading = "registration date " + rec.Registered
			} else {
				reading = "modification date " + rec.Modified
			}
		case AmbiguousRole:
			if a.cells[colAssignee] != "" {
				reading = "assignee " + a.cells[colAssignee]
			} else {
				reading = "contact " + a.cells[colContact]
			}
		case AmbiguousText:
			var parts []string
			for _, c := range []int{colDesc, colUnauth, colNotes} {
				if a.cells[c] != "" {
					parts = append(parts, fmt.Sprintf("%s %q", strings.ToLower(Columns[c]), Fold(a.cells[c])))
				}
			}
			reading = strings.Join(parts, ", ")
		}
		rec.Ambiguities = append(rec.Ambiguities, ambiguity(k, line, reading))
	}
}

// footnotes reads a footnote section: a title, then "[1] text" entries,
// their text going on over the lines after.
func footnotes(lines []textLine, h Handler, reject func(textLine, string) error) error {
	var notes []*Footnote
	for i, l := range lines {
		t := strings.TrimSpace(l.text)
		switch {
		case t == "" || i == 0:
		case strings.HasPrefix(t, "["):
			end := strings.IndexByte(t, ']')
			if end > 1 && isDigits(t[1:end]) {
				notes = append(notes, &Footnote{Line: l.n, Anchor: t[1:end], Text: strings.TrimSpace(t[end+1:])})
				continue
			}
			fallthrough
		case len(notes) == 0:
			if err := reject(l, "expected a footnote beginning with its number in brackets, such as [1]"); err != nil {
				return err
			}
		default:
			f := notes[len(notes)-1]
			f.Text += "\n" + t
		}
	}
	for _, f := range notes {
		if err := h.Footnote(f); err != nil {
			return err
		}
	}
	return nil
}

// pageCell is a cell as the registry's web page shows it, and so as a
// browser copies it: white space folded, except that in a description a
// <br/> breaks the line (two make a blank line). Text outside descriptions
// keeps no line breaks.
func pageCell(text, markup string, breaks bool) string {
	if !breaks || !strings.Contains(markup, "<br") {
		return Fold(text)
	}
	const br = "\x00" // no cell holds a NUL
	lines := strings.Split(markupText(markup, br), br)
	for i, l := range lines {
		lines[i] = Fold(l) // a line break of the XML's text is white space on the page
	}
	s := strings.TrimRight(strings.Join(lines, "\n"), "\n")
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

// renderPageText writes records and persons as a browser copies IANA's
// page: a title and the date, the header line, each record's non-empty
// cells joined by spaces, then the contact section.
func renderPageText(w io.Writer, doc *Document) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Service Name and Transport Protocol Port Number Registry\n\nLast Updated\n%s\n\n%s\n", doc.Header.Date, pageHeaderLine)
	for _, r := range doc.Records {
		cells := r.Cells()
		cells[colDesc] = pageCell(r.Description, r.DescriptionXML, true)
		cells[colUnauth] = pageCell(r.Unauthorized, r.UnauthorizedXML, false)
		cells[colNotes] = pageCell(r.Notes, r.NotesXML, false)
		cells[colRef] = Fold(cells[colRef])
		sep := ""
		for _, c := range cells {
			if c == "" {
				continue
			}
			if !strings.HasPrefix(c, "\n") { // a description's own line breaks start it anew
				bw.WriteString(sep)
			}
			bw.WriteString(c)
			sep = " "
			if strings.Contains(c, "\n") {
				sep = "\n" // the next cell starts on a new line
			}
		}
		bw.WriteByte('\n')
	}
	if len(doc.Persons) > 0 {
		bw.WriteString("\nContact Information\n\nID Name Organization Contact URI Last Updated\n")
		for _, p := range doc.Persons {
			words := []string{"[" + p.ID + "]"}
			for _, s := range []string{p.Name, p.Org} {
				if s = Fold(s); s != "" {
					words = append(words, s)
				}
			}
			bw.WriteString(strings.Join(words, " "))
			for i, u := range p.URIs {
				if i == 0 {
					bw.WriteString(" " + u)
				} else {
					bw.WriteString("\n" + u)
				}
			}
			if p.Updated != "" {
				if len(p.URIs) > 1 {
					bw.WriteString("\n" + p.Updated)
				} else {
					bw.WriteString(" " + p.Updated)
				}
			}
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}
