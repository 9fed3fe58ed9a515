package normalize

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// restores reports whether sorting by placement gives the listing back.
func restores(t *testing.T, keys []string) []Placement[string] {
	t.Helper()
	p := Place(keys, strings.Compare)
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := strings.Compare(p[a].Key, p[b].Key); c != 0 {
			return c
		}
		return p[a].Rank - p[b].Rank
	})
	for i, j := range idx {
		if i != j {
			t.Fatalf("keys %q: placements %v restore %v", keys, p, idx)
		}
	}
	return p
}

func TestPlace(t *testing.T) {
	tests := []struct {
		name    string
		keys    []string
		changed int // members whose placement is not (own key, rank among equals)
	}{
		{"empty", nil, 0},
		{"sorted", []string{"a", "b", "b", "c"}, 0},
		{"one out of place", []string{"a", "d", "b", "c"}, 1},
		{"last out of place", []string{"b", "c", "a"}, 1},
		{"reversed", []string{"c", "b", "a"}, 2},
		{"all equal", []string{"x", "x", "x"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := restores(t, tc.keys)
			changed := 0
			for i, k := range tc.keys {
				if p[i].Key != k {
					changed++
				}
			}
			if changed != tc.changed {
				t.Errorf("%d members moved to another key, want %d: %v", changed, tc.changed, p)
			}
		})
	}
}

// TestPlaceRestoresAnyOrder: whatever the listing, its order comes back.
func TestPlaceRestoresAnyOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		keys := make([]string, r.IntN(30))
		for i := range keys {
			keys[i] = string(rune('a' + r.IntN(6)))
		}
		restores(t, keys)
	}
}

// TestPlaceIsLocal: a member inserted into a listing leaves the others'
// placements as they were, save its neighbours of the same key.
func TestPlaceIsLocal(t *testing.T) {
	before := []string{"a", "b", "z", "c", "d", "e"}
	after := []string{"a", "b", "z", "c", "cc", "d", "e"}
	p0, p1 := restores(t, before), restores(t, after)
	for i, k := range before {
		j := slices.Index(after, k)
		if p0[i] != p1[j] {
			t.Errorf("%s: placed %v, then %v", k, p0[i], p1[j])
		}
	}
}

func TestRowID(t *testing.T) {
	a, b := RowID("x", []byte("ab"), []byte("c")), RowID("x", []byte("a"), []byte("bc"))
	if a == b {
		t.Error("parts run together")
	}
	if RowID("x", []byte("a")) == RowID("y", []byte("a")) {
		t.Error("kinds not kept apart")
	}
	if id := RowID("x", []byte("a")); id <= 0 || id >= 1<<53 {
		t.Errorf("id %d: want 1 to 2^53-1", id)
	}
}
