package liveness

import (
	"fmt"
	"math"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
)

// human crops faces the TF way, and the networks were trained on such crops, so the crop is
// reproduced here exactly rather than approximated with OpenCV's resize (whose half-pixel
// sampling differs from TF's legacy bilinear):
//   - box: the detector box enlarged 1.4× around its center and squared (blazeface.ts
//     enlargeBox + squarifyBox); here the detector is face-api's, so the box is the 68
//     landmarks' extent, which covers what blazeface's does (brows to chin, cheek to cheek);
//   - tf.image.cropAndResize of that box to 256×256 (facemesh's input size), divided by 255;
//   - each model then applies tf.image.resizeBilinear (alignCorners=false,
//     halfPixelCenters=false) to its own input size.
const (
	cropEnlarge = 1.4
	cropSize    = 256
)

// cropBox is human's face box for the landmarks: [x1, y1, x2, y2] in pixels.
func cropBox(l *face.Landmarks) [4]float64 {
	minX, minY, maxX, maxY := l[0].X, l[0].Y, l[0].X, l[0].Y
	for _, p := range l {
		minX, minY, maxX, maxY = min(minX, p.X), min(minY, p.Y), max(maxX, p.X), max(maxY, p.Y)
	}
	cx, cy := (minX+maxX)/2, (minY+maxY)/2
	half := cropEnlarge * max(maxX-minX, maxY-minY) / 2
	return [4]float64{math.Round(cx - half), math.Round(cy - half), math.Round(cx + half), math.Round(cy + half)}
}

// hwc is an RGB float image in [0, 1], row-major height × width × 3.
type hwc struct {
	h, w int
	d    []float32
}

// cropAndResize is tf.image.cropAndResize (bilinear, extrapolation value 0) of the box
// [x1, y1, x2, y2] of a BGR 8-bit image to size×size RGB, scaled to [0, 1].
func cropAndResize(img gocv.Mat, box [4]float64, size int) (hwc, error) {
	if img.Type() != gocv.MatTypeCV8UC3 || !img.IsContinuous() {
		return hwc{}, fmt.Errorf("%w: want a continuous 8-bit BGR image", ErrBadInput)
	}
	px, err := img.DataPtrUint8()
	if err != nil {
		return hwc{}, fmt.Errorf("reading pixels: %w", err)
	}
	H, W := img.Rows(), img.Cols()
	out := hwc{h: size, w: size, d: make([]float32, size*size*3)}
	// TF works in normalized coordinates y1/H … y2/H, mapped back with (H-1).
	y1, y2 := box[1]/float64(H)*float64(H-1), box[3]/float64(H)*float64(H-1)
	x1, x2 := box[0]/float64(W)*float64(W-1), box[2]/float64(W)*float64(W-1)
	step := 1 / float64(size-1)
	for y := 0; y < size; y++ {
		iy := y1 + float64(y)*(y2-y1)*step
		if iy < 0 || iy > float64(H-1) {
			continue
		}
		t, b := int(math.Floor(iy)), int(math.Ceil(iy))
		fy := float32(iy - float64(t))
		for x := 0; x < size; x++ {
			ix := x1 + float64(x)*(x2-x1)*step
			if ix < 0 || ix > float64(W-1) {
				continue
			}
			l, r := int(math.Floor(ix)), int(math.Ceil(ix))
			fx := float32(ix - float64(l))
			o := (y*size + x) * 3
			for c := 0; c < 3; c++ {
				at := func(yy, xx int) float32 { return float32(px[(yy*W+xx)*3+2-c]) } // BGR → RGB
				top := at(t, l) + (at(t, r)-at(t, l))*fx
				bot := at(b, l) + (at(b, r)-at(b, l))*fx
				out.d[o+c] = (top + (bot-top)*fy) / 255
			}
		}
	}
	return out, nil
}

// resizeLegacy is tf.image.resizeBilinear with alignCorners=false, halfPixelCenters=false.
func resizeLegacy(in hwc, size int) hwc {
	out := hwc{h: size, w: size, d: make([]float32, size*size*3)}
	sy, sx := float64(in.h)/float64(size), float64(in.w)/float64(size)
	for y := 0; y < size; y++ {
		fy := float64(y) * sy
		y0 := int(fy)
		y1 := min(y0+1, in.h-1)
		dy := float32(fy - float64(y0))
		for x := 0; x < size; x++ {
			fx := float64(x) * sx
			x0 := int(fx)
			x1 := min(x0+1, in.w-1)
			dx := float32(fx - float64(x0))
			for c := 0; c < 3; c++ {
				at := func(yy, xx int) float32 { return in.d[(yy*in.w+xx)*3+c] }
				top := at(y0, x0) + (at(y0, x1)-at(y0, x0))*dx
				bot := at(y1, x0) + (at(y1, x1)-at(y1, x0))*dx
				out.d[(y*size+x)*3+c] = top + (bot-top)*dy
			}
		}
	}
	return out
}

// nchw returns the image as a [1, 3, h, w] tensor layout.
func (im hwc) nchw() []float32 {
	out := make([]float32, len(im.d))
	n := im.h * im.w
	for i := 0; i < n; i++ {
		for c := 0; c < 3; c++ {
			out[c*n+i] = im.d[i*3+c]
		}
	}
	return out
}
