package normalize

import (
	"html"
	"strings"
	"testing"

	"github.com/ianaports/ianaports/internal/shareddata"
)

func TestRepairMojibake(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		changed  bool
	}{
		{"G√∂ran Runfeldt", "Göran Runfeldt", true},
		{"Ari√´n Huisken", "Ariën Huisken", true},
		{"Frank Bredenbr√∂cker", "Frank Bredenbröcker", true},
		{"Fl√°vio Englert", "Flávio Englert", true},
		{"Hannes K√§lber", "Hannes Kälber", true},
		{"Rajesh Dav√©", "Rajesh Davé", true},
		{"G√∂ran and K√§lber", "Göran and Kälber", true},
		// Not mojibake: left as it is.
		{"", "", false},
		{"plain ASCII", "plain ASCII", false},
		{"Göran Runfeldt", "Göran Runfeldt", false},
		{"Café", "Café", false},
		{"Roman Štěpánek", "Roman Štěpánek", false},
		{"Ã©", "Ã©", false},                 // UTF-8 read as Latin-1 is another mojibake
		{"√ 2 ≈ 1.41", "√ 2 ≈ 1.41", false}, // Mac Roman symbols that decode to no letter
		{"µ", "µ", false},
		{"日本語", "日本語", false},
	} {
		got, changed := RepairMojibake(tt.in)
		if got != tt.want || changed != tt.changed {
			t.Errorf("RepairMojibake(%q) = %q, %t; want %q, %t", tt.in, got, changed, tt.want, tt.changed)
		}
	}
}

// FORMATS.md: the mojibake in 2026-08-17 is in at least 8 places, and
// encoding as Mac Roman and decoding as UTF-8 repairs it.
func TestRealMojibake(t *testing.T) {
	r := mustParseXML(t, "2026-08-17.xml", shareddata.Read(t, "iana/xml/2026-08-17.xml"))
	var found []string
	for _, p := range r.persons {
		for _, s := range []string{p.Name, p.Org} {
			if fixed, ok := RepairMojibake(s); ok {
				found = append(found, s+" -> "+fixed)
			}
		}
	}
	for _, rec := range r.records {
		for _, c := range rec.Cells() {
			if fixed, ok := RepairMojibake(c); ok {
				found = append(found, c+" -> "+fixed)
			}
		}
	}
	if len(found) < 8 {
		t.Errorf("found %d places of mojibake, want at least 8: %q", len(found), found)
	}
	for _, f := range found {
		if strings.ContainsAny(f[strings.Index(f, "->"):], "√¬") {
			t.Errorf("repair left mojibake: %s", f)
		}
	}
}

// Each legacy entity decodes, without a semicolon, to what the table
// says (html.UnescapeString follows HTML's rules).
func TestLegacyEntities(t *testing.T) {
	if len(legacyEntities) != 106 {
		t.Errorf("%d legacy entities, HTML has 106", len(legacyEntities))
	}
	for name, r := range legacyEntities {
		if got := html.UnescapeString("&" + name + "x"); got != string(r)+"x" {
			t.Errorf("&%sx decodes to %q, table says %q", name, got, string(r))
		}
	}
}

func TestRepairEntityDamage(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		changed  bool
	}{
		{"mailto:edwardrµsoft.com", "mailto:edwardr&microsoft.com", true},
		{"mailto:info¶gon.com", "mailto:info&paragon.com", true},
		{"mailto:x¬es.org", "mailto:x&notes.org", true},
		{"mailto:a®ister.com", "mailto:a&register.com", true},
		{"mailto:a®ISTER.COM", "mailto:a&REGISTER.COM", true},
		{"MAILTO:joe×cape.com", "MAILTO:joe&timescape.com", true},
		// Undamaged, or not certain: left alone.
		{"mailto:edwardr&microsoft.com", "mailto:edwardr&microsoft.com", false},
		{"mailto:someone&example.org", "mailto:someone&example.org", false},
		{"mailto:µ&x.com", "mailto:µ&x.com", false},     // an & is left: the µ is the address's own
		{"mailto:aµbµc.com", "mailto:aµbµc.com", false}, // two candidates
		{"mailto:plain.example.com", "mailto:plain.example.com", false},
		{"https://example.com/?a=1¶m=2", "https://example.com/?a=1¶m=2", false},
	} {
		got, changed := RepairEntityDamage(tt.in)
		if got != tt.want || changed != tt.changed {
			t.Errorf("RepairEntityDamage(%q) = %q, %t; want %q, %t", tt.in, got, changed, tt.want, tt.changed)
		}
	}
}

// FORMATS.md: 138 contact URIs of 2026-08-17 would be damaged by a browser
// copy. Every one the repair calls certain comes back as IANA wrote it.
func TestRealEntityDamageRepairs(t *testing.T) {
	r := mustParseXML(t, "2026-08-17.xml", shareddata.Read(t, "iana/xml/2026-08-17.xml"))
	damaged, repaired := 0, 0
	for _, p := range r.persons {
		for _, u := range p.URIs {
			copied := html.UnescapeString(u) // what a browser shows of IANA's text
			if copied == u {
				continue
			}
			damaged++
			if got, ok := RepairEntityDamage(copied); ok {
				repaired++
				if got != u {
					t.Errorf("%q repaired as %q, IANA wrote %q", copied, got, u)
				}
			}
		}
	}
	if damaged != 138 {
		t.Errorf("%d URIs damaged by a browser's copy, FORMATS.md says 138", damaged)
	}
	t.Logf("%d of %d damaged URIs repaired (the rest are &amp read as &, which cannot be told apart)", repaired, damaged)
	if repaired < 100 {
		t.Errorf("only %d of %d repaired", repaired, damaged)
	}
}
