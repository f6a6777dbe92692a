package duplicate

import "math/bits"

// hashSet holds 64-bit perceptual hashes with their owner's slot and a kind number, in
// parallel arrays (13 bytes a hash), for a linear Hamming scan. An owner may have several
// hashes (front, back, selfie).
type hashSet struct {
	hashes []uint64
	owners []uint32
	kinds  []uint8
}

func (h *hashSet) add(slot uint32, kind uint8, v uint64) {
	h.hashes = append(h.hashes, v)
	h.owners = append(h.owners, slot)
	h.kinds = append(h.kinds, kind)
}

// remove drops every hash of slot, keeping the others' order.
func (h *hashSet) remove(slot uint32) {
	j := 0
	for i := range h.owners {
		if h.owners[i] != slot {
			h.hashes[j], h.owners[j], h.kinds[j] = h.hashes[i], h.owners[i], h.kinds[i]
			j++
		}
	}
	h.hashes, h.owners, h.kinds = h.hashes[:j], h.owners[:j], h.kinds[:j]
}

type hashHit struct {
	slot uint32
	kind uint8
	dist int
}

// search returns the hashes at most maxDist bits away from q.
func (h *hashSet) search(q uint64, maxDist int) []hashHit {
	var out []hashHit
	for i, v := range h.hashes {
		if d := bits.OnesCount64(v ^ q); d <= maxDist {
			out = append(out, hashHit{h.owners[i], h.kinds[i], d})
		}
	}
	return out
}
