package specimen

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"gocv.io/x/gocv"
)

// Document photos are 1600×1200 (the size the ocr benchmark reads) before any downscale.
const docSceneW, docSceneH = 1600, 1200

// docDegradation draws the photo conditions of one side. Clean photos are upright and sharp
// with a little placement jitter; degraded ones are what a kiosk or phone camera produces.
func docDegradation(rng *rand.Rand, degrade bool) Degradation {
	if !degrade {
		return Degradation{Angle: rng.Float64()*2 - 1, Scale: 0.8 + rng.Float64()*0.1, JPEGQuality: 92, Downscale: 1}
	}
	d := Degradation{
		Angle:       rng.Float64()*30 - 15,
		Scale:       0.65 + rng.Float64()*0.3,
		Perspective: rng.Float64() * 0.05,
		Blur:        rng.Float64() * 1.1,
		Noise:       rng.Float64() * 6,
		Light:       rng.Float64() * 0.35,
		Glare:       rng.Float64() * 60,
		JPEGQuality: 50 + rng.IntN(41),
		Downscale:   0.7 + rng.Float64()*0.3,
	}
	if rng.IntN(8) == 0 {
		d.Angle += 180 // handed upside down
	}
	return d
}

// photographDoc lays the card on a textured table and photographs it, returning a JPEG.
func photographDoc(card *image.RGBA, rng *rand.Rand, degrade bool) ([]byte, error) {
	d := docDegradation(rng, degrade)
	rgba, err := gocv.NewMatFromBytes(card.Rect.Dy(), card.Rect.Dx(), gocv.MatTypeCV8UC4, card.Pix)
	if err != nil {
		return nil, fmt.Errorf("wrapping card pixels: %w", err)
	}
	defer rgba.Close()
	src := gocv.NewMat()
	defer src.Close()
	gocv.CvtColor(rgba, &src, gocv.ColorRGBAToBGR)
	scene := docTable(rng)
	defer scene.Close()
	if err := placeDoc(src, &scene, d, rng); err != nil {
		return nil, err
	}
	pix, err := scene.DataPtrUint8()
	if err != nil {
		return nil, fmt.Errorf("reading scene pixels: %w", err)
	}
	lightBGR(pix, d, rng)
	if d.Blur > 0.2 {
		gocv.GaussianBlur(scene, &scene, image.Point{}, d.Blur, d.Blur, gocv.BorderReflect101)
	}
	if d.Downscale < 1 {
		size := image.Pt(int(docSceneW*d.Downscale), int(docSceneH*d.Downscale))
		gocv.Resize(scene, &scene, size, 0, 0, gocv.InterpolationArea)
	}
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, scene, []int{gocv.IMWriteJpegQuality, d.JPEGQuality})
	if err != nil {
		return nil, fmt.Errorf("encoding jpeg: %w", err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...), nil
}

// docTable is a wood- or cloth-like background of random colour.
func docTable(rng *rand.Rand) gocv.Mat {
	m := gocv.NewMatWithSize(docSceneH, docSceneW, gocv.MatTypeCV8UC3)
	pix, _ := m.DataPtrUint8()
	base := [3]float64{20 + rng.Float64()*140, 20 + rng.Float64()*140, 20 + rng.Float64()*160}
	grain, amp := 0.005+rng.Float64()*0.03, 10+rng.Float64()*25
	for y := range docSceneH {
		for x := range docSceneW {
			v := amp * math.Sin(float64(x)*grain+4*math.Sin(float64(y)*grain*0.3))
			i := 3 * (y*docSceneW + x)
			for ch := range 3 {
				pix[i+ch] = uint8(max(0, min(255, base[ch]+v)))
			}
		}
	}
	return m
}

func placeDoc(card gocv.Mat, scene *gocv.Mat, d Degradation, rng *rand.Rand) error {
	w, h := float64(card.Cols()), float64(card.Rows())
	sin, cos := math.Sincos(-d.Angle * math.Pi / 180)
	// Largest scale at which the rotated card fits, times d.Scale.
	bw, bh := w*math.Abs(cos)+h*math.Abs(sin), w*math.Abs(sin)+h*math.Abs(cos)
	s := d.Scale * math.Min(docSceneW/bw, docSceneH/bh) * (1 - 2*d.Perspective)
	cx := docSceneW/2 + (rng.Float64()*2-1)*math.Max(0, docSceneW-bw*s)/2
	cy := docSceneH/2 + (rng.Float64()*2-1)*math.Max(0, docSceneH-bh*s)/2
	var srcPts, dstPts []gocv.Point2f
	for _, c := range [][2]float64{{0, 0}, {w, 0}, {w, h}, {0, h}} {
		x, y := (c[0]-w/2)*s, (c[1]-h/2)*s
		jx, jy := (rng.Float64()*2-1)*d.Perspective*w*s, (rng.Float64()*2-1)*d.Perspective*w*s
		srcPts = append(srcPts, gocv.Point2f{X: float32(c[0]), Y: float32(c[1])})
		dstPts = append(dstPts, gocv.Point2f{X: float32(cx + x*cos - y*sin + jx), Y: float32(cy + x*sin + y*cos + jy)})
	}
	sv, dv := gocv.NewPoint2fVectorFromPoints(srcPts), gocv.NewPoint2fVectorFromPoints(dstPts)
	defer sv.Close()
	defer dv.Close()
	m := gocv.GetPerspectiveTransform2f(sv, dv)
	defer m.Close()
	if m.Empty() {
		return fmt.Errorf("computing card placement: degenerate transform")
	}
	gocv.WarpPerspectiveWithParams(card, scene, m, image.Pt(docSceneW, docSceneH),
		gocv.InterpolationLinear, gocv.BorderTransparent, color.RGBA{})
	return nil
}

// lightBGR applies an illumination gradient, a glare spot and sensor noise in place.
func lightBGR(pix []byte, d Degradation, rng *rand.Rand) {
	if d.Light == 0 && d.Glare == 0 && d.Noise == 0 {
		return
	}
	gx, gy := rng.Float64()*2-1, rng.Float64()*2-1
	spotX, spotY := rng.Float64()*docSceneW, rng.Float64()*docSceneH
	spotR := 80 + rng.Float64()*200
	for y := range docSceneH {
		for x := range docSceneW {
			ramp := 1 - d.Light*(0.5+0.5*(gx*(float64(x)/docSceneW-0.5)+gy*(float64(y)/docSceneH-0.5)))
			dx, dy := float64(x)-spotX, float64(y)-spotY
			glare := d.Glare * math.Exp(-(dx*dx+dy*dy)/(2*spotR*spotR))
			noise := rng.NormFloat64() * d.Noise
			i := 3 * (y*docSceneW + x)
			for ch := range 3 {
				pix[i+ch] = uint8(max(0, min(255, float64(pix[i+ch])*ramp+glare+noise)))
			}
		}
	}
}
