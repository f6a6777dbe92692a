package liveness

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestNthElement compares every order statistic with a full sort, on random, constant,
// sorted and reversed inputs with many ties.
func TestNthElement(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	less := func(a, b int) bool { return a < b }
	inputs := map[string]func(n int) []int{
		"random":   func(n int) []int { return randomInts(rng, n, 1000) },
		"ties":     func(n int) []int { return randomInts(rng, n, 3) },
		"constant": func(n int) []int { return make([]int, n) },
		"sorted":   func(n int) []int { s := randomInts(rng, n, 50); slices.Sort(s); return s },
		"reversed": func(n int) []int { s := randomInts(rng, n, 50); slices.Sort(s); slices.Reverse(s); return s },
	}
	for name, gen := range inputs {
		for _, n := range []int{1, 2, 3, 10, 101} {
			src := gen(n)
			want := slices.Clone(src)
			slices.Sort(want)
			for k := range n {
				s := slices.Clone(src)
				nthElement(s, k, less)
				if s[k] != want[k] {
					t.Fatalf("%s n=%d k=%d: got %d, want %d", name, n, k, s[k], want[k])
				}
				for i := range k {
					if s[i] > s[k] {
						t.Fatalf("%s n=%d k=%d: s[%d]=%d before is greater", name, n, k, i, s[i])
					}
				}
				for i := k + 1; i < n; i++ {
					if s[i] < s[k] {
						t.Fatalf("%s n=%d k=%d: s[%d]=%d after is smaller", name, n, k, i, s[i])
					}
				}
			}
		}
	}
}

func randomInts(rng *rand.Rand, n, max int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = rng.IntN(max)
	}
	return s
}
