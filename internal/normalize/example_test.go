package normalize_test

import (
	"fmt"
	"strings"

	"github.com/ianaports/ianaports/internal/normalize"
)

// printer prints each record's name, port and protocol.
type printer struct{}

func (printer) Header(*normalize.Header) error     { return nil }
func (printer) Person(*normalize.Person) error     { return nil }
func (printer) Footnote(*normalize.Footnote) error { return nil }
func (printer) Extra(*normalize.Raw) error         { return nil }
func (printer) Reject(*normalize.Reject) error     { return nil }
func (printer) Warn(w *normalize.ParseError)       { fmt.Println("warning:", w) }

func (printer) Record(r *normalize.Record) error {
	fmt.Printf("%s %s %s\n", r.Name, r.Port, r.Protocol)
	return nil
}

func ExampleParseCSV() {
	const in = `Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes
echo,7,tcp,Echo,[Jon_Postel],[Jon_Postel],,,[RFC862],,,
discard,9,udp,Discard,[Jon_Postel],[Jon_Postel],,,[RFC863],,,
`
	if err := normalize.ParseCSV("services.csv", strings.NewReader(in), printer{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// echo 7 tcp
	// discard 9 udp
}

func ExampleParseCSV_error() {
	const in = "Service Name,Port Number\n"
	err := normalize.ParseCSV("services.csv", strings.NewReader(in), printer{})
	fmt.Println(err)
	// Output:
	// services.csv:1:14: wrong header: expected column 3 to be "Transport Protocol", found nothing
}

func ExampleRenderCell() {
	// A line break after a space folds away with the indentation after it.
	fmt.Printf("%q\n", normalize.RenderCell("assigned by IANA for \n      \"RadSec\", an early implementation"))
	// Other line breaks stay; the cell is trimmed.
	fmt.Printf("%q\n", normalize.RenderCell("  whois++\nIANA assigned this name\n"))
	// Output:
	// "assigned by IANA for \"RadSec\", an early implementation"
	// "whois++\nIANA assigned this name"
}

func ExampleParsePorts() {
	for _, s := range []string{"443", "803-809", "4748-4748", "0443", "65536", "10-5"} {
		p, ok := normalize.ParsePorts(s)
		if !ok {
			fmt.Printf("%-9s rejected\n", s)
			continue
		}
		fmt.Printf("%-9s low=%d high=%d range=%t renders %q\n", s, p.Low, p.High, p.Range, p)
	}
	// Output:
	// 443       low=443 high=443 range=false renders "443"
	// 803-809   low=803 high=809 range=true renders "803-809"
	// 4748-4748 low=4748 high=4748 range=true renders "4748-4748"
	// 0443      rejected
	// 65536     rejected
	// 10-5      rejected
}
