package normalize

import (
	"errors"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
		err      error
		line     int
		col      int
	}{
		{name: "xml declaration", in: "<?xml version='1.0' encoding='UTF-8'?>\n<registry/>", want: FormatXML},
		{name: "xml root", in: `<registry xmlns="http://www.iana.org/assignments">`, want: FormatXML},
		{name: "xml after white space", in: "\n\n  \t<registry/>", want: FormatXML},
		{name: "xml after a BOM", in: "\ufeff<?xml version='1.0'?><registry/>", want: FormatXML},
		{name: "xml after a BOM and white space", in: "\ufeff\r\n <registry/>", want: FormatXML},
		{name: "csv", in: csvHeader + "\n" + echoRow + "\n", want: FormatCSV},
		{name: "csv header only", in: csvHeader, want: FormatCSV},
		{name: "csv after a BOM", in: "\ufeff" + csvHeader + "\r\n", want: FormatCSV},
		{name: "csv after white space", in: "\r\n\n" + csvHeader + "\n", want: FormatCSV},
		// IANA's XHTML begins with "<" too, and is not the XML.
		{name: "xhtml", in: "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", want: FormatHTML},
		{name: "xhtml after an XML declaration", in: "<?xml version='1.0'?>\n<!-- page -->\n<html><body><table/></body></html>", want: FormatHTML},
		{name: "html without doctype", in: "<html><head><title>x</title></head></html>", want: FormatHTML},
		{name: "xml with a comment first", in: "<!-- registry -->\n<registry/>", want: FormatXML},
		{name: "markdown", in: "Title\n| " + strings.Join(Columns, " | ") + " |\n|---|---|\n", want: FormatMarkdown},
		{name: "pipe table", in: strings.Join(Columns, " | ") + " |\n---|---|\n", want: FormatMarkdown},
		{name: "page text", in: "Registry\n\nLast Updated\n2026-01-01\n" + strings.Join(Columns, " ") + "\necho 7 tcp Echo\n", want: FormatPageText},
		{name: "page text with tabs", in: strings.Join(Columns, "\t") + "\necho\t7\ttcp\tEcho\n", want: FormatPageText},
		{name: "page text of 2015", in: strings.Replace(strings.Join(Columns, " "), "Unauthorized Use Reported", "Known Unauthorized Uses", 1) + "\n", want: FormatPageText},
		{name: "empty", in: "", err: ErrEmpty, line: 1, col: 1},
		{name: "white space", in: " \r\n\t\n", err: ErrEmpty, line: 1, col: 1},
		{name: "only a BOM", in: "\ufeff", err: ErrEmpty, line: 1, col: 1},
		{name: "hello", in: "hello", err: ErrUnknownFormat, line: 1, col: 1},
		{name: "hello after white space", in: "\n\n   hello\nworld", err: ErrUnknownFormat, line: 3, col: 4},
		{name: "json", in: `{"records": []}`, err: ErrUnknownFormat, line: 1, col: 1},
		{name: "csv header without comma", in: "Service Name\n", err: ErrUnknownFormat, line: 1, col: 1},
		{name: "other csv", in: "Name,Port\n", err: ErrUnknownFormat, line: 1, col: 1},
		{name: "binary", in: "\x00\x01\x02\x03", err: ErrUnknownFormat, line: 1, col: 1},
		{name: "binary after text", in: "<registry>\n  \x00", err: ErrUnknownFormat, line: 2, col: 3},
		{name: "gzip", in: "\x1f\x8b\x08\x00\x00\x00\x00\x00", err: ErrUnknownFormat, line: 1},
		{name: "utf-16", in: "\xff\xfe<\x00r\x00", err: ErrUnknownFormat, line: 1},
		{name: "utf-16 bom", in: "\xff\xfe<r", err: ErrUnknownFormat, line: 1, col: 1},
		{name: "invalid UTF-8 later", in: csvHeader + "\nCaf\xe9", err: ErrUnknownFormat, line: 2, col: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Detect("in.dat", []byte(tt.in))
			got := f.Name
			if tt.err == nil {
				if err != nil || got != tt.want {
					t.Fatalf("Detect = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Detect = %q, want error %v", got, tt.err)
			}
			if got != "" {
				t.Errorf("Detect returned format %q with its error", got)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("error %q does not wrap %q", err, tt.err)
			}
			checkParseError(t, asParseError(t, err), "in.dat", tt.line, tt.col)
		})
	}
}

func TestDetectMentionsWhatItFound(t *testing.T) {
	_, err := Detect("in.dat", []byte("  hello world\nsecond line"))
	if err == nil || !strings.Contains(err.Error(), `"hello world"`) || strings.Contains(err.Error(), "second") {
		t.Errorf("Detect error %q should quote the first line found", err)
	}
}

func TestParseFormats(t *testing.T) {
	xmlIn := []byte(xmlDoc(xmlRecord))
	csvIn := []byte(csvHeader + "\n" + echoRow + "\n")
	tests := []struct {
		name    string
		in      []byte
		format  string
		want    string
		err     error
		records int
	}{
		{name: "auto xml", in: xmlIn, format: "auto", want: FormatXML, records: 1},
		{name: "empty means auto", in: csvIn, format: "", want: FormatCSV, records: 1},
		{name: "auto csv", in: csvIn, format: "auto", want: FormatCSV, records: 1},
		{name: "explicit xml", in: xmlIn, format: FormatXML, want: FormatXML, records: 1},
		{name: "explicit csv", in: csvIn, format: FormatCSV, want: FormatCSV, records: 1},
		{name: "csv read as xml", in: csvIn, format: FormatXML, want: FormatXML, err: ErrSyntax},
		{name: "xml read as csv", in: xmlIn, format: FormatCSV, want: FormatCSV, err: ErrHeader},
		{name: "auto unknown", in: []byte("hello"), format: "auto", err: ErrUnknownFormat},
		{name: "auto empty", in: nil, format: "auto", err: ErrEmpty},
		{name: "unknown format name", in: csvIn, format: "json", err: ErrUnknownFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{}
			f, err := Parse("in.dat", tt.in, tt.format, r)
			if got := f.Name; got != tt.want {
				t.Errorf("format %q, want %q", got, tt.want)
			}
			if tt.err == nil && err != nil || !errors.Is(err, tt.err) {
				t.Errorf("error %v, want %v", err, tt.err)
			}
			if len(r.records) != tt.records {
				t.Errorf("%d records, want %d", len(r.records), tt.records)
			}
		})
	}
}
