package duplicate

import (
	"fmt"
	"image"
	"math/bits"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/specimen"
)

// hashRadius is the daemon's HashRadius (engine/check_duplicate.go): two images this close
// count as the same picture.
const hashRadius = 6

// TestPHashCollisions measures how often the perceptual hashes of two different synthetic
// documents fall within the match radius, and how far a re-encoded, downscaled copy of the
// same photo lands. Documents of one model share their layout, so their hashes are closer
// than random images'. CI hashes 8 documents; KYCD_EVAL_FULL=1 hashes 200 (19,900 pairs).
func TestPHashCollisions(t *testing.T) {
	if testing.Short() {
		t.Skip("renders documents; skipped with -short")
	}
	n := 8
	if os.Getenv("KYCD_EVAL_FULL") != "" {
		n = 200
	}
	g, err := specimen.NewDocGenerator(filepath.Join("..", "..", "models", "face-api", "demo"))
	if err != nil {
		t.Skipf("document generator unavailable: %v", err)
	}
	type doc struct {
		model string
		h     uint64
	}
	docs := make([]doc, 0, n)
	var same [65]int
	for i := range n {
		typ := specimen.DocTypes[i%len(specimen.DocTypes)]
		cc := specimen.DocCountries[typ][(i/len(specimen.DocTypes))%len(specimen.DocCountries[typ])]
		s, err := g.Document(uint64(5000+i), typ, cc, i%2 == 1)
		if err != nil {
			t.Fatal(err)
		}
		h, copyH := hashAndCopy(t, s.Front)
		docs = append(docs, doc{s.Truth.Model, h})
		same[bits.OnesCount64(h^copyH)]++
	}
	var all, sameModel [65]int
	pairs, sameModelPairs := 0, 0
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			d := bits.OnesCount64(docs[i].h ^ docs[j].h)
			all[d]++
			pairs++
			if docs[i].model == docs[j].model {
				sameModel[d]++
				sameModelPairs++
			}
		}
	}
	t.Logf("%d documents, %d pairs of distinct documents (%d of the same model); radius %d", n, pairs, sameModelPairs, hashRadius)
	t.Logf("distinct documents within radius: %d/%d (%.3f %%); same model: %d/%d", within(all), pairs,
		100*float64(within(all))/float64(max(pairs, 1)), within(sameModel), sameModelPairs)
	t.Logf("same photo re-encoded q70 at 0.8×, within radius: %d/%d", within(same), n)
	t.Logf("distance histogram (distance: distinct pairs / same-model pairs / re-encoded copies):\n%s", histogram(all, sameModel, same))
	if pairs > 0 && within(all)*100 > pairs {
		t.Errorf("%d of %d distinct pairs collide", within(all), pairs)
	}
}

// hashAndCopy returns the pHash of a photo and of a copy re-encoded at quality 70 after a
// 0.8× downscale (what a re-upload does).
func hashAndCopy(t *testing.T, data []byte) (uint64, uint64) {
	m, err := gocv.IMDecode(data, gocv.IMReadColor)
	if err != nil || m.Empty() {
		t.Fatalf("decoding: %v", err)
	}
	defer m.Close()
	h, err := PHash(m)
	if err != nil {
		t.Fatal(err)
	}
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(m, &small, image.Pt(m.Cols()*4/5, m.Rows()*4/5), 0, 0, gocv.InterpolationArea)
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, small, []int{gocv.IMWriteJpegQuality, 70})
	if err != nil {
		t.Fatal(err)
	}
	defer buf.Close()
	c, err := gocv.IMDecode(buf.GetBytes(), gocv.IMReadColor)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ch, err := PHash(c)
	if err != nil {
		t.Fatal(err)
	}
	return h, ch
}

func within(h [65]int) int {
	n := 0
	for d := 0; d <= hashRadius; d++ {
		n += h[d]
	}
	return n
}

func histogram(cols ...[65]int) string {
	var b strings.Builder
	for d := range 65 {
		nonzero := false
		for _, c := range cols {
			nonzero = nonzero || c[d] > 0
		}
		if !nonzero {
			continue
		}
		fmt.Fprintf(&b, "  %2d:", d)
		for _, c := range cols {
			fmt.Fprintf(&b, " %6d", c[d])
		}
		b.WriteByte('\n')
	}
	return b.String()
}
