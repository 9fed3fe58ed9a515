package db

import (
	"errors"

	"github.com/ianaports/ianaports/internal/normalize"
)

// errStopped tells the parser that the importer has stopped taking items.
var errStopped = errors.New("import stopped")

// item is one thing a parser delivered, with the record's content hash
// computed on the parser's side.
type item struct {
	header   *normalize.Header
	record   *normalize.Record
	hash     [32]byte
	person   *normalize.Person
	footnote *normalize.Footnote
	warning  *normalize.ParseError
	extra    *normalize.Raw
}

// pipe is the normalize.Handler on the parser's goroutine: it hands what
// the parser reads to the importer's goroutine in slices, so that parsing
// and writing to SQLite run on two cores at once.
type pipe struct {
	ch   chan<- []item
	done <-chan struct{}
	buf  []item
}

const pipeChunk = 256

func (p *pipe) send(it item) error {
	p.buf = append(p.buf, it)
	if len(p.buf) >= pipeChunk {
		return p.flush()
	}
	return nil
}

func (p *pipe) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	select {
	case p.ch <- p.buf:
		p.buf = make([]item, 0, pipeChunk)
		return nil
	case <-p.done:
		return errStopped
	}
}

func (p *pipe) Header(h *normalize.Header) error {
	if err := p.send(item{header: h}); err != nil {
		return err
	}
	return p.flush() // let the importer start on the snapshot row at once
}

func (p *pipe) Record(r *normalize.Record) error {
	return p.send(item{record: r, hash: r.ContentHash()})
}

func (p *pipe) Person(x *normalize.Person) error     { return p.send(item{person: x}) }
func (p *pipe) Footnote(f *normalize.Footnote) error { return p.send(item{footnote: f}) }
func (p *pipe) Warn(w *normalize.ParseError)         { _ = p.send(item{warning: w}) }
func (p *pipe) Extra(x *normalize.Raw) error         { return p.send(item{extra: x}) }

// handle gives one item to the importer.
func (im *importer) handle(it item) error {
	switch {
	case it.header != nil:
		return im.Header(it.header)
	case it.record != nil:
		return im.record(it.record, it.hash)
	case it.person != nil:
		return im.Person(it.person)
	case it.footnote != nil:
		return im.Footnote(it.footnote)
	case it.warning != nil:
		im.Warn(it.warning)
	case it.extra != nil:
		return im.Extra(it.extra)
	}
	return nil
}

// parse runs the parser on its own goroutine and feeds the importer with
// what it reads. It returns the format read, and the first error of
// either side.
func (im *importer) parse(source string, data []byte, format string) (string, error) {
	ch := make(chan []item, 16)
	done := make(chan struct{})
	var parsed string
	var perr error
	go func() {
		defer close(ch)
		p := &pipe{ch: ch, done: done, buf: make([]item, 0, pipeChunk)}
		parsed, perr = normalize.Parse(source, data, format, p)
		if perr == nil {
			perr = p.flush()
		}
	}()
	var ierr error
	for items := range ch {
		if ierr != nil {
			continue // drain until the parser sees done
		}
		for _, it := range items {
			if ierr = im.handle(it); ierr != nil {
				close(done)
				break
			}
		}
	}
	if ierr != nil {
		return "", ierr
	}
	return parsed, perr
}
