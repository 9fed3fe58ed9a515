package export

import (
	"bytes"
	"reflect"
	"slices"
	"testing"

	"github.com/ianaports/ianaports/internal/normalize"
)

// The typed row's csv tags are IANA's column names, in IANA's order.
func TestOfficialRowIsIANAsLayout(t *testing.T) {
	typ := reflect.TypeOf(OfficialRow{})
	var tags []string
	for i := range typ.NumField() {
		tags = append(tags, typ.Field(i).Tag.Get("csv"))
	}
	if !slices.Equal(tags, normalize.Columns) {
		t.Errorf("tags %q, want %q", tags, normalize.Columns)
	}
}

func TestOfficialCSVRoundTrip(t *testing.T) {
	rows := [][]any{
		{"http", "80", "tcp", "World Wide Web HTTP", "", "", "", "", "", "", "", ""},
		{"", "1-2", "udp", "two\r\nlines, \"quoted\"", "[a]", "[a][b]", "2001-01", "", "[RFC1]", "", "", "note"},
	}
	for _, crlf := range []bool{false, true} {
		var buf bytes.Buffer
		enc := NewOfficialCSVEncoder(&buf)
		if crlf {
			enc.EndRowsWithCRLF()
		}
		if err := enc.Begin(RegistryTable()); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := enc.Close(); err != nil {
			t.Fatal(err)
		}
		if enc.CarriageReturns() != 1 {
			t.Errorf("crlf %v: %d carriage returns counted, want 1", crlf, enc.CarriageReturns())
		}
		// The same bytes as the plain CSV encoder writes.
		var want bytes.Buffer
		plain := NewCSVEncoder(&want)
		if crlf {
			plain.EndRowsWithCRLF()
		}
		plain.Begin(RegistryTable())
		for _, r := range rows {
			plain.Encode(r)
		}
		plain.Close()
		if buf.String() != want.String() {
			t.Errorf("crlf %v: gocsv wrote\n%q\nwant\n%q", crlf, buf.String(), want.String())
		}
		got, err := ReadOfficialCSV(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[1].Contact != "[a][b]" || got[0].ServiceName != "http" || got[1].AssignmentNotes != "note" {
			t.Errorf("crlf %v: read back %+v", crlf, got)
		}
	}
}

// A snapshot without records still gets IANA's header.
func TestOfficialCSVWithoutRows(t *testing.T) {
	var buf bytes.Buffer
	enc := NewOfficialCSVEncoder(&buf)
	enc.Begin(RegistryTable())
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if want := "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
