package liveness

import (
	"fmt"
	"math"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/nn"
)

// Eye openness for the blink challenge, from MediaPipe's face mesh and iris models as
// @vladmandic/human ships them (facemesh.json, iris.json).
//
// face-api's 68-point network cannot see a blink: its eye contour stays open on closed eyes
// (TestActionFrames). Neither can the face mesh's own eye contour: on the face-api demo
// photo sample2.jpg, whose first face has real closed (downcast) lids, the mesh's lid gap
// over eye width reads 0.27, as on open eyes (0.14–0.29 on the shared photos). The iris
// model, which MediaPipe runs on a crop of each eye to refine the mesh's eye contour, reads
// 0.13 there (0.22–0.42 on open eyes), so the lids are measured with it:
//
//  1. the face crop human makes for the mesh: the face box enlarged 1.4× and squared
//     (cropBox; the 68 landmarks stand in for blazeface's box, as for the passive networks),
//     tf.image.cropAndResize to 192×192 RGB / 255 (facemesh.ts, facemeshutil.ts);
//  2. the mesh gives 468 points in the pixels of that crop; each eye's box is the box of its
//     two corners enlarged 2.3× and squared (iris.ts getEyeBox), mapped back to the frame
//     and cropped from the frame itself (sharper than human's crop of its 192-px face) to
//     64×64; the eye on the image's right is mirrored, as MediaPipe feeds it (on the shared
//     photos the two eyes then agree within 0.06; unmirrored, that eye reads up to 0.11 more);
//  3. the iris model gives 71 eye contour and brow points and 5 iris points in the pixels of
//     the eye crop, which is square: the distance ratio needs no mapping back.
const (
	meshInput  = 192
	meshPoints = 468
	// meshMinFace: the mesh's face flag under which it is not looking at a face (human drops
	// such faces under its detector's minConfidence, 0.2 by default; faces score ≈ 1).
	meshMinFace = 0.2
	irisInput   = 64
	irisOutputs = 76 * 3
	eyeEnlarge  = 2.3 // iris.ts getEyeBox's default scale
)

// meshEyes are the mesh's eye corners (human's facemeshcoords.ts: the ends of rightEyeLower0
// and leftEyeLower0), the image's left eye first; mirror: the crop is flipped for the model.
var meshEyes = [2]struct {
	corners [2]int
	mirror  bool
}{{[2]int{33, 133}, false}, {[2]int{263, 362}, true}}

// Iris model contour points (its EyeLower0 runs 0–8 corner to corner, EyeUpper0 9–15): three
// upper lid points and the lower lid points below them (the mesh's 160/144, 159/145 and
// 158/153), and the two corners.
var (
	irisUpper   = [3]int{11, 12, 13}
	irisLower   = [3]int{3, 4, 5}
	irisCorners = [2]int{0, 8}
)

// EyeOpenness measures how open the eyes of the face at l are on the BGR frame img: per
// eye the mean gap between facing upper and lower lid points over the distance between the
// corners, both eyes averaged. About 0.3 on open eyes (0.22–0.42 on the shared photos),
// 0.13 on real closed lids, 0.15 on eyes narrowed by a broad smile: compare it with the
// same person's open eyes. ErrNoFace when the mesh does not see a face in the crop. Safe
// for concurrent use (the nets serialize their forward passes).
func (m *Models) EyeOpenness(img gocv.Mat, l *face.Landmarks) (float64, error) {
	box := cropBox(l)
	crop, err := cropAndResize(img, box, meshInput)
	if err != nil {
		return 0, err
	}
	mesh, flag, err := m.runMesh(crop)
	if err != nil {
		return 0, err
	}
	if flag < meshMinFace {
		return 0, fmt.Errorf("%w: face mesh flag %.2f", ErrNoFace, flag)
	}
	scale := (box[2] - box[0]) / meshInput
	toFrame := func(i int) face.Point {
		return face.Point{X: box[0] + float64(mesh[3*i])*scale, Y: box[1] + float64(mesh[3*i+1])*scale}
	}
	var eyes [len(meshEyes)]hwc
	for i, e := range meshEyes {
		if eyes[i], err = cropAndResize(img, eyeBox(toFrame(e.corners[0]), toFrame(e.corners[1])), irisInput); err != nil {
			return 0, err
		}
		if e.mirror {
			eyes[i].mirror()
		}
	}
	pts, err := m.runIris(eyes[:]...)
	if err != nil {
		return 0, err
	}
	sum := 0.0
	for _, p := range pts {
		sum += irisOpenness(p)
	}
	return sum / float64(len(pts)), nil
}

// eyeBox is iris.ts's eye crop: the box of the two corners enlarged 2.3× and squared, as
// [x1, y1, x2, y2].
func eyeBox(a, b face.Point) [4]float64 {
	cx, cy := (a.X+b.X)/2, (a.Y+b.Y)/2
	half := eyeEnlarge * max(math.Abs(a.X-b.X), math.Abs(a.Y-b.Y)) / 2
	return [4]float64{cx - half, cy - half, cx + half, cy + half}
}

// runMesh runs facemesh on a 192×192 crop: the 1404 mesh values and the face flag.
func (m *Models) runMesh(crop hwc) ([]float32, float64, error) {
	out, err := m.mesh.ForwardTensor(nn.Tensor{Shape: []int{1, 3, meshInput, meshInput}, Data: crop.nchw()})
	if err != nil {
		return nil, 0, fmt.Errorf("running facemesh: %w", err)
	}
	if len(out.Data) != 3*meshPoints+1 {
		return nil, 0, fmt.Errorf("facemesh output %v, want [1 %d]", out.Shape, 3*meshPoints+1)
	}
	flag := float64(out.Data[3*meshPoints])
	if math.IsNaN(flag) {
		return nil, 0, fmt.Errorf("non-finite facemesh output")
	}
	return out.Data[:3*meshPoints], flag, nil
}

// runIris runs the iris model on 64×64 eye crops, as one batch (both eyes in one pass cost
// ~10 % less than two): per eye, 76 points × (x, y, z).
func (m *Models) runIris(eyes ...hwc) ([][]float32, error) {
	in := nn.Tensor{Shape: []int{len(eyes), 3, irisInput, irisInput}}
	for _, e := range eyes {
		in.Data = append(in.Data, e.nchw()...)
	}
	out, err := m.iris.ForwardTensor(in)
	if err != nil {
		return nil, fmt.Errorf("running iris: %w", err)
	}
	if len(out.Data) != len(eyes)*irisOutputs {
		return nil, fmt.Errorf("iris output %v, want %d×%d values", out.Shape, len(eyes), irisOutputs)
	}
	pts := make([][]float32, len(eyes))
	for i := range pts {
		pts[i] = out.Data[i*irisOutputs : (i+1)*irisOutputs]
	}
	return pts, nil
}

// irisOpenness is one eye's mean lid gap over its width, on the iris model's points.
func irisOpenness(pts []float32) float64 {
	pt := func(i int) face.Point { return face.Point{X: float64(pts[3*i]), Y: float64(pts[3*i+1])} }
	w := dist(pt(irisCorners[0]), pt(irisCorners[1]))
	if w == 0 || math.IsNaN(w) {
		return 0
	}
	gap := 0.0
	for k := range irisUpper {
		gap += dist(pt(irisUpper[k]), pt(irisLower[k]))
	}
	return gap / float64(len(irisUpper)) / w
}

// mirror flips the image left to right in place.
func (im hwc) mirror() {
	for y := 0; y < im.h; y++ {
		row := im.d[y*im.w*3 : (y+1)*im.w*3]
		for l, r := 0, im.w-1; l < r; l, r = l+1, r-1 {
			for c := 0; c < 3; c++ {
				row[l*3+c], row[r*3+c] = row[r*3+c], row[l*3+c]
			}
		}
	}
}
