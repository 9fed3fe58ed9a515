package db

import (
	"crypto/sha256"

	"github.com/ianaports/ianaports/internal/normalize"
)

// Parsed is an input read ahead of its import, so that the next snapshot
// is parsed on one core while the one before is stored from the other.
type Parsed struct {
	source string
	data   []byte // decompressed
	sum    [32]byte
	format string
	events []func(normalize.Handler) error
	err    error // the parse's error, after its events
	ready  chan struct{}
}

// ParseAhead starts parsing an input (as Import would, format "auto" or a
// format's name) on its own goroutine; give the result to Import in
// ImportOptions.Parsed, with the same data.
func ParseAhead(source string, data []byte, format string) *Parsed {
	p := &Parsed{source: source, ready: make(chan struct{})}
	go func() {
		defer close(p.ready)
		p.data, _, p.err = normalize.Decompress(source, data)
		if p.err != nil {
			return
		}
		p.sum = sha256.Sum256(p.data)
		var f normalize.Format
		f, p.err = normalize.Parse(source, p.data, format, p)
		p.format = f.Name
	}()
	return p
}

// replay gives the parse's events to h, in order, then its error.
func (p *Parsed) replay(h normalize.Handler) (string, error) {
	for _, e := range p.events {
		if err := e(h); err != nil {
			return p.format, err
		}
	}
	return p.format, p.err
}

func (p *Parsed) add(e func(normalize.Handler) error) error {
	p.events = append(p.events, e)
	return nil
}

func (p *Parsed) Header(x *normalize.Header) error {
	return p.add(func(h normalize.Handler) error { return h.Header(x) })
}
func (p *Parsed) Record(x *normalize.Record) error {
	return p.add(func(h normalize.Handler) error { return h.Record(x) })
}
func (p *Parsed) Person(x *normalize.Person) error {
	return p.add(func(h normalize.Handler) error { return h.Person(x) })
}
func (p *Parsed) Footnote(x *normalize.Footnote) error {
	return p.add(func(h normalize.Handler) error { return h.Footnote(x) })
}
func (p *Parsed) Extra(x *normalize.Raw) error {
	return p.add(func(h normalize.Handler) error { return h.Extra(x) })
}
func (p *Parsed) Reject(x *normalize.Reject) error {
	return p.add(func(h normalize.Handler) error { return h.Reject(x) })
}
func (p *Parsed) Warn(x *normalize.ParseError) {
	p.add(func(h normalize.Handler) error { h.Warn(x); return nil })
}
