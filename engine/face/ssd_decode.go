package face

import (
	"fmt"
	"github.com/kycd/kycd/engine/nn"
	"math"
)

// ssdRaw is the per-anchor output of the SSD before NMS, in face-api's anchor order
// (head by head, then row, column, anchor — TF's NHWC reshape order).
type ssdRaw struct {
	boxes  [][4]float64 // ymin, xmin, ymax, xmax relative to the 512 square
	scores []float64    // sigmoid of the "face" logit
}

// decodeSSD applies face-api's outputLayer to the 12 NCHW head outputs: box encodings
// (ty, tx, th, tw) against the prior boxes with scales 10, 10, 5, 5.
func decodeSSD(outs []nn.Tensor, anchors []float32) (ssdRaw, error) {
	if len(outs) != 2*len(ssdHeads) {
		return ssdRaw{}, fmt.Errorf("ssd produced %d outputs, want %d", len(outs), 2*len(ssdHeads))
	}
	r := ssdRaw{boxes: make([][4]float64, 0, ssdAnchors), scores: make([]float64, 0, ssdAnchors)}
	for head, a := range ssdHeads {
		box, cls := outs[head], outs[head+len(ssdHeads)]
		if len(box.Shape) != 4 || box.Shape[1] != a*4 || len(cls.Shape) != 4 || cls.Shape[1] != a*3 {
			return ssdRaw{}, fmt.Errorf("ssd head %d shapes %v %v", head, box.Shape, cls.Shape)
		}
		h, w := box.Shape[2], box.Shape[3]
		plane := h * w
		for cell := 0; cell < plane; cell++ {
			for k := 0; k < a; k++ {
				i := len(r.scores)
				if i >= ssdAnchors {
					return ssdRaw{}, fmt.Errorf("ssd heads give more than %d anchors", ssdAnchors)
				}
				p := anchors[4*i : 4*i+4]
				sy, sx := float64(p[2]-p[0]), float64(p[3]-p[1])
				cy, cx := float64(p[0])+sy/2, float64(p[1])+sx/2
				enc := func(j int) float64 { return float64(box.Data[(k*4+j)*plane+cell]) }
				hy := math.Exp(enc(2)/5) * sy / 2
				hx := math.Exp(enc(3)/5) * sx / 2
				y, x := enc(0)/10*sy+cy, enc(1)/10*sx+cx
				r.boxes = append(r.boxes, [4]float64{y - hy, x - hx, y + hy, x + hx})
				r.scores = append(r.scores, sigmoid(float64(cls.Data[(k*3+1)*plane+cell])))
			}
		}
	}
	if len(r.scores) != ssdAnchors {
		return ssdRaw{}, fmt.Errorf("ssd heads give %d anchors, want %d", len(r.scores), ssdAnchors)
	}
	return r, nil
}

// detections turns raw SSD anchors scoring above minScore into pixel boxes of the
// side×side letterboxed source, clamped to the square as face-api does.
func (r ssdRaw) detections(side, minScore float64) []Detection {
	var dets []Detection
	for i, s := range r.scores {
		if s <= minScore {
			continue
		}
		b := r.boxes[i]
		top, left := math.Max(0, b[0])*side, math.Max(0, b[1])*side
		bottom, right := math.Min(1, b[2])*side, math.Min(1, b[3])*side
		dets = append(dets, Detection{Box: Box{X: left, Y: top, W: right - left, H: bottom - top}, Score: s})
	}
	return dets
}
