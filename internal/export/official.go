package export

import (
	"strconv"
	"strings"

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
	t.Columns[2].Enum = schema.Protocols
	t.SQL = "CREATE TABLE registry (" + strings.Join(cols, ", ") + ")"
	return t
}
