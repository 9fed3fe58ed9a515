package normalize

import (
	"slices"
	"testing"
)

// hashBase is a record with every field set.
func hashBase() *Record {
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

func TestContentHash(t *testing.T) {
	base := hashBase()
	want := base.ContentHash()

	t.Run("equal records", func(t *testing.T) {
		if got := clone(base).ContentHash(); got != want {
			t.Error("equal records hash differently")
		}
		if base.ContentHash() != want {
			t.Error("hash is not deterministic")
		}
	})

	same := []struct {
		name   string
		change func(*Record)
	}{
		{"line", func(r *Record) { r.Line = 99 }},
		{"extra's line", func(r *Record) { r.Extras[0].Line = 99 }},
	}
	for _, tt := range same {
		t.Run("same despite "+tt.name, func(t *testing.T) {
			r := clone(base)
			tt.change(r)
			if r.ContentHash() != want {
				t.Errorf("hash depends on the %s", tt.name)
			}
		})
	}

	t.Run("nil and empty slices", func(t *testing.T) {
		a, b := clone(base), clone(base)
		a.People, a.References, a.Extras = nil, nil, nil
		b.People, b.References, b.Extras = []PersonRef{}, []Reference{}, []Raw{}
		if a.ContentHash() != b.ContentHash() {
			t.Error("hash tells nil from empty slices")
		}
	})

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
		{"DescriptionXML", func(r *Record) { r.DescriptionXML = "" }},
		{"Unauthorized", func(r *Record) { r.Unauthorized = "" }},
		{"UnauthorizedXML", func(r *Record) { r.UnauthorizedXML = "" }},
		{"Notes", func(r *Record) { r.Notes = "Notes" }},
		{"NotesXML", func(r *Record) { r.NotesXML = "" }},
		{"Registered", func(r *Record) { r.Registered = "2005-06" }},
		{"Modified", func(r *Record) { r.Modified = "" }},
		{"ServiceCode", func(r *Record) { r.ServiceCode = "sc" }},
		{"People order", func(r *Record) { r.People[0], r.People[1] = r.People[1], r.People[0] }},
		{"People role", func(r *Record) { r.People[1].Role = RoleAssignee }},
		{"People ID", func(r *Record) { r.People[0].ID = "IAB" }},
		{"People Implied", func(r *Record) { r.People[2].Implied = false }},
		{"People added", func(r *Record) { r.People = append(r.People, PersonRef{Role: RoleContact, ID: "X"}) }},
		{"People removed", func(r *Record) { r.People = r.People[:2] }},
		{"Reference order", func(r *Record) { r.References[0], r.References[1] = r.References[1], r.References[0] }},
		{"Reference.Type", func(r *Record) { r.References[0].Type = "draft" }},
		{"Reference.Data", func(r *Record) { r.References[0].Data = "rfc7361" }},
		{"Reference.Text", func(r *Record) { r.References[0].Text = "" }},
		{"Reference.Section", func(r *Record) { r.References[0].Section = "3" }},
		{"Reference.Label", func(r *Record) { r.References[0].Label = "rfc7360" }},
		{"Reference removed", func(r *Record) { r.References = r.References[:1] }},
		{"Extras name", func(r *Record) { r.Extras[0].Name = "@colour" }},
		{"Extras text", func(r *Record) { r.Extras[0].Text = "blue" }},
		{"Extras order", func(r *Record) { r.Extras[0], r.Extras[1] = r.Extras[1], r.Extras[0] }},
		{"Extras removed", func(r *Record) { r.Extras = nil }},
		// Length prefixes keep text from moving between fields unseen.
		{"text moved between fields", func(r *Record) { r.Name, r.Protocol = "radsecudp", "" }},
		{"text moved between xref fields", func(r *Record) { r.References[0].Data, r.References[0].Text = "rfc7360RFC7360", "" }},
		{"text moved between person fields", func(r *Record) { r.People[0].ID, r.People[0].Role = "", RoleAssignee+"IESG" }},
	}
	for _, tt := range differ {
		t.Run("differs by "+tt.name, func(t *testing.T) {
			r := clone(base)
			tt.change(r)
			if r.ContentHash() == want {
				t.Errorf("changing %s leaves the hash unchanged", tt.name)
			}
			if hashBase().ContentHash() != want {
				t.Fatal("the change reached the base record")
			}
		})
	}
}

// Ports that render the same hash the same; a range of one port is not a
// single port.
func TestContentHashPorts(t *testing.T) {
	single := &Record{Port: Ports{Low: 4748, High: 4748, Valid: true}}
	rangeOfOne := &Record{Port: Ports{Low: 4748, High: 4748, Valid: true, Range: true}}
	none := &Record{}
	zero := &Record{Port: Ports{Valid: true}}
	if single.ContentHash() == rangeOfOne.ContentHash() {
		t.Error("4748 and 4748-4748 hash the same")
	}
	if none.ContentHash() == zero.ContentHash() {
		t.Error("no port and port 0 hash the same")
	}
}
