package face

import (
	"math"
	"testing"
)

func TestSamePads(t *testing.T) {
	for _, c := range []struct {
		n, k, s int
		want    [4]int
	}{
		{112, 3, 2, [4]int{0, 0, 1, 1}}, // TF puts the odd pixel bottom/right
		{7, 3, 2, [4]int{1, 1, 1, 1}},
		{56, 3, 1, [4]int{1, 1, 1, 1}},
		{207, 2, 2, [4]int{0, 0, 1, 1}},
		{208, 2, 2, [4]int{0, 0, 0, 0}},
		{13, 2, 1, [4]int{0, 0, 1, 1}},
	} {
		if got := samePads(c.n, c.k, c.s); got != c.want {
			t.Errorf("samePads(%d, %d, %d) = %v, want %v", c.n, c.k, c.s, got, c.want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	for _, c := range []struct{ d, want float64 }{{similarityMid, 0.5}, {0, 0.9986}, {1.2, 0.0002}} {
		if got := Similarity(c.d); math.Abs(got-c.want) > 1e-4 {
			t.Errorf("Similarity(%v) = %.4f, want %.4f", c.d, got, c.want)
		}
		if c.d > 0 && math.Abs(DistanceForSimilarity(Similarity(c.d))-c.d) > 1e-9 {
			t.Errorf("DistanceForSimilarity does not invert Similarity at %v", c.d)
		}
	}
	if Similarity(0.4) <= Similarity(0.41) {
		t.Error("Similarity is not decreasing")
	}
}

func TestNMS(t *testing.T) {
	dets := []Detection{
		{Box{0, 0, 10, 10}, 0.6},
		{Box{1, 1, 10, 10}, 0.9}, // overlaps the first: keeps the higher score
		{Box{50, 50, 10, 10}, 0.7},
	}
	got := nms(dets, 0.4)
	if len(got) != 2 || got[0].Score != 0.9 || got[1].Score != 0.7 {
		t.Errorf("nms = %+v", got)
	}
}

func TestDecodeGrid(t *testing.T) {
	const cells = 2
	d := make([]float32, detectorAnchors*detectorBoxSize*cells*cells)
	for i := range d {
		d[i] = -20 // every objectness ≈ 0
	}
	// Anchor 1 of cell (row 1, col 0): centered offsets, objectness 0.88, size = anchor.
	set := func(k int, v float32) { d[(1*detectorBoxSize+k)*cells*cells+1*cells+0] = v }
	set(0, 0)
	set(1, 0)
	set(2, 0)
	set(3, 0)
	set(4, 2)
	got := decodeGrid(d, cells, 64, 0.5)
	if len(got) != 1 {
		t.Fatalf("%d detections, want 1", len(got))
	}
	w := detectorAnchorSizes[1][0] / cells * 64
	want := Box{X: 0.5/cells*64 - w/2, W: w}
	if b := got[0].Box; math.Abs(b.X-want.X) > 1e-9 || math.Abs(b.W-want.W) > 1e-9 || math.Abs(got[0].Score-sigmoid(2)) > 1e-9 {
		t.Errorf("box %+v score %.3f, want x %.3f w %.3f", b, got[0].Score, want.X, want.W)
	}
}

func TestAlignedBox(t *testing.T) {
	var l Landmarks
	for i := leftEyePoints[0]; i < leftEyePoints[1]; i++ {
		l[i] = Point{40, 50}
	}
	for i := rightEyePoints[0]; i < rightEyePoints[1]; i++ {
		l[i] = Point{80, 50}
	}
	for i := mouthPoints[0]; i < mouthPoints[1]; i++ {
		l[i] = Point{60, 95}
	}
	// eye-to-mouth = √(20² + 45²) = 49.24 → side ⌊49.24/0.45⌋ = 109; ref = (60, 65).
	want := Box{X: math.Floor(60 - 0.5*109), Y: math.Floor(65 - 0.43*109), W: 109, H: 109}
	if got := AlignedBox(&l); got != want {
		t.Errorf("AlignedBox = %+v, want %+v", got, want)
	}
	if f := newAlignFrame(&l, true); f.angle != 0 {
		t.Errorf("level eyes give angle %v", f.angle)
	}
}
