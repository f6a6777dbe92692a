package face

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sort"
	"sync"

	"github.com/kycd/kycd/engine/nn"
	"gocv.io/x/gocv"
)

// Detection is one face found by the detector, in source image pixels.
type Detection struct {
	Box   Box
	Score float64 // detector confidence 0..1
}

// Detector names accepted in Config.Detector.
const (
	DetectorSSD  = "ssd_mobilenetv1"
	DetectorTiny = "tiny_face_detector"
)

// detector is a loaded face detection network.
type detector interface {
	// detect returns candidate boxes (before NMS) for a BGR image.
	detect(img gocv.Mat, minScore float64) ([]Detection, error)
	// nmsOverlap is the IoU above which face-api suppresses the weaker box.
	nmsOverlap() float64
	close() error
}

// Acceptance of the coarse SSD pass (Config.CoarseDetectorSize): its main face must be at
// least this fraction of the image's longer side wide (22 px in a 320-px input) and score at
// least lowDetectionScore, so a low-confidence signal always comes from the full-size pass.
//
// Measured on kiosk frames of every single-face photo of the evaluation set
// (TestCoarsePassEval): from 7 % to 14 % of the frame's width the coarse pass found every face
// confidently but one at 9 % and one at 14 %, its box overlapped the full pass's by IoU ≥ 0.70,
// its descriptor was within 0.092 of the full pass's and no match against the photo changed;
// the full-size pass missed 2, 4 and 7 of the 11 faces at 10, 11 and 12 %. Until then the
// threshold was 15 %, and a kiosk user a metre from the camera often had "no face".
const coarseMinFace = 0.07

// detectFaces runs the configured detector on the whole image, applies non-maximum
// suppression and sorts the faces by box area, largest first: the main portrait of a
// document comes before its small ghost image.
//
// With the SSD and a CoarseDetectorSize, a first pass runs on a small copy of a landscape
// camera frame (320×192: 2.4x fewer pixels than 512×288). Selfie faces are large, and when the largest
// face it finds is large enough and certain that result stands; otherwise (nothing found, a
// tiny face as on a photographed document, a weak score) the full-size pass decides, and when
// it finds nothing the coarse pass's faces stand.
// Landmarks and descriptor are always computed on the full-resolution image.
func (m *Models) detectFaces(img gocv.Mat) ([]Detection, error) {
	var coarse []Detection
	if ssd, ok := m.detector.(*ssdDetector); ok && ssd.hasCoarse(img.Cols(), img.Rows(), m.cfg.CoarseDetectorSize) {
		dets, err := ssd.detectAt(img, m.cfg.CoarseDetectorSize, m.cfg.MinDetectorScore)
		if err != nil {
			return nil, err
		}
		coarse = m.sortFaces(dets)
		if len(coarse) > 0 && coarse[0].Score >= lowDetectionScore &&
			coarse[0].Box.W >= coarseMinFace*float64(max(img.Cols(), img.Rows())) {
			return coarse, nil
		}
	}
	dets, err := m.detector.detect(img, m.cfg.MinDetectorScore)
	if err != nil {
		return nil, err
	}
	if len(dets) == 0 {
		// The full-size pass has blind sizes the coarse pass does not share (faces of 10–12 %
		// of a frame's width): a face either pass found is a face.
		return coarse, nil
	}
	return m.sortFaces(dets), nil
}

// sortFaces applies non-maximum suppression and sorts by box area, largest first.
func (m *Models) sortFaces(dets []Detection) []Detection {
	dets = nms(dets, m.detector.nmsOverlap())
	sort.SliceStable(dets, func(i, j int) bool { return dets[i].Box.Area() > dets[j].Box.Area() })
	return dets
}

// tinyDetector is face-api's TinyFaceDetector (fast, weaker on small faces).
type tinyDetector struct {
	net  *nn.Net
	size int
}

func (d *tinyDetector) nmsOverlap() float64 { return 0.4 }
func (d *tinyDetector) close() error        { return d.net.Close() }

func (d *tinyDetector) detect(img gocv.Mat, minScore float64) ([]Detection, error) {
	blob, side, err := squareBlob(img, image.Rect(0, 0, img.Cols(), img.Rows()), d.size, detectorNorm, false)
	if err != nil {
		return nil, fmt.Errorf("preparing detector input: %w", err)
	}
	defer blob.Close()
	out, err := d.net.Forward(blob)
	if err != nil {
		return nil, fmt.Errorf("running face detector: %w", err)
	}
	cells := d.size / detectorCellSize
	if len(out.Data) != detectorAnchors*detectorBoxSize*cells*cells {
		return nil, fmt.Errorf("face detector output shape %v", out.Shape)
	}
	return decodeGrid(out.Data, cells, float64(side), minScore), nil
}

// ssdDetector is face-api's SsdMobilenetv1 (slower than the tiny detector, but finds
// small, grey and tilted faces). Like face-api it letterboxes images into 512×512; camera
// frames (16:9 or wider) first get a coarse pass at 320×192 without the padding. Each input shape
// needs its own converted graph (TF "same" padding depends on the shape), and each OpenCV
// net holds 40–80 MB, so the shapes are a fixed set converted at start-up and the TF.js
// weights are released: memory does not grow with the aspect ratios clients send.
type ssdDetector struct {
	shapes [][][2]float64

	mu   sync.Mutex
	nets map[image.Point]*ssdNet
}

type ssdNet struct {
	net   *nn.Net
	grids []image.Point // w×h of each head's feature map
}

// newSSDDetector converts and loads the graphs of the given input sizes concurrently.
func newSSDDetector(weights map[string]nn.Tensor, sizes ...image.Point) (*ssdDetector, error) {
	shapes, err := ssdAnchorShapes(weights)
	if err != nil {
		return nil, err
	}
	oihw, err := convertFilters(weights)
	if err != nil {
		return nil, fmt.Errorf("ssd_mobilenetv1: %w", err)
	}
	d := &ssdDetector{shapes: shapes, nets: map[image.Point]*ssdNet{}}
	nets := make([]*ssdNet, len(sizes))
	errs := make([]error, len(sizes))
	var wg sync.WaitGroup
	for i, size := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nets[i], errs[i] = loadSSDNet(&weightSet{m: weights, oihw: oihw}, size)
		}()
	}
	wg.Wait()
	for i, n := range nets {
		if n != nil {
			d.nets[sizes[i]] = n
		}
	}
	if err := errors.Join(errs...); err != nil {
		d.close()
		return nil, err
	}
	return d, nil
}

func loadSSDNet(ws *weightSet, size image.Point) (*ssdNet, error) {
	model, err := buildSSDNetFrom(ws, size.X, size.Y)
	if err != nil {
		return nil, fmt.Errorf("converting ssd_mobilenetv1 for %dx%d: %w", size.X, size.Y, err)
	}
	net, err := nn.LoadONNX(model.onnx)
	if err != nil {
		return nil, fmt.Errorf("loading ssd_mobilenetv1 for %dx%d: %w", size.X, size.Y, err)
	}
	return &ssdNet{net: net, grids: model.grids}, nil
}

func (d *ssdDetector) nmsOverlap() float64 { return 0.5 }

func (d *ssdDetector) close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	var errs []error
	for _, n := range d.nets {
		errs = append(errs, n.net.Close())
	}
	d.nets = nil
	return errors.Join(errs...)
}

// ssdInputSize is the network input for a w×h image with the given longer side (a multiple
// of 32): the 16:9 landscape shape when the image is at least that wide, else the square.
func ssdInputSize(w, h, long int) image.Point {
	if w*9 >= h*16 {
		return image.Pt(long, (long*9/16+31)/32*32)
	}
	return image.Pt(long, long)
}

// ssdSizes are the input shapes converted at start-up: the square at the full size long,
// which takes every image (letterboxed), and, when coarse > 0, the landscape shape at the
// coarse size for the first pass on camera frames. A landscape net at full size would only
// save the square's padding on the coarse pass's rare fallback, for another 50 MB.
func ssdSizes(long, coarse int) []image.Point {
	sizes := []image.Point{image.Pt(long, long)}
	if coarse > 0 {
		sizes = append(sizes, ssdInputSize(16, 9, coarse))
	}
	return sizes
}

func (d *ssdDetector) netFor(size image.Point) (*ssdNet, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.nets == nil {
		return nil, errors.New("ssd detector closed")
	}
	n, ok := d.nets[size]
	if !ok {
		return nil, fmt.Errorf("ssd_mobilenetv1 has no %dx%d input (not loaded)", size.X, size.Y)
	}
	return n, nil
}

// loaded reports whether a graph was converted for size.
func (d *ssdDetector) loaded(size image.Point) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.nets[size]
	return ok
}

// shapeFor is the converted input shape for a w×h image at a longer side of long: the
// landscape shape when the image is that wide and its graph exists, else the square.
func (d *ssdDetector) shapeFor(w, h, long int) image.Point {
	if s := ssdInputSize(w, h, long); s.X != s.Y && d.loaded(s) {
		return s
	}
	return image.Pt(long, long)
}

// hasCoarse reports whether a coarse pass exists for this image's shape.
func (d *ssdDetector) hasCoarse(w, h, coarse int) bool {
	return coarse > 0 && d.loaded(ssdInputSize(w, h, coarse))
}

func (d *ssdDetector) detect(img gocv.Mat, minScore float64) ([]Detection, error) {
	return d.detectAt(img, ssdInput, minScore)
}

// detectAt runs the SSD on img letterboxed into its input shape for a longer side of long:
// the landscape shape when it is loaded and fits, else the square.
func (d *ssdDetector) detectAt(img gocv.Mat, long int, minScore float64) ([]Detection, error) {
	size := d.shapeFor(img.Cols(), img.Rows(), long)
	n, err := d.netFor(size)
	if err != nil {
		return nil, err
	}
	blob, scale, err := letterboxBlob(img, size, ssdNorm)
	if err != nil {
		return nil, fmt.Errorf("preparing detector input: %w", err)
	}
	defer blob.Close()
	packed, err := n.net.Forward(blob)
	if err != nil {
		return nil, fmt.Errorf("running face detector: %w", err)
	}
	outs, err := unpackSSD(packed, n.grids)
	if err != nil {
		return nil, err
	}
	raw, err := decodeSSD(outs, d.shapes, size.X, size.Y)
	if err != nil {
		return nil, err
	}
	return raw.detections(size.X, size.Y, scale, minScore), nil
}

// decodeGrid turns the NCHW [25, cells, cells] YOLO output into boxes in pixels of the
// side×side letterboxed source (TinyYolov2Base.extractBoxes).
func decodeGrid(d []float32, cells int, side, minScore float64) []Detection {
	plane := cells * cells
	at := func(anchor, k, row, col int) float64 {
		return float64(d[(anchor*detectorBoxSize+k)*plane+row*cells+col])
	}
	var dets []Detection
	for row := 0; row < cells; row++ {
		for col := 0; col < cells; col++ {
			for a := 0; a < detectorAnchors; a++ {
				score := sigmoid(at(a, 4, row, col))
				if score <= minScore {
					continue
				}
				cx := (float64(col) + sigmoid(at(a, 0, row, col))) / float64(cells)
				cy := (float64(row) + sigmoid(at(a, 1, row, col))) / float64(cells)
				w := math.Exp(at(a, 2, row, col)) * detectorAnchorSizes[a][0] / float64(cells)
				h := math.Exp(at(a, 3, row, col)) * detectorAnchorSizes[a][1] / float64(cells)
				dets = append(dets, Detection{
					Box:   Box{X: (cx - w/2) * side, Y: (cy - h/2) * side, W: w * side, H: h * side},
					Score: score,
				})
			}
		}
	}
	return dets
}

// nms keeps the best-scoring box of every group overlapping by more than maxIoU.
func nms(dets []Detection, maxIoU float64) []Detection {
	sort.SliceStable(dets, func(i, j int) bool { return dets[i].Score > dets[j].Score })
	var keep []Detection
	for _, d := range dets {
		ok := true
		for _, k := range keep {
			if d.Box.IoU(k.Box) > maxIoU {
				ok = false
				break
			}
		}
		if ok {
			keep = append(keep, d)
		}
	}
	return keep
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
