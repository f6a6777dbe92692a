package engine

import (
	"fmt"
	"testing"

	"github.com/kycd/kycd/engine/duplicate"
)

func TestListedMatches(t *testing.T) {
	returning := func(n int) []duplicate.Match { // the same person with the same document
		var ms []duplicate.Match
		for i := range n {
			ms = append(ms, duplicate.Match{ID: fmt.Sprintf("ver_r%03d", i), Kind: duplicate.KindFace, Score: 0.99})
		}
		return ms
	}
	conflict := duplicate.Match{ID: "ver_conflict", Kind: duplicate.KindDocument, Score: 1, Conflict: true}
	reused := duplicate.Match{ID: "ver_reused", Kind: duplicate.KindImage, Score: 0.98, ImageKind: "selfie"}
	tests := []struct {
		name    string
		in      []duplicate.Match
		wantLen int
		first   []string // the listed ids that must come first, in order
	}{
		{"none", nil, 0, nil},
		{"few keep the index's order", returning(3), 3, []string{"ver_r000", "ver_r001", "ver_r002"}},
		{"many are capped", returning(5000), maxListedMatches, []string{"ver_r000"}},
		{"signals first, even past the cap", append(returning(500), reused, conflict), maxListedMatches, []string{"ver_reused", "ver_conflict", "ver_r000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := listedMatches(tt.in)
			if len(got) != tt.wantLen {
				t.Fatalf("listed %d matches, want %d", len(got), tt.wantLen)
			}
			for i, id := range tt.first {
				if got[i].ID != id {
					t.Errorf("listed[%d] = %s, want %s", i, got[i].ID, id)
				}
			}
		})
	}
}
