package liveness

import (
	"image"
	"math"

	"gocv.io/x/gocv"
)

// A screen's bezel and a print's paper edge are long straight edges that frame the face on
// every side; a live scene seldom closes a rectangle around the head (a door frame gives
// one or two sides). border finds, on the whole image at borderSize px, the long straight
// segments on each side of the face — roughly horizontal above and below it and spanning
// its column, roughly vertical left and right of it and spanning its row — and returns the
// share of the four sides found. A segment with both ends on the image's border is left
// out: it is the border itself or a line across the whole scene (a wall's or a door's
// edge), while a held screen or sheet that frames the face shows its corners.
const (
	borderSize     = 256  // long side the image is reduced to
	borderMinLen   = 0.22 // a segment's minimum length, as a share of the reduced short side
	borderMaxTilt  = 12.0 // degrees from horizontal/vertical a side may lean
	borderMarginPx = 3    // segments this close to the image border are the border itself
)

// border returns the share (0, .25, .5, .75, 1) of the face's four sides closed by a long
// straight edge; face is the face box in gray's pixels.
func border(gray gocv.Mat, face image.Rectangle) float64 {
	// Reduced by a whole factor n (long side in (borderSize/2, borderSize]), the image cut to a
	// multiple of it: OpenCV's area reduction then averages n×n blocks (~10× faster than
	// its general path for a 1920-pixel photo, 4 ms).
	W, H := gray.Cols(), gray.Rows()
	n := max(1, (max(W, H)+borderSize-1)/borderSize)
	sw, sh := max(W/n, 1), max(H/n, 1)
	k := 1 / float64(n)
	small := gocv.NewMat()
	defer small.Close()
	whole := gray.Region(image.Rect(0, 0, min(W, sw*n), min(H, sh*n)))
	gocv.Resize(whole, &small, image.Pt(sw, sh), 0, 0, gocv.InterpolationArea)
	whole.Close()
	gocv.GaussianBlur(small, &small, image.Pt(0, 0), 1, 0, gocv.BorderReplicate)
	edges := gocv.NewMat()
	defer edges.Close()
	gocv.Canny(small, &edges, 50, 150)
	lines := gocv.NewMat()
	defer lines.Close()
	minLen := borderMinLen * float64(min(sw, sh))
	gocv.HoughLinesPWithParams(edges, &lines, 1, math.Pi/180, 30, float32(minLen), 4)
	f := image.Rect(int(float64(face.Min.X)*k), int(float64(face.Min.Y)*k), int(float64(face.Max.X)*k), int(float64(face.Max.Y)*k))
	cx, cy := float64(f.Min.X+f.Max.X)/2, float64(f.Min.Y+f.Max.Y)/2
	var sides [4]bool // top, bottom, left, right
	for i := 0; i < lines.Rows(); i++ {
		v := lines.GetVeciAt(i, 0)
		x1, y1, x2, y2 := float64(v[0]), float64(v[1]), float64(v[2]), float64(v[3])
		if nearEdge(x1, y1, sw, sh) && nearEdge(x2, y2, sw, sh) {
			continue
		}
		tilt := math.Abs(math.Atan2(y2-y1, x2-x1)) * 180 / math.Pi // 0..180
		switch {
		case tilt < borderMaxTilt || tilt > 180-borderMaxTilt: // horizontal
			if min(x1, x2) > cx || max(x1, x2) < cx {
				continue
			}
			if max(y1, y2) < float64(f.Min.Y) {
				sides[0] = true
			} else if min(y1, y2) > float64(f.Max.Y) {
				sides[1] = true
			}
		case math.Abs(tilt-90) < borderMaxTilt: // vertical
			if min(y1, y2) > cy || max(y1, y2) < cy {
				continue
			}
			if max(x1, x2) < float64(f.Min.X) {
				sides[2] = true
			} else if min(x1, x2) > float64(f.Max.X) {
				sides[3] = true
			}
		}
	}
	closed := 0
	for _, s := range sides {
		if s {
			closed++
		}
	}
	return float64(closed) / 4
}

// nearEdge: the point lies in the image's border band.
func nearEdge(x, y float64, w, h int) bool {
	return x < borderMarginPx || y < borderMarginPx || x > float64(w-1-borderMarginPx) || y > float64(h-1-borderMarginPx)
}
