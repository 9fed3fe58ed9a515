package schema

import "sort"

// Note is what the domain says of a table beyond its structure.
type Note struct {
	Description string
	Columns     map[string]ColumnNote
}

// ColumnNote is what the domain says of a column.
type ColumnNote struct {
	Description string
	// Date marks a text column of dates. It becomes a Date where every
	// value is a full date (YYYY-MM-DD); the registry's older dates are
	// sometimes a month or a year only, and such a column stays Text.
	Date bool
	// Enum fixes the values a text column may hold.
	Enum []string
}

// Protocols are the transport protocols the registry assigns ports for.
var Protocols = []string{"tcp", "udp", "sctp", "dccp"}

const (
	snapshotID = "The snapshot (snapshots.id)."
	position   = "1-based order within its parent."
	portID     = "The record (ports.id)."
	extraName  = "The element or attribute name, such as note or @id."
	extraText  = "The markup or value, verbatim."
	firstSeq   = "The first snapshot of the span, by snapshots.seq."
	lastSeq    = "The last snapshot of the span, by snapshots.seq; null while the span reaches the newest snapshot of its lineage."
	refType    = "rfc, draft, uri, text, person or note."
	refData    = "The xref's data attribute: the RFC or draft name, URI, or footnote anchor."
	refText    = "The xref's text, where it has one."
	refSection = "The section of the cited document, where given."
	refLabel   = "What IANA renders in brackets, such as RFC6335."
	partialDay = "YYYY-MM-DD; some older values give only YYYY-MM or YYYY."
)

// Notes describes every table ianaports keeps and each of its columns.
// TestEveryColumnDescribed keeps it complete.
var Notes = map[string]Note{
	"goose_db_version": {"Schema migrations applied (goose's bookkeeping).", map[string]ColumnNote{
		"id":         {Description: "Order of application."},
		"version_id": {Description: "The migration's version number."},
		"is_applied": {Description: "1 where the migration was applied, 0 where rolled back."},
		"tstamp":     {Description: "When it was applied; cleared in a release, which holds no wall-clock time."},
	}},
	"snapshots": {"Each imported document: a complete rendering of the registry, or an excerpt of it.", map[string]ColumnNote{
		"id":            {Description: "The snapshot's id: 53 bits of a SHA-256 of its content."},
		"registry_date": {Description: "The registry's Last Updated date.", Date: true},
		"date_source":   {Description: "Where registry_date came from: document, file-name, flag or records."},
		"format":        {Description: "The input's format: xml, csv, txt, html, pagetext, markdown..."},
		"style":         {Description: "A variant of the format, such as crlf-folded for IANA's older CSV."},
		"kind":          {Description: "complete, or excerpt: a partial copy in which a missing record is not a removed one."},
		"source":        {Description: "The input's name: its base name, archive:member, a URL or <stdin>."},
		"sha256":        {Description: "SHA-256 of the input's bytes, hex."},
		"record_count":  {Description: "Records in the snapshot."},
		"fidelity":      {Description: "How faithfully the format carries the registry: 3 IANA's XML, 2 IANA's other renderings, 1 copies people make."},
		"seq":           {Description: "The snapshot's place in the history: complete snapshots by date, then fidelity; spans are ranges of seq."},
	}},
	"snapshot_extras": {"Registry-level parts of a snapshot kept verbatim: title, category, expert, notes, and anything the importer did not know.", map[string]ColumnNote{
		"snapshot_id": {Description: snapshotID},
		"position":    {Description: position},
		"name":        {Description: extraName},
		"text":        {Description: extraText},
		"line":        {Description: "The input line it starts on."},
	}},
	"snapshot_warnings": {"What the importer warned about, with where.", map[string]ColumnNote{
		"snapshot_id": {Description: snapshotID},
		"position":    {Description: position},
		"line":        {Description: "The input line."},
		"col":         {Description: "The input column."},
		"message":     {Description: "The warning."},
	}},
	"footnotes": {"The registry's footnotes, cited by references of type note.", map[string]ColumnNote{
		"snapshot_id": {Description: snapshotID},
		"anchor":      {Description: "The footnote's anchor, as references cite it."},
		"text":        {Description: "The footnote's text."},
	}},
	"services": {"Each distinct service name.", map[string]ColumnNote{
		"id":   {Description: "The service's id: 53 bits of a SHA-256 of its name."},
		"name": {Description: "The service name, as the registry writes it."},
	}},
	"ports": {"Each distinct registry record: its twelve cells as IANA renders them, white space folded and mojibake repaired.", map[string]ColumnNote{
		"id":                  {Description: "The record's id: 53 bits of a SHA-256 of its content."},
		"content_hash":        {Description: "SHA-256 of the record's content."},
		"service_id":          {Description: "The service name (services.id); null for an unnamed record."},
		"port_low":            {Description: "The port number, or the first of a range; null for a record without one."},
		"port_high":           {Description: "The last port of a range; port_low for a single port."},
		"port_range":          {Description: "Written as a range, even 4748-4748."},
		"protocol":            {Description: "The transport protocol; null where the record names none.", Enum: Protocols},
		"description":         {Description: "The Description cell."},
		"registration_date":   {Description: "The Registration Date cell: " + partialDay, Date: true},
		"modification_date":   {Description: "The Modification Date cell: " + partialDay, Date: true},
		"service_code":        {Description: "The Service Code cell."},
		"unauthorized_use":    {Description: "The Unauthorized Use Reported cell."},
		"assignment_notes":    {Description: "The Assignment Notes cell."},
		"assignee_is_contact": {Description: "The record has no assignee of its own: by the XML's rule its contacts are its assignees."},
	}},
	"contacts": {"Each person the registry names, with the details of the most faithful, then newest, snapshot that describes them.", map[string]ColumnNote{
		"id":               {Description: "The person's id, as records cite it in brackets."},
		"name":             {Description: "The person's name."},
		"organization":     {Description: "The person's organization."},
		"last_updated":     {Description: "When IANA last updated the person's details: " + partialDay, Date: true},
		"described_by":     {Description: "The snapshot these details come from (snapshots.id)."},
		"name_raw":         {Description: "The name as the source wrote it, where repairing IANA's mojibake changed it."},
		"organization_raw": {Description: "The organization as the source wrote it, where repair changed it."},
	}},
	"contact_uris": {"A person's URIs (mailto: and others), in order.", map[string]ColumnNote{
		"contact_id": {Description: "The person (contacts.id)."},
		"position":   {Description: position},
		"uri":        {Description: "The URI."},
		"raw":        {Description: "The URI as a browser's copy damaged it, where it was repaired."},
	}},
	"contact_extras": {"Elements of a person the importer did not know, verbatim.", map[string]ColumnNote{
		"contact_id": {Description: "The person (contacts.id)."},
		"position":   {Description: position},
		"name":       {Description: extraName},
		"text":       {Description: extraText},
	}},
	"port_contacts": {"The assignees and contacts of a record, in order within each role.", map[string]ColumnNote{
		"port_id":    {Description: portID},
		"role":       {Description: "assignee or contact."},
		"position":   {Description: position},
		"contact_id": {Description: "The person (contacts.id)."},
	}},
	"port_references": {"A record's references, in document order.", map[string]ColumnNote{
		"port_id":  {Description: portID},
		"position": {Description: position},
		"type":     {Description: refType},
		"data":     {Description: refData},
		"text":     {Description: refText},
		"section":  {Description: refSection},
		"label":    {Description: refLabel},
	}},
	"port_renditions": {"What a source said of a record beyond its identity: exact white space and line breaks, markup, the XML's <assignee>. A column is null where the source says what the record says.", map[string]ColumnNote{
		"id":                   {Description: "The rendition's id: 53 bits of a SHA-256 of its content."},
		"port_id":              {Description: portID},
		"content_hash":         {Description: "SHA-256 of the rendition's content."},
		"description":          {Description: "The Description cell exactly as rendered."},
		"description_xml":      {Description: "The XML's inner markup, where rendering changed it."},
		"unauthorized_use":     {Description: "The Unauthorized Use Reported cell exactly as rendered."},
		"unauthorized_use_xml": {Description: "Its XML markup, where rendering changed it."},
		"assignment_notes":     {Description: "The Assignment Notes cell exactly as rendered."},
		"assignment_notes_xml": {Description: "Its XML markup, where rendering changed it."},
		"assignee_written":     {Description: "1: the XML record has an <assignee> element, 0: none; null where it is as the record implies."},
	}},
	"rendition_references": {"A rendition's references, where they are not what their labels imply.", map[string]ColumnNote{
		"rendition_id": {Description: "The rendition (port_renditions.id)."},
		"position":     {Description: position},
		"type":         {Description: refType},
		"data":         {Description: refData},
		"text":         {Description: refText},
		"section":      {Description: refSection},
		"label":        {Description: refLabel},
	}},
	"rendition_extras": {"Elements and attributes of a record the importer did not know, verbatim.", map[string]ColumnNote{
		"rendition_id": {Description: "The rendition (port_renditions.id)."},
		"position":     {Description: position},
		"name":         {Description: extraName},
		"text":         {Description: extraText},
	}},
	"rejects": {"Lines of a text snapshot the importer could not read, kept.", map[string]ColumnNote{
		"snapshot_id": {Description: snapshotID},
		"line":        {Description: "The input line."},
		"text":        {Description: "The line."},
		"reason":      {Description: "Why it could not be read."},
	}},
	"ambiguities": {"Questions a copy's text could not settle, the reading taken, and the complete snapshot that settled it.", map[string]ColumnNote{
		"snapshot_id": {Description: snapshotID},
		"position":    {Description: "1-based, in input order."},
		"line":        {Description: "The input line."},
		"record":      {Description: "The record's position in the snapshot; null for a person's."},
		"contact_id":  {Description: "The person's id, for a person's."},
		"question":    {Description: "What the text left open."},
		"reading":     {Description: "The reading taken."},
		"resolved_by": {Description: "The complete snapshot that settled it (snapshots.id), where one did."},
	}},
	"contact_details": {"What each snapshot said of each person.", map[string]ColumnNote{
		"id":               {Description: "The details' id: 53 bits of a SHA-256 of them."},
		"contact_id":       {Description: "The person (contacts.id)."},
		"name":             {Description: "The person's name."},
		"organization":     {Description: "The person's organization."},
		"last_updated":     {Description: "When IANA last updated the person's details: " + partialDay, Date: true},
		"name_raw":         {Description: "The name as the source wrote it, where repair changed it."},
		"organization_raw": {Description: "The organization as the source wrote it, where repair changed it."},
	}},
	"contact_detail_uris": {"The URIs of a person's details, in order.", map[string]ColumnNote{
		"detail_id": {Description: "The details (contact_details.id)."},
		"position":  {Description: position},
		"uri":       {Description: "The URI."},
		"raw":       {Description: "The URI as a browser's copy damaged it, where it was repaired."},
	}},
	"contact_detail_extras": {"Elements of a person's details the importer did not know, verbatim.", map[string]ColumnNote{
		"detail_id": {Description: "The details (contact_details.id)."},
		"position":  {Description: position},
		"name":      {Description: extraName},
		"text":      {Description: extraText},
	}},
	"port_spans": {"Which snapshots hold which record: each row a run of consecutive snapshots, with the record's place among them and how they rendered it.", map[string]ColumnNote{
		"port_id":      {Description: portID},
		"first_seq":    {Description: firstSeq},
		"last_seq":     {Description: lastSeq},
		"order_group":  {Description: "The record's place: its port, or 65536 for an unnumbered record."},
		"order_name":   {Description: "The record's place within its group: a service name."},
		"order_rank":   {Description: "Orders records of equal place."},
		"rendition_id": {Description: "The rendition these snapshots gave (port_renditions.id); null where they gave the record itself."},
	}},
	"contact_spans": {"Which snapshots list which person, in which place, with which details.", map[string]ColumnNote{
		"contact_id": {Description: "The person (contacts.id)."},
		"first_seq":  {Description: firstSeq},
		"last_seq":   {Description: lastSeq},
		"order_key":  {Description: "The person's place in the snapshot's list."},
		"order_rank": {Description: "Orders persons of equal place."},
		"detail_id":  {Description: "What these snapshots said of the person (contact_details.id)."},
	}},
	"port_aliases": {"Historic service names a record bears, and the well-formed names that replace them (RFC 6335).", map[string]ColumnNote{
		"port_id":     {Description: portID},
		"historic":    {Description: "The historic name, such as mdbs_daemon."},
		"well_formed": {Description: "The well-formed name, such as mdbs-daemon."},
	}},
}

// Describe fills in t's meanings from Notes: its description, its
// columns', the enumerations the domain fixes, and which text columns hold
// dates (the caller decides, from the data, whether they all are full
// dates: see DateCandidates).
func Describe(t *Table) {
	n, ok := Notes[t.Name]
	if !ok {
		return
	}
	t.Description = n.Description
	for i := range t.Columns {
		c := &t.Columns[i]
		cn, ok := n.Columns[c.Name]
		if !ok {
			continue
		}
		c.Description = cn.Description
		if c.Type == Text && cn.Enum != nil {
			c.Enum = cn.Enum
		}
	}
}

// DateCandidates returns the text columns of t that hold dates.
func DateCandidates(t *Table) []string {
	n := Notes[t.Name]
	var out []string
	for _, c := range t.Columns {
		if c.Type == Text && n.Columns[c.Name].Date {
			out = append(out, c.Name)
		}
	}
	sort.Strings(out)
	return out
}
