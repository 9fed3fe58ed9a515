package normalize

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FormatFixedWidth is IANA's plain-text rendering of the registry
// (service-names-port-numbers.txt, 2013 and before): a text browser's
// rendering of the HTML page. Boilerplate, a three-line table header, the
// records in aligned columns whose long cells wrap onto lines of their
// own, then a "People" table in the same shape and a "Footnote" section.
//
// The browser centred each row's cells vertically: a cell shorter than
// its row sits in the row's middle, so a record's wrapped cells may begin
// on lines above the one that holds its name and port. It padded columns
// by bytes, not characters: on a line that holds UTF-8 the later columns
// sit one character to the left for each extra byte. Both are read as
// they are.
const FormatFixedWidth = "fixed-width"

func init() {
	RegisterFormat(Format{
		Name:     FormatFixedWidth,
		Title:    "IANA's fixed-width plain text (service-names-port-numbers.txt)",
		Kind:     KindComplete,
		Fidelity: 2,
		Lines:    true,
		Order:    50,
		Sniff:    sniffFixedWidth,
		Parse:    parseFixedWidth,
	})
}

// fixedHeader matches the line of the table header that names the first
// columns: their titles stand apart, where a copy or a Markdown table
// joins them with single spaces or pipes.
var fixedHeader = regexp.MustCompile(`Service Name {2,}Port Number`)

// sniffFixedWidth accepts a document with the table header's line of
// titles standing apart.
func sniffFixedWidth(data []byte) error {
	found := false
	firstLines(data, 5000, func(line []byte) bool {
		found = fixedHeader.Match(line)
		return !found
	})
	if !found {
		return errSniff("no header line with %q, two spaces or more, then %q", "Service Name", "Port Number")
	}
	return nil
}

// fwTable says what a table of the rendering holds: the titles its
// columns may have, in order, and which leading columns every row fills
// on the line the browser centred it on.
type fwTable struct {
	what    string     // "record", "person": for messages
	titles  [][]string // each column's titles, white space folded
	anchors int        // columns 0..anchors-1 hold a row's key, on one line
	// wrapKey is a key column whose cell may wrap all the same (a
	// service name with spaces): a line that holds text in it and in no
	// other column may go on a neighbour's cell. -1 for none.
	wrapKey int
	// named is the key column that names the row (the service name, the
	// person's id), and kin the columns whose text often echoes that
	// name (a description, a person's name and organization): see
	// affinities.
	named   int
	kin     []bool
	prose   []bool // columns whose text keeps a blank line as a paragraph break
	bracket []bool // columns whose cells are [items]: a cell starts with "[" and ends with "]"
}

// fwRecordTable describes the table of records. Its columns are IANA's
// (see Columns); the Unauthorized column's title was "Known Unauthorized
// Uses" in 2013.
func fwRecordTable() *fwTable {
	return &fwTable{
		what:    "record",
		titles:  fwTitles(Columns, map[int]string{colUnauth: "Known Unauthorized Uses"}),
		anchors: 3,
		wrapKey: colName,
		named:   colName,
		kin:     fwMark(len(Columns), colDesc),
		prose:   fwMark(len(Columns), colDesc, colUnauth, colNotes),
		bracket: fwMark(len(Columns), colAssignee, colContact, colRef),
	}
}

// fwPeopleTable describes the People table.
func fwPeopleTable() *fwTable {
	return &fwTable{
		what:    "person",
		titles:  fwTitles([]string{"ID", "Name", "Organization", "Contact URI", "Last Updated"}, nil),
		anchors: 1,
		wrapKey: -1,
		named:   fwPersonID,
		kin:     fwMark(5, fwPersonName, fwPersonOrg),
		prose:   fwMark(5),
		bracket: fwMark(5, fwPersonID),
	}
}

// Columns of the People table.
const (
	fwPersonID = iota
	fwPersonName
	fwPersonOrg
	fwPersonURI
	fwPersonUpdated
)

// fwTitles lists each column's titles: its name, and an alternative where
// alt gives one.
func fwTitles(names []string, alt map[int]string) [][]string {
	t := make([][]string, len(names))
	for i, n := range names {
		t[i] = []string{n}
		if a, ok := alt[i]; ok {
			t[i] = append(t[i], a)
		}
	}
	return t
}

// fwMark marks columns cols of n.
func fwMark(n int, cols ...int) []bool {
	p := make([]bool, n)
	for _, c := range cols {
		p[c] = true
	}
	return p
}

// words is the set of words the table's titles are made of: a header
// line holds nothing else.
func (t *fwTable) words() map[string]bool {
	w := map[string]bool{}
	for _, ts := range t.titles {
		for _, s := range ts {
			for _, f := range strings.Fields(s) {
				w[f] = true
			}
		}
	}
	return w
}

// fixedParser reads one document: its name for errors, and where what it
// reads goes.
type fixedParser struct {
	file string
	h    Handler
}

// reject delivers a line the parser could not read.
func (p *fixedParser) reject(l textLine, reason string) error {
	return p.h.Reject(&Reject{Line: l.n, Text: l.text, Reason: reason})
}

// parseFixedWidth reads IANA's fixed-width text: the boilerplate before
// the table header as the Header's preamble, then the records, the
// persons and the footnotes.
func parseFixedWidth(file string, data []byte, h Handler) error {
	lines := splitLines(data)
	hi := slices.IndexFunc(lines, func(l textLine) bool { return fixedHeader.MatchString(l.text) })
	if hi < 0 {
		return errorf(file, 1, 1, ErrHeader, "expected the table's header, a line with %q, two spaces or more, then %q", "Service Name", "Port Number")
	}
	top, end := titleBlock(lines, hi, fwRecordTable().words())
	date, dateLine := lastUpdated(lines[:top])
	if err := h.Header(&Header{Date: date, DateLine: dateLine, Format: FormatFixedWidth, Kind: KindComplete, Extras: preamble(lines[:top])}); err != nil {
		return err
	}
	p := &fixedParser{file: file, h: h}
	table, people, notes := fixedSections(lines[end:])
	if err := p.records(table, lines[top:end]); err != nil {
		return err
	}
	if err := p.persons(people); err != nil {
		return err
	}
	return footnotes(notes, h, p.reject)
}

// titleBlock widens a header line at hi to the header's other lines: the
// lines around it that hold only the titles' words.
func titleBlock(lines []textLine, hi int, words map[string]bool) (top, end int) {
	isTitle := func(s string) bool {
		f := strings.Fields(s)
		for _, w := range f {
			if !words[w] {
				return false
			}
		}
		return len(f) > 0
	}
	top, end = hi, hi+1
	for top > 0 && isTitle(lines[top-1].text) {
		top--
	}
	for end < len(lines) && isTitle(lines[end].text) {
		end++
	}
	return top, end
}

// fixedSections splits what follows the table header: the records, the
// People section from its title on, and the Footnote section from its
// title on. A title counts where the line after it is what its section
// begins with, so that a cell's line that says "People" does not.
func fixedSections(lines []textLine) (table, people, notes []textLine) {
	next := func(i int) string {
		for _, l := range lines[i+1:] {
			if t := strings.TrimSpace(l.text); t != "" {
				return t
			}
		}
		return ""
	}
	pi, fi := len(lines), len(lines)
	for i, l := range lines {
		switch t := Fold(l.text); {
		case pi == len(lines) && (t == "People" || t == "Contact Information") && strings.HasPrefix(next(i), "ID "):
			pi = i
		case t == "Footnote" || t == "Footnotes":
			if n := next(i); strings.HasPrefix(n, "[") && len(n) > 1 && n[1] >= '0' && n[1] <= '9' {
				fi = i
			}
		}
		if fi < len(lines) {
			break
		}
	}
	pi = min(pi, fi)
	return lines[:pi], lines[pi:fi], lines[fi:]
}

// records reads the table of records; header is the table's header,
// whose titles help place columns no record fills.
func (p *fixedParser) records(table, header []textLine) error {
	rows, err := p.rows(table, header, fwRecordTable())
	if err != nil {
		return err
	}
	if rows == nil {
		return errorf(p.file, header[len(header)-1].n, 1, ErrSyntax, "expected records under the table's header, found none")
	}
	for _, row := range rows {
		if row.reason != "" {
			if err := p.rejectRow(row, row.reason); err != nil {
				return err
			}
			continue
		}
		rec, err := fwRecord(row)
		if err != nil {
			if err := p.rejectRow(row, "expected a record: "+err.Error()); err != nil {
				return err
			}
			continue
		}
		if err := p.h.Record(rec); err != nil {
			return err
		}
	}
	return nil
}

// fwRecord builds a record from a row's cells: recordOfCells, after the
// checks of the cells it leaves unchecked, so that a stray line aligned
// with the name column is not taken for a record.
func fwRecord(row *fwRow) (*Record, error) {
	cells := row.cells
	name, port, proto := cells[colName], cells[colPort], cells[colProto]
	switch {
	case name == "" && port == "":
		return nil, fmt.Errorf("%s: expected a service name or a port number, found neither", Columns[colName])
	case name != "" && !isServiceNameShape(name) && !(row.heights[colName] > 1 && fwNameShape.MatchString(name)):
		return nil, fmt.Errorf("%s: expected a service name such as \"echo\", found %s", Columns[colName], excerpt(name))
	case proto != "" && proto != "tcp" && proto != "udp" && proto != "sctp" && proto != "dccp":
		return nil, fmt.Errorf("%s: expected tcp, udp, sctp or dccp, found %s", Columns[colProto], excerpt(proto))
	}
	for _, c := range []int{colReg, colMod} {
		if d := cells[c]; d != "" && !isDate(d) {
			return nil, fmt.Errorf("%s: expected a date such as 2013-06-26, found %s", Columns[c], excerpt(d))
		}
	}
	if s := cells[colSC]; s != "" && !isDigits(s) {
		return nil, fmt.Errorf("%s: expected a number, found %s", Columns[colSC], excerpt(s))
	}
	return recordOfCells(cells, row.lines[0].n, row.lines[len(row.lines)-1].n)
}

// personID is a cell of the People table's ID column. An id may hold a
// space: the registry has "Andrew_Beekhof " (sic).
var personID = regexp.MustCompile(`^\[([^\[\]]+)\]$`)

// fwNameShape is a service name with spaces: the registry has two from
// before it limited names ("Apple Remote Desktop (Net Assistant)"), too
// long for their column, which wraps them. A name with spaces on one line
// is not one.
var fwNameShape = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.+/*:()-]*(?: [A-Za-z0-9_.+/*:()-]+)*$`)

// persons reads the People section: its title, the table's header, then
// a row for each person.
func (p *fixedParser) persons(lines []textLine) error {
	if len(lines) == 0 {
		return nil
	}
	hi := 1 + slices.IndexFunc(lines[1:], func(l textLine) bool { return strings.HasPrefix(strings.TrimSpace(l.text), "ID ") })
	if hi < 1 {
		return errorf(p.file, lines[0].n, 1, ErrHeader, "expected the People table's header after its title, beginning with %q", "ID")
	}
	t := fwPeopleTable()
	top, end := titleBlock(lines, hi, t.words())
	for _, l := range lines[1:top] {
		if !blank(l.text) {
			if err := p.reject(l, "expected the People table's header, beginning with \"ID\""); err != nil {
				return err
			}
		}
	}
	rows, err := p.rows(lines[end:], lines[top:end], t)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if row.reason != "" {
			if err := p.rejectRow(row, row.reason); err != nil {
				return err
			}
			continue
		}
		m := personID.FindStringSubmatch(row.cells[fwPersonID])
		updated := row.cells[fwPersonUpdated]
		var reason string
		switch {
		case m == nil:
			reason = fmt.Sprintf("expected a person: ID: expected an id in brackets such as [Jon_Postel], found %s", excerpt(row.cells[fwPersonID]))
		case updated != "" && !isDate(updated):
			reason = fmt.Sprintf("expected a person: Last Updated: expected a date such as 2013-06-26, found %s", excerpt(updated))
		}
		if reason != "" {
			if err := p.rejectRow(row, reason); err != nil {
				return err
			}
			continue
		}
		person := &Person{
			Line:    row.lines[0].n,
			EndLine: row.lines[len(row.lines)-1].n,
			ID:      m[1],
			Name:    row.cells[fwPersonName],
			Org:     row.cells[fwPersonOrg],
			URIs:    strings.Fields(row.cells[fwPersonURI]),
			Updated: updated,
		}
		if err := p.h.Person(person); err != nil {
			return err
		}
	}
	return nil
}

// rejectRow rejects each line of a row that holds text.
func (p *fixedParser) rejectRow(row *fwRow, reason string) error {
	for _, l := range row.lines {
		if blank(l.text) {
			continue
		}
		if err := p.reject(l, reason); err != nil {
			return err
		}
	}
	return nil
}

// fwRow is a row of a table: its lines, from the first that holds its
// text to the last, and its cells; or, where reason is set, a line that
// fits no row.
type fwRow struct {
	lines   []textLine
	cells   []string
	heights []int // by column, the lines that hold its text
	reason  string
}

// fwLine is a line of a table, split into its columns' text.
type fwLine struct {
	textLine
	cells []string // by column; "" where the line holds nothing there
}

// rows reads a table: it infers where the columns are, cuts each line
// into cells, and gathers lines into rows around the lines that hold a
// row's key. Lines that cannot be read are returned as rows with a
// reason, in document order with the others. A table without a line of
// text has no rows.
func (p *fixedParser) rows(lines, header []textLine, t *fwTable) ([]*fwRow, error) {
	var texts []textLine
	for _, l := range lines {
		if !blank(l.text) {
			texts = append(texts, l)
		}
	}
	if len(texts) == 0 {
		return nil, nil
	}
	lay, outlier, ok := inferLayout(texts, header, t)
	if !ok {
		return nil, errorf(p.file, texts[0].n, 1, ErrSyntax,
			"expected the %ss in %d columns aligned by spaces: the columns could not be inferred from the lines' spacing", t.what, len(t.titles))
	}
	var kept []fwLine
	var odd []*fwRow
	for i, j := 0, 0; i < len(lines); i++ {
		l := lines[i]
		if j < len(texts) && texts[j].n == l.n {
			j++
			if outlier[j-1] && !lay.fits(l.text) {
				odd = append(odd, &fwRow{lines: []textLine{l}, reason: fmt.Sprintf("expected a line of the %s table, its text in the columns the other lines share", t.what)})
				continue
			}
		}
		kept = append(kept, fwLine{textLine: l, cells: lay.cells(l.text, len(t.titles))})
	}
	rows := groupRows(kept, t, &lay)
	// Deliver in document order.
	out := make([]*fwRow, 0, len(rows)+len(odd))
	out = append(out, rows...)
	out = append(out, odd...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].lines[0].n < out[j].lines[0].n })
	return out, nil
}

// fwLayout is where a table's columns sit: spans[i], start inclusive and
// end exclusive, holds column cols[i]. Positions count bytes, or runes
// where the rendering padded by characters.
type fwLayout struct {
	runes  bool
	spans  [][2]int
	cols   []int
	gutter []bool // by position: true where no column is
}

// unit is the size in bytes of the position at s[i].
func unit(s string, i int, runes bool) int {
	if !runes || s[i] < utf8.RuneSelf {
		return 1
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return size
}

// occupancy counts, for each position, the lines that hold text there.
func occupancy(texts []textLine, runes bool) []int {
	var occ []int
	for _, l := range texts {
		s := l.text
		pos := 0
		for i := 0; i < len(s); pos++ {
			if s[i] != ' ' {
				if pos >= len(occ) {
					occ = append(occ, make([]int, pos+1-len(occ))...)
				}
				occ[pos]++
			}
			i += unit(s, i, runes)
		}
	}
	return occ
}

// spansOf returns the runs of positions some line holds text at.
func spansOf(occ []int) [][2]int {
	var spans [][2]int
	for p := 0; p < len(occ); p++ {
		if occ[p] == 0 {
			continue
		}
		start := p
		for p < len(occ) && occ[p] > 0 {
			p++
		}
		spans = append(spans, [2]int{start, p})
	}
	return spans
}

// mergeSpans joins neighbouring spans across the narrowest gaps until n
// remain: a column whose lines happen to share a space splits in two.
func mergeSpans(spans [][2]int, n int) [][2]int {
	spans = slices.Clone(spans)
	for len(spans) > n {
		k := 0
		for i := 1; i+1 < len(spans); i++ {
			if spans[i+1][0]-spans[i][1] < spans[k+1][0]-spans[k][1] {
				k = i
			}
		}
		spans[k][1] = spans[k+1][1]
		spans = slices.Delete(spans, k+1, k+2)
	}
	return spans
}

// inferLayout finds a table's columns from its lines' spacing: the
// positions where every line holds a space (gutters) part the columns.
// Byte positions are tried first, as IANA's rendering padded by bytes,
// then runes. Where that gives more spans than columns, the narrowest
// gaps are closed; where fewer, the header's titles may tell which
// columns no line fills. A layout the header's titles agree with is
// preferred; failing that, a few lines that fill gutters the others leave
// (a word too long for its column, a line of no row) are set aside and
// reported in outlier; failing that too, spans enough for the columns
// are taken as they are.
func inferLayout(texts []textLine, header []textLine, t *fwTable) (lay fwLayout, outlier []bool, ok bool) {
	n := len(t.titles)
	modes := []bool{false, true}
	strict := make([][][2]int, len(modes))
	for i, runes := range modes {
		spans := spansOf(occupancy(texts, runes))
		if len(spans) > n {
			spans = mergeSpans(spans, n)
		}
		strict[i] = spans
		if cols, ok := titledSpans(spans, header, t, runes); ok {
			return newLayout(spans, cols, runes), make([]bool, len(texts)), true
		}
	}
	best := -1
	for _, runes := range modes {
		l, out, removed, ok := shedOutliers(texts, header, t, runes)
		if ok && (best < 0 || removed < best) {
			lay, outlier, best = l, out, removed
		}
	}
	if best >= 0 {
		return lay, outlier, true
	}
	for i, runes := range modes {
		if len(strict[i]) == n {
			return newLayout(strict[i], nil, runes), make([]bool, len(texts)), true
		}
	}
	return fwLayout{}, nil, false
}

// shedOutliers sets aside, one at a time, a line whose removal frees
// gutters, until the spans give the table's columns as the header's
// titles name them: the first line whose removal does, or else the line
// whose removal leaves the most spans the titles name (then the most
// spans, up to the columns), and on. At most a few lines, and a fifth of
// them.
func shedOutliers(texts []textLine, header []textLine, t *fwTable, runes bool) (lay fwLayout, outlier []bool, removed int, ok bool) {
	n := len(t.titles)
	occ := occupancy(texts, runes)
	outlier = make([]bool, len(texts))
	limit := min(16, max(1, len(texts)/5))
	positions := make([][]int, len(texts)) // where each line holds text
	for i, l := range texts {
		pos := 0
		for j := 0; j < len(l.text); pos++ {
			if l.text[j] != ' ' {
				positions[i] = append(positions[i], pos)
			}
			j += unit(l.text, j, runes)
		}
	}
	accept := func(spans [][2]int) (fwLayout, bool) {
		if len(spans) > n {
			spans = mergeSpans(spans, n)
		}
		cols, ok := titledSpans(spans, header, t, runes)
		if !ok {
			return fwLayout{}, false
		}
		return newLayout(spans, cols, runes), true
	}
	for removed < limit {
		bestLine, bestFit, bestSpans := -1, -1, 0
		for i, ps := range positions {
			if outlier[i] {
				continue
			}
			if !slices.ContainsFunc(ps, func(p int) bool { return occ[p] == 1 }) {
				continue // its removal frees no position
			}
			for _, p := range ps {
				occ[p]--
			}
			spans := spansOf(occ)
			for _, p := range ps {
				occ[p]++
			}
			if lay, ok := accept(spans); ok {
				outlier[i] = true
				return lay, outlier, removed + 1, true
			}
			fit, c := titleFit(spans, header, t, runes), min(len(spans), n)
			if fit > bestFit || fit == bestFit && c > bestSpans {
				bestLine, bestFit, bestSpans = i, fit, c
			}
		}
		if bestLine < 0 {
			break
		}
		for _, p := range positions[bestLine] {
			occ[p]--
		}
		outlier[bestLine] = true
		removed++
	}
	return fwLayout{}, nil, 0, false
}

// titledSpans tells which column each span is from the header, where the
// spans are fewer than the columns because no line fills some of them.
// Each span must get one title (see spanTitles), in the table's order;
// titles between spans name columns no line fills.
func titledSpans(spans [][2]int, header []textLine, t *fwTable, runes bool) ([]int, bool) {
	if len(spans) == 0 {
		return nil, false
	}
	cols := make([]int, len(spans))
	next := 0
	for g, title := range spanTitles(spans, header, runes) {
		if title == "" {
			if g%2 == 1 {
				return nil, false // a span no title names
			}
			continue
		}
		c := t.column(title)
		if c < next {
			return nil, false
		}
		next = c + 1
		if g%2 == 1 {
			cols[g/2] = c
		}
	}
	return cols, true
}

// titleFit counts the spans whose title, from the header, is one of the
// table's: how well spans part the columns, where they do not yet.
func titleFit(spans [][2]int, header []textLine, t *fwTable, runes bool) int {
	fit := 0
	for g, title := range spanTitles(spans, header, runes) {
		if g%2 == 1 && t.column(title) >= 0 {
			fit++
		}
	}
	return fit
}

// column returns the column a title names, or -1.
func (t *fwTable) column(title string) int {
	return slices.IndexFunc(t.titles, func(ts []string) bool { return slices.Contains(ts, title) })
}

// spanTitles reads the header's titles over spans: the title over span k
// at 2k+1, the one in the gap before it at 2k. The browser centred each
// title over its column: a title's words whose middles fall in a span, or
// that overlap it, name it; words between spans name a column no line
// fills. A title's words are joined in the header's line order.
func spanTitles(spans [][2]int, header []textLine, runes bool) []string {
	groups := make([][]string, 2*len(spans)+1)
	for _, l := range header {
		s := l.text
		pos := 0
		for i := 0; i < len(s); {
			if s[i] == ' ' {
				i++
				pos++
				continue
			}
			start, startPos := i, pos
			for i < len(s) && s[i] != ' ' {
				i += unit(s, i, runes)
				pos++
			}
			mid2 := startPos + pos - 1 // twice the word's middle
			// The first span that ends after the middle.
			k := sort.Search(len(spans), func(k int) bool { return mid2 < 2*spans[k][1] })
			g := 2 * k
			switch {
			case k < len(spans) && mid2 >= 2*spans[k][0]:
				g = 2*k + 1
			// A title wider than its column's text may overlap the
			// span beside it more than it sits in the gap.
			case k < len(spans) && pos > spans[k][0]:
				g = 2*k + 1
			case k > 0 && startPos < spans[k-1][1]:
				g = 2*k - 1
			}
			groups[g] = append(groups[g], s[start:i])
		}
	}
	titles := make([]string, len(groups))
	for g, words := range groups {
		titles[g] = strings.Join(words, " ")
	}
	return titles
}

// newLayout makes a layout of spans holding columns cols, or columns
// 0, 1, 2... where cols is nil.
func newLayout(spans [][2]int, cols []int, runes bool) fwLayout {
	if cols == nil {
		cols = make([]int, len(spans))
		for i := range cols {
			cols[i] = i
		}
	}
	width := 0
	if len(spans) > 0 {
		width = spans[len(spans)-1][1]
	}
	gutter := make([]bool, width)
	for i := range gutter {
		gutter[i] = true
	}
	for _, sp := range spans {
		for p := sp[0]; p < sp[1]; p++ {
			gutter[p] = false
		}
	}
	return fwLayout{runes: runes, spans: spans, cols: cols, gutter: gutter}
}

// isGutter reports whether position p parts two columns.
func (lay *fwLayout) isGutter(p int) bool { return p < len(lay.gutter) && lay.gutter[p] }

// starts reports whether a column starts at position p.
func (lay *fwLayout) starts(p int) bool {
	_, found := slices.BinarySearchFunc(lay.spans, p, func(sp [2]int, p int) int { return sp[0] - p })
	return found
}

// spanAt returns the span a piece of text starting at p belongs to: the
// last that starts at p or before, or the first.
func (lay *fwLayout) spanAt(p int) int {
	return max(sort.Search(len(lay.spans), func(i int) bool { return lay.spans[i][0] > p })-1, 0)
}

// chunk is a piece of a line's text and the position it starts at.
type chunk struct {
	start int
	text  string
}

// chunks cuts a line into its pieces of text: runs of two spaces or more
// part them, and so does a single space in a gutter before a column's
// start (a cell that fills its column leaves one space before the next).
func (lay *fwLayout) chunks(s string) []chunk {
	var out []chunk
	begin, beginPos, end := -1, 0, 0
	spaces := 0
	pos := 0
	for i := 0; i < len(s); pos++ {
		size := unit(s, i, lay.runes)
		if s[i] == ' ' {
			spaces++
		} else {
			if begin >= 0 && (spaces >= 2 || spaces == 1 && lay.isGutter(pos-1) && lay.starts(pos)) {
				out = append(out, chunk{beginPos, s[begin:end]})
				begin = -1
			}
			if begin < 0 {
				begin, beginPos = i, pos
			}
			end = i + size
			spaces = 0
		}
		i += size
	}
	if begin >= 0 {
		out = append(out, chunk{beginPos, s[begin:end]})
	}
	return out
}

// fits reports whether a line's text keeps to the layout's columns but
// for words too long for their column, which push the next cells right:
// a line of no row, such as prose that runs across the columns, does not.
func (lay *fwLayout) fits(s string) bool {
	if len(lay.spans) == 0 {
		return false
	}
	for _, c := range lay.chunks(s) {
		k := lay.spanAt(c.start)
		end, pos := lay.spans[k][1]+max(c.start-lay.spans[k][0], 0), c.start
		for i := 0; i < len(c.text); pos++ {
			if pos >= end && c.text[i] == ' ' {
				return false
			}
			i += unit(c.text, i, lay.runes)
		}
	}
	return true
}

// cells cuts a line into its n columns' text. A piece belongs to the
// column it starts in; a cell too long for its column pushes the next
// ones right, so a piece that starts in a column already filled on the
// line goes to the next column.
func (lay *fwLayout) cells(s string, n int) []string {
	cells := make([]string, n)
	if len(lay.spans) == 0 {
		return cells
	}
	used := make([]bool, len(lay.spans))
	for _, c := range lay.chunks(s) {
		k := lay.spanAt(c.start)
		for k+1 < len(lay.spans) && used[k] {
			k++
		}
		used[k] = true
		col := lay.cols[k]
		if cells[col] != "" {
			cells[col] += " "
		}
		cells[col] += c.text
	}
	return cells
}

// groupRows gathers a table's lines into rows. A row's key (the record's
// name, port and protocol; the person's id) sits on one line; the lines
// between two keys belong to the row above or the row below. The browser
// centred each cell vertically in its row, a cell of h lines in a row of
// n starting (n-h)/2 lines down, so where cells wrap the lines above a
// key may be its row's. The split that best fits that is taken (see
// centred), unless cells top-aligned in their rows fit better; a second
// pass weighs the splits still in doubt by how often the first found
// rows of each height.
func groupRows(lines []fwLine, t *fwTable, lay *fwLayout) []*fwRow {
	keys := keyLines(lines, t)
	first, last := -1, -1
	colLines := make([][]int, len(t.titles))
	for i, l := range lines {
		for c, s := range l.cells {
			if s != "" {
				colLines[c] = append(colLines[c], i)
			}
		}
		if !blank(l.text) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if len(keys) == 0 {
		var rows []*fwRow
		for _, l := range lines {
			if !blank(l.text) {
				rows = append(rows, &fwRow{lines: []textLine{l.textLine}, reason: fmt.Sprintf("expected a %s: its first columns are empty on every line", t.what)})
			}
		}
		return rows
	}
	g := &grouping{lines: lines, bracket: t.bracket, colLines: colLines, keys: keys, lead: keys[0] - first, trail: last - keys[len(keys)-1]}
	g.breaks(lay)
	g.affinities(t)
	g.twin, g.echo = twins(lines, keys, t)
	bounds, cost := g.centred()
	if top, misfit := g.topAligned(); misfit < cost.misfit {
		bounds = top
	} else {
		g.heights(bounds)
		bounds, _ = g.centred()
	}
	rows := make([]*fwRow, len(bounds))
	for i, b := range bounds {
		rows[i] = rowOf(lines[b[0]:b[1]+1], t)
	}
	return rows
}

// twins tells, for each key line, whether it reads as the key line
// before but for the key columns after the first (port and protocol), and
// which columns past the key it reads the same in (echo).
func twins(lines []fwLine, keys []int, t *fwTable) (twin []bool, echo [][]int) {
	twin, echo = make([]bool, len(keys)), make([][]int, len(keys))
	for i := 1; i < len(keys); i++ {
		a, b := lines[keys[i-1]].cells, lines[keys[i]].cells
		twin[i] = a[0] == b[0] && slices.Equal(a[t.anchors:], b[t.anchors:])
		for c := t.anchors; c < len(a); c++ {
			if a[c] != "" && a[c] == b[c] {
				echo[i] = append(echo[i], c)
			}
		}
	}
	return twin, echo
}

// keyLines finds the lines that hold a row's key: text in a key column.
// A line whose only text is in the wrapping key column goes on the cell
// of a key line that it touches through lines with text in that column,
// and is a key line of its own where it touches none.
func keyLines(lines []fwLine, t *fwTable) []int {
	key := make([]bool, len(lines))
	wrapOnly := make([]bool, len(lines))
	for i, l := range lines {
		var strong, wrap, other bool
		for c, s := range l.cells {
			switch {
			case s == "":
			case c == t.wrapKey:
				wrap = true
			case c < t.anchors:
				strong = true
			default:
				other = true
			}
		}
		key[i] = strong || wrap && other
		wrapOnly[i] = wrap && !strong && !other
	}
	for i := 0; i < len(lines); {
		if t.wrapKey < 0 || lines[i].cells[t.wrapKey] == "" {
			i++
			continue
		}
		j, touches := i, false
		for j < len(lines) && lines[j].cells[t.wrapKey] != "" {
			touches = touches || key[j]
			j++
		}
		if !touches {
			for k := i; k < j; k++ {
				key[k] = key[k] || wrapOnly[k]
			}
		}
		i = j
	}
	var keys []int
	for i, k := range key {
		if k {
			keys = append(keys, i)
		}
	}
	return keys
}

// rowOf joins a row's lines' cells: a cell's pieces with spaces, or, in
// prose, with a blank line where the cell has one.
func rowOf(lines []fwLine, t *fwTable) *fwRow {
	row := &fwRow{cells: make([]string, len(t.titles)), heights: make([]int, len(t.titles))}
	lastLine := make([]int, len(t.titles))
	for i, l := range lines {
		row.lines = append(row.lines, l.textLine)
		for c, s := range l.cells {
			if s == "" {
				continue
			}
			switch {
			case row.cells[c] == "":
			case t.prose[c] && lastLine[c] < i-1:
				row.cells[c] += "\n\n"
			default:
				row.cells[c] += " "
			}
			row.cells[c] += s
			row.heights[c]++
			lastLine[c] = i
		}
	}
	return row
}

// grouping is what groupRows weighs: where each column holds text, the
// key lines, and how many lines come before the first key and after the
// last.
type grouping struct {
	lines    []fwLine
	bracket  []bool  // by column: cells are [items]
	colLines [][]int // by column, the lines that hold text there
	// holes and unwrapped count, by column, prefix sums aligned with
	// colLines: the gaps before each line (lines without text in the
	// column), and the lines the browser would not have wrapped where it
	// did (see breaks).
	holes, unwrapped [][]int
	keys             []int
	twin             []bool  // by key: its line reads as the key line before does
	echo             [][]int // by key: the columns its line reads as the key line before in
	lead, trail      int
	// toNext and toPrev are prefix sums over lines of how much of a
	// line's text echoes the name on the next key line and on the one
	// before (see affinities).
	toNext, toPrev []int64
	// height is what a row of n lines costs, height[n] (the last for any
	// taller): how unlikely the table makes such a row. Nil at first.
	height []int64
}

// Weights of what does not fit a rendering. A cell off the place
// centring gives it, or a list of [items] cut inside an item, cannot
// come from the browser. A cell with a hole (a paragraph break), twin
// rows of different shapes, a line that the next word would have fitted
// on (a forced line break), or text two key lines share laid out
// differently around them can, and weigh less.
const (
	fwMisplaced = 8
	fwHole      = 4
	fwTwin      = 4
	fwUnwrapped = 2
	fwEcho      = 1
)

// breaks fills g.holes and g.unwrapped. The browser filled a cell's
// lines greedily, breaking at spaces only, so a line ends where the next
// word would not fit in the column: where the next line's first word
// would have fitted, the two lines are likely of two cells. A cell is one
// block of lines but where its text has a paragraph break, so a hole
// between two lines makes them likely of two cells too.
func (g *grouping) breaks(lay *fwLayout) {
	n := len(g.colLines)
	width := make([]int, n)
	for k, sp := range lay.spans {
		width[lay.cols[k]] = sp[1] - sp[0]
	}
	size := func(s string) int {
		if lay.runes {
			return utf8.RuneCountInString(s)
		}
		return len(s)
	}
	g.holes, g.unwrapped = make([][]int, n), make([][]int, n)
	for c, ls := range g.colLines {
		holes, unwrapped := make([]int, len(ls)), make([]int, len(ls))
		for k := 1; k < len(ls); k++ {
			holes[k], unwrapped[k] = holes[k-1], unwrapped[k-1]
			if ls[k] != ls[k-1]+1 {
				holes[k]++
				continue
			}
			word, _, _ := strings.Cut(g.lines[ls[k]].cells[c], " ")
			if size(g.lines[ls[k-1]].cells[c])+1+size(word) <= width[c] {
				unwrapped[k]++
			}
		}
		g.holes[c], g.unwrapped[c] = holes, unwrapped
	}
}

// affinities fills g.toNext and g.toPrev. The registry's descriptions
// often spell out their service's name ("cip4discovery": "Discovery of
// JDF (CIP4 Job Definition Format)..."), and IANA made a person's id from
// the person's name or organization: a line between two keys more likely
// belongs to the row whose name it echoes. A line's echo of a name is the
// longest run of letters and digits they share, from 3 on.
func (g *grouping) affinities(t *fwTable) {
	n := len(g.lines)
	g.toNext, g.toPrev = make([]int64, n+1), make([]int64, n+1)
	isKey := make([]bool, n)
	for _, k := range g.keys {
		isKey[k] = true
	}
	prev, next := -1, 0
	for i, l := range g.lines {
		for next < len(g.keys) && g.keys[next] < i {
			next++
		}
		if isKey[i] {
			prev = i
		}
		var toNext, toPrev int64
		if !isKey[i] {
			for c, s := range l.cells {
				if s == "" || !t.kin[c] {
					continue
				}
				if next < len(g.keys) {
					toNext += int64(echoes(s, g.lines[g.keys[next]].cells[t.named]))
				}
				if prev >= 0 {
					toPrev += int64(echoes(s, g.lines[prev].cells[t.named]))
				}
			}
		}
		g.toNext[i+1] = g.toNext[i] + toNext
		g.toPrev[i+1] = g.toPrev[i] + toPrev
	}
}

// affinity is how much the lines s..e other than the key line k echo
// the row's name.
func (g *grouping) affinity(s, k, e int) int64 {
	return g.toNext[k] - g.toNext[s] + g.toPrev[e+1] - g.toPrev[k+1]
}

// echoes is the length of the longest run of letters and digits that a
// and b share, case folded, or 0 where it is shorter than 3. It reads at
// most the first 128 letters and digits of each: names are shorter.
func echoes(a, b string) int {
	fold := func(s string) []rune {
		var r []rune
		for _, c := range s {
			if len(r) == 128 {
				break
			}
			if unicode.IsLetter(c) || unicode.IsDigit(c) {
				r = append(r, unicode.ToLower(c))
			}
		}
		return r
	}
	x, y := fold(a), fold(b)
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	best := 0
	run := make([]int, len(y)+1)
	for i := range x {
		diag := 0
		for j := range y {
			up := run[j+1]
			if x[i] == y[j] {
				run[j+1] = diag + 1
				best = max(best, run[j+1])
			} else {
				run[j+1] = 0
			}
			diag = up
		}
	}
	if best < 3 {
		return 0
	}
	return best
}

// extent returns the first and last of the lines s..e that hold text in
// column c, or ok false where none does.
func (g *grouping) extent(s, e, c int) (first, last int, ok bool) {
	ls := g.colLines[c]
	i := sort.SearchInts(ls, s)
	if i == len(ls) || ls[i] > e {
		return 0, 0, false
	}
	return ls[i], ls[sort.SearchInts(ls, e+1)-1], true
}

// unlike weighs how rows i-1 and i, of lines a and b, differ where their
// key lines read the same: twins take the same shape, and a column whose
// text their key lines share holds the same lines around each key.
func (g *grouping) unlike(i int, a, b [2]int) int64 {
	ka, kb := g.keys[i-1], g.keys[i]
	if g.twin[i] {
		if ka-a[0] != kb-b[0] || a[1]-ka != b[1]-kb {
			return fwTwin
		}
		return 0
	}
	var bad int64
	for _, c := range g.echo[i] {
		fa, la, _ := g.extent(a[0], a[1], c)
		fb, lb, _ := g.extent(b[0], b[1], c)
		if ka-fa != kb-fb || la-ka != lb-kb {
			bad += fwEcho
		}
	}
	return bad
}

// misfit weighs what does not fit in the row of lines s..e (inclusive):
// cells that do not start where the browser would have put them
// (centred, or at the top), lists of [items] cut inside an item, holes
// and lines not wrapped greedily.
func (g *grouping) misfit(s, e int, centred bool) int64 {
	n := e - s + 1
	var bad int64
	for c, ls := range g.colLines {
		i := sort.SearchInts(ls, s)
		if i == len(ls) || ls[i] > e {
			continue
		}
		j := sort.SearchInts(ls, e+1) - 1
		f, h := ls[i]-s, ls[j]-ls[i]+1
		want := 0
		if centred {
			want = (n - h) / 2
		}
		if f != want {
			bad += fwMisplaced
		}
		if g.bracket[c] && (!strings.HasPrefix(g.lines[ls[i]].cells[c], "[") || !strings.HasSuffix(g.lines[ls[j]].cells[c], "]")) {
			bad += fwMisplaced
		}
		bad += fwHole*int64(g.holes[c][j]-g.holes[c][i]) + fwUnwrapped*int64(g.unwrapped[c][j]-g.unwrapped[c][i])
	}
	return bad
}

// topAligned puts the lines between two keys in the row above, as a
// rendering that aligns cells at the top does.
func (g *grouping) topAligned() (bounds [][2]int, misfit int64) {
	bounds = make([][2]int, len(g.keys))
	for i, k := range g.keys {
		s, e := k, k+g.trail
		if i == 0 {
			s = k - g.lead
		}
		if i+1 < len(g.keys) {
			e = g.keys[i+1] - 1
		}
		bounds[i] = [2]int{s, e}
		misfit += g.misfit(s, e, false)
	}
	return bounds, misfit
}

// fwCost is what a split of lines into rows costs, in order: its misfit,
// then how little its rows' lines echo their names (strange: minus the
// affinity), then how unlikely its rows' heights are.
type fwCost struct{ misfit, strange, height int64 }

// less reports whether c is the better cost.
func (c fwCost) less(d fwCost) bool {
	switch {
	case c.misfit != d.misfit:
		return c.misfit < d.misfit
	case c.strange != d.strange:
		return c.strange < d.strange
	}
	return c.height < d.height
}

// centred splits the lines between keys as vertically centred rows do:
// a row whose key has lead lines above it has lead or lead+1 below (or,
// for rows that fit neither, all the lines up to the next key, or none).
// It weighs the splits by misfit and keeps the best; rows whose key
// lines read alike (a service's tcp and udp records) that take different
// shapes misfit too (see unlike). Where splits fit alike, the one whose
// lines echo their rows' names more wins (see affinities), then the one
// whose rows' heights are likelier in the table (see heights).
func (g *grouping) centred() (bounds [][2]int, cost fwCost) {
	type leads struct{ prev, lead int } // of the row above and of this row
	type state struct {
		cost fwCost
		from leads // the row above's state
	}
	m := len(g.keys)
	layers := make([]map[leads]state, m)
	layers[0] = map[leads]state{{-1, g.lead}: {}}
	var best leads
	found := false
	for i, k := range g.keys {
		gap := g.trail
		if i+1 < m {
			gap = g.keys[i+1] - k - 1
		}
		states := make([]leads, 0, len(layers[i]))
		for st := range layers[i] {
			states = append(states, st)
		}
		slices.SortFunc(states, func(a, b leads) int {
			if a.prev != b.prev {
				return a.prev - b.prev
			}
			return a.lead - b.lead
		})
		next := map[leads]state{}
		for _, st := range states {
			base := layers[i][st].cost
			tried := []int{g.trail}
			if i+1 < m {
				tried = []int{st.lead, st.lead + 1, 0, gap}
			}
			for j, below := range tried {
				if below < 0 || below > gap || slices.Contains(tried[:j], below) {
					continue
				}
				c := base
				c.misfit += g.misfit(k-st.lead, k+below, true)
				if i > 0 {
					above := [2]int{g.keys[i-1] - st.prev, k - st.lead - 1}
					c.misfit += g.unlike(i, above, [2]int{k - st.lead, k + below})
				}
				c.strange -= g.affinity(k-st.lead, k, k+below)
				if g.height != nil {
					c.height += g.height[min(st.lead+1+below, len(g.height)-1)]
				}
				if i+1 == m {
					if !found || c.less(cost) {
						best, cost, found = st, c, true
					}
					continue
				}
				nl := leads{st.lead, gap - below}
				if old, ok := next[nl]; !ok || c.less(old.cost) {
					next[nl] = state{c, st}
				}
			}
		}
		if i+1 < m {
			layers[i+1] = next
		}
	}
	bounds = make([][2]int, m)
	st, below := best, g.trail
	for i := m - 1; i >= 0; i-- {
		k := g.keys[i]
		bounds[i] = [2]int{k - st.lead, k + below}
		if i > 0 {
			below = k - g.keys[i-1] - 1 - st.lead
			st = layers[i][st].from
		}
	}
	return bounds, cost
}

// heights learns from a split how likely rows of each height are in the
// table: what a row of n lines costs is -log of its share among the
// rows (smoothed), in hundredths. Where a split is in doubt (a line
// between two keys may end the row above or start the one below), the
// table's own habits decide: where most rows fit on one line, two rows
// of two lines are less likely than one of one and one of three.
func (g *grouping) heights(bounds [][2]int) {
	var count []int
	for _, b := range bounds {
		n := b[1] - b[0] + 1
		for len(count) <= n {
			count = append(count, 0)
		}
		count[n]++
	}
	count = append(count, 0) // any taller
	total := float64(len(bounds) + len(count))
	g.height = make([]int64, len(count))
	for n, c := range count {
		g.height[n] = int64(-100 * math.Log(float64(c+1)/total))
	}
}
