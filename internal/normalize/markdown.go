package normalize

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// FormatMarkdown is the registry's page converted to Markdown tables,
// with a leading pipe on each row or without: empty cells were dropped,
// so the cells that remain shift left and a run of pipes pads the row to
// twelve; a cell that held line breaks is flattened and the row goes on
// on an indented next line; a pipe inside a cell is escaped "\|". The
// contact table that may follow keeps its empty cells.
const FormatMarkdown = "markdown"

func init() {
	RegisterFormat(Format{
		Name:     FormatMarkdown,
		Title:    "Markdown or pipe tables of the registry's page, empty cells collapsed",
		Kind:     KindExcerpt,
		Fidelity: 1,
		Lines:    true,
		Order:    40,
		Sniff:    sniffMarkdown,
		Parse:    parseMarkdown,
		Render:   renderMarkdown,
	})
}

// pipeCells splits a table line into its cells: a leading and a trailing
// pipe frame the row, "\|" is a pipe inside a cell. The cells are trimmed;
// empty ones stay.
func pipeCells(s string) []string {
	s = strings.TrimSpace(s)
	var cells []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '|' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			i++
		case c == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	cells = append(cells, strings.TrimSpace(b.String()))
	if len(cells) > 1 && cells[0] == "" && strings.HasPrefix(s, "|") {
		cells = cells[1:]
	}
	if n := len(cells); n > 1 && cells[n-1] == "" && strings.HasSuffix(s, "|") && !strings.HasSuffix(s, `\|`) {
		cells = cells[:n-1]
	}
	return cells
}

func isMarkdownHeader(s string) bool {
	return strings.Contains(s, "|") && isHeaderTitles(pipeCells(s))
}

var markdownRule = regexp.MustCompile(`^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$`)

func sniffMarkdown(data []byte) error {
	found := false
	firstLines(data, 5000, func(line []byte) bool {
		found = isMarkdownHeader(string(line))
		return !found
	})
	if !found {
		return errSniff("no table row of the column titles %q", "| "+strings.Join(Columns[:3], " | ")+" | ...")
	}
	return nil
}

type markdownParser struct {
	file  string
	h     Handler
	roles map[string]personRoles
}

func (p *markdownParser) reject(l textLine, reason string) error {
	return p.h.Reject(&Reject{Line: l.n, Text: l.text, Reason: reason})
}

// mdRow is a table row: its first line and the indented lines that
// continue it.
type mdRow struct {
	lines []textLine
}

func (r *mdRow) text() string {
	parts := make([]string, len(r.lines))
	for i, l := range r.lines {
		parts[i] = strings.TrimSpace(l.text)
	}
	return strings.Join(parts, " ")
}

// indented reports whether a line continues the row before it: Markdown
// lets a table row be indented by three spaces at most.
func indented(s string) bool {
	n := len(s) - len(strings.TrimLeft(s, " \t"))
	return n >= 4 || strings.HasPrefix(s, "\t")
}

// tableRows reads the rows of a pipe table from its lines, the header
// line excepted: the rule under the header, then rows, each continued by
// indented lines. It stops at the first line that is neither; rest is
// what follows.
func (p *markdownParser) tableRows(lines []textLine) (rows []*mdRow, rest []textLine, err error) {
	for i, l := range lines {
		switch {
		case i == 0 && markdownRule.MatchString(l.text):
		case blank(l.text):
			if len(rows) > 0 {
				return rows, lines[i:], nil
			}
		case len(rows) > 0 && indented(l.text):
			r := rows[len(rows)-1]
			r.lines = append(r.lines, l)
		case strings.Contains(l.text, "|"):
			rows = append(rows, &mdRow{lines: []textLine{l}})
		default:
			return rows, lines[i:], nil
		}
	}
	return rows, nil, nil
}

func parseMarkdown(file string, data []byte, h Handler) error {
	p := &markdownParser{file: file, h: h, roles: map[string]personRoles{}}
	lines, err := textOnly(splitLines(data), p.reject)
	if err != nil {
		return err
	}
	hi := -1
	for i, l := range lines {
		if isMarkdownHeader(l.text) {
			hi = i
			break
		}
	}
	if hi < 0 {
		return errorf(file, 1, 1, ErrHeader, "expected a table row of the column titles %q", "| "+strings.Join(Columns, " | ")+" |")
	}
	date, dateLine := lastUpdated(lines[:hi])
	if err := h.Header(&Header{Date: date, DateLine: dateLine, Format: FormatMarkdown, Kind: KindExcerpt, Extras: preamble(lines[:hi])}); err != nil {
		return err
	}
	rows, rest, err := p.tableRows(lines[hi+1:])
	if err != nil {
		return err
	}
	var contactRows []*mdRow
	var contactHeader []string
	var notes []textLine
	for len(rest) > 0 {
		l := rest[0]
		switch t := Fold(bulletless(l.text)); {
		case t == "":
			rest = rest[1:]
		case t == "Contact Information" || t == "People":
			rest = rest[1:]
			for len(rest) > 0 && blank(rest[0].text) {
				rest = rest[1:]
			}
			if len(rest) == 0 || !strings.Contains(rest[0].text, "|") {
				continue
			}
			contactHeader = pipeCells(rest[0].text)
			if contactRows, rest, err = p.tableRows(rest[1:]); err != nil {
				return err
			}
		case t == "Footnote" || t == "Footnotes":
			notes, rest = rest, nil
		default:
			if err := p.reject(l, "expected a table row, the contact table or footnotes"); err != nil {
				return err
			}
			rest = rest[1:]
		}
	}
	persons, err := p.contacts(contactHeader, contactRows)
	if err != nil {
		return err
	}
	al := &aligner{}
	if len(persons) > 0 {
		al.persons, al.personDates = map[string]bool{}, map[string]string{}
		for _, person := range persons {
			al.persons[person.ID] = true
			al.personDates[person.ID] = person.Updated
		}
	}
	pieces := make([][]piece, len(rows))
	for i, r := range rows {
		for _, c := range pipeCells(r.text()) {
			if c != "" {
				pieces[i] = append(pieces[i], newPiece(c, brkCell, r.lines[0].n))
			}
		}
		al.notePairDates(pieces[i])
	}
	for i, r := range rows {
		if err := p.record(al, r, pieces[i]); err != nil {
			return err
		}
	}
	for _, person := range persons {
		if err := h.Person(person); err != nil {
			return err
		}
	}
	return footnotes(notes, h, p.reject)
}

func (p *markdownParser) record(al *aligner, r *mdRow, pieces []piece) error {
	rec, a, err := alignRow(al, pieces, r.lines, p.reject)
	if rec == nil {
		return err
	}
	describeAmbiguities(rec, a, rec.Line)
	return p.h.Record(rec)
}

// contacts reads the contact table: by its header where a row has as many
// cells, else by what each cell holds (an id in brackets, URIs, a date,
// and the name).
func (p *markdownParser) contacts(header []string, rows []*mdRow) ([]*Person, error) {
	col := map[string]int{}
	for i, h := range header {
		col[Fold(h)] = i
	}
	var persons []*Person
	for _, r := range rows {
		cells := pipeCells(r.text())
		first := r.lines[0].n
		person := &Person{Line: first, EndLine: r.lines[len(r.lines)-1].n}
		if len(cells) == len(header) {
			get := func(name string) string {
				if i, ok := col[name]; ok {
					return cells[i]
				}
				return ""
			}
			person.ID = get("ID")
			person.Name, person.Org, person.Updated = get("Name"), get("Organization"), get("Last Updated")
			person.URIs = strings.Fields(get("Contact URI"))
		} else {
			var text []string
			for _, c := range cells {
				switch {
				case c == "":
				case person.ID == "" && strings.HasPrefix(c, "["):
					person.ID = c
				case isDate(c):
					person.Updated = c
				case uriShape.MatchString(strings.Fields(c)[0]):
					person.URIs = append(person.URIs, strings.Fields(c)...)
				default:
					text = append(text, c)
				}
			}
			if len(text) > 0 {
				person.Name = text[0]
			}
			if len(text) > 1 {
				person.Org = strings.Join(text[1:], " ")
				person.Ambiguities = []Ambiguity{ambiguity(AmbiguousNameOrg, first, fmt.Sprintf("name %q, organization %q", person.Name, person.Org))}
			}
		}
		id, ok := strings.CutPrefix(person.ID, "[")
		id, ok2 := strings.CutSuffix(id, "]")
		id = strings.TrimSpace(id) // "[Andrew_Beekhof ]", as IANA wrote it once
		if !ok || !ok2 || !isPersonID(id) {
			for _, l := range r.lines {
				if err := p.reject(l, "expected a contact: an id in brackets such as [Jon_Postel], then name, URIs and date"); err != nil {
					return nil, err
				}
			}
			continue
		}
		person.ID = id
		repairCopiedURIs(person, func(f string, args ...any) {
			p.h.Warn(&ParseError{File: p.file, Line: first, Err: fmt.Errorf(f, args...)})
		})
		persons = append(persons, person)
	}
	return persons, nil
}

// markdownCell is a cell as a Markdown converter writes it: on one line,
// white space folded, a pipe escaped.
func markdownCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(Fold(s), `\`, `\\`), "|", `\|`)
}

// renderMarkdown writes records as a Markdown table whose empty cells
// collapsed, as the seeds show it: with a leading pipe on each row, or
// without where doc.Header.Style is "no-leading-pipe". A description that
// held line breaks ends its line, and the row goes on on the next,
// indented. The contact table keeps its empty cells.
func renderMarkdown(w io.Writer, doc *Document) error {
	lead := doc.Header.Style != "no-leading-pipe"
	bw := bufio.NewWriter(w)
	row := func(cells []string, pad int) string {
		s := strings.Join(cells, " | ") + " | " + strings.Repeat("|", pad)
		if lead {
			s = "| " + s
		}
		return strings.TrimRight(s, " ")
	}
	fmt.Fprintf(bw, "Service Name and Transport Protocol Port Number Registry\n- Last Updated\n- %s\n", doc.Header.Date)
	rule := make([]string, len(Columns))
	for i := range rule {
		rule[i] = "---"
	}
	bw.WriteString(row(Columns, 0) + "\n")
	bw.WriteString(strings.TrimSuffix(row(rule, 0), " ") + "\n")
	for _, r := range doc.Records {
		cells := r.Cells()
		cells[colDesc] = pageCell(r.Description, r.DescriptionXML, true)
		var out []string
		broken := false
		for i, c := range cells {
			if c == "" {
				continue
			}
			if i == colDesc && strings.Contains(c, "\n") {
				broken = true
			}
			out = append(out, markdownCell(c))
		}
		s := row(out, len(Columns)-len(out))
		if broken {
			// The converter ends the line after a cell that held line
			// breaks, and indents what follows.
			d := markdownCell(cells[colDesc])
			if i := strings.Index(s, d+" |"); i >= 0 && i+len(d)+2 < len(s) {
				s = s[:i+len(d)+2] + "\n            " + strings.TrimLeft(s[i+len(d)+2:], " ")
			}
		}
		bw.WriteString(s + "\n")
	}
	if len(doc.Persons) > 0 {
		bw.WriteString("\nContact Information\n")
		head := []string{"ID", "Name", "Organization", "Contact URI", "Last Updated"}
		bw.WriteString(row(head, 0) + "\n")
		bw.WriteString(row([]string{"---", "---", "---", "---", "---"}, 0) + "\n")
		for _, p := range doc.Persons {
			cells := []string{"[" + p.ID + "]", markdownCell(p.Name), markdownCell(p.Org), markdownCell(strings.Join(p.URIs, " ")), p.Updated}
			bw.WriteString(row(cells, 0) + "\n")
		}
	}
	return bw.Flush()
}
