// Package normalize reads the shapes in which the IANA Service Name and
// Transport Protocol Port Number Registry circulates and turns each into
// one stream of normalized values: a Header for the snapshot, then
// Records, Persons and Footnotes, delivered in document order to a
// Handler, with the lines it could not read as Rejects.
//
// Each shape is a Format in a file of its own (xml.go, csv.go, html.go,
// fixedwidth.go, markdown.go, pagetext.go) that registers its name, kind,
// sniffer, parser and, where it has one, renderer with RegisterFormat;
// Detect and Parse try them in order. Compressed input is decompressed
// first (Decompress).
//
// A record's Identity is what its twelve cells say, white space folded and
// IANA's mojibake repaired: the same whatever shape it came in. Its
// Rendition is what the source said beyond that. Copies that lost the
// table's columns (page text, collapsed Markdown) are put back by the
// aligner, which names what their text cannot decide as Ambiguities; a
// complete snapshot's records settle them (Record.Resolve).
//
// Every parser reports bad input as a *ParseError carrying the file, line
// and column, and reports anything it kept without understanding, or
// repaired, as a Warning instead of dropping it. Parse holds every shape
// to what a snapshot must be (a calendar date where one is given, at least
// one record) and to the limits (MaxInput, MaxField, MaxDepth), so that no
// input, however large or deep, takes more than bounded memory or gives
// an error longer than a line.
package normalize
