package normalize

// Kinds of snapshot: a complete rendering of the registry, or an excerpt
// (a search result or a partial copy) in which a missing record is not a
// deleted one.
const (
	KindComplete = "complete"
	KindExcerpt  = "excerpt"
)

// Header describes the snapshot as a whole. Parsers deliver it once, before
// the first Record.
type Header struct {
	Date string // the registry's "Last Updated" date, YYYY-MM-DD; may be empty
	// DateLine is the input line that gives Date; 0 where unknown.
	DateLine int
	Format   string // "xml", "csv"
	Kind     string // KindComplete or KindExcerpt
	Style    string // format variant, such as "crlf-folded" for IANA's older CSV
	Extras   []Raw  // registry-level elements (title, category, expert, notes...), kept verbatim
}

// Raw is a piece of the input kept verbatim, with where it came from.
type Raw struct {
	Name string // element or attribute name, such as "note" or "@id"
	Text string // the verbatim markup or value
	Line int
}

// Record is one row of the registry, as its source states it.
type Record struct {
	Line    int // line of the input on which the record starts
	EndLine int // line on which it ends; 0 means Line

	Name     string // service name; empty when the record has none
	Port     Ports  // port number or range; Port.Valid is false when absent
	Protocol string // tcp, udp, sctp, dccp; empty when absent

	// Description, Unauthorized and Notes hold the text as IANA renders it
	// (see RenderCell). The *XML fields hold the element's inner markup
	// verbatim when the rendering changed anything, and are empty otherwise.
	Description, DescriptionXML   string
	Unauthorized, UnauthorizedXML string
	Notes, NotesXML               string

	// People holds assignees and contacts in document order within each
	// role.
	People []PersonRef
	// Assignee says how the source wrote the assignees: the XML knows
	// whether a record had an <assignee> element; other shapes do not.
	Assignee AssigneeTag

	Registered  string // the registration date ("date" attribute)
	Modified    string // the modification date ("updated" attribute)
	ServiceCode string

	References []Reference

	// Extras holds elements and attributes the parser did not know, verbatim.
	Extras []Raw

	// Ambiguities are readings the source's text could not decide; the
	// parser took the likelier one. Observed is then the record's text as
	// the source wrote it, cells in order, white space folded, so that
	// Resolve can tell a complete snapshot's record that says the same.
	Ambiguities []Ambiguity
	Observed    string
}

// AssigneeTag says how a source wrote a record's assignees.
type AssigneeTag int8

const (
	// AssigneeUnknown: the shape does not say (CSV and the text shapes
	// give the Assignee column only).
	AssigneeUnknown AssigneeTag = iota
	// AssigneeWritten: the XML record has an <assignee> element.
	AssigneeWritten
	// AssigneeImplied: the XML record has none, so its contacts are its
	// assignees (PersonRef.Implied).
	AssigneeImplied
)

// Ambiguity is a question about a record or a person that its text could
// not settle, and the answer the parser took.
type Ambiguity struct {
	Kind     AmbiguityKind
	Line     int    // where the text is
	Question string // such as "registration or modification date?"
	Reading  string // what was taken, such as "registration date 2013-08-27"
}

// Ports is a single port (Low == High) or a range.
type Ports struct {
	Low, High int
	Valid     bool
	// Range is true where the registry wrote a range, even one of a
	// single port such as "4748-4748".
	Range bool
}

// Roles of a person in a record.
const (
	RoleAssignee = "assignee"
	RoleContact  = "contact"
)

// PersonRef links a record to a person by id.
type PersonRef struct {
	Role string // RoleAssignee or RoleContact
	ID   string
	// Implied is true where the role was not written but follows from the
	// XML's rule: a bare person xref is also the assignee when the record
	// has no <assignee>.
	Implied bool
}

// Reference is one entry of a record's Reference column: an xref of type
// rfc, draft, uri, text or note (a footnote number).
type Reference struct {
	Type    string
	Data    string
	Text    string // the xref's own text, verbatim; may be empty
	Section string
	// Label is what IANA's rendering puts between the brackets.
	Label string
}

// Person is an entry of the registry's <people> section, or of a copy's
// contact table.
type Person struct {
	Line    int
	EndLine int // 0 means Line
	ID      string
	Name    string // as the source writes it (see RepairMojibake)
	Org     string
	URIs    []string
	// RawURIs, where set, holds the URIs as a browser's copy damaged them;
	// URIs then holds them repaired (see RepairEntityDamage).
	RawURIs []string
	Updated string
	Extras  []Raw
	// Ambiguities are readings of a copied contact line that its text
	// could not decide (where its name ends and its organization begins).
	Ambiguities []Ambiguity
}

// Reject is a line of the input that a parser of a text shape could not
// read as part of a record, a person or anything it knows; it is kept.
type Reject struct {
	Line   int
	Text   string
	Reason string
}

// Footnote is a <footnote> of the registry, cited by references of type
// "note".
type Footnote struct {
	Line   int
	Anchor string
	Text   string
}

// Handler receives what a parser reads, in document order. A non-nil error
// from any method stops the parse and is returned by it.
type Handler interface {
	Header(*Header) error
	Record(*Record) error
	Person(*Person) error
	Footnote(*Footnote) error
	// Extra delivers a registry-level element met after the Header was
	// delivered (a <note> after the records, say), kept verbatim.
	Extra(*Raw) error
	// Reject delivers a line the parser could not read.
	Reject(*Reject) error
	// Warn reports something kept but not understood, or repaired.
	Warn(*ParseError)
}
