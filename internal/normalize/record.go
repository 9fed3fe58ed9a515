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
	Date   string // the registry's "Last Updated" date, YYYY-MM-DD; may be empty
	Format string // "xml", "csv"
	Kind   string // KindComplete or KindExcerpt
	Style  string // format variant, such as "crlf-folded" for IANA's older CSV
	Extras []Raw  // registry-level elements (title, category, expert, notes...), kept verbatim
}

// Raw is a piece of the input kept verbatim, with where it came from.
type Raw struct {
	Name string // element or attribute name, such as "note" or "@id"
	Text string // the verbatim markup or value
	Line int
}

// Record is one row of the registry.
type Record struct {
	Line int // line of the input on which the record starts

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

	Registered  string // the registration date ("date" attribute)
	Modified    string // the modification date ("updated" attribute)
	ServiceCode string

	References []Reference

	// Extras holds elements and attributes the parser did not know, verbatim.
	Extras []Raw
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

// Person is an entry of the registry's <people> section.
type Person struct {
	Line    int
	ID      string
	Name    string
	Org     string
	URIs    []string
	Updated string
	Extras  []Raw
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
	// Warn reports something kept but not understood, or repaired.
	Warn(*ParseError)
}
