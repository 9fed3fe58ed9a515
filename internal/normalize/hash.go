package normalize

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// ContentHash identifies a record by its content: two records with the
// same hash say the same thing, whichever snapshot or line they came from.
func (r *Record) ContentHash() [32]byte {
	h := contentHasher{h: sha256.New()}
	h.str(r.Name)
	if r.Port.Valid {
		h.int(1)
		h.int(r.Port.Low)
		h.int(r.Port.High)
		if r.Port.Range {
			h.int(1)
		} else {
			h.int(0)
		}
	} else {
		h.int(0)
	}
	for _, s := range []string{
		r.Protocol, r.Description, r.DescriptionXML, r.Unauthorized, r.UnauthorizedXML,
		r.Notes, r.NotesXML, r.Registered, r.Modified, r.ServiceCode,
	} {
		h.str(s)
	}
	h.int(len(r.People))
	for _, p := range r.People {
		h.str(p.Role)
		h.str(p.ID)
		if p.Implied {
			h.int(1)
		} else {
			h.int(0)
		}
	}
	h.int(len(r.References))
	for _, ref := range r.References {
		h.str(ref.Type)
		h.str(ref.Data)
		h.str(ref.Text)
		h.str(ref.Section)
		h.str(ref.Label)
	}
	h.int(len(r.Extras))
	for _, e := range r.Extras {
		h.str(e.Name)
		h.str(e.Text)
	}
	var sum [32]byte
	h.h.Sum(sum[:0])
	return sum
}

type contentHasher struct {
	h   hash.Hash
	buf [binary.MaxVarintLen64]byte
}

func (c *contentHasher) int(n int) {
	c.h.Write(c.buf[:binary.PutUvarint(c.buf[:], uint64(n))])
}

func (c *contentHasher) str(s string) {
	c.int(len(s))
	c.h.Write([]byte(s))
}
