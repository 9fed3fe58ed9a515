package normalize

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ianaports/ianaports/internal/shareddata"
)

// rawTokens reads data with encoding/xml's RawToken in strict mode, as
// xmlScanner must: the tokens, and the error that ended them with the
// offset it was found at (io.EOF at a clean end).
func rawTokens(data []byte) (toks []xml.Token, err error, off int64) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		tok, err := d.RawToken()
		if err != nil {
			return toks, err, d.InputOffset()
		}
		toks = append(toks, xml.CopyToken(tok))
	}
}

func scannedTokens(data []byte) (toks []xml.Token, err error, off int64) {
	s := newXMLScanner(data)
	for {
		tok, err := s.Token()
		if err != nil {
			if s.err != nil {
				return toks, err, int64(s.errOff)
			}
			return toks, err, int64(s.off)
		}
		toks = append(toks, xml.CopyToken(tok))
	}
}

// normal makes tokens comparable: no difference between a nil and an
// empty attribute list.
func normal(toks []xml.Token) []xml.Token {
	for i, t := range toks {
		if s, ok := t.(xml.StartElement); ok && len(s.Attr) == 0 {
			s.Attr = nil
			toks[i] = s
		}
	}
	return toks
}

func errText(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return fmt.Sprint(err)
}

func checkScanner(t *testing.T, data []byte) {
	t.Helper()
	want, werr, woff := rawTokens(data)
	got, gerr, goff := scannedTokens(data)
	if !reflect.DeepEqual(normal(got), normal(want)) {
		n := min(len(got), len(want))
		for i := 0; i < n; i++ {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("token %d: got %#v, want %#v (input %q)", i, got[i], want[i], data)
			}
		}
		t.Fatalf("got %d tokens, want %d (input %q)", len(got), len(want), data)
	}
	if (werr == io.EOF) != (gerr == io.EOF) || errText(gerr) != errText(werr) {
		t.Fatalf("ended with %v, want %v (input %q)", gerr, werr, data)
	}
	if werr != io.EOF && goff != woff {
		t.Fatalf("error %v at offset %d, want %d (input %q)", werr, goff, woff, data)
	}
}

func TestXMLScannerMatchesEncodingXML(t *testing.T) {
	for _, c := range scannerCases {
		t.Run(fmt.Sprintf("%.40q", c), func(t *testing.T) { checkScanner(t, []byte(c)) })
	}
	mini, err := os.ReadFile("../../testdata/mini.xml")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("mini.xml", func(t *testing.T) { checkScanner(t, mini) })
}

// Every official XML snapshot in ../shared/iana/xml gives the same tokens
// as encoding/xml.
func TestXMLScannerOnRealFiles(t *testing.T) {
	dir := shareddata.File(t, "iana/xml")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no XML files in %s (%v)", dir, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			checkScanner(t, data)
		})
	}
}

var scannerCases = []string{
	"",
	"text only",
	"<a/>",
	"<a></a>",
	"<a >x</a >",
	`<a b="1" c='2'>t</a>`,
	`<a b = "1"/>`,
	`<a b="1"c="2"/>`,
	`<a b="1" b="2"/>`,
	`<a b="x<y"/>`,
	`<a b="&amp;&lt;&gt;&quot;&apos;&#65;&#x42;"/>`,
	"<a>&amp;&lt;&#x1F600;&#13;&#0;&nbsp;</a>",
	"<a>&amp</a>",
	"<a>& b</a>",
	"<a>x]]>y</a>",
	"<a>\r\nline\rend</a>",
	"<a>\x00</a>",
	"<a>\xff\xfe</a>",
	"<a>caf\u00e9 \uFFFE</a>",
	"<é/>",
	"<x:a xmlns:x='u'><x:b/></x:a>",
	`<a xml:lang="en"/>`,
	"<?xml version='1.0' encoding='UTF-8'?><a/>",
	"<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
	"<?xml version='1.1'?><a/>",
	"<!-- c --><a/><!DOCTYPE x><![CDATA[<z>]]>",
	"<a",
	"<a b",
	`<a b="1`,
	"</a",
	"</>",
	"<>",
	"<1a/>",
	"<a-b.c_d/>",
	"<a/ >",
	"<a><b></a></b>",
	"</a>",
	"<a>\n\t<b\n\tc=\"d\"\n/>\n</a>\n",
}

func FuzzXMLScanner(f *testing.F) {
	for _, c := range scannerCases {
		f.Add([]byte(c))
	}
	f.Add([]byte(xmlDoc(xmlRecord)))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkScanner(t, data)
	})
}
