package normalize

import (
	"slices"
	"testing"

	"github.com/ianaports/ianaports/internal/shareddata"
)

// identityBase is a record with every field set.
func identityBase() *Record {
	return &Record{
		Line:            10,
		Name:            "radsec",
		Port:            Ports{Low: 2083, High: 2083, Valid: true},
		Protocol:        "udp",
		Description:     "Secure Radius Service",
		DescriptionXML:  "Secure Radius <br/>Service",
		Unauthorized:    "unauthorized",
		UnauthorizedXML: "<b>unauthorized</b>",
		Notes:           "notes",
		NotesXML:        "<paragraph>notes</paragraph>",
		People: []PersonRef{
			{Role: RoleAssignee, ID: "IESG"},
			{Role: RoleContact, ID: "IETF_Chair"},
			{Role: RoleAssignee, ID: "Other", Implied: true},
		},
		Assignee:    AssigneeWritten,
		Registered:  "2005-05",
		Modified:    "2014-07-14",
		ServiceCode: "SC",
		References: []Reference{
			{Type: "rfc", Data: "rfc7360", Text: "RFC7360", Section: "2", Label: "RFC7360"},
			{Type: "note", Data: "1", Label: "1"},
		},
		Extras: []Raw{{Name: "@color", Text: "red", Line: 10}, {Name: "size", Text: "<size>3</size>", Line: 12}},
	}
}

// clone copies r deeply, so that changing the copy leaves r alone.
func clone(r *Record) *Record {
	c := *r
	c.People = slices.Clone(r.People)
	c.References = slices.Clone(r.References)
	c.Extras = slices.Clone(r.Extras)
	return &c
}

func identityHash(r *Record) [32]byte {
	id := r.Identity()
	return id.Hash()
}

func renditionHash(r *Record) [32]byte {
	id := r.Identity()
	rd := r.Rendition(&id)
	return rd.Hash()
}

// The identity is the twelve cells, white space folded: what only a
// richer source says changes the rendition, not the identity.
func TestIdentity(t *testing.T) {
	base := identityBase()
	want := identityHash(base)
	wantRendition := renditionHash(base)
	if identityHash(clone(base)) != want || identityHash(base) != want {
		t.Fatal("equal records hash differently")
	}

	rendition := []struct {
		name   string
		change func(*Record)
	}{
		{"white space in a cell", func(r *Record) { r.Description = "Secure  Radius\n Service " }},
		{"markup", func(r *Record) { r.DescriptionXML = "" }},
		{"markup of notes", func(r *Record) { r.NotesXML = "notes" }},
		{"<assignee> written or not", func(r *Record) { r.Assignee = AssigneeImplied }},
		{"xref type", func(r *Record) { r.References[0].Type = "text" }},
		{"xref data", func(r *Record) { r.References[0].Data = "rfc7361" }},
		{"xref section", func(r *Record) { r.References[0].Section = "3" }},
		{"unknown elements", func(r *Record) { r.Extras = nil }},
		{"implied marks", func(r *Record) { r.People[2].Implied = false }},
	}
	for _, tt := range rendition {
		t.Run("same identity despite "+tt.name, func(t *testing.T) {
			r := clone(base)
			tt.change(r)
			if identityHash(r) != want {
				t.Errorf("the identity depends on the %s", tt.name)
			}
			if tt.name != "implied marks" && renditionHash(r) == wantRendition {
				t.Errorf("the rendition does not keep the %s", tt.name)
			}
		})
	}
	same := []struct {
		name   string
		change func(*Record)
	}{
		{"line", func(r *Record) { r.Line = 99 }},
		{"extra's line", func(r *Record) { r.Extras[0].Line = 99 }},
		{"nil and empty slices", func(r *Record) { r.Extras = []Raw{} }},
	}
	for _, tt := range same {
		t.Run("same rendition despite "+tt.name, func(t *testing.T) {
			r := clone(base)
			tt.change(r)
			if identityHash(r) != want || (tt.name != "nil and empty slices" && renditionHash(r) != wantRendition) {
				t.Errorf("the hashes depend on the %s", tt.name)
			}
		})
	}

	differ := []struct {
		name   string
		change func(*Record)
	}{
		{"Name", func(r *Record) { r.Name = "radsecs" }},
		{"Name empty", func(r *Record) { r.Name = "" }},
		{"Port.Low", func(r *Record) { r.Port.Low = 2082 }},
		{"Port.High", func(r *Record) { r.Port.High = 2084 }},
		{"Port.Valid", func(r *Record) { r.Port.Valid = false }},
		{"Port.Range", func(r *Record) { r.Port.Range = true }},
		{"Protocol", func(r *Record) { r.Protocol = "tcp" }},
		{"Description", func(r *Record) { r.Description += "." }},
		{"Unauthorized", func(r *Record) { r.Unauthorized = "" }},
		{"Notes", func(r *Record) { r.Notes = "Notes" }},
		{"Registered", func(r *Record) { r.Registered = "2005-06" }},
		{"Modified", func(r *Record) { r.Modified = "" }},
		{"dates swapped", func(r *Record) { r.Registered, r.Modified = "", "2005-05" }},
		{"ServiceCode", func(r *Record) { r.ServiceCode = "sc" }},
		{"People order", func(r *Record) { r.People[0], r.People[2] = r.People[2], r.People[0] }},
		{"People role", func(r *Record) { r.People[1].Role = RoleAssignee }},
		{"People ID", func(r *Record) { r.People[0].ID = "IAB" }},
		{"People added", func(r *Record) { r.People = append(r.People, PersonRef{Role: RoleContact, ID: "X"}) }},
		{"People removed", func(r *Record) { r.People = r.People[:2] }},
		{"Reference order", func(r *Record) { r.References[0], r.References[1] = r.References[1], r.References[0] }},
		{"Reference label", func(r *Record) { r.References[0].Label = "rfc7360" }},
		{"Reference removed", func(r *Record) { r.References = r.References[:1] }},
		// Length prefixes keep text from moving between cells unseen.
		{"text moved between cells", func(r *Record) { r.Name, r.Protocol = "radsecudp", "" }},
		{"person moved between roles", func(r *Record) {
			r.People = []PersonRef{{Role: RoleAssignee, ID: "IESG"}, {Role: RoleAssignee, ID: "IETF_Chair"}, {Role: RoleAssignee, ID: "Other"}}
		}},
	}
	for _, tt := range differ {
		t.Run("differs by "+tt.name, func(t *testing.T) {
			r := clone(base)
			tt.change(r)
			if identityHash(r) == want {
				t.Errorf("changing %s leaves the identity unchanged", tt.name)
			}
			if identityHash(identityBase()) != want {
				t.Fatal("the change reached the base record")
			}
		})
	}
}

// Ports that render the same are the same; a range of one port is not a
// single port.
func TestIdentityPorts(t *testing.T) {
	single := &Record{Port: Ports{Low: 4748, High: 4748, Valid: true}}
	rangeOfOne := &Record{Port: Ports{Low: 4748, High: 4748, Valid: true, Range: true}}
	none := &Record{}
	zero := &Record{Port: Ports{Valid: true}}
	if identityHash(single) == identityHash(rangeOfOne) {
		t.Error("4748 and 4748-4748 are one identity")
	}
	if identityHash(none) == identityHash(zero) {
		t.Error("no port and port 0 are one identity")
	}
}

// IANA's mojibake is repaired in the identity and kept in the rendition.
func TestIdentityRepairsMojibake(t *testing.T) {
	raw := &Record{Name: "x", References: []Reference{{Type: "text", Text: "Ari√´n Huisken", Label: "Ari√´n Huisken"}}}
	clean := &Record{Name: "x", References: []Reference{{Type: "text", Text: "Ariën Huisken", Label: "Ariën Huisken"}}}
	if identityHash(raw) != identityHash(clean) {
		t.Error("the mojibake and the repaired text are two identities")
	}
	id := raw.Identity()
	if rd := raw.Rendition(&id); len(rd.References) != 1 || rd.References[0].Label != "Ari√´n Huisken" {
		t.Errorf("the rendition lost IANA's bytes: %+v", rd.References)
	}
	if got := id.Cells()[8]; got != "[Ariën Huisken]" {
		t.Errorf("Reference cell %q", got)
	}
}

// A record whose XML has no <assignee> and one whose CSV row repeats the
// contacts as assignees are one record; the XML's way is its default.
func TestIdentityAssigneeIsContact(t *testing.T) {
	x := &Record{Name: "a", Assignee: AssigneeImplied, People: []PersonRef{
		{Role: RoleContact, ID: "P"}, {Role: RoleAssignee, ID: "P", Implied: true}}}
	c := &Record{Name: "a", People: []PersonRef{{Role: RoleAssignee, ID: "P"}, {Role: RoleContact, ID: "P"}}}
	if identityHash(x) != identityHash(c) {
		t.Error("the XML's implied assignee and the CSV's Assignee column differ")
	}
	for _, r := range []*Record{x, c} {
		id := r.Identity()
		if !id.AssigneeIsContact() {
			t.Error("AssigneeIsContact is false")
		}
		if rd := r.Rendition(&id); !rd.Empty() {
			t.Errorf("rendition %+v, want empty", rd)
		}
	}
	written := &Record{Name: "a", Assignee: AssigneeWritten, People: c.People}
	id := written.Identity()
	if rd := written.Rendition(&id); rd.Assignee != AssigneeWritten {
		t.Error("an <assignee> that repeats the contacts is forgotten")
	}
}

// The XML and the CSV of a day give the same identities, record for
// record; the CSV's renditions say no more than the XML's.
func TestRealIdentitiesAcrossShapes(t *testing.T) {
	for _, day := range []string{"2025-04-07", "2024-04-30"} {
		t.Run(day, func(t *testing.T) {
			x := mustParseXML(t, day+".xml", shareddata.Read(t, "iana/xml/"+day+".xml"))
			c := mustParseCSV(t, day+".csv", shareddata.Read(t, "iana/csv/"+day+".csv"))
			if len(x.records) != len(c.records) {
				t.Fatalf("%d and %d records", len(x.records), len(c.records))
			}
			bad := 0
			for i := range x.records {
				if identityHash(x.records[i]) != identityHash(c.records[i]) {
					if bad++; bad <= 5 {
						xi, ci := x.records[i].Identity(), c.records[i].Identity()
						t.Errorf("record %d (XML line %d): %q != %q", i, x.records[i].Line, xi.Cells(), ci.Cells())
					}
				}
			}
		})
	}
}
