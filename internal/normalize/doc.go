// Package normalize reads the shapes in which the IANA Service Name and
// Transport Protocol Port Number Registry circulates (IANA's XML and CSV
// renderings so far) and turns each into one stream of normalized values:
// a Header for the snapshot, then Records, Persons and Footnotes, delivered
// in document order to a Handler.
//
// Every parser reports bad input as a *ParseError carrying the file, line
// and column, and reports anything it kept without understanding as a
// Warning instead of dropping it.
package normalize
