package liveness

import (
	"image"
	"image/color"
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// Cues from the face's surroundings and tone, for what the networks and the spectrum miss
// once optics blur the screen grid and a photo is printed in continuous tone:
//   - Closure: a cut-out photo ends in a closed outline around the head, through the neck
//     and shoulders too; a real head's outline opens into the body below the chin;
//   - DarkLevel: screens and prints cannot show black (backlight, reflection, paper white
//     through ink), so the darkest face pixels (pupils, nostrils) stay grey.

const (
	ctxSize  = 128 // side of the square the surroundings are resampled to
	ctxSpan  = 2.6 // that square's side in face sizes
	rayCount = 48
	raySteps = 24
	rayInner = 1.1 // ray search band, in elliptic face radii
	rayOuter = 2.3
)

// closure is the share of rays from the face centre, in the lower half (below the eyes),
// that meet a strong edge at a radius continuous with their neighbours'.
func closure(gray gocv.Mat, box image.Rectangle) (float64, error) {
	side := ctxSpan * float64(max(box.Dx(), box.Dy()))
	cx, cy := float64(box.Min.X+box.Max.X)/2, float64(box.Min.Y+box.Max.Y)/2
	crop := gocv.NewMat()
	defer crop.Close()
	// An affine warp samples the square even where it leaves the image (border replicated:
	// no false edge at the image border).
	k := ctxSize / side
	m := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
	defer m.Close()
	m.SetDoubleAt(0, 0, k)
	m.SetDoubleAt(0, 2, ctxSize/2-k*cx)
	m.SetDoubleAt(1, 1, k)
	m.SetDoubleAt(1, 2, ctxSize/2-k*cy)
	gocv.WarpAffineWithParams(gray, &crop, m, image.Pt(ctxSize, ctxSize), gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
	g, err := newGradient(crop, 1)
	if err != nil {
		return 0, err
	}
	defer g.Close()
	mag := make([]float64, len(g.sq))
	for i, v := range g.sq {
		mag[i] = math.Sqrt(float64(v))
	}
	sorted := append([]float64(nil), mag...)
	sort.Float64s(sorted)
	strong := math.Max(3*sorted[len(sorted)/2], 30)
	hx, hy := k*float64(box.Dx())/2, k*float64(box.Dy())/2
	radius := make([]int, rayCount) // step of the strongest edge, -1 when weak
	for a := range radius {
		th := 2 * math.Pi * float64(a) / rayCount
		best, at := 0.0, -1
		for s := 0; s < raySteps; s++ {
			r := rayInner + (rayOuter-rayInner)*float64(s)/(raySteps-1)
			x, y := int(ctxSize/2+r*hx*math.Cos(th)), int(ctxSize/2+r*hy*math.Sin(th))
			if x < 1 || y < 1 || x >= ctxSize-1 || y >= ctxSize-1 {
				break
			}
			if v := mag[y*ctxSize+x]; v > best {
				best, at = v, s
			}
		}
		if best < strong {
			at = -1
		}
		radius[a] = at
	}
	var n, closed int
	for a := range radius {
		th := 2 * math.Pi * float64(a) / rayCount
		if math.Sin(th) < 0.2 { // image y grows downwards: keep the rays below the eyes
			continue
		}
		n++
		l, r := radius[(a+rayCount-1)%rayCount], radius[(a+1)%rayCount]
		if c := radius[a]; c >= 0 && l >= 0 && r >= 0 && absInt(c-l) <= 2 && absInt(c-r) <= 2 {
			closed++
		}
	}
	return float64(closed) / float64(max(n, 1)), nil
}

// darkLevel is the 2nd percentile of the face's grey levels, 0..1.
func darkLevel(faceGray gocv.Mat) float64 {
	c := faceGray.Clone() // continuous: one read of the pixels instead of a cgo call each
	defer c.Close()
	px, err := c.DataPtrUint8()
	if err != nil || len(px) == 0 {
		return 1
	}
	var hist [256]int
	for _, v := range px {
		hist[v]++
	}
	want := len(px) / 50
	for v, n := range hist {
		if want -= n; want <= 0 {
			return float64(v) / 255
		}
	}
	return 1
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
