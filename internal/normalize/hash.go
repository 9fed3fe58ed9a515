package normalize

import (
	"crypto/sha256"
	"encoding/binary"
)

// ContentHash identifies a record by its content: two records with the
// same hash say the same thing, whichever snapshot or line they came from.
// It is the SHA-256 of the record's fields in a fixed order, each string
// preceded by its length and each count or number written as a uvarint.
func (r *Record) ContentHash() [32]byte {
	var stack [1024]byte
	return sha256.Sum256(r.appendContent(stack[:0]))
}

func (r *Record) appendContent(b []byte) []byte {
	b = appendStr(b, r.Name)
	if r.Port.Valid {
		b = appendInt(b, 1)
		b = appendInt(b, r.Port.Low)
		b = appendInt(b, r.Port.High)
		b = appendBool(b, r.Port.Range)
	} else {
		b = appendInt(b, 0)
	}
	for _, s := range [...]string{
		r.Protocol, r.Description, r.DescriptionXML, r.Unauthorized, r.UnauthorizedXML,
		r.Notes, r.NotesXML, r.Registered, r.Modified, r.ServiceCode,
	} {
		b = appendStr(b, s)
	}
	b = appendInt(b, len(r.People))
	for _, p := range r.People {
		b = appendStr(b, p.Role)
		b = appendStr(b, p.ID)
		b = appendBool(b, p.Implied)
	}
	b = appendInt(b, len(r.References))
	for _, ref := range r.References {
		b = appendStr(b, ref.Type)
		b = appendStr(b, ref.Data)
		b = appendStr(b, ref.Text)
		b = appendStr(b, ref.Section)
		b = appendStr(b, ref.Label)
	}
	b = appendInt(b, len(r.Extras))
	for _, e := range r.Extras {
		b = appendStr(b, e.Name)
		b = appendStr(b, e.Text)
	}
	return b
}

func appendInt(b []byte, n int) []byte { return binary.AppendUvarint(b, uint64(n)) }

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendStr(b []byte, s string) []byte {
	return append(appendInt(b, len(s)), s...)
}
