package normalize

import (
	"fmt"
	"testing"

	"github.com/ianaports/ianaports/internal/shareddata"
)

// seeds are the five documents in ../shared/seeds, with the date of the
// XML snapshot each was copied from (../shared/README.md).
var seeds = []struct {
	file, date, format string
}{
	{"seeds/000_bd4275f5e557dc24.txt", "2025-09-29", FormatPageText},
	{"seeds/001_6d2227183440e8f2.txt", "2025-03-28", FormatPageText},
	{"seeds/002_55200195d673dac1.txt", "2025-10-30", FormatMarkdown},
	{"seeds/003_df3b8ab6f4bdc6eb.txt", "2026-05-29", FormatMarkdown},
	{"seeds/004_854be55ba5137fc7.txt", "2025-10-22", FormatMarkdown},
}

// fieldMatch compares records read from a copy with the XML's: each copy
// record is found in the XML by name, port and protocol, in registry
// order, and every non-empty cell of the XML's record is compared, white
// space folded and mojibake repaired.
type fieldMatch struct {
	records, unmatched    int
	matched, total        int
	flagged               int // mismatched fields on rows that carry an ambiguity
	mismatches, unflagged []string
}

func compareRecords(got, want []*Record) *fieldMatch {
	m := &fieldMatch{}
	index := map[string][]int{}
	for i, r := range want {
		k := recordKey(r)
		index[k] = append(index[k], i)
	}
	next := map[string]int{}
	for _, g := range got {
		m.records++
		k := recordKey(g)
		cands := index[k]
		if next[k] >= len(cands) {
			m.unmatched++
			m.mismatches = append(m.mismatches, fmt.Sprintf("line %d: no XML record %q", g.Line, k))
			m.unflagged = append(m.unflagged, m.mismatches[len(m.mismatches)-1])
			continue
		}
		w := want[cands[next[k]]]
		next[k]++
		gi, wi := g.Identity(), w.Identity()
		gc, wc := gi.Cells(), wi.Cells()
		for c := range Columns {
			if wc[c] == "" && gc[c] == "" {
				continue
			}
			if wc[c] != "" {
				m.total++
			}
			if gc[c] == wc[c] {
				if wc[c] != "" {
					m.matched++
				}
				continue
			}
			msg := fmt.Sprintf("line %d %s: got %q, XML %q", g.Line, Columns[c], gc[c], wc[c])
			m.mismatches = append(m.mismatches, msg)
			if len(g.Ambiguities) > 0 {
				m.flagged++
			} else {
				m.unflagged = append(m.unflagged, msg)
			}
		}
	}
	return m
}

func recordKey(r *Record) string {
	return Fold(r.Name) + "|" + r.Port.String() + "|" + Fold(r.Protocol)
}

func TestSeedsParse(t *testing.T) {
	for _, s := range seeds {
		t.Run(s.file, func(t *testing.T) {
			data := shareddata.Read(t, s.file)
			r := &recorder{}
			f, err := Parse(s.file, data, "auto", r)
			if err != nil {
				t.Fatal(err)
			}
			if f.Name != s.format {
				t.Errorf("detected as %s, want %s", f.Name, s.format)
			}
			if h := r.header(t); h.Date != s.date || h.Kind != KindExcerpt {
				t.Errorf("header date %q kind %q, want %s excerpt", h.Date, h.Kind, s.date)
			}
			x := mustParseXML(t, s.date+".xml", shareddata.Read(t, "iana/xml/"+s.date+".xml"))
			m := compareRecords(r.records, x.records)
			t.Logf("%s: %d records, fields %d/%d, %d rejects, %d mismatches (%d on ambiguous rows)",
				s.file, m.records, m.matched, m.total, len(r.rejects), len(m.mismatches), m.flagged)
			for _, msg := range m.mismatches {
				t.Log(msg)
			}
			for _, rj := range r.rejects {
				t.Errorf("rejected line %d: %s: %q", rj.Line, rj.Reason, rj.Text)
			}
		})
	}
}
