package normalize

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"

	xhtml "golang.org/x/net/html"
)

// FormatHTML is IANA's HTML rendering of the registry: a table of the
// records, then a table of the people, as one page or as one of a
// paginated listing (an excerpt).
const FormatHTML = "html"

func init() {
	RegisterFormat(Format{
		Name:     FormatHTML,
		Title:    "IANA's HTML page (service-names-port-numbers.xhtml), one page or one of many",
		Kind:     KindComplete,
		Fidelity: 2,
		Order:    10,
		Sniff:    sniffHTML,
		Parse:    parseHTML,
		Render:   renderHTML,
	})
}

func sniffHTML(data []byte) error {
	rest := bytes.TrimLeft(bytes.TrimPrefix(data, bom), " \t\r\n")
	if len(rest) == 0 || rest[0] != '<' {
		return errSniff("does not begin with <")
	}
	if name := firstElement(rest); !isHTMLElement(name) {
		return errSniff("its first element is <%s>, not <html>", name)
	}
	return nil
}

// htmlCell is a table cell's text: text as written (entities decoded),
// a <br> as a line break.
type htmlCell struct {
	text   strings.Builder
	header bool
}

// htmlRow is a table row and the lines it spans.
type htmlRow struct {
	cells       []string
	header      bool
	first, last int
}

// htmlTable is a table of the page, with the line of its start.
type htmlTable struct {
	rows []*htmlRow
	line int
}

// htmlPage is what the parser takes from a page: its tables, its "Last
// Updated" date, and whether it is one page of several.
type htmlPage struct {
	tables    []*htmlTable
	date      string
	dateLine  int
	paginated bool
	title     string
	about     []Raw // the registry's own entries of the page's <dl>: experts, references, notes
}

// readHTML tokenizes a page with golang.org/x/net/html, keeping the
// line each row starts and ends on.
func readHTML(file string, data []byte) (*htmlPage, error) {
	z := xhtml.NewTokenizer(bytes.NewReader(data))
	z.SetMaxBuf(MaxField)
	page := &htmlPage{}
	var stack []*htmlTable
	var row *htmlRow
	var cell *htmlCell
	var dt, dd, title strings.Builder
	inDT, inDD, inTitle, lastUpdated := false, false, false, false
	term, termLine := "", 0
	line := 1
	for {
		tt := z.Next()
		start := line
		line += bytes.Count(z.Raw(), []byte{'\n'})
		switch tt {
		case xhtml.ErrorToken:
			if z.Err() == io.EOF {
				return page, nil
			}
			if errors.Is(z.Err(), xhtml.ErrBufferExceeded) {
				return page, errorf(file, start, 0, ErrTooLarge, "expected tags and text of at most %s", size(MaxField))
			}
			return page, errorf(file, start, 0, ErrSyntax, "expected an HTML page: %v", z.Err())
		case xhtml.TextToken:
			text := string(z.Text())
			var b *strings.Builder
			switch {
			case cell != nil:
				b = &cell.text
			case inDT:
				b = &dt
			case inDD:
				b = &dd
			case inTitle:
				b = &title
			}
			if b != nil {
				if b.Len()+len(text) > MaxField {
					return page, errorf(file, start, 0, ErrTooLarge, "expected a cell of at most %s", size(MaxField))
				}
				b.WriteString(text)
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
			name, hasAttr := z.TagName()
			var attrs map[string]string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if attrs == nil {
					attrs = map[string]string{}
				}
				attrs[string(k)] = string(v)
			}
			end := tt == xhtml.EndTagToken
			switch string(name) {
			case "table":
				if end {
					if len(stack) > 0 {
						stack = stack[:len(stack)-1]
					}
					row, cell = nil, nil
				} else if tt == xhtml.StartTagToken {
					t := &htmlTable{line: start}
					page.tables = append(page.tables, t)
					stack = append(stack, t)
				}
			case "tr":
				if len(stack) == 0 {
					break
				}
				if end {
					if row != nil {
						row.last = start
					}
					row, cell = nil, nil
				} else {
					row = &htmlRow{first: start, last: start}
					t := stack[len(stack)-1]
					t.rows = append(t.rows, row)
				}
			case "td", "th":
				if row == nil {
					break
				}
				if cell != nil {
					row.cells = append(row.cells, cell.text.String())
					cell = nil
				}
				if !end {
					cell = &htmlCell{header: string(name) == "th"}
					row.header = row.header || cell.header
					if tt == xhtml.SelfClosingTagToken {
						row.cells = append(row.cells, "")
						cell = nil
					}
				}
			case "br":
				if cell != nil {
					cell.text.WriteByte('\n')
				}
			case "p", "div":
				if cell != nil {
					cell.text.WriteByte('\n')
				}
				if string(name) == "div" && strings.Contains(attrs["class"], "pagination") && !end {
					page.paginated = true
				}
			case "a":
				if strings.Contains(attrs["href"], "page=") {
					page.paginated = true
				}
			case "dt":
				inDT = !end
				if end {
					term, termLine = Fold(dt.String()), start
					lastUpdated = term == "Last Updated"
					dt.Reset()
				}
			case "dd":
				inDD = !end
				if end {
					switch text := strings.TrimSpace(dd.String()); {
					case lastUpdated && page.date == "" && isoDay.MatchString(text):
						page.date, page.dateLine = text, start
					case term != "":
						page.about = append(page.about, Raw{Name: term, Text: text, Line: termLine})
					}
					lastUpdated, term = false, ""
					dd.Reset()
				}
			case "title", "h1":
				inTitle = !end
				if end && page.title == "" {
					page.title = Fold(title.String())
				}
			}
		}
	}
}

func parseHTML(file string, data []byte, h Handler) error {
	page, err := readHTML(file, data)
	if err != nil {
		return err
	}
	var records, people *htmlTable
	for _, t := range page.tables {
		if len(t.rows) == 0 || !t.rows[0].header {
			continue
		}
		switch head := t.rows[0].cells; {
		case records == nil && isHeaderTitles(head):
			records = t
		case people == nil && len(head) >= 2 && Fold(head[0]) == "ID":
			people = t
		}
	}
	if records == nil {
		return errorf(file, 1, 1, ErrHeader, "expected a table headed %q", strings.Join(Columns[:3], ", ")+", ...")
	}
	kind := KindComplete
	if page.paginated {
		kind = KindExcerpt // one page of a listing
	}
	var extras []Raw
	if page.title != "" {
		extras = []Raw{{Name: "title", Text: page.title, Line: 1}}
	}
	extras = append(extras, page.about...)
	if err := h.Header(&Header{Date: page.date, DateLine: page.dateLine, Format: FormatHTML, Kind: kind, Extras: extras}); err != nil {
		return err
	}
	reject := func(r *htmlRow, reason string) error {
		return h.Reject(&Reject{Line: r.first, Text: strings.Join(r.cells, " | "), Reason: reason})
	}
	for _, r := range records.rows[1:] {
		if r.header {
			continue
		}
		if len(r.cells) != len(Columns) {
			if err := reject(r, fmt.Sprintf("expected a record of %d cells, found %d", len(Columns), len(r.cells))); err != nil {
				return err
			}
			continue
		}
		rec, err := recordOfCells(htmlCells(r.cells), r.first, r.last)
		if err != nil {
			if err := reject(r, "expected a record: "+err.Error()); err != nil {
				return err
			}
			continue
		}
		if err := h.Record(rec); err != nil {
			return err
		}
	}
	if people == nil {
		return nil
	}
	col := map[string]int{}
	for i, c := range people.rows[0].cells {
		col[Fold(c)] = i
	}
	for _, r := range people.rows[1:] {
		if r.header {
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(r.cells) {
				return r.cells[i]
			}
			return ""
		}
		id := strings.TrimSpace(get("ID"))
		id = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(id, "["), "]"))
		if !isPersonID(id) {
			if err := reject(r, "expected a person: an id in brackets such as [Jon_Postel]"); err != nil {
				return err
			}
			continue
		}
		p := &Person{
			Line: r.first, EndLine: r.last, ID: id,
			Name: Fold(get("Name")), Org: Fold(get("Organization")),
			URIs: strings.Fields(get("Contact URI")), Updated: Fold(get("Last Updated")),
		}
		if err := h.Person(p); err != nil {
			return err
		}
	}
	return nil
}

// htmlCells makes a row's cells what IANA's CSV renders: text cells as
// RenderCell leaves them, person and reference cells without the white
// space the markup put around their links.
func htmlCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		switch i {
		case colDesc, colUnauth, colNotes:
			out[i] = RenderCell(c)
		case colAssignee, colContact:
			out[i] = strings.Join(strings.Fields(c), "")
		case colRef:
			out[i] = strings.ReplaceAll(Fold(c), "] [", "][")
		default:
			out[i] = Fold(c)
		}
	}
	return out
}

// renderHTML writes records and persons as IANA's HTML page did in 2015:
// the date in a <dl>, a table of the records whose person and reference
// cells are links, and a table of the people.
func renderHTML(w io.Writer, doc *Document) error {
	bw := bufio.NewWriter(w)
	esc := html.EscapeString
	fmt.Fprintf(bw, `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
  <head>
    <title>Service Name and Transport Protocol Port Number Registry</title>
  </head>
  <body>
    <h1>Service Name and Transport Protocol Port Number Registry</h1>
    <dl>
      <dt>Last Updated</dt>
      <dd>%s</dd>
    </dl>
    <table id="table-service-names-port-numbers">
      <thead>
        <tr>
`, esc(doc.Header.Date))
	for _, c := range Columns {
		fmt.Fprintf(bw, "          <th>%s</th>\n", esc(c))
	}
	bw.WriteString("        </tr>\n      </thead>\n      <tbody>\n")
	links := func(ids []string, href func(string) string) string {
		var b strings.Builder
		for _, id := range ids {
			fmt.Fprintf(&b, `[<a href="%s">%s</a>]`, esc(href(id)), esc(id))
		}
		return b.String()
	}
	for _, r := range doc.Records {
		id := r.Identity()
		cells := r.Cells()
		var labels []string
		for _, ref := range r.References {
			labels = append(labels, ref.Label)
		}
		html := []string{
			esc(cells[colName]), esc(cells[colPort]), esc(cells[colProto]),
			htmlText(r.Description, r.DescriptionXML),
			links(id.Assignees, func(s string) string { return "#" + s }),
			links(id.Contacts, func(s string) string { return "#" + s }),
			esc(cells[colReg]), esc(cells[colMod]),
			links(labels, func(l string) string { return "http://www.iana.org/go/" + strings.ToLower(l) }),
			esc(cells[colSC]), htmlText(r.Unauthorized, r.UnauthorizedXML), htmlText(r.Notes, r.NotesXML),
		}
		bw.WriteString("        <tr>\n")
		for _, c := range html {
			fmt.Fprintf(bw, "          <td>%s</td>\n", c)
		}
		bw.WriteString("        </tr>\n")
	}
	bw.WriteString("      </tbody>\n    </table>\n")
	if len(doc.Persons) > 0 {
		bw.WriteString(`    <h1 class="people">People</h1>
    <table class="sortable">
      <thead>
        <tr>
          <th>ID</th>
          <th>Name</th>
          <th>Organization</th>
          <th>Contact URI</th>
          <th>Last Updated</th>
        </tr>
      </thead>
      <tbody>
`)
		for _, p := range doc.Persons {
			var uris []string
			for _, u := range p.URIs {
				uris = append(uris, fmt.Sprintf(`<a href="%s">%s</a>`, esc(u), esc(u)))
			}
			fmt.Fprintf(bw, "        <tr>\n          <td>\n            <a name=\"%s\" id=\"%s\">[%s]</a>\n          </td>\n", esc(p.ID), esc(p.ID), esc(p.ID))
			fmt.Fprintf(bw, "          <td>%s</td>\n          <td>%s</td>\n", esc(p.Name), esc(p.Org))
			fmt.Fprintf(bw, "          <td>\n            %s\n          </td>\n          <td>%s</td>\n        </tr>\n", strings.Join(uris, "<br />\n            "), esc(p.Updated))
		}
		bw.WriteString("      </tbody>\n    </table>\n")
	}
	bw.WriteString("  </body>\n</html>\n")
	return bw.Flush()
}

// htmlText writes a text cell as HTML: from its markup where it has some
// (a <br/> stays one, an xref becomes its label in brackets), else its
// text, line breaks kept as the page keeps the XML's.
func htmlText(text, markup string) string {
	if markup == "" {
		return html.EscapeString(text)
	}
	const br = "\x00"
	s := html.EscapeString(markupText(markup, br))
	return strings.ReplaceAll(s, br, "<br/>")
}
