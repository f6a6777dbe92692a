package duplicate

import (
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strings"
	"sync"
)

// Match kinds, as the API's duplicate.matches[].kind.
const (
	KindFace     = "face"
	KindDocument = "document_number"
	KindImage    = "image"
)

// Entry is what the index knows of one verification.
type Entry struct {
	ID string
	// Face is the face template (Dim values), nil when there is none.
	Face []float32
	// DocKeys are normalized document keys (DocKey), usually one.
	DocKeys []string
	// Hashes are 64-bit perceptual hashes by image kind ("document_front", "selfie", …).
	Hashes map[string]uint64
}

// Match is one earlier verification sharing something with the query.
type Match struct {
	ID    string
	Kind  string
	Score float64 // 0..1, higher is more alike
	// Conflict: the shared face comes with another document, or the shared document with
	// another face — the mark of an identity fraud rather than a returning customer.
	Conflict bool
	// ImageKind names the earlier image a KindImage match is about.
	ImageKind string
}

// Config tunes the search. FaceRadius is the euclidean descriptor distance within which two
// faces are the same person; HashRadius the Hamming distance within which two images are the
// same picture; Similarity maps a descriptor distance to a 0..1 score.
type Config struct {
	FaceRadius float64
	HashRadius int
	Similarity func(distance float64) float64
}

// Index is the in-memory duplicate index. It lives as long as templates are kept, so it is
// kept small: each verification gets a slot number, and templates, document keys and image
// hashes are rows in flat arrays owned by slots (~270 bytes a verification with a face, one
// document and three images, BenchmarkEntryMemory; maps of strings took twice that).
type Index struct {
	cfg    Config
	mu     sync.RWMutex
	ids    []string          // slot → id, "" for a free slot
	slotOf map[string]uint32 // id → slot
	free   []uint32          // freed slots, reused before new ones
	faces  *faceSlab
	docs   keyList
	hashes hashSet
	kinds  []string // image kinds, numbered in order of appearance (hashSet.kinds)
}

// keyList holds document keys as 64-bit hashes with their owner's slot. The seed is the
// process's own (maphash), so keys cannot be crafted to collide; by chance two of a million
// keys collide with probability ~3·10⁻⁸.
type keyList struct {
	seed   maphash.Seed
	keys   []uint64
	owners []uint32
}

func (l *keyList) hash(k string) uint64 { return maphash.String(l.seed, k) }

func (l *keyList) remove(slot uint32) {
	j := 0
	for i := range l.owners {
		if l.owners[i] != slot {
			l.keys[j], l.owners[j] = l.keys[i], l.owners[i]
			j++
		}
	}
	l.keys, l.owners = l.keys[:j], l.owners[:j]
}

// New returns an empty index.
func New(cfg Config) (*Index, error) {
	if cfg.FaceRadius <= 0 || cfg.HashRadius < 0 || cfg.HashRadius > 64 || cfg.Similarity == nil {
		return nil, fmt.Errorf("duplicate index: invalid config (face radius %.3f, hash radius %d)", cfg.FaceRadius, cfg.HashRadius)
	}
	return &Index{cfg: cfg, faces: newFaceSlab(), slotOf: map[string]uint32{}, docs: keyList{seed: maphash.MakeSeed()}}, nil
}

// DocKey normalizes a document number for the index: issuing state and number, letters and
// digits only, upper case ("MAR", "ae-123 456" → "MAR:AE123456"). Empty when number is.
func DocKey(state, number string) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z':
				return r - 'a' + 'A'
			case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
				return r
			}
			return -1
		}, s)
	}
	n := clean(number)
	if n == "" {
		return ""
	}
	return clean(state) + ":" + n
}

// Put adds e, replacing whatever the index held for e.ID.
func (x *Index) Put(e Entry) error {
	if e.ID == "" {
		return fmt.Errorf("duplicate index: entry without id")
	}
	if e.Face != nil && len(e.Face) != Dim {
		return fmt.Errorf("duplicate index: template of %s has %d values, want %d", e.ID, len(e.Face), Dim)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	kinds := make([]uint8, 0, len(e.Hashes))
	names := sortedKeys(e.Hashes)
	for _, name := range names {
		k, err := x.kindLocked(name)
		if err != nil {
			return err
		}
		kinds = append(kinds, k)
	}
	slot, ok := x.slotOf[e.ID]
	if ok {
		x.clearLocked(slot)
	} else {
		slot = x.newSlotLocked(e.ID)
	}
	if e.Face != nil {
		x.faces.put(slot, e.Face)
	}
	// The slot has no rows left (new, or cleared above): only this entry's keys can repeat.
	first := len(x.docs.keys)
	for _, k := range e.DocKeys {
		if h := x.docs.hash(k); k != "" && !slices.Contains(x.docs.keys[first:], h) {
			x.docs.keys = append(x.docs.keys, h)
			x.docs.owners = append(x.docs.owners, slot)
		}
	}
	for i, name := range names {
		x.hashes.add(slot, kinds[i], e.Hashes[name])
	}
	return nil
}

// kindLocked numbers an image kind; there are a handful (document_front, selfie, …).
func (x *Index) kindLocked(name string) (uint8, error) {
	if i := slices.Index(x.kinds, name); i >= 0 {
		return uint8(i), nil
	}
	if len(x.kinds) > math.MaxUint8 {
		return 0, fmt.Errorf("duplicate index: more than 256 image kinds (%q)", name)
	}
	x.kinds = append(x.kinds, name)
	return uint8(len(x.kinds) - 1), nil
}

func (x *Index) newSlotLocked(id string) uint32 {
	var slot uint32
	if n := len(x.free); n > 0 {
		slot, x.free = x.free[n-1], x.free[:n-1]
		x.ids[slot] = id
	} else {
		slot = uint32(len(x.ids))
		x.ids = append(x.ids, id)
	}
	x.slotOf[id] = slot
	return slot
}

// clearLocked drops the rows of slot, keeping the slot.
func (x *Index) clearLocked(slot uint32) {
	x.faces.remove(slot)
	x.docs.remove(slot)
	x.hashes.remove(slot)
}

// Remove drops everything known of id (a deleted verification).
func (x *Index) Remove(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	slot, ok := x.slotOf[id]
	if !ok {
		return
	}
	x.clearLocked(slot)
	delete(x.slotOf, id)
	x.ids[slot] = ""
	x.free = append(x.free, slot)
}

// Search finds the verifications sharing a face, document or image with q (q.ID itself is
// skipped), best score first.
func (x *Index) Search(q Entry) []Match {
	x.mu.RLock()
	defer x.mu.RUnlock()
	self, hasSelf := x.slotOf[q.ID]
	isSelf := func(slot uint32) bool { return hasSelf && slot == self }
	keys := make([]uint64, 0, len(q.DocKeys))
	for _, k := range q.DocKeys {
		if k != "" {
			keys = append(keys, x.docs.hash(k))
		}
	}
	var out []Match
	if len(q.Face) == Dim {
		r := float32(x.cfg.FaceRadius)
		for _, h := range x.faces.search(q.Face, r*r) {
			if isSelf(h.slot) {
				continue
			}
			d := math.Sqrt(float64(h.dist2))
			out = append(out, Match{ID: x.ids[h.slot], Kind: KindFace, Score: round3(x.cfg.Similarity(d)),
				Conflict: x.otherDocument(h.slot, keys)})
		}
	}
	out = append(out, x.documentMatches(keys, q.Face, isSelf)...)
	out = append(out, x.imageMatches(q, isSelf)...)
	slices.SortStableFunc(out, func(a, b Match) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// otherDocument: slot was stored with document keys and none of them is among keys.
func (x *Index) otherDocument(slot uint32, keys []uint64) bool {
	if len(keys) == 0 {
		return false
	}
	stored := false
	for i, o := range x.docs.owners {
		if o != slot {
			continue
		}
		if slices.Contains(keys, x.docs.keys[i]) {
			return false
		}
		stored = true
	}
	return stored
}

// documentMatches: the same document number. The score is 1 (an exact key); the match is a
// conflict when both have a face and the faces differ.
func (x *Index) documentMatches(keys []uint64, face []float32, isSelf func(uint32) bool) []Match {
	var out []Match
	seen := map[uint32]bool{} // a slot stored with two of the query's keys is one match
	for i, k := range x.docs.keys {
		slot := x.docs.owners[i]
		if !slices.Contains(keys, k) || isSelf(slot) || seen[slot] {
			continue
		}
		seen[slot] = true
		out = append(out, Match{ID: x.ids[slot], Kind: KindDocument, Score: 1, Conflict: x.otherFace(slot, face)})
	}
	return out
}

func (x *Index) otherFace(slot uint32, q []float32) bool {
	i := x.faces.row(slot)
	if i < 0 || len(q) != Dim {
		return false
	}
	return x.faces.distance(i, q) > x.cfg.FaceRadius
}

// imageMatches: a picture already submitted (same kind of image, or a selfie reused as a
// portrait…): every stored hash is compared with every query hash.
func (x *Index) imageMatches(q Entry, isSelf func(uint32) bool) []Match {
	best := map[uint32]Match{}
	for _, kind := range sortedKeys(q.Hashes) {
		for _, h := range x.hashes.search(q.Hashes[kind], x.cfg.HashRadius) {
			if isSelf(h.slot) {
				continue
			}
			m := Match{ID: x.ids[h.slot], Kind: KindImage, Score: round3(1 - float64(h.dist)/64), ImageKind: x.kinds[h.kind]}
			if old, ok := best[h.slot]; !ok || m.Score > old.Score {
				best[h.slot] = m
			}
		}
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Match) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Stats describe the index size.
type Stats struct {
	Faces, DocKeys, Hashes int
	// FaceBytes is the memory of the template slab.
	FaceBytes int
}

func (x *Index) Stats() Stats {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return Stats{Faces: x.faces.len(), DocKeys: len(x.docs.keys), Hashes: len(x.hashes.hashes), FaceBytes: x.faces.bytes()}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
