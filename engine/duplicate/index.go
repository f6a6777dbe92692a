package duplicate

import (
	"fmt"
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

// Index is the in-memory duplicate index.
type Index struct {
	cfg    Config
	mu     sync.RWMutex
	faces  *faceSlab
	docs   map[string][]string // doc key → ids
	byID   map[string][]string // id → its doc keys, for removal
	hashes hashSet
}

// New returns an empty index.
func New(cfg Config) (*Index, error) {
	if cfg.FaceRadius <= 0 || cfg.HashRadius < 0 || cfg.HashRadius > 64 || cfg.Similarity == nil {
		return nil, fmt.Errorf("duplicate index: invalid config (face radius %.3f, hash radius %d)", cfg.FaceRadius, cfg.HashRadius)
	}
	return &Index{cfg: cfg, faces: newFaceSlab(), docs: map[string][]string{}, byID: map[string][]string{}}, nil
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
	x.removeLocked(e.ID)
	if e.Face != nil {
		x.faces.put(e.ID, e.Face)
	}
	for _, k := range e.DocKeys {
		if k != "" && !slices.Contains(x.docs[k], e.ID) {
			x.docs[k] = append(x.docs[k], e.ID)
			x.byID[e.ID] = append(x.byID[e.ID], k)
		}
	}
	for _, kind := range sortedKeys(e.Hashes) {
		x.hashes.add(e.ID, kind, e.Hashes[kind])
	}
	return nil
}

// Remove drops everything known of id (a deleted verification).
func (x *Index) Remove(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.removeLocked(id)
}

func (x *Index) removeLocked(id string) {
	x.faces.remove(id)
	for _, k := range x.byID[id] {
		ids := slices.DeleteFunc(x.docs[k], func(s string) bool { return s == id })
		if len(ids) == 0 {
			delete(x.docs, k)
		} else {
			x.docs[k] = ids
		}
	}
	delete(x.byID, id)
	x.hashes.remove(id)
}

// Search finds the verifications sharing a face, document or image with q (q.ID itself is
// skipped), best score first.
func (x *Index) Search(q Entry) []Match {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var out []Match
	if len(q.Face) == Dim {
		r := float32(x.cfg.FaceRadius)
		for _, h := range x.faces.search(q.Face, r*r) {
			if h.id == q.ID {
				continue
			}
			d := math.Sqrt(float64(h.dist2))
			out = append(out, Match{ID: h.id, Kind: KindFace, Score: round3(x.cfg.Similarity(d)),
				Conflict: x.otherDocument(h.id, q.DocKeys)})
		}
	}
	out = append(out, x.documentMatches(q)...)
	out = append(out, x.imageMatches(q)...)
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

// otherDocument: id was stored with document keys and none of them is q's.
func (x *Index) otherDocument(id string, keys []string) bool {
	theirs := x.byID[id]
	if len(theirs) == 0 || len(keys) == 0 {
		return false
	}
	for _, k := range keys {
		if slices.Contains(theirs, k) {
			return false
		}
	}
	return true
}

// documentMatches: the same document number. The score is 1 (an exact key); the match is a
// conflict when both have a face and the faces differ.
func (x *Index) documentMatches(q Entry) []Match {
	var out []Match
	seen := map[string]bool{q.ID: true}
	for _, k := range q.DocKeys {
		for _, id := range x.docs[k] {
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, Match{ID: id, Kind: KindDocument, Score: 1, Conflict: x.otherFace(id, q.Face)})
		}
	}
	return out
}

func (x *Index) otherFace(id string, q []float32) bool {
	i, ok := x.faces.pos[id]
	if !ok || len(q) != Dim {
		return false
	}
	return x.faces.distance(i, q) > x.cfg.FaceRadius
}

// imageMatches: a picture already submitted (same kind of image, or a selfie reused as a
// portrait…): every stored hash is compared with every query hash.
func (x *Index) imageMatches(q Entry) []Match {
	all := map[string]bool{}
	for _, k := range x.hashes.kinds {
		all[k] = true
	}
	best := map[string]Match{}
	for _, kind := range sortedKeys(q.Hashes) {
		for _, h := range x.hashes.search(q.Hashes[kind], x.cfg.HashRadius, all) {
			if h.id == q.ID {
				continue
			}
			m := Match{ID: h.id, Kind: KindImage, Score: round3(1 - float64(h.dist)/64), ImageKind: h.kind}
			if old, ok := best[h.id]; !ok || m.Score > old.Score {
				best[h.id] = m
			}
		}
	}
	out := make([]Match, 0, len(best))
	for _, id := range sortedKeys(best) {
		out = append(out, best[id])
	}
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
	return Stats{Faces: x.faces.len(), DocKeys: len(x.docs), Hashes: len(x.hashes.hashes), FaceBytes: x.faces.bytes()}
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
