package duplicate

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/kycd/kycd/engine/internal/benchcpu"
)

// BenchmarkFaceSearch measures one search among n templates (acceptance: 100,000 ≤ 10 ms,
// 1,000,000 ≤ 100 ms) and reports the slab's memory.
func BenchmarkFaceSearch(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(uint64(n), 9))
			x, err := New(testConfig())
			if err != nil {
				b.Fatal(err)
			}
			var ms0 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms0)
			first := randomFace(rng)
			x.Put(Entry{ID: "target", Face: first})
			for i := 1; i < n; i++ {
				x.Put(Entry{ID: fmt.Sprintf("ver_%012d", i), Face: randomFace(rng)})
			}
			var ms1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms1)
			q := Entry{ID: "q", Face: near(rng, first, 0.3)}
			cpu0 := benchcpu.Now()
			b.ResetTimer()
			for b.Loop() {
				if len(x.Search(q)) == 0 {
					b.Fatal("target not found")
				}
			}
			b.StopTimer()
			// The machine is shared: CPU time per search is the load-independent figure.
			b.ReportMetric(float64((benchcpu.Now()-cpu0).Microseconds())/float64(b.N)/1000, "cpu-ms/search")
			b.ReportMetric(float64(x.Stats().FaceBytes)/(1<<20), "slab-MiB")
			b.ReportMetric(float64(ms1.HeapAlloc-ms0.HeapAlloc)/(1<<20), "heap-MiB")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/search")
		})
	}
}

func BenchmarkHashSearch(b *testing.B) {
	var h hashSet
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 1_000_000 {
		h.add(uint32(i), 0, rng.Uint64())
	}
	for b.Loop() {
		h.search(rng.Uint64(), 6)
	}
}

// BenchmarkEntryMemory measures the heap an index keeps per verification of the daemon's usual
// shape: a face template, one document key, three image hashes, a 20-character id. The index
// lives as long as the templates are kept, so this is what a kiosk's memory grows by per kept
// verification (issue 12's soak).
func BenchmarkEntryMemory(b *testing.B) {
	const n = 20_000
	rng := rand.New(rand.NewPCG(11, 12))
	entries := make([]Entry, n)
	for i := range entries {
		entries[i] = Entry{ID: fmt.Sprintf("ver_%016d", i), Face: randomFace(rng),
			DocKeys: []string{DocKey("MAR", fmt.Sprintf("AB%06d", i))},
			Hashes:  map[string]uint64{"document_front": rng.Uint64(), "document_back": rng.Uint64(), "selfie": rng.Uint64()}}
	}
	for b.Loop() {
		var ms0, ms1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms0)
		x, err := New(testConfig())
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range entries {
			if err := x.Put(e); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&ms1)
		b.ReportMetric(float64(ms1.HeapAlloc-ms0.HeapAlloc)/n, "B/entry")
		runtime.KeepAlive(x)
	}
}
