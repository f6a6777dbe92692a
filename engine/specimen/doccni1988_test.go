package specimen

import (
	"testing"
	"time"

	"github.com/kycd/kycd/engine/mrz"
)

// The 1988 French CNI's MRZ parses with every check digit passing and agrees with the
// identity: number, birth date, and a holder of age at issue.
func TestOldCNIMRZ(t *testing.T) {
	for seed := range uint64(100) {
		rng := newRand(seed)
		id := oldCNIIdentity(rng, randomIdentity(rng, "cni", "FR"))
		lines := oldCNIMRZ(id)
		r, err := mrz.ParseLines(lines, mrz.Options{NoRepair: true})
		if err != nil {
			t.Fatalf("seed %d: %q: %v", seed, lines, err)
		}
		if !r.Valid || r.DocumentNumber != id.number {
			t.Fatalf("seed %d: %q valid=%v number %q want %q checks %v", seed, lines, r.Valid, r.DocumentNumber, id.number, r.CheckDigits)
		}
		if r.DateOfBirth == nil || *r.DateOfBirth != id.birth.Format(time.DateOnly) {
			t.Fatalf("seed %d: birth %v want %s", seed, r.DateOfBirth, id.birth.Format(time.DateOnly))
		}
		if id.birth.After(id.issue.AddDate(-18, 0, 0)) {
			t.Fatalf("seed %d: a minor's card: born %s, issued %s", seed, id.birth, id.issue)
		}
	}
}
