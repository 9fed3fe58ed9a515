package normalize

import (
	"crypto/sha256"
	"encoding/binary"
	"regexp"
	"slices"
	"strings"
)

// Identity is what a record says, whatever shape it came from: its twelve
// cells as IANA renders them, white space folded and IANA's mojibake
// repaired (see RepairMojibake). Records whose identities are equal are
// one record: the XML of a day, IANA's CSV of it, and a copy of its web
// page pasted as text all give the same identities.
type Identity struct {
	Name         string
	Port         Ports
	Protocol     string
	Description  string
	Assignees    []string // person ids, in order
	Contacts     []string
	Registered   string
	Modified     string
	References   []string // labels, as rendered between brackets
	ServiceCode  string
	Unauthorized string
	Notes        string
}

// Identity returns the record's identity.
func (r *Record) Identity() Identity {
	id := Identity{
		Name:         Fold(r.Name),
		Port:         r.Port,
		Protocol:     Fold(r.Protocol),
		Description:  Clean(r.Description),
		Registered:   Fold(r.Registered),
		Modified:     Fold(r.Modified),
		ServiceCode:  Fold(r.ServiceCode),
		Unauthorized: Clean(r.Unauthorized),
		Notes:        Clean(r.Notes),
	}
	for _, p := range r.People {
		if p.Role == RoleAssignee {
			id.Assignees = append(id.Assignees, p.ID)
		} else {
			id.Contacts = append(id.Contacts, p.ID)
		}
	}
	if len(r.References) > 0 {
		id.References = make([]string, len(r.References))
		for i, ref := range r.References {
			id.References[i] = Clean(ref.Label)
		}
	}
	return id
}

// Clean is the text a record's cell stands for: IANA's mojibake repaired,
// white space folded.
func Clean(s string) string {
	if t, ok := RepairMojibake(s); ok {
		s = t
	}
	return Fold(s)
}

// AssigneeIsContact reports whether the Assignee column repeats the
// Contact column, as it does for most records (the XML's rule for a record
// without <assignee>). The database then stores the persons once.
func (id *Identity) AssigneeIsContact() bool {
	return len(id.Contacts) > 0 && slices.Equal(id.Assignees, id.Contacts)
}

// Cells renders the identity in IANA's twelve columns (see Columns).
func (id *Identity) Cells() []string {
	return []string{
		id.Name, id.Port.String(), id.Protocol, id.Description,
		bracketList(id.Assignees), bracketList(id.Contacts), id.Registered, id.Modified,
		bracketList(id.References), id.ServiceCode, id.Unauthorized, id.Notes,
	}
}

func bracketList(items []string) string {
	var b strings.Builder
	for _, s := range items {
		b.WriteString("[" + s + "]")
	}
	return b.String()
}

// Hash is the SHA-256 of the identity: each string preceded by its
// length, each list by its count, in column order.
func (id *Identity) Hash() [32]byte {
	var stack [1024]byte
	b := stack[:0]
	b = appendStr(b, id.Name)
	b = appendStr(b, id.Port.String())
	b = appendStr(b, id.Protocol)
	b = appendStr(b, id.Description)
	for _, list := range [][]string{id.Assignees, id.Contacts} {
		b = appendInt(b, len(list))
		for _, s := range list {
			b = appendStr(b, s)
		}
	}
	b = appendStr(b, id.Registered)
	b = appendStr(b, id.Modified)
	b = appendInt(b, len(id.References))
	for _, s := range id.References {
		b = appendStr(b, s)
	}
	b = appendStr(b, id.ServiceCode)
	b = appendStr(b, id.Unauthorized)
	b = appendStr(b, id.Notes)
	return sha256.Sum256(b)
}

// InferredReferences are the identity's references as their labels say
// them: the type, data and section each label's shape gives (see
// ParseReferenceLabel).
func (id *Identity) InferredReferences() []Reference {
	refs := make([]Reference, len(id.References))
	for i, l := range id.References {
		refs[i] = inferReference(l)
	}
	return refs
}

// ParseReferenceLabel tells a reference's type, data and section from the
// label IANA renders for it: "RFC6335" is an rfc, "draft-..." or
// "RFC-ietf-..." a draft, "1" a footnote, "https://..." a uri, anything
// else text.
func ParseReferenceLabel(label string) Reference { return inferReference(label) }

// Rendition is what a source says of a record beyond its Identity: text
// exactly as rendered (white space, line breaks, IANA's bytes before
// repair), the XML's markup, its xref attributes where they are not what
// the labels imply, how it wrote the assignees, and elements the parser
// did not know. It is what makes each snapshot export exactly as it came
// in. An empty rendition is the identity itself.
type Rendition struct {
	Description, DescriptionXML   string // Description: "" where it is the identity's
	Unauthorized, UnauthorizedXML string
	Notes, NotesXML               string
	// Assignee is AssigneeUnknown where the source's way of writing the
	// assignees is the one the identity implies (see DefaultAssignee).
	Assignee AssigneeTag
	// References is nil where each reference is what its label says.
	References []Reference
	Extras     []Raw
}

// DefaultAssignee is how IANA's XML writes the assignees of a record with
// this identity: without <assignee> when the contacts are the assignees
// (or there are none), with it otherwise.
func (id *Identity) DefaultAssignee() AssigneeTag {
	if len(id.Assignees) == 0 || id.AssigneeIsContact() {
		return AssigneeImplied
	}
	return AssigneeWritten
}

// Rendition returns what r says beyond id, which must be r's identity.
func (r *Record) Rendition(id *Identity) Rendition {
	var rd Rendition
	if r.Description != id.Description {
		rd.Description = r.Description
	}
	if r.Unauthorized != id.Unauthorized {
		rd.Unauthorized = r.Unauthorized
	}
	if r.Notes != id.Notes {
		rd.Notes = r.Notes
	}
	rd.DescriptionXML, rd.UnauthorizedXML, rd.NotesXML = r.DescriptionXML, r.UnauthorizedXML, r.NotesXML
	if r.Assignee != AssigneeUnknown && r.Assignee != id.DefaultAssignee() {
		rd.Assignee = r.Assignee
	}
	for i, ref := range r.References {
		if ref != inferReference(id.References[i]) {
			rd.References = r.References
			break
		}
	}
	rd.Extras = r.Extras
	return rd
}

// Empty reports whether the rendition says nothing beyond the identity.
func (rd *Rendition) Empty() bool {
	return rd.Description == "" && rd.DescriptionXML == "" && rd.Unauthorized == "" && rd.UnauthorizedXML == "" &&
		rd.Notes == "" && rd.NotesXML == "" && rd.Assignee == AssigneeUnknown && rd.References == nil && len(rd.Extras) == 0
}

// Hash is the SHA-256 of the rendition's content.
func (rd *Rendition) Hash() [32]byte {
	var stack [512]byte
	b := stack[:0]
	for _, s := range [...]string{rd.Description, rd.DescriptionXML, rd.Unauthorized, rd.UnauthorizedXML, rd.Notes, rd.NotesXML} {
		b = appendStr(b, s)
	}
	b = appendInt(b, int(rd.Assignee))
	b = appendInt(b, len(rd.References))
	for _, ref := range rd.References {
		b = appendStr(b, ref.Type)
		b = appendStr(b, ref.Data)
		b = appendStr(b, ref.Text)
		b = appendStr(b, ref.Section)
		b = appendStr(b, ref.Label)
	}
	b = appendInt(b, len(rd.Extras))
	for _, e := range rd.Extras {
		b = appendStr(b, e.Name)
		b = appendStr(b, e.Text)
	}
	return sha256.Sum256(b)
}

func appendInt(b []byte, n int) []byte { return binary.AppendUvarint(b, uint64(n)) }

func appendStr(b []byte, s string) []byte {
	return append(appendInt(b, len(s)), s...)
}

// Alias is a pair of service names for one service: a historic name that
// does not follow RFC 6335's syntax, and the well-formed name that
// replaced it.
type Alias struct{ Historic, WellFormed string }

var (
	aliasTo     = regexp.MustCompile(`This entry is an alias to "([^"]+)"`)
	replacement = regexp.MustCompile(`well-formed service name as a replacement for "([^"]+)"`)
)

// Aliases returns the pairs a record states: IANA notes a historic name's
// record "This entry is an alias to "name"", and describes the well-formed
// name's record as "... a replacement for "historic"".
func (id *Identity) Aliases() []Alias {
	if id.Name == "" {
		return nil
	}
	var out []Alias
	if m := aliasTo.FindStringSubmatch(id.Notes); m != nil {
		out = append(out, Alias{Historic: id.Name, WellFormed: m[1]})
	}
	for _, text := range []string{id.Description, id.Notes} {
		if m := replacement.FindStringSubmatch(text); m != nil {
			out = append(out, Alias{Historic: m[1], WellFormed: id.Name})
			break
		}
	}
	return out
}
