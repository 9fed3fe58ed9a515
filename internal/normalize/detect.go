package normalize

import (
	"bytes"
	"fmt"
	"strings"
)

// Formats that Detect recognizes and Parse reads.
const (
	FormatXML = "xml"
	FormatCSV = "csv"
)

// Formats lists the formats Parse reads, for usage messages.
var Formats = []string{FormatXML, FormatCSV}

// Detect tells the format of an input from its first bytes. It returns a
// *ParseError wrapping ErrEmpty or ErrUnknownFormat when it cannot tell.
func Detect(file string, data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return "", errorf(file, 1, 1, ErrEmpty, "expected IANA's XML or CSV registry")
	}
	if err := checkText(file, data); err != nil {
		return "", err
	}
	line, col := position(data, len(data)-len(trimmed))
	switch {
	case bytes.HasPrefix(trimmed, []byte("<")):
		return FormatXML, nil
	case bytes.HasPrefix(trimmed, []byte(Columns[0]+",")):
		return FormatCSV, nil
	}
	first, _, _ := strings.Cut(string(trimmed[:min(len(trimmed), 60)]), "\n")
	return "", errorf(file, line, col, ErrUnknownFormat,
		"expected IANA's XML (<registry ...>) or CSV (header %q), found %q", strings.Join(Columns[:2], ",")+",...", first)
}

// Parse reads data in the given format ("auto" or "" to detect it) and
// delivers it to h. It returns the format it read.
func Parse(file string, data []byte, format string, h Handler) (string, error) {
	if format == "" || format == "auto" {
		f, err := Detect(file, data)
		if err != nil {
			return "", err
		}
		format = f
	}
	var parse func(string, []byte, Handler) error
	switch format {
	case FormatXML:
		parse = parseXML
	case FormatCSV:
		parse = parseCSV
	default:
		return "", fmt.Errorf("%w: %q (want auto or one of %s)", ErrUnknownFormat, format, strings.Join(Formats, ", "))
	}
	return format, parse(file, data, h)
}
