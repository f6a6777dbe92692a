package face

import (
	"fmt"
	"image"
	"math"

	"github.com/kycd/kycd/engine/nn"
)

// ssdRaw is the per-anchor output of the SSD before NMS, in face-api's anchor order
// (head by head, then row, column, anchor — TF's NHWC reshape order).
type ssdRaw struct {
	boxes  [][4]float64 // ymin, xmin, ymax, xmax in pixels of the w×h network input
	scores []float64    // sigmoid of the "face" logit
}

// unpackSSD splits the SSD's single output (ssdModel) back into its 12 NCHW head outputs,
// box encodings then class logits, for the heads' grids.
func unpackSSD(packed nn.Tensor, grids []image.Point) ([]nn.Tensor, error) {
	if len(grids) != len(ssdHeads) {
		return nil, fmt.Errorf("ssd has %d grids, want %d", len(grids), len(ssdHeads))
	}
	outs := make([]nn.Tensor, 0, 2*len(ssdHeads))
	off := 0
	for _, per := range []int{4, 3} { // box encodings, then class logits
		for head, a := range ssdHeads {
			g := grids[head]
			n := a * per * g.X * g.Y
			if off+n > len(packed.Data) {
				return nil, fmt.Errorf("ssd output has %d values, fewer than its heads need", len(packed.Data))
			}
			outs = append(outs, nn.Tensor{Shape: []int{1, a * per, g.Y, g.X}, Data: packed.Data[off : off+n]})
			off += n
		}
	}
	if off != len(packed.Data) {
		return nil, fmt.Errorf("ssd output has %d values, its heads %d", len(packed.Data), off)
	}
	return outs, nil
}

// decodeSSD applies face-api's outputLayer to the 12 NCHW head outputs of a w×h input:
// box encodings (ty, tx, th, tw) against priors with scales 10, 10, 5, 5. Priors are
// centered at ((i+½)/rows·h, (j+½)/cols·w) with the sizes of ssdAnchorShapes.
func decodeSSD(outs []nn.Tensor, shapes [][][2]float64, w, h int) (ssdRaw, error) {
	if len(outs) != 2*len(ssdHeads) || len(shapes) != len(ssdHeads) {
		return ssdRaw{}, fmt.Errorf("ssd produced %d outputs, want %d", len(outs), 2*len(ssdHeads))
	}
	var r ssdRaw
	for head, a := range ssdHeads {
		box, cls := outs[head], outs[head+len(ssdHeads)]
		if len(box.Shape) != 4 || box.Shape[1] != a*4 || len(cls.Shape) != 4 || cls.Shape[1] != a*3 || len(shapes[head]) != a {
			return ssdRaw{}, fmt.Errorf("ssd head %d shapes %v %v", head, box.Shape, cls.Shape)
		}
		rows, cols := box.Shape[2], box.Shape[3]
		plane := rows * cols
		for cell := 0; cell < plane; cell++ {
			cy := (float64(cell/cols) + 0.5) / float64(rows) * float64(h)
			cx := (float64(cell%cols) + 0.5) / float64(cols) * float64(w)
			for k := 0; k < a; k++ {
				sy, sx := shapes[head][k][0], shapes[head][k][1]
				enc := func(j int) float64 { return float64(box.Data[(k*4+j)*plane+cell]) }
				hy := math.Exp(enc(2)/5) * sy / 2
				hx := math.Exp(enc(3)/5) * sx / 2
				y, x := enc(0)/10*sy+cy, enc(1)/10*sx+cx
				r.boxes = append(r.boxes, [4]float64{y - hy, x - hx, y + hy, x + hx})
				r.scores = append(r.scores, sigmoid(float64(cls.Data[(k*3+1)*plane+cell])))
			}
		}
	}
	return r, nil
}

// detections turns anchors scoring above minScore into source-image boxes: clamped to the
// w×h input (as face-api clamps to the unit square), then divided by the letterbox scale.
func (r ssdRaw) detections(w, h int, scale, minScore float64) []Detection {
	var dets []Detection
	for i, s := range r.scores {
		if s <= minScore {
			continue
		}
		b := r.boxes[i]
		top, left := math.Max(0, b[0]), math.Max(0, b[1])
		bottom, right := math.Min(float64(h), b[2]), math.Min(float64(w), b[3])
		dets = append(dets, Detection{
			Box:   Box{X: left / scale, Y: top / scale, W: (right - left) / scale, H: (bottom - top) / scale},
			Score: s,
		})
	}
	return dets
}
