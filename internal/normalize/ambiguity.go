package normalize

import (
	"strings"
)

// AmbiguityKind is the kind of question a copy's text can leave open.
type AmbiguityKind int8

const (
	// AmbiguousDate: a record shows one date, and a copy that dropped the
	// empty cells does not say whether it registered or modified it.
	AmbiguousDate AmbiguityKind = iota + 1
	// AmbiguousRole: a record shows one group of persons: its Assignee or
	// its Contact?
	AmbiguousRole
	// AmbiguousText: free text that runs on from one cell to the next
	// (description, unauthorized use, notes) with nothing between them
	// to say where one ends.
	AmbiguousText
	// AmbiguousNameOrg: a copied contact line whose name and organization
	// run together, or whose one phrase may be either.
	AmbiguousNameOrg
)

// Question is the question itself, as the ambiguities table stores it.
func (k AmbiguityKind) Question() string {
	switch k {
	case AmbiguousDate:
		return "registration or modification date?"
	case AmbiguousRole:
		return "assignee or contact?"
	case AmbiguousText:
		return "where does each free-text cell end?"
	case AmbiguousNameOrg:
		return "where does the name end and the organization begin?"
	}
	return "?"
}

func ambiguity(kind AmbiguityKind, line int, reading string) Ambiguity {
	return Ambiguity{Kind: kind, Line: line, Question: kind.Question(), Reading: reading}
}

// ObservedText is what a row of cells says as a copy shows it: its
// non-empty cells in column order, joined by spaces, cleaned as Clean
// does. A parser sets Record.Observed to it; Resolve compares it with a
// complete snapshot's records.
func ObservedText(cells []string) string {
	var b strings.Builder
	for _, c := range cells {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c)
	}
	return Clean(b.String())
}

// Record is the identity as a Record: what a complete snapshot says, for
// Resolve.
func (id *Identity) Record() *Record {
	r := &Record{
		Name: id.Name, Port: id.Port, Protocol: id.Protocol, Description: id.Description,
		Registered: id.Registered, Modified: id.Modified, ServiceCode: id.ServiceCode,
		Unauthorized: id.Unauthorized, Notes: id.Notes,
	}
	for _, p := range id.Assignees {
		r.People = append(r.People, PersonRef{Role: RoleAssignee, ID: p})
	}
	for _, p := range id.Contacts {
		r.People = append(r.People, PersonRef{Role: RoleContact, ID: p})
	}
	for _, l := range id.References {
		r.References = append(r.References, inferReference(l))
	}
	return r
}

// Resolve settles r's ambiguities from candidates: the records a complete
// snapshot holds under r's name, port and protocol. Where one of them says
// exactly what r's text says (its ObservedText is r.Observed), r takes its
// reading of every cell. Otherwise, where r's only question is its lone
// date and a candidate shows that date in one of the two columns, r takes
// that column. It reports whether every ambiguity of r was settled; r's
// Ambiguities stay, as the record of what was asked.
func (r *Record) Resolve(candidates []*Record) bool {
	if len(r.Ambiguities) == 0 {
		return false
	}
	for _, c := range candidates {
		if ObservedText(c.Cells()) == r.Observed {
			r.Name, r.Port, r.Protocol = c.Name, c.Port, c.Protocol
			r.Description, r.Unauthorized, r.Notes = c.Description, c.Unauthorized, c.Notes
			r.DescriptionXML, r.UnauthorizedXML, r.NotesXML = "", "", ""
			r.People = c.People
			r.Registered, r.Modified = c.Registered, c.Modified
			r.References, r.ServiceCode = c.References, c.ServiceCode
			return true
		}
	}
	for _, a := range r.Ambiguities {
		if a.Kind != AmbiguousDate {
			return false
		}
	}
	date := r.Registered + r.Modified // one of them is empty
	for _, c := range candidates {
		switch {
		case c.Registered == date && c.Modified != date:
			r.Registered, r.Modified = date, ""
			return true
		case c.Modified == date && c.Registered != date:
			r.Registered, r.Modified = "", date
			return true
		}
	}
	return false
}
