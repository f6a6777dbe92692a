package duplicate

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"
)

func testConfig() Config {
	return Config{FaceRadius: 0.525, HashRadius: 6, Similarity: func(d float64) float64 { return 1 / (1 + math.Exp((d-0.525)/0.08)) }}
}

// randomFace returns a template whose distance to another random one is about 0.9, like two
// strangers' face-api descriptors.
func randomFace(rng *rand.Rand) []float32 {
	v := make([]float32, Dim)
	for i := range v {
		v[i] = float32(rng.NormFloat64() * 0.056)
	}
	return v
}

// near returns v moved by about dist.
func near(rng *rand.Rand, v []float32, dist float64) []float32 {
	out := make([]float32, Dim)
	s := dist / math.Sqrt(Dim)
	for i := range v {
		out[i] = v[i] + float32(rng.NormFloat64()*s)
	}
	return out
}

func TestIndexMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alice, bob := randomFace(rng), randomFace(rng)
	x, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	must := func(e Entry) {
		t.Helper()
		if err := x.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	must(Entry{ID: "ver_alice", Face: alice, DocKeys: []string{DocKey("MAR", "AE123456")}, Hashes: map[string]uint64{"selfie": 0xF0F0F0F0F0F0F0F0}})
	must(Entry{ID: "ver_bob", Face: bob, DocKeys: []string{DocKey("FRA", "X4RT")}})
	for i := range 1000 {
		must(Entry{ID: "ver_other" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Face: randomFace(rng)})
	}

	tests := []struct {
		name     string
		q        Entry
		want     string // id
		kind     string
		conflict bool
	}{
		{"same face other identity", Entry{ID: "q1", Face: near(rng, alice, 0.3), DocKeys: []string{DocKey("MAR", "ZZ999")}}, "ver_alice", KindFace, true},
		{"same face same document", Entry{ID: "q2", Face: near(rng, alice, 0.3), DocKeys: []string{DocKey("MAR", "ae-123456")}}, "ver_alice", KindFace, false},
		{"same document other face", Entry{ID: "q3", Face: randomFace(rng), DocKeys: []string{DocKey("FRA", "x4rt")}}, "ver_bob", KindDocument, true},
		{"same selfie reused", Entry{ID: "q4", Hashes: map[string]uint64{"selfie": 0xF0F0F0F0F0F0F0F1}}, "ver_alice", KindImage, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := x.Search(tt.q)
			for _, m := range ms {
				if m.ID == tt.want && m.Kind == tt.kind {
					if m.Conflict != tt.conflict {
						t.Errorf("conflict = %v, want %v", m.Conflict, tt.conflict)
					}
					return
				}
			}
			t.Fatalf("no %s match with %s in %+v", tt.kind, tt.want, ms)
		})
	}

	t.Run("stranger finds nothing", func(t *testing.T) {
		if ms := x.Search(Entry{ID: "q", Face: randomFace(rng), Hashes: map[string]uint64{"selfie": 0x0F0F0F0F0F0F0F0F}}); len(ms) != 0 {
			t.Fatalf("stranger matched %+v", ms)
		}
	})
	t.Run("removed leaves the index", func(t *testing.T) {
		x.Remove("ver_alice")
		ms := x.Search(Entry{ID: "q", Face: alice, DocKeys: []string{DocKey("MAR", "AE123456")}, Hashes: map[string]uint64{"selfie": 0xF0F0F0F0F0F0F0F0}})
		if len(ms) != 0 {
			t.Fatalf("deleted verification still matches: %+v", ms)
		}
		if s := x.Stats(); s.Faces != 1001 || s.Hashes != 0 {
			t.Fatalf("stats after removal %+v", s)
		}
	})
}

func TestPutRejectsBadTemplate(t *testing.T) {
	x, _ := New(testConfig())
	if err := x.Put(Entry{ID: "a", Face: make([]float32, 5)}); err == nil {
		t.Fatal("short template accepted")
	}
	if _, err := New(Config{}); err == nil {
		t.Fatal("zero config accepted")
	}
}

// TestSlabSearchExact compares the pruned, split scan with a plain loop.
func TestSlabSearchExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	s := newFaceSlab()
	var all [][]float32
	for i := range 40000 {
		v := randomFace(rng)
		all = append(all, v)
		s.put(uint32(i), v)
	}
	q := near(rng, all[123], 0.4)
	hits := s.search(q, 0.81) // radius 0.9: many hits
	want := 0
	for _, v := range all {
		var d float64
		for i := range v {
			d += float64(v[i]-q[i]) * float64(v[i]-q[i])
		}
		if d <= 0.81 {
			want++
		}
	}
	// int8 rounding moves distances by < 0.01: only rows at the boundary may differ.
	if diff := len(hits) - want; diff*diff > (want/30)*(want/30) {
		t.Fatalf("%d hits, brute force finds %d", len(hits), want)
	}
}

// TestQuantizedDistance bounds the int8 rounding error on distances near the decision radius.
func TestQuantizedDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	s := newFaceSlab()
	worst := 0.0
	for i := range 2000 {
		a := randomFace(rng)
		b := near(rng, a, 0.525)
		s.put(0, a)
		var exact float64
		for j := range a {
			exact += float64(a[j]-b[j]) * float64(a[j]-b[j])
		}
		worst = max(worst, math.Abs(s.distance(0, b)-math.Sqrt(exact)))
		_ = i
	}
	if worst > 0.01 {
		t.Fatalf("quantized distance off by up to %.4f", worst)
	}
	t.Logf("worst quantization error on a distance near 0.525: %.4f", worst)
}

// TestIndexSlotsAgainstModel runs random puts, replacements and removals (so slots are freed
// and reused) and compares every search with a plain scan over the entries kept in a map.
func TestIndexSlotsAgainstModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	x, _ := New(testConfig())
	faces := []([]float32){randomFace(rng), randomFace(rng), randomFace(rng)}
	kept := map[string]Entry{}
	random := func(id string) Entry {
		e := Entry{ID: id, Hashes: map[string]uint64{}}
		if rng.IntN(4) > 0 {
			e.Face = near(rng, faces[rng.IntN(len(faces))], 0.1)
		}
		for range rng.IntN(3) {
			e.DocKeys = append(e.DocKeys, DocKey("MAR", string(rune('A'+rng.IntN(4)))))
		}
		for _, kind := range []string{"selfie", "document_front"} {
			if rng.IntN(2) == 0 {
				e.Hashes[kind] = uint64(rng.IntN(3)) * 0xFFFF
			}
		}
		return e
	}
	for step := range 3000 {
		id := string(rune('a' + rng.IntN(12)))
		switch rng.IntN(3) {
		case 0:
			x.Remove(id)
			delete(kept, id)
		default:
			e := random(id)
			if err := x.Put(e); err != nil {
				t.Fatal(err)
			}
			kept[id] = e
		}
		q := random(string(rune('a' + rng.IntN(14))))
		got := map[string]bool{}
		for _, m := range x.Search(q) {
			got[m.ID+" "+m.Kind] = m.Conflict
		}
		want := map[string]bool{}
		for _, e := range kept {
			if e.ID == q.ID {
				continue
			}
			if e.Face != nil && q.Face != nil && dist(e.Face, q.Face) <= 0.525 {
				want[e.ID+" "+KindFace] = len(q.DocKeys) > 0 && len(e.DocKeys) > 0 && !shares(e.DocKeys, q.DocKeys)
			}
			if shares(e.DocKeys, q.DocKeys) {
				want[e.ID+" "+KindDocument] = e.Face != nil && q.Face != nil && dist(e.Face, q.Face) > 0.525
			}
			for _, a := range e.Hashes {
				for _, b := range q.Hashes {
					if bits.OnesCount64(a^b) <= 6 {
						want[e.ID+" "+KindImage] = false
					}
				}
			}
		}
		if len(got) != len(want) {
			t.Fatalf("step %d: search %+v found %v, want %v", step, q, got, want)
		}
		for k, c := range want {
			if g, ok := got[k]; !ok || g != c {
				t.Fatalf("step %d: %s: got %v (found %v), want conflict %v", step, k, g, ok, c)
			}
		}
	}
	if s := x.Stats(); s.Faces > len(kept) || len(x.ids)-len(x.free) != len(kept) {
		t.Fatalf("index holds %d faces and %d live slots for %d entries", s.Faces, len(x.ids)-len(x.free), len(kept))
	}
}

func dist(a, b []float32) float64 {
	var d float64
	for i := range a {
		d += float64(a[i]-b[i]) * float64(a[i]-b[i])
	}
	return math.Sqrt(d)
}

func shares(a, b []string) bool {
	for _, k := range a {
		for _, l := range b {
			if k == l {
				return true
			}
		}
	}
	return false
}
