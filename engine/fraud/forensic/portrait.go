package forensic

import (
	"image"
	"math"
	"slices"

	"gocv.io/x/gocv"
)

// portraitScore finds the largest face and compares the noise of its box with the noise of a
// ring of card around it. A portrait printed on the card went through the same camera as the
// card (same sensor noise, blur and compression); one pasted in digitally did not, so its
// noise is several times higher or lower. Returns 0 when no face is found.
func (a *Analyzer) portraitScore(grey gocv.Mat) float64 {
	face, ok := a.largestFace(grey)
	if !ok {
		return 0
	}
	bounds := image.Rect(0, 0, grey.Cols(), grey.Rows())
	// The whole photo block is wider than the detected face: shrink to the face's inner part
	// and compare with a ring one face-width away.
	inner := face.Inset(face.Dx() / 6)
	ring := face.Inset(-face.Dx() * 3 / 4).Intersect(bounds)
	in := noiseLevel(grey, inner, image.Rectangle{})
	out := noiseLevel(grey, ring, face.Inset(-face.Dx()/4))
	if in <= 0 || out <= 0 {
		return 0
	}
	return math.Max(in, out) / math.Min(in, out)
}

func (a *Analyzer) largestFace(grey gocv.Mat) (image.Rectangle, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cascade == nil {
		return image.Rectangle{}, false
	}
	minSide := max(24, min(grey.Cols(), grey.Rows())/20)
	faces := a.cascade.DetectMultiScaleWithParams(grey, 1.1, 5, 0, image.Pt(minSide, minSide), image.Pt(0, 0))
	if len(faces) == 0 {
		return image.Rectangle{}, false
	}
	best := faces[0]
	for _, f := range faces[1:] {
		if f.Dx()*f.Dy() > best.Dx()*best.Dy() {
			best = f
		}
	}
	return best, true
}

// noiseLevel estimates the noise in r (minus the hole): the median absolute residual of a 3×3
// median filter over the flattest third of the pixels, so edges and print texture are left
// out. Floored at 0.25 grey levels so two noise-free areas compare as equal.
func noiseLevel(grey gocv.Mat, r, hole image.Rectangle) float64 {
	if r.Dx() < 8 || r.Dy() < 8 {
		return 0
	}
	region := grey.Region(r)
	defer region.Close()
	roi := region.Clone() // continuous memory
	defer roi.Close()
	med := gocv.NewMat()
	defer med.Close()
	gocv.MedianBlur(roi, &med, 3)
	grad := gocv.NewMat()
	defer grad.Close()
	gocv.Laplacian(med, &grad, gocv.MatTypeCV16S, 3, 1, 0, gocv.BorderReflect101)
	src, err1 := roi.DataPtrUint8()
	mp, err2 := med.DataPtrUint8()
	gp, err3 := grad.DataPtrInt16()
	if err1 != nil || err2 != nil || err3 != nil {
		return 0
	}
	w := r.Dx()
	type px struct{ g, res int }
	var pts []px
	for y := 1; y < r.Dy()-1; y++ {
		for x := 1; x < r.Dx()-1; x++ {
			if (image.Point{r.Min.X + x, r.Min.Y + y}).In(hole) {
				continue
			}
			i := y*w + x
			pts = append(pts, px{abs(int(gp[i])), abs(int(src[i]) - int(mp[i]))})
		}
	}
	if len(pts) < 64 {
		return 0
	}
	slices.SortFunc(pts, func(a, b px) int { return a.g - b.g })
	flat := pts[:len(pts)/3]
	res := make([]int, len(flat))
	for i, p := range flat {
		res[i] = p.res
	}
	slices.Sort(res)
	// The mean of the upper half of the residuals: the median of small integers is too coarse.
	var s float64
	for _, v := range res[len(res)/2:] {
		s += float64(v)
	}
	return math.Max(0.25, s/float64(len(res)-len(res)/2))
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
