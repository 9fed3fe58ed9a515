package export

// The services format: the registry as /etc/services, services(5), the
// file netbase and iana-etc ship and getservbyname(3) reads.

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ianaports/ianaports/internal/normalize"
)

// ServiceRecord is a record of the registry as the services format reads
// it: four of its cells, as IANA writes them.
type ServiceRecord struct {
	Name        string // the service name; empty for a record without one
	Port        string // the port number, a range such as 6000-6063, or empty
	Protocol    string // tcp, udp, sctp or dccp; empty for a record without one
	Description string
}

// ServicesOptions say where the records came from, for the header, and
// what the file leaves out.
type ServicesOptions struct {
	RegistryDate string // the registry's "Last Updated" date
	Source       string // the snapshot the records came from, such as 2026-08-17.xml
	Format       string // the snapshot's format, such as xml
	Kind         string // complete, or excerpt: a part of the registry

	// Aliases are the pairs of names the snapshot states for one service:
	// a historic name that RFC 6335's syntax does not allow (mdbs_daemon)
	// and the well-formed name that replaced it (mdbs-daemon).
	Aliases []normalize.Alias

	// Protocols, where not empty, are the only protocols written.
	Protocols []string
	// MaxName, where above 0, is the longest name written: a line whose
	// name is longer is left out, an alias that is longer dropped.
	MaxName int
}

// ServicesCounts say what became of the records: each record is written
// (on a line of its own, merged into a line of the same name, port and
// protocol, or as an alias) or left out for the first reason that holds,
// in the order of the fields.
type ServicesCounts struct {
	Records int // records read
	Lines   int // lines written
	Aliases int // aliases written

	Merged   int // records written on the line of an earlier record of the same name, port and protocol
	Historic int // records of a historic name, written as an alias of the well-formed name

	NoName        int // left out: no service name
	NoPort        int // left out: no port number (or not one from 0 to 65535)
	Ranges        int // left out: a range of ports (6000-6063, even 4748-4748)
	NoProtocol    int // left out: no transport protocol (or one that is not a word)
	BadName       int // left out: a name that is not a service name (ValidServiceName)
	OtherProtocol int // left out: a protocol not among Options.Protocols

	LongLines   int // lines left out: name longer than Options.MaxName
	LongAliases int // aliases dropped: longer than Options.MaxName
}

// ValidServiceName reports whether s can stand as a name in a services
// file: not empty, and printable ASCII other than white space and '#'
// (which starts a comment). RFC 6335's names (letters, digits and
// hyphens) are, and so are the historic names the registry keeps, with
// '_', '.', '/', '+' or '*'.
func ValidServiceName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '#' {
			return false
		}
	}
	return true
}

// ServiceProtocols are the transport protocols the registry assigns
// ports for.
var ServiceProtocols = []string{"tcp", "udp", "sctp", "dccp"}

// serviceLine is a line of the file being built.
type serviceLine struct {
	name, proto string
	port        int
	historic    []string // historic names carried as aliases, in order met
	desc        string   // the first description of a record of name
	histDesc    string   // the first description of a record of a historic name
	aliases     []string
	hasOwn      bool // a record of name itself was met
}

type serviceKey struct {
	name, proto string
	port        int
}

// WriteServices writes records as a services(5) file and says what
// became of them. Give the records in registry order: where several make
// one line, the first description is the line's comment.
//
// The file:
//
//   - A header of comment lines: what the file is, the registry date and
//     the snapshot it came from, the options, and how many records were
//     written and left out, for what reason. It holds nothing that
//     changes between runs: the same records give the same bytes.
//   - One line per service name, port and protocol, sorted by port, then
//     protocol, then name (byte order): "name port/protocol [aliases] #
//     description", the name padded to 15 columns and port/protocol to
//     10, as netbase and iana-etc align them; no trailing white space.
//   - Records of one name, port and protocol make one line.
//   - A record whose name is a historic name the snapshot pairs with a
//     well-formed name (mdbs_daemon with mdbs-daemon) is written on the
//     well-formed name's line for its port and protocol, the historic
//     name as an alias: a historic name never has a line of its own,
//     which would answer getservbyname in place of the well-formed one.
//     Were a historic name paired with several well-formed names, it goes
//     with the one that has a record of that port and protocol, else the
//     first in byte order.
//   - Aliases: the line's historic names (byte order), each followed by
//     its lower-case form where that differs; before them, the lower-case
//     form of the name where that differs (EtherNet-IP-1 gets
//     ethernet-ip-1). Service names are case-insensitive (RFC 6335,
//     section 5.1) but getservbyname(3) compares them case-sensitively,
//     and iana-etc writes names in lower case: both spellings resolve. A
//     lower-case form that is the name of a line of the same protocol is
//     not added. No alias repeats on a line or equals the name.
//   - The comment is the description with every run of white space and
//     control characters (line breaks, CR, tabs) folded to one space; the
//     description of a record of the name itself, else of a historic
//     name. No comment where there is no description. A '#' inside it
//     is harmless: the comment has begun.
//   - Every token before the comment is a service name (ValidServiceName)
//     or port/protocol: a record whose name is not one is left out, and
//     so is each record without a name, a single port number, or a
//     protocol (a range gives no line: services(5) has none).
//   - With MaxName, a line whose name is longer is left out, and an
//     alias that is longer dropped from its line.
func WriteServices(w io.Writer, records []ServiceRecord, o ServicesOptions) (ServicesCounts, error) {
	var n ServicesCounts
	n.Records = len(records)

	// The records that can be written, with their port and protocol.
	type usable struct {
		r     *ServiceRecord
		name  string
		proto string
		port  int
	}
	var use []usable
	for i := range records {
		r := &records[i]
		name := strings.TrimSpace(r.Name)
		port := strings.TrimSpace(r.Port)
		proto := strings.ToLower(strings.TrimSpace(r.Protocol))
		p, perr := strconv.ParseUint(port, 10, 16)
		switch {
		case name == "":
			n.NoName++
		case port == "":
			n.NoPort++
		case strings.Contains(port, "-"):
			n.Ranges++
		case perr != nil:
			n.NoPort++
		case !ValidServiceName(proto):
			n.NoProtocol++
		case !ValidServiceName(name):
			n.BadName++
		case len(o.Protocols) > 0 && !slices.Contains(o.Protocols, proto):
			n.OtherProtocol++
		default:
			use = append(use, usable{r, name, proto, int(p)})
		}
	}

	// Historic names and the well-formed names that replace them.
	replacedBy := map[string][]string{}
	for _, a := range o.Aliases {
		if a.Historic != a.WellFormed && ValidServiceName(a.WellFormed) && !slices.Contains(replacedBy[a.Historic], a.WellFormed) {
			replacedBy[a.Historic] = append(replacedBy[a.Historic], a.WellFormed)
		}
	}
	own := map[serviceKey]bool{} // the lines records of a name other than historic make
	for _, u := range use {
		if replacedBy[u.name] == nil {
			own[serviceKey{u.name, u.proto, u.port}] = true
		}
	}

	lines := map[serviceKey]*serviceLine{}
	var order []*serviceLine
	for _, u := range use {
		name, historic := u.name, ""
		if cands := replacedBy[u.name]; cands != nil {
			cands = slices.Clone(cands)
			slices.Sort(cands)
			name, historic = cands[0], u.name
			for _, c := range cands {
				if own[serviceKey{c, u.proto, u.port}] {
					name = c
					break
				}
			}
		}
		k := serviceKey{name, u.proto, u.port}
		l := lines[k]
		if l == nil {
			l = &serviceLine{name: name, proto: u.proto, port: u.port}
			lines[k] = l
			order = append(order, l)
		}
		desc := foldSpace(u.r.Description)
		if historic != "" {
			n.Historic++
			if !slices.Contains(l.historic, historic) {
				l.historic = append(l.historic, historic)
			}
			if l.histDesc == "" {
				l.histDesc = desc
			}
			continue
		}
		if l.hasOwn {
			n.Merged++
		}
		l.hasOwn = true
		if l.desc == "" {
			l.desc = desc
		}
	}

	// Lengths, then aliases.
	var kept []*serviceLine
	names := map[[2]string]bool{} // name, protocol of the lines written
	for _, l := range order {
		if o.MaxName > 0 && len(l.name) > o.MaxName {
			n.LongLines++
			continue
		}
		kept = append(kept, l)
		names[[2]string{l.name, l.proto}] = true
	}
	for _, l := range kept {
		var cands []string
		lower := func(s string) {
			if ls := strings.ToLower(s); ls != s && !names[[2]string{ls, l.proto}] {
				cands = append(cands, ls)
			}
		}
		lower(l.name)
		hist := slices.Clone(l.historic)
		slices.Sort(hist)
		for _, h := range hist {
			cands = append(cands, h)
			lower(h)
		}
		for _, a := range cands {
			switch {
			case a == l.name || slices.Contains(l.aliases, a):
			case o.MaxName > 0 && len(a) > o.MaxName:
				n.LongAliases++
			default:
				l.aliases = append(l.aliases, a)
			}
		}
		n.Lines++
		n.Aliases += len(l.aliases)
	}
	slices.SortFunc(kept, func(a, b *serviceLine) int {
		if a.port != b.port {
			return a.port - b.port
		}
		if c := strings.Compare(a.proto, b.proto); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})

	bw := bufio.NewWriter(w)
	writeServicesHeader(bw, o, n)
	var b strings.Builder
	for _, l := range kept {
		b.Reset()
		fmt.Fprintf(&b, "%-15s %-10s", l.name, strconv.Itoa(l.port)+"/"+l.proto)
		for _, a := range l.aliases {
			b.WriteString(" " + a)
		}
		desc := l.desc
		if desc == "" {
			desc = l.histDesc
		}
		if desc != "" {
			b.WriteString(" # " + desc)
		}
		bw.WriteString(strings.TrimRight(b.String(), " "))
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("services: %w", err)
	}
	return n, nil
}

// writeServicesHeader writes the header's comment lines.
func writeServicesHeader(w io.Writer, o ServicesOptions, n ServicesCounts) {
	date, source := foldSpace(o.RegistryDate), foldSpace(o.Source)
	if date == "" {
		date = "(not stated)"
	}
	if source == "" {
		source = "(unnamed)"
	}
	var about []string
	for _, s := range []string{o.Format, o.Kind} {
		if s = foldSpace(s); s != "" {
			about = append(about, s)
		}
	}
	if len(about) > 0 {
		source += " (" + strings.Join(about, ", ") + ")"
	}
	protocols := "all"
	if len(o.Protocols) > 0 {
		p := slices.Clone(o.Protocols)
		slices.Sort(p)
		protocols = strings.Join(slices.Compact(p), ", ")
	}
	names := "any length"
	if o.MaxName > 0 {
		names = fmt.Sprintf("at most %d characters", o.MaxName)
	}
	written := n.Records - n.NoName - n.NoPort - n.Ranges - n.NoProtocol - n.BadName - n.OtherProtocol
	fmt.Fprintf(w, `# services(5): Internet service names, port numbers and transport protocols
#
# From IANA's Service Name and Transport Protocol Port Number Registry,
# https://www.iana.org/assignments/service-names-port-numbers
# Registry last updated %s; snapshot %s.
# Written by ianaports (export -format services).
#
# name            port/protocol [aliases ...] # description
# One line per name, port and protocol, sorted by port, protocol and name.
# Aliases: the historic names (RFC 6335) replaced by the line's well-formed
# name, and lower-case forms of names in mixed case.
#
# Protocols: %s. Names: %s.
# Records: %d; written: %d (%d merged into the line of the same name,
#   port and protocol; %d historic names written as aliases).
# Left out:
#   %d records without a service name
#   %d records without a port number
#   %d port ranges (services(5) has no ranges)
#   %d records without a transport protocol
#   %d names that are not service names
#   %d records of other protocols
#   %d lines of names longer than the limit, %d aliases longer
# Lines: %d, aliases: %d.
#
`, date, source, protocols, names,
		n.Records, written, n.Merged, n.Historic,
		n.NoName, n.NoPort, n.Ranges, n.NoProtocol, n.BadName, n.OtherProtocol,
		n.LongLines, n.LongAliases, n.Lines, n.Aliases)
}

// foldSpace folds every run of white space and control characters to a
// single space and trims the ends, so that text stays on its line.
func foldSpace(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}
