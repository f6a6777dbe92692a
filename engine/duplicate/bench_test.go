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
		h.add(fmt.Sprint(i), "selfie", rng.Uint64())
	}
	kinds := map[string]bool{"selfie": true}
	for b.Loop() {
		h.search(rng.Uint64(), 6, kinds)
	}
}
