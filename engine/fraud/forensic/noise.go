package forensic

import (
	"image"
	"math"

	"gocv.io/x/gocv"
)

// noiseLevel estimates the noise in r (minus the hole): the absolute residual of a 3×3 median
// filter over the flattest third of the pixels (lowest Laplacian), so edges and print texture
// are left out; the mean of the upper half of those residuals, as the median of small integers
// is too coarse. Histograms instead of sorting keep it linear. Floored at 0.25 grey levels so
// two noise-free areas compare as equal.
func noiseLevel(grey gocv.Mat, r, hole image.Rectangle) float64 {
	r = r.Intersect(image.Rect(0, 0, grey.Cols(), grey.Rows()))
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
	const gradBins = 2048
	var gh [gradBins]int
	n := 0
	each := func(f func(i int)) {
		for y := 1; y < r.Dy()-1; y++ {
			for x := 1; x < w-1; x++ {
				if (image.Point{r.Min.X + x, r.Min.Y + y}).In(hole) {
					continue
				}
				f(y*w + x)
			}
		}
	}
	each(func(i int) { gh[min(gradBins-1, abs(int(gp[i])))]++; n++ })
	if n < 64 {
		return 0
	}
	// The gradient below which a third of the pixels lie, and how many at exactly that
	// gradient still fit in the third.
	want, cut := n/3, 0
	for cut < gradBins-1 && want > gh[cut] {
		want -= gh[cut]
		cut++
	}
	var rh [256]int
	each(func(i int) {
		g := min(gradBins-1, abs(int(gp[i])))
		if g > cut || (g == cut && want <= 0) {
			return
		}
		if g == cut {
			want--
		}
		rh[abs(int(src[i])-int(mp[i]))]++
	})
	total := 0
	for _, c := range rh {
		total += c
	}
	// Mean of the upper half of the residuals.
	skip, sum, cnt := total/2, 0.0, 0
	for v, c := range rh {
		take := c
		if skip > 0 {
			d := min(skip, take)
			skip -= d
			take -= d
		}
		sum += float64(v * take)
		cnt += take
	}
	if cnt == 0 {
		return 0
	}
	return math.Max(0.25, sum/float64(cnt))
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
