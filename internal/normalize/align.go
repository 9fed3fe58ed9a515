package normalize

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Copies of the registry that drop its table's empty cells (page text
// copied from a browser, Markdown tables whose empty cells collapsed) keep
// the cells' order but not their columns. The aligner puts them back: one
// alignment over the whole row of what each column can hold (a port, a
// protocol, a date, persons in brackets, references, free text), weighed
// by how often the registry fills each column, so that the likeliest
// reading wins and the questions the text cannot settle are named.

// The twelve columns, in IANA's order.
const (
	colName = iota
	colPort
	colProto
	colDesc
	colAssignee
	colContact
	colReg
	colMod
	colRef
	colSC
	colUnauth
	colNotes
	numCols
)

// A row is aligned slot by slot. Persons and dates are slots of two
// columns each, because their columns are filled together or not at all
// in all but a few records: the prior of one alone is what makes a lone
// date a registration date and a lone group of persons an assignee.
const (
	slotName = iota
	slotPort
	slotProto
	slotDesc
	slotPersons // Assignee, Contact
	slotDates   // Registration Date, Modification Date
	slotRef
	slotSC
	slotUnauth
	slotNotes
	numSlots
)

// How often the registry fills each slot: natural logarithms of the
// shares of the 14,533 records of 2026-08-17, which the shares of every
// snapshot since 2017 resemble.
var (
	presentPrior = [numSlots]float64{-0.13, -0.08, -0.11, -0.01, 0, 0, -3.57, -8.2, -4.87, -2.39}
	absentPrior  = [numSlots]float64{-2.13, -2.61, -2.29, -4.47, -1.43, -0.43, -0.03, 0, -0.01, -0.1}
)

const (
	bothPersons   = -0.27 // Assignee and Contact
	assigneeAlone = -8.9
	contactAlone  = -9.5  // never seen: the XML's rule makes a contact an assignee
	oneDate       = -1.11 // registration (-1.18) or modification (-3.78) alone
	bothDates     = -3.99
)

// brk says what separates a piece of a row from the one before it.
type brk int8

const (
	brkSpace brk = iota // the same cell may go on
	brkLine             // a line break: only a description spans lines
	brkBlank            // a blank line: likewise
	brkCell             // the source's own cell boundary (a pipe, a tab)
)

// piece is a piece of a row: a cell of a collapsed table, or a word of a
// row whose cells were joined by spaces.
type piece struct {
	text string
	brk  brk
	line int

	// shapes, worked out once
	name, port, proto, date, digits bool
	persons                         []string // ids where the piece is [id][id]...
	refs                            []string // labels where the piece is [label]...
	strongRef                       bool     // the first label is an RFC, a draft, a footnote, a URI
	unauthorized                    bool     // the piece says "unauthorized" or "unofficial"
}

// referenceShape is a reference label whose shape says it is one: an
// RFC, a draft, a footnote number, a URI, with a section or not.
var referenceShape = regexp.MustCompile(`^(?:RFC[0-9]+|RFC-[A-Za-z0-9-]+|draft-[A-Za-z0-9.-]+|[0-9]+|[a-z][a-z0-9+.-]*:\S+)(?:, Section [0-9A-Za-z.]+)?$`)

func newPiece(text string, b brk, line int) piece {
	p := piece{text: text, brk: b, line: line}
	p.port = isPortText(text)
	p.proto = isProtocol(text)
	p.date = isDate(text)
	p.digits = isDigits(text)
	p.name = !p.port && !p.date && isServiceNameShape(text)
	if len(text) >= 10 {
		l := strings.ToLower(text)
		p.unauthorized = strings.Contains(l, "unauthori") || strings.Contains(l, "unofficial")
	}
	if text != "" && text[0] == '[' {
		if labels, ok := bracketItems(text); ok {
			p.refs = labels
			p.strongRef = referenceShape.MatchString(labels[0])
			p.persons = labels
			for _, l := range labels {
				if !isPersonID(l) || referenceShape.MatchString(l) {
					p.persons = nil
					break
				}
			}
		}
	}
	return p
}

// isDate reports whether s is a registry date: YYYY-MM or YYYY-MM-DD.
func isDate(s string) bool {
	if len(s) != 7 && len(s) != 10 || s[0] != '1' && s[0] != '2' || s[4] != '-' || s[5] > '1' {
		return false
	}
	for _, i := range []int{1, 2, 3, 5, 6} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) == 7 || s[7] == '-' && s[8] >= '0' && s[8] <= '3' && s[9] >= '0' && s[9] <= '9'
}

// isServiceNameShape reports whether s could be a service name: letters,
// digits and a few marks, a letter among them.
func isServiceNameShape(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9':
		case i > 0 && strings.IndexByte("_.+/*:-", c) >= 0:
		default:
			return false
		}
	}
	return letter
}

// isPersonID reports whether s could be a person's id: no brackets, no
// white space.
func isPersonID(s string) bool {
	return s != "" && !strings.ContainsAny(s, "[] \t\n\r\u00a0")
}

func isPortText(s string) bool {
	_, ok := ParsePorts(s)
	return ok
}

// bracketItems splits "[a][b c]" into its items; it reports false unless
// the whole text is such a run of brackets.
func bracketItems(s string) ([]string, bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	var items []string
	for s != "" {
		if s[0] != '[' {
			return nil, false
		}
		end := strings.IndexByte(s, ']')
		if end < 0 || strings.IndexByte(s[1:end], '[') >= 0 || end == 1 {
			return nil, false
		}
		items = append(items, s[1:end])
		s = s[end+1:]
	}
	return items, true
}

// What free text is likely to be, from how it begins: the registry's
// notes begin in a few ways, and its unauthorized uses say so.
var (
	unauthorizedCue  = regexp.MustCompile(`(?i)\b(?:unauthori[sz]ed|unofficial(?:ly)?)\b`)
	unauthorizedOpen = regexp.MustCompile(`(?i)^(?:known )?(?:unauthori[sz]ed|unofficial)`)
	notesCue         = regexp.MustCompile(`^(?:<==|This (?:entry|port|service name was|is an?)\b|this port\b|Defined TXT [Kk]eys\b|De-?[Aa]ssigned\b|Previously (?:assigned|updated)\b|Formerly\b|Historic(?:al)?(?:ly)? usage|\(Removed\b|Modified: |Not a real\b|New contact\b|Possible Conflict|Potential Conflict|"[^"]+" assignment|\(previous contact)`)
	placeholderDesc  = regexp.MustCompile(`^(?i:reserved|unassigned)$`)
)

// aligner aligns the pieces of rows of one document.
type aligner struct {
	// persons are the ids the document's contact table lists; nil where
	// it has none. personDates are their "Last Updated" dates.
	persons     map[string]bool
	personDates map[string]string
	// pairDates are the dates the document's rows show in pairs (a
	// registration date, then a modification date), with the columns
	// each was seen in. A lone date seen in one column only is likely in
	// that column here too: IANA registers and changes records in
	// batches.
	pairDates map[string]*[2]int
	// joinPieces: a free-text cell may take several pieces (words of page
	// text); otherwise each piece is a cell of its own.
	joinPieces bool

	// cues of the row being aligned: where notes and unauthorized uses
	// could begin, and where the next words speak of unauthorized use;
	// states, the alignment's, reused from row to row.
	cues       []cue
	unauthNear []bool
	states     []alignState
}

// cueWords are the first words of notesCue and unauthorizedOpen.
var cueWords = map[string]bool{
	"<==": true, "This": true, "this": true, "Defined": true, "De-assigned": true, "De-Assigned": true,
	"Deassigned": true, "Previously": true, "Formerly": true, "(Removed": true, "Modified:": true,
	"Not": true, "New": true, "Possible": true, "Potential": true, "(previous": true, "Known": true, "known": true,
}

// cue says how free text beginning at a piece begins.
type cue int8

const (
	cueNone cue = iota
	cueNotes
	cueUnauthorized
)

func (a *aligner) findCues(ps []piece) {
	a.cues = a.cues[:0]
	a.unauthNear = a.unauthNear[:0]
	for i := range ps {
		near := false
		for j := i; j < len(ps) && j < i+6 && (j == i || ps[j].brk == brkSpace); j++ {
			near = near || ps[j].unauthorized
		}
		a.unauthNear = append(a.unauthNear, near)
	}
	for i, p := range ps {
		c := cueNone
		// Most words begin neither a note nor an unauthorized use.
		first, _, _ := strings.Cut(p.text, " ")
		if cueWords[first] || strings.HasPrefix(first, `"`) || strings.HasPrefix(first, "Historic") || p.unauthorized {
			switch head := headText(ps[i:], 6); {
			case notesCue.MatchString(head):
				c = cueNotes
			case unauthorizedOpen.MatchString(head):
				c = cueUnauthorized
			}
		}
		a.cues = append(a.cues, c)
	}
}

// aligned is a row's reading: each column's pieces, and the questions
// the text left open.
type aligned struct {
	cells       [numCols]string
	ambiguities []AmbiguityKind
}

// state of the alignment: pieces consumed, next slot, and for a free-text
// cell under way, its slot and whether it spans lines.
type alignState struct {
	score float64
	from  int32 // index of the previous state, -1 for the start
	slot  int8  // slot filled by the step into this state; -1 none
	cols  int8  // for pairs: 1 first column alone, 2 second alone, 3 both
	start int32 // first piece of the cell the step filled
}

const impossible = math.MaxFloat64 / -4

// align reads a row; it reports false where no reading fits the pieces.
func (a *aligner) align(pieces []piece) (aligned, bool) {
	n := len(pieces)
	a.findCues(pieces)
	// closed[i][s][mb]: i pieces read, slots before s done, mb: the next
	// piece must begin a line (a description spanning lines just ended).
	// open[i][s][ml]: slot s's free-text cell takes piece i-1 and may go
	// on; ml: it spans lines.
	size := (n + 1) * (numSlots + 1) * 2
	if cap(a.states) < 2*size {
		a.states = make([]alignState, 2*size)
	}
	states := a.states[:2*size]
	for i := range states {
		states[i] = alignState{score: impossible, from: -1, slot: -1}
	}
	closedIdx := func(i, s, mb int) int { return (i*(numSlots+1)+s)*2 + mb }
	openIdx := func(i, s, ml int) int { return size + (i*(numSlots+1)+s)*2 + ml }
	relax := func(to int, score float64, from int, slot, cols, start int) {
		if score > states[to].score {
			states[to] = alignState{score: score, from: int32(from), slot: int8(slot), cols: int8(cols), start: int32(start)}
		}
	}
	states[closedIdx(0, 0, 0)].score = 0
	best, bestIdx := impossible, -1
	for i := 0; i <= n; i++ {
		// Close the free-text cells that took piece i-1.
		for s := slotDesc; s < numSlots; s++ {
			for ml := 0; ml < 2; ml++ {
				o := openIdx(i, s, ml)
				if states[o].score == impossible {
					continue
				}
				mb := 0
				if ml == 1 && s == slotDesc {
					mb = 1
				}
				relax(closedIdx(i, s+1, mb), states[o].score+a.whole(pieces[states[o].start:i]), o, -1, 0, 0)
				// Or go on with piece i.
				if i < n && a.joinPieces {
					p := pieces[i]
					switch {
					case p.brk == brkCell:
					case p.brk != brkSpace && s != slotDesc:
					default:
						nml := ml
						if p.brk != brkSpace {
							nml = 1
						}
						relax(openIdx(i+1, s, nml), states[o].score+a.inside(s, p)+a.midCue(s, i), o, -1, 0, int(states[o].start))
					}
				}
			}
		}
		for s := 0; s <= numSlots; s++ {
			for mb := 0; mb < 2; mb++ {
				c := closedIdx(i, s, mb)
				base := states[c].score
				if base == impossible {
					continue
				}
				skipped := 0.0
				for k := s; k <= numSlots; k++ {
					if k > s {
						skipped += absentPrior[k-1]
					}
					if k == numSlots {
						if i == n && base+skipped > best {
							best, bestIdx = base+skipped, c
						}
						break
					}
					if i == n {
						continue
					}
					if i == 0 && k > slotPort {
						break // a record has a name or a port, and begins with it
					}
					if i == 0 && k == slotName && a.joinPieces {
						// Names of old had spaces ("Apple Remote Desktop
						// (Net Assistant)"): words up to a port and a
						// protocol.
						for j := 2; j < n && j <= 8 && pieces[j-1].brk == brkSpace && isOldNameWord(pieces[j-1]) && isOldNameWord(pieces[0]); j++ {
							if pieces[j].port && j+1 < n && pieces[j+1].proto {
								relax(closedIdx(j, slotName+1, 0), base+skipped+presentPrior[slotName]-float64(j-1), c, k, 0, i)
							}
						}
					}
					p := pieces[i]
					if mb == 1 && p.brk == brkSpace {
						break
					}
					score := base + skipped
					switch k {
					case slotDesc, slotUnauth, slotNotes:
						sc := presentPrior[k] + a.begin(k, pieces, i) + a.inside(k, p)
						if a.joinPieces {
							relax(openIdx(i+1, k, 0), score+sc, c, k, 0, i)
						} else {
							relax(closedIdx(i+1, k+1, 0), score+sc+a.whole(pieces[i:i+1]), c, k, 0, i)
						}
					case slotPersons, slotDates:
						first, second, both := a.pair(k, pieces, i)
						relax(closedIdx(i+1, k+1, 0), score+first, c, k, 1, i)
						relax(closedIdx(i+1, k+1, 0), score+second, c, k, 2, i)
						if i+1 < n {
							relax(closedIdx(i+2, k+1, 0), score+both, c, k, 3, i)
						}
					default:
						sc := a.single(k, p)
						if k == slotName && sc == impossible && !a.joinPieces && i+1 < n && (pieces[i+1].port || pieces[i+1].proto) && isOldName(p.text) {
							sc = -3 // a name of old, with spaces, in a cell of its own
						}
						if sc != impossible {
							relax(closedIdx(i+1, k+1, 0), score+presentPrior[k]+sc, c, k, 0, i)
						}
					}
				}
			}
		}
	}
	if bestIdx < 0 {
		return aligned{}, false
	}
	// Walk back from the end: each step that filled a cell filled the
	// pieces from its start to the piece count of the nearest closed
	// state after it.
	var out aligned
	end := n
	for at := bestIdx; at >= 0; at = int(states[at].from) {
		st := states[at]
		if at < size {
			end = pieceEnd(at)
		}
		if st.slot >= 0 {
			a.fill(&out, pieces, st, end)
		}
		if st.from < 0 {
			break
		}
	}
	a.textAmbiguity(&out)
	return out, true
}

// slotColumn is the column of each slot (the first, for pairs).
var slotColumn = [numSlots]int{colName, colPort, colProto, colDesc, colAssignee, colReg, colRef, colSC, colUnauth, colNotes}

// pieceEnd is the piece count of a closed state's index.
func pieceEnd(idx int) int { return idx / 2 / (numSlots + 1) }

// fill puts the pieces a step took into their cells.
func (a *aligner) fill(out *aligned, pieces []piece, st alignState, end int) {
	start := int(st.start)
	col := slotColumn[st.slot]
	switch int(st.slot) {
	case slotDesc, slotUnauth, slotNotes:
		out.cells[col] = joinPieces(pieces[start:end])
		// A description of page text that begins on a line of its own
		// began with a line break.
		if a.joinPieces && start > 0 {
			switch pieces[start].brk {
			case brkLine:
				out.cells[col] = "\n" + out.cells[col]
			case brkBlank:
				out.cells[col] = "\n\n" + out.cells[col]
			}
		}
	case slotPersons, slotDates:
		kind := AmbiguousRole
		if st.slot == slotDates {
			kind = AmbiguousDate
		}
		switch st.cols {
		case 1:
			out.cells[col] = pieces[start].text
			out.ambiguities = append(out.ambiguities, kind)
		case 2:
			out.cells[col+1] = pieces[start].text
			out.ambiguities = append(out.ambiguities, kind)
		case 3:
			out.cells[col], out.cells[col+1] = pieces[start].text, pieces[start+1].text
		}
	case slotName:
		out.cells[col] = joinPieces(pieces[start:end])
	default:
		out.cells[col] = pieces[start].text
	}
}

// isOldName reports whether s could be a service name of old, before
// RFC 6335: words of letters, digits, brackets and marks.
func isOldName(s string) bool {
	for _, w := range strings.Fields(s) {
		if !isOldNameWord(newPiece(w, brkSpace, 0)) {
			return false
		}
	}
	return s != ""
}

// isOldNameWord reports whether a piece could be a word of such a name.
func isOldNameWord(p piece) bool {
	if p.port || p.proto || p.date || p.refs != nil || p.text == "" {
		return false
	}
	for _, c := range p.text {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("()_.+/*:&,'-", c)) {
			return false
		}
	}
	return true
}

func joinPieces(ps []piece) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			switch p.brk {
			case brkLine:
				b.WriteByte('\n')
			case brkBlank:
				b.WriteString("\n\n")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(p.text)
	}
	return b.String()
}

// textAmbiguity names the question a row leaves when free-text cells
// meet with nothing between them to say where one ends: the cues that
// decided it are likely, not certain.
func (a *aligner) textAmbiguity(out *aligned) {
	c := &out.cells
	structured := func(from, to int) bool {
		for k := from; k < to; k++ {
			if c[k] != "" {
				return true
			}
		}
		return false
	}
	free := []int{}
	for _, k := range []int{colDesc, colUnauth, colNotes} {
		if c[k] != "" {
			free = append(free, k)
		}
	}
	for i := 1; i < len(free); i++ {
		if !structured(free[i-1]+1, free[i]) {
			out.ambiguities = append(out.ambiguities, AmbiguousText)
			return
		}
	}
	switch {
	case a.joinPieces && c[colDesc] == "" && len(free) > 0 && !structured(colProto+1, free[0]):
		// All the free text read as notes: it could be the description.
		out.ambiguities = append(out.ambiguities, AmbiguousText)
	case c[colRef] == "" && !structured(colAssignee, colRef) && trailingBracket.MatchString(c[colDesc]):
		// A bracket that ends the description may be the Reference
		// column ("new-who [n/a]", "Unassigned [was netstat]").
		out.ambiguities = append(out.ambiguities, AmbiguousText)
	case a.joinPieces && (innerReference.MatchString(c[colDesc]) || placeholderFirst.MatchString(c[colDesc])):
		// A description that holds a reference, or goes on after
		// "Reserved" or "Unassigned", may end there, the rest being
		// a reference and notes.
		out.ambiguities = append(out.ambiguities, AmbiguousText)
	case len(free) > 0 && free[len(free)-1] != colDesc:
		// One free-text cell after the structured ones: a note or an
		// unauthorized use, which only the words tell.
		last := c[free[len(free)-1]]
		if !notesCue.MatchString(last) && !unauthorizedCue.MatchString(last) {
			out.ambiguities = append(out.ambiguities, AmbiguousText)
		}
	}
}

var (
	trailingBracket  = regexp.MustCompile(`\[[^\[\]]+\]$`)
	innerReference   = regexp.MustCompile(`\[(?:RFC[0-9]|RFC-|draft-)[^\[\]]*\]`)
	placeholderFirst = regexp.MustCompile(`^(?i:reserved|unassigned|de-registered|removed|deprecated)\s`)
)

// single scores a piece as the cell of a one-piece slot.
func (a *aligner) single(slot int, p piece) float64 {
	switch slot {
	case slotName:
		if p.name {
			return 0
		}
	case slotPort:
		if p.port {
			return 0
		}
	case slotProto:
		if p.proto {
			return 0
		}
	case slotRef:
		if p.refs == nil {
			break
		}
		score := 0.0
		for _, l := range p.refs {
			switch {
			case referenceShape.MatchString(l):
			case a.persons[l]:
				score -= 5
			default:
				score -= 2.5
			}
		}
		return score
	case slotSC:
		if p.digits {
			if len(p.text) >= 6 {
				return 0
			}
			return -3
		}
	}
	return impossible
}

// pair scores a slot of two columns taking one piece (as its first or its
// second column) or two.
func (a *aligner) pair(slot int, ps []piece, i int) (first, second, both float64) {
	one := func(p piece) float64 {
		if slot == slotDates {
			if p.date {
				return 0
			}
			return impossible
		}
		if p.persons == nil {
			return impossible
		}
		score := 0.0
		if a.persons != nil {
			for _, id := range p.persons {
				if a.persons[id] {
					score += 0.5
				} else {
					score -= 4
				}
			}
		}
		return score
	}
	s0 := one(ps[i])
	first, second, both = impossible, impossible, impossible
	if s0 == impossible {
		return
	}
	if slot == slotDates {
		m := modificationOdds(a.dateEvidence(ps, i))
		first, second = s0+oneDate+math.Log(1-m), s0+oneDate+math.Log(m)
	} else {
		first, second = s0+assigneeAlone, s0+contactAlone
	}
	if i+1 < len(ps) && ps[i+1].brk != brkLine && ps[i+1].brk != brkBlank {
		if s1 := one(ps[i+1]); s1 != impossible {
			if slot == slotDates {
				both = s0 + s1 + bothDates
			} else {
				both = s0 + s1 + bothPersons
			}
		}
	}
	return
}

// notePairDates remembers the dates a row shows as a pair.
func (a *aligner) notePairDates(ps []piece) {
	for i := 1; i < len(ps); i++ {
		if ps[i-1].date && ps[i].date && ps[i].brk != brkLine && ps[i].brk != brkBlank {
			if a.pairDates == nil {
				a.pairDates = map[string]*[2]int{}
			}
			for k, d := range [2]string{ps[i-1].text, ps[i].text} {
				if a.pairDates[d] == nil {
					a.pairDates[d] = new([2]int)
				}
				a.pairDates[d][k]++
			}
		}
	}
}

// modificationOdds turns log-odds into a probability.
func modificationOdds(logOdds float64) float64 { return 1 / (1 + math.Exp(-logOdds)) }

// dateEvidence is the log-odds that a record's one date, piece i, is its
// modification date rather than its registration date, from what else its
// row shows. The odds are the registry's own habits, counted on the
// records of 2026-08-17 that show one date.
func (a *aligner) dateEvidence(ps []piece, i int) float64 {
	d := ps[i].text
	var ids []string
	port := -1
	for _, p := range ps[:i] {
		switch {
		case p.persons != nil:
			ids = append(ids, p.persons...)
		case p.port && port < 0:
			port, _ = strconv.Atoi(strings.Split(p.text, "-")[0])
		}
	}
	if seen := a.pairDates[d]; seen != nil {
		// As often as it was seen in each column, less a little.
		return math.Max(-4, math.Min(4, 2*math.Log((float64(seen[1])+0.25)/(float64(seen[0])+0.25))))
	}
	if len(ids) == 0 {
		return 2.1 // a port de-assigned or reserved: 103 of 116 modified
	}
	if len(d) == len("2006-01") {
		return -7 // month-only dates are registrations: 2,469 of 2,471
	}
	if a.personDates == nil {
		return -1.9 // 1,933 of 2,203 with persons registered
	}
	dated := false
	for _, id := range ids {
		switch a.personDates[id] {
		case d:
			return -2.5 // a person dated that day: 1,693 of 1,838 registered
		case "":
		default:
			dated = true
		}
	}
	switch {
	case dated:
		return -2.0 // 168 of 190 registered
	case ids[0] == "IESG" || ids[0] == "IETF":
		if port >= 0 && port < 1024 {
			return 1.4 // an IETF system port: 28 of 35 modified
		}
		return -1.3 // 43 of 55 registered
	}
	return 1.9 // persons of old with no dates: 123 of 141 modified
}

// begin scores how a free-text cell begins at piece i: the registry's
// notes begin in a few ways, its unauthorized uses say so, and its
// descriptions begin like neither.
func (a *aligner) begin(slot int, ps []piece, i int) float64 {
	switch slot {
	case slotUnauth:
		switch {
		case a.cues[i] == cueUnauthorized:
			return 4
		case a.unauthNear[i]:
			return 2 // "PORT 90 also being used unofficially"
		}
		return -6
	case slotNotes:
		score := -1.5
		switch a.cues[i] {
		case cueNotes:
			score = 1
		case cueUnauthorized:
			return -6
		}
		// After a placeholder description ("Reserved", "Unassigned"),
		// more free text is likelier a note.
		if a.joinPieces && i > 0 && plain(ps[i]) && placeholderDesc.MatchString(ps[i-1].text) && (i == 1 || ps[i-2].port || ps[i-2].proto) {
			score += 2
		}
		return score
	case slotDesc:
		if a.cues[i] != cueNone {
			return -9
		}
	}
	return 0
}

// midCue scores free text going on at piece i where a note or an
// unauthorized use would begin: a description or a note seldom holds the
// words another column's cells begin with.
func (a *aligner) midCue(slot, i int) float64 {
	switch {
	case a.cues[i] == cueNone:
		return 0
	case slot == slotDesc, slot == slotUnauth && a.cues[i] == cueNotes, slot == slotNotes && a.cues[i] == cueUnauthorized:
		return -6
	}
	return 0
}

// headText joins the first pieces of a cell, for the cues.
func headText(ps []piece, n int) string {
	var b strings.Builder
	for i, p := range ps {
		if i == n || (i > 0 && p.brk != brkSpace) {
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.text)
	}
	return b.String()
}

// inside scores a piece within a free-text cell: pieces shaped like
// another column's cell seldom sit inside free text.
func (a *aligner) inside(slot int, p piece) float64 {
	switch {
	case p.strongRef:
		return -6
	case p.persons != nil && a.persons != nil && a.persons[p.persons[0]]:
		return -6
	case p.persons != nil:
		return -2
	case p.date:
		return -6
	case p.digits && len(p.text) >= 6:
		return -9 // a service code
	case p.proto:
		return -5
	case p.refs != nil:
		return -0.5
	}
	return 0
}

// whole scores a free-text cell as a whole: one that is nothing but a
// bracket or a long number is another column's cell (a reference, a
// service code); no description, note or unauthorized use of the
// registry is.
func (a *aligner) whole(ps []piece) float64 {
	if len(ps) != 1 {
		return 0
	}
	switch p := ps[0]; {
	case p.digits && len(p.text) >= 6:
		return -10
	case p.refs != nil:
		return -7
	}
	return 0
}

// plain reports whether a piece has none of the shapes of the
// structured columns.
func plain(p piece) bool {
	return !p.date && !p.port && !p.proto && p.refs == nil
}
