package mrz

import "math"

// Character patches: a printed character and every template are sampled into the same small
// grid, centred on the character's ink horizontally and on the cap-height band vertically, and
// scaled by the cap height, so that matching is a dot product of normalised vectors.
const (
	patchW   = 16
	patchH   = 20
	patchPx  = 1.0 / 16 // patch pixel size in cap heights: 16 px per cap height
	patchPad = 1        // extra ring sampled around a character patch for the shift search
	// patchCapPx is the cap height a band is shrunk to before sampling, so that one patch pixel
	// is about one source pixel and a single bilinear sample per pixel is enough.
	patchCapPx = 1 / patchPx
)

// patchVec is a patch with zero mean and unit norm (all zeros when the patch is flat).
type patchVec [patchW * patchH]float32

// plane is 8-bit gray pixels, row-major.
type plane struct {
	pix     []byte
	w, h    int
	stride  int
	darkInk bool // ink is dark on light paper (photos); templates are light ink on black
}

func (p plane) at(x, y float64) float64 {
	x = min(max(x, 0), float64(p.w-1))
	y = min(max(y, 0), float64(p.h-1))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, p.w-1), min(y0+1, p.h-1)
	fx, fy := x-float64(x0), y-float64(y0)
	r0 := float64(p.pix[y0*p.stride+x0])*(1-fx) + float64(p.pix[y0*p.stride+x1])*fx
	r1 := float64(p.pix[y1*p.stride+x0])*(1-fx) + float64(p.pix[y1*p.stride+x1])*fx
	return r0*(1-fy) + r1*fy
}

// geom is where and how large a character is sampled: centre, cap height, and the print's
// width and height relative to the font (issuers' OCR-B is a little wider or taller than the
// font file), slope of the line.
type geom struct {
	cx, cy, capH, kx, ky, slope float64
	sub                         int // supersampling per patch pixel and axis; 0 means 1
}

// sampleGrid samples a (w+2pad)×(h+2pad) grid of patch pixels for the character at g.
func sampleGrid(src plane, g geom, pad int) []float32 {
	gw, gh := patchW+2*pad, patchH+2*pad
	out := make([]float32, gw*gh)
	stepX, stepY := g.capH*patchPx*g.kx, g.capH*patchPx*g.ky
	n := max(1, g.sub)
	subX, subY := stepX/float64(n), stepY/float64(n)
	cx, cy, slope := g.cx, g.cy, g.slope
	for j := range gh {
		for i := range gw {
			u := (float64(i-pad) - patchW/2) * stepX
			v := (float64(j-pad) - patchH/2) * stepY
			var sum float64
			for sj := range n {
				for si := range n {
					du := u + (float64(si)+0.5)*subX
					dv := v + (float64(sj)+0.5)*subY
					sum += src.at(cx+du, cy+dv+slope*du)
				}
			}
			val := sum / float64(n*n)
			if src.darkInk {
				val = 255 - val
			}
			out[j*gw+i] = float32(val)
		}
	}
	return out
}

// window cuts the patch at offset (dx, dy) from the centre (each within ±pad) out of a padded
// grid and normalises it.
func window(grid []float32, pad, dx, dy int) patchVec {
	var v patchVec
	gw := patchW + 2*pad
	for j := range patchH {
		copy(v[j*patchW:(j+1)*patchW], grid[(j+pad+dy)*gw+pad+dx:])
	}
	v.normalize()
	return v
}

func (v *patchVec) normalize() {
	var mean float64
	for _, x := range v {
		mean += float64(x)
	}
	mean /= float64(len(v))
	var ss float64
	for i := range v {
		v[i] -= float32(mean)
		ss += float64(v[i]) * float64(v[i])
	}
	if ss < 1e-6 {
		*v = patchVec{}
		return
	}
	inv := float32(1 / math.Sqrt(ss))
	for i := range v {
		v[i] *= inv
	}
}

// dot is unrolled by four with separate sums: the compiler does not vectorise, and independent
// accumulators let the CPU overlap the multiply-adds (the classifier's hot loop).
func dot(a, b *patchVec) float32 {
	var s0, s1, s2, s3 float32
	for i := 0; i < len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	return (s0 + s1) + (s2 + s3)
}

// samplePatch is one normalised patch without shift search (used for templates).
func samplePatch(src plane, cx, cy, capH float64) patchVec {
	g := geom{cx: cx, cy: cy, capH: capH, kx: 1, ky: 1, sub: int(capH*patchPx) + 1}
	return window(sampleGrid(src, g, 0), 0, 0, 0)
}
