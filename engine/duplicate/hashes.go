package duplicate

import "math/bits"

// hashSet holds 64-bit perceptual hashes with their owner, for Hamming search. An owner may
// have several hashes (front, back, selfie).
type hashSet struct {
	owners []string
	kinds  []string
	hashes []uint64
}

func (h *hashSet) add(id, kind string, v uint64) {
	h.owners = append(h.owners, id)
	h.kinds = append(h.kinds, kind)
	h.hashes = append(h.hashes, v)
}

func (h *hashSet) remove(id string) {
	j := 0
	for i := range h.owners {
		if h.owners[i] != id {
			h.owners[j], h.kinds[j], h.hashes[j] = h.owners[i], h.kinds[i], h.hashes[i]
			j++
		}
	}
	h.owners, h.kinds, h.hashes = h.owners[:j], h.kinds[:j], h.hashes[:j]
}

type hashHit struct {
	id, kind string
	dist     int
}

// search returns the hashes at most maxDist bits away from q, among those of the given kinds.
func (h *hashSet) search(q uint64, maxDist int, kinds map[string]bool) []hashHit {
	var out []hashHit
	for i, v := range h.hashes {
		if d := bits.OnesCount64(v ^ q); d <= maxDist && kinds[h.kinds[i]] {
			out = append(out, hashHit{h.owners[i], h.kinds[i], d})
		}
	}
	return out
}
