package normalize

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
)

// RowID is the row id a thing of this content is stored under: 53 bits of
// a SHA-256 of its content, so that ids follow content and not the order
// things were imported in, and stay exact in JSON readers, which hold
// numbers as doubles. kind separates the kinds of things; parts are the
// content. Never 0.
func RowID(kind string, parts ...[]byte) int64 {
	h := sha256.New()
	h.Write([]byte(kind))
	for _, p := range parts {
		var n [binary.MaxVarintLen64]byte
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write(p)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	id := int64(binary.BigEndian.Uint64(sum[:8]) >> 11)
	if id == 0 {
		id = 1
	}
	return id
}

// Row id kinds, one per table whose ids RowID makes.
const (
	RowSnapshot  = "snapshot"
	RowRecord    = "record"
	RowRendition = "rendition"
	RowService   = "service"
	RowDetail    = "contact-detail"
)

// SnapshotID is the id of the snapshot whose input (decompressed) has
// this SHA-256.
func SnapshotID(sum [32]byte) int64 { return RowID(RowSnapshot, sum[:]) }

// RecordID is the id of the record with this identity hash.
func RecordID(hash [32]byte) int64 { return RowID(RowRecord, hash[:]) }

// RenditionID is the id of a rendition (by its hash) of a record (by its
// identity hash).
func RenditionID(record, rendition [32]byte) int64 {
	return RowID(RowRendition, record[:], rendition[:])
}

// ServiceID is the id of a service name.
func ServiceID(name string) int64 { return RowID(RowService, []byte(name)) }

// DetailID is the id of what a snapshot says of a person: its id and the
// details, as one string.
func DetailID(contact, details string) int64 {
	return RowID(RowDetail, []byte(contact), []byte(details))
}

// Unnumbered is the order group of records without a port number: IANA
// lists them after the numbered ones, by name.
const Unnumbered = 65536

// OrderKey is where a record sorts in IANA's order: by port number, the
// records without one last, by name. Within one port the order is IANA's
// own and almost never changes; a Placement says it.
type OrderKey struct {
	Group int    // the port number, or Unnumbered
	Name  string // for an unnumbered record, its name; else empty
}

// Compare orders keys as IANA orders records.
func (k OrderKey) Compare(o OrderKey) int {
	switch {
	case k.Group != o.Group:
		if k.Group < o.Group {
			return -1
		}
		return 1
	}
	return strings.Compare(k.Name, o.Name)
}

// OrderKey is the record's key in IANA's order.
func (id *Identity) OrderKey() OrderKey {
	if id.Port.Valid {
		return OrderKey{Group: id.Port.Low}
	}
	return OrderKey{Group: Unnumbered, Name: id.Name}
}

// Placement is how a member of a listing is stored so that its place can
// be restored: sorting the members by (Key, Rank) gives the listing's
// order back.
type Placement[K any] struct {
	Key  K
	Rank int // 0-based, among the members placed under the same key
}

// Place computes placements for a listing whose members have these natural
// keys, in listing order. Members that sort by their key keep it (the
// longest run in order, which is nearly all of a registry); the few that
// are out of place take the key of the next member in place (the last
// one's, at the end); ranks number the members of one key in listing
// order. So a member's placement is what it was in the listing before, as
// long as its neighbours are, and a snapshot's order costs nothing to keep
// where it did not change. The result depends on the listing alone.
func Place[K any](keys []K, compare func(a, b K) int) []Placement[K] {
	n := len(keys)
	out := make([]Placement[K], n)
	if n == 0 {
		return out
	}
	// Longest non-decreasing subsequence, by patience sorting: tails[i] is
	// the index of the smallest last member of a run of length i+1.
	tails := make([]int, 0, n)
	prev := make([]int, n)
	for i := range keys {
		lo, hi := 0, len(tails)
		for lo < hi { // first tail greater than keys[i]
			mid := (lo + hi) / 2
			if compare(keys[tails[mid]], keys[i]) <= 0 {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		prev[i] = -1
		if lo > 0 {
			prev[i] = tails[lo-1]
		}
		if lo == len(tails) {
			tails = append(tails, i)
		} else {
			tails[lo] = i
		}
	}
	inOrder := make([]bool, n)
	last := tails[len(tails)-1]
	for i := last; i >= 0; i = prev[i] {
		inOrder[i] = true
	}
	next := last
	for i := n - 1; i >= 0; i-- {
		if inOrder[i] {
			next = i
		}
		out[i].Key = keys[next]
	}
	// Ranks: the stored keys are now non-decreasing, so the members of
	// one key are consecutive.
	for i := 1; i < n; i++ {
		if compare(out[i].Key, out[i-1].Key) == 0 {
			out[i].Rank = out[i-1].Rank + 1
		}
	}
	return out
}
