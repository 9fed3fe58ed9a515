package export

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"

	"github.com/ianaports/ianaports/internal/normalize"
	"github.com/ianaports/ianaports/internal/schema"
)

// registryNotes says what each of IANA's twelve columns holds.
var registryNotes = [...]string{
	"The service name; empty for a record that assigns a port without one.",
	"The port number, or a range such as 6000-6063; empty for a service name assigned without a port.",
	"tcp, udp, sctp or dccp; empty where the record names none.",
	"What the service is.",
	"The assignees, each [person-id].",
	"The contacts, each [person-id].",
	"When the record was registered: YYYY-MM-DD, sometimes only YYYY-MM or YYYY.",
	"When the record was last modified, in the same form.",
	"The references, each [label]: RFCs, drafts, persons, footnotes.",
	"The service code, for a service name.",
	"Unauthorized use of the port that was reported.",
	"Notes on the assignment.",
}

// RegistryTable describes a snapshot in IANA's layout: its twelve
// columns, named as IANA names them, each text that may be empty (its
// SQLite table keeps an empty cell as empty text, not NULL).
func RegistryTable() *schema.Table {
	t := schema.TextTable("registry", normalize.Columns)
	t.Description = "The registry as one snapshot gave it, in IANA's twelve columns and order."
	cols := make([]string, len(normalize.Columns))
	for i, c := range normalize.Columns {
		t.Columns[i].Description = registryNotes[i]
		cols[i] = strconv.Quote(c) + " TEXT NOT NULL"
	}
	t.SQL = "CREATE TABLE registry (" + strings.Join(cols, ", ") + ")"
	return t
}

// OfficialRow is a record in IANA's own CSV layout, the twelve columns
// named as IANA names them. It is written and read with gocsv.
type OfficialRow struct {
	ServiceName       string `csv:"Service Name"`
	PortNumber        string `csv:"Port Number"`
	TransportProtocol string `csv:"Transport Protocol"`
	Description       string `csv:"Description"`
	Assignee          string `csv:"Assignee"`
	Contact           string `csv:"Contact"`
	RegistrationDate  string `csv:"Registration Date"`
	ModificationDate  string `csv:"Modification Date"`
	Reference         string `csv:"Reference"`
	ServiceCode       string `csv:"Service Code"`
	UnauthorizedUse   string `csv:"Unauthorized Use Reported"`
	AssignmentNotes   string `csv:"Assignment Notes"`
}

// officialRow makes a row of the twelve cells, in IANA's order.
func officialRow(c []string) OfficialRow {
	return OfficialRow{c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11]}
}

// OfficialCSVEncoder writes the registry table (RegistryTable) as IANA's
// CSV, through gocsv over encoding/csv: the bytes IANA publishes, for a
// snapshot that came as IANA's CSV or XML. Rows are held until Close.
type OfficialCSVEncoder struct {
	*CSVEncoder
	rows []OfficialRow
}

// NewOfficialCSVEncoder returns an encoder writing to w.
func NewOfficialCSVEncoder(w io.Writer) *OfficialCSVEncoder {
	return &OfficialCSVEncoder{CSVEncoder: NewCSVEncoder(w)}
}

func (e *OfficialCSVEncoder) Begin(t *schema.Table) error {
	if e.begun {
		return fmt.Errorf("csv: table %s: %w", t.Name, ErrOneTable)
	}
	if !slices.Equal(t.ColumnNames(), normalize.Columns) {
		return fmt.Errorf("csv: table %s is not in IANA's layout", t.Name)
	}
	e.begun = true
	return nil
}

func (e *OfficialCSVEncoder) Encode(values []any) error {
	if len(values) != len(normalize.Columns) {
		return fmt.Errorf("csv: %d values for %d columns", len(values), len(normalize.Columns))
	}
	cells := make([]string, len(values))
	for i, v := range values {
		cells[i] = text(v)
	}
	e.rows = append(e.rows, officialRow(cells))
	return nil
}

func (e *OfficialCSVEncoder) Close() error {
	if err := gocsv.MarshalCSV(e.rows, rowWriter{e.CSVEncoder}); err != nil {
		return fmt.Errorf("csv: %w", err)
	}
	return e.CSVEncoder.Close()
}

// rowWriter gives gocsv the CSV encoder's rows, so that IANA's older
// style (CR LF ending each row, not the line breaks within a cell)
// survives.
type rowWriter struct{ e *CSVEncoder }

func (r rowWriter) Write(row []string) error {
	for _, c := range row {
		if strings.IndexByte(c, '\r') >= 0 {
			r.e.cr++
		}
	}
	return r.e.write(row)
}

func (r rowWriter) Flush() {
	if !r.e.crlf {
		r.e.w.Flush()
	}
}

func (r rowWriter) Error() error {
	if r.e.err != nil {
		return r.e.err
	}
	return r.e.w.Error()
}

// ReadOfficialCSV reads IANA's CSV layout with gocsv. The header must name
// IANA's twelve columns.
func ReadOfficialCSV(r io.Reader) ([]OfficialRow, error) {
	var rows []OfficialRow
	if err := gocsv.Unmarshal(r, &rows); err != nil {
		return nil, fmt.Errorf("read official csv: %w", err)
	}
	return rows, nil
}
