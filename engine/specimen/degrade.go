package specimen

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"gocv.io/x/gocv"
)

// Degradation is how a card is photographed. Ranges (randomDegradation) stay within what a
// kiosk or phone camera produces: any rotation, mild perspective, blur, sensor noise, uneven
// light with a glare spot, JPEG artefacts and a card that fills half to all of the frame.
type Degradation struct {
	Angle       float64 `json:"angle"`       // degrees, counter-clockwise
	Scale       float64 `json:"scale"`       // share of the largest scale at which the card fits any rotation
	Perspective float64 `json:"perspective"` // corner jitter, share of the card width
	Blur        float64 `json:"blur"`        // Gaussian sigma, pixels
	Noise       float64 `json:"noise"`       // Gaussian sigma, grey levels
	Light       float64 `json:"light"`       // depth of the illumination gradient, 0..1
	Glare       float64 `json:"glare"`       // peak brightness added by the glare spot, grey levels
	JPEGQuality int     `json:"jpeg_quality"`
	Downscale   float64 `json:"downscale"` // final resize factor (low resolution)
}

// Photo size before Downscale.
const sceneW, sceneH = 1280, 960

func randomDegradation(rng *rand.Rand) Degradation {
	return Degradation{
		Angle:       rng.Float64()*360 - 180,
		Scale:       0.8 + rng.Float64()*0.2,
		Perspective: rng.Float64() * 0.06,
		Blur:        rng.Float64() * 1.2,
		Noise:       rng.Float64() * 8,
		Light:       rng.Float64() * 0.45,
		Glare:       rng.Float64() * 70,
		JPEGQuality: 45 + rng.IntN(46),
		Downscale:   0.85 + rng.Float64()*0.15,
	}
}

// photograph places the card on a table and applies d, returning a JPEG.
func photograph(card *image.Gray, d Degradation, rng *rand.Rand) ([]byte, error) {
	src, err := gocv.NewMatFromBytes(card.Rect.Dy(), card.Rect.Dx(), gocv.MatTypeCV8U, card.Pix)
	if err != nil {
		return nil, fmt.Errorf("wrapping card pixels: %w", err)
	}
	defer src.Close()
	sceneMat, err := gocv.NewMatFromBytes(sceneH, sceneW, gocv.MatTypeCV8U, table(rng))
	if err != nil {
		return nil, fmt.Errorf("wrapping table pixels: %w", err)
	}
	defer sceneMat.Close()
	if err := place(src, &sceneMat, d, rng); err != nil {
		return nil, err
	}
	pix, err := sceneMat.DataPtrUint8()
	if err != nil {
		return nil, fmt.Errorf("reading scene pixels: %w", err)
	}
	light(pix, d, rng)
	if d.Blur > 0.2 {
		gocv.GaussianBlur(sceneMat, &sceneMat, image.Point{}, d.Blur, d.Blur, gocv.BorderReflect101)
	}
	if d.Downscale < 1 {
		size := image.Pt(int(sceneW*d.Downscale), int(sceneH*d.Downscale))
		gocv.Resize(sceneMat, &sceneMat, size, 0, 0, gocv.InterpolationArea)
	}
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, sceneMat, []int{gocv.IMWriteJpegQuality, d.JPEGQuality})
	if err != nil {
		return nil, fmt.Errorf("encoding jpeg: %w", err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...), nil
}

// table is a textured background of random brightness.
func table(rng *rand.Rand) []byte {
	pix := make([]byte, sceneW*sceneH)
	base, grain := 30+rng.Float64()*170, 0.01+rng.Float64()*0.03
	for y := range sceneH {
		for x := range sceneW {
			v := base + 18*math.Sin(float64(x)*grain+3*math.Sin(float64(y)*grain*0.7))
			pix[y*sceneW+x] = uint8(max(0, min(255, v)))
		}
	}
	return pix
}

// place warps the card onto the scene: rotation about a random centre, scale, corner jitter.
func place(card gocv.Mat, scene *gocv.Mat, d Degradation, rng *rand.Rand) error {
	w, h := float64(card.Cols()), float64(card.Rows())
	s := d.Scale * 0.95 * math.Min(sceneW, sceneH) / math.Hypot(w, h)
	half := math.Hypot(w, h) * s / 2
	cx := half + rng.Float64()*math.Max(0, sceneW-2*half)
	cy := half + rng.Float64()*math.Max(0, sceneH-2*half)
	sin, cos := math.Sincos(-d.Angle * math.Pi / 180)
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
	gocv.WarpPerspectiveWithParams(card, scene, m, image.Pt(sceneW, sceneH),
		gocv.InterpolationLinear, gocv.BorderTransparent, color.RGBA{})
	return nil
}

// light applies an illumination gradient, a glare spot and sensor noise in place.
func light(pix []byte, d Degradation, rng *rand.Rand) {
	gx, gy := rng.Float64()*2-1, rng.Float64()*2-1
	spotX, spotY := rng.Float64()*sceneW, rng.Float64()*sceneH
	spotR := 80 + rng.Float64()*200
	for y := range sceneH {
		for x := range sceneW {
			i := y*sceneW + x
			ramp := 1 - d.Light*(0.5+0.5*(gx*(float64(x)/sceneW-0.5)+gy*(float64(y)/sceneH-0.5)))
			dx, dy := float64(x)-spotX, float64(y)-spotY
			glare := d.Glare * math.Exp(-(dx*dx+dy*dy)/(2*spotR*spotR))
			v := float64(pix[i])*ramp + glare + rng.NormFloat64()*d.Noise
			pix[i] = uint8(max(0, min(255, v)))
		}
	}
}
