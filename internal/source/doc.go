// Package source turns the import command's INPUT arguments into a stream
// of named documents, each one snapshot of the registry to import.
//
// An argument is one of:
//
//   - "-": standard input, named "<stdin>";
//   - a URL starting with http:// or https://, fetched with GET under a
//     timeout; a status other than 2xx is an error for that input;
//   - a directory: every regular file under it, recursively, in lexical
//     order, skipping hidden files and directories (names starting with
//     ".");
//   - a file.
//
// Whatever an argument gives (a file, standard input or a URL's body) is
// recognised by its content, never by its name: a tar archive, plain or
// gzip- or zstd-compressed, stands for its regular members, one document
// each, named "ARCHIVE:MEMBER" in the archive's order; anything else is one
// document, passed on as it is, compressed or not (package normalize
// decompresses a single document itself). Archives are read as streams: an
// archive of any size takes memory for one member at a time, and a zstd
// archive may use a window of up to 128 MiB (zstd --long=27).
//
// No document is larger than a cap (normalize.MaxInput by default): a larger
// file, member or body is an error for that document, refused without
// reading it (or, where its size is not known beforehand, without reading
// more than the cap), and the walk goes on.
//
// A document that cannot be read is passed on with its error rather than
// stopping the walk: the error names the document, and the other
// documents go on. A corrupt or truncated archive ends with one such
// error, naming the member it was reading or the last one read; the
// arguments after it go on.
package source
