package face

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gocv.io/x/gocv"
)

// TestCoarsePassEval measures what the coarse SSD pass would change on kiosk frames whose face
// is smaller than coarseMinFace: every single-face photo of the shared set and of face-api's
// demo photos, scaled so the face is a given fraction of a 1280×720 frame's width (its borders
// carried to the frame's edges, JPEG 90, as `kycd bench` makes its selfie). For each fraction it
// reports how often the coarse pass finds the face with a confident score, the overlap of its
// box with the full pass's, and the descriptor distance between the two analyses and to the
// photo's own descriptor. KYCD_EVAL_COARSE=1 runs it (about a minute).
func TestCoarsePassEval(t *testing.T) {
	if os.Getenv("KYCD_EVAL_COARSE") == "" {
		t.Skip("set KYCD_EVAL_COARSE=1 to evaluate the coarse detector pass on small kiosk faces")
	}
	m := loadModels(t)
	ssd, ok := m.detector.(*ssdDetector)
	if !ok || !ssd.hasCoarse(1280, 720, m.cfg.CoarseDetectorSize) {
		t.Fatal("the default configuration has no coarse SSD pass")
	}
	paths, err := filepath.Glob(filepath.Join(facesDir(t), "*", "*.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	demo, _ := filepath.Glob(filepath.Join(modelsDir(t), "face-api", "demo", "*.jpg"))
	paths = append(paths, demo...)
	fractions := []float64{0.06, 0.07, 0.08, 0.09, 0.10, 0.11, 0.12, 0.13, 0.14, 0.16, 0.20}
	type row struct {
		n, full, confident, analyzed, matched int
		ious, self, worse                     []float64 // box IoU, coarse↔full distance, coarse−full distance to the photo
		flips                                 int       // match verdict against the photo changed
	}
	rows := make([]row, len(fractions))
	ctx := context.Background()
	for _, p := range paths {
		src := gocv.IMRead(p, gocv.IMReadColor)
		if src.Empty() {
			t.Fatalf("reading %s", p)
		}
		ref, err := m.Analyze(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(ref.Detections) != 1 || ref.Main == nil {
			src.Close()
			continue // groups and faceless photos say nothing about one kiosk user
		}
		for i, f := range fractions {
			frame, err := kioskFrame(src, ref.Main.Box, f)
			if err != nil {
				t.Fatalf("%s at %.2f: %v", p, f, err)
			}
			full, err := m.detector.detect(frame, m.cfg.MinDetectorScore)
			if err != nil {
				t.Fatal(err)
			}
			coarse, err := ssd.detectAt(frame, m.cfg.CoarseDetectorSize, m.cfg.MinDetectorScore)
			if err != nil {
				t.Fatal(err)
			}
			full, coarse = m.sortFaces(full), m.sortFaces(coarse)
			r := &rows[i]
			r.n++
			if a, err := m.Analyze(ctx, frame); err != nil {
				t.Fatal(err)
			} else if a.Main != nil {
				r.analyzed++
				if Similarity(Distance(&a.Main.Descriptor, &ref.Main.Descriptor)) >= m.cfg.Threshold {
					r.matched++
				}
			}
			if len(full) > 0 {
				r.full++
			}
			if len(coarse) == 0 || coarse[0].Score < lowDetectionScore {
				frame.Close()
				continue
			}
			r.confident++
			if len(full) == 0 {
				frame.Close()
				continue
			}
			r.ious = append(r.ious, coarse[0].Box.IoU(full[0].Box))
			ff, err := m.describe(frame, full[0])
			if err != nil {
				t.Fatal(err)
			}
			cf, err := m.describe(frame, coarse[0])
			if err != nil {
				t.Fatal(err)
			}
			frame.Close()
			r.self = append(r.self, Distance(&ff.Descriptor, &cf.Descriptor))
			df, dc := Distance(&ff.Descriptor, &ref.Main.Descriptor), Distance(&cf.Descriptor, &ref.Main.Descriptor)
			r.worse = append(r.worse, dc-df)
			if (Similarity(df) >= m.cfg.Threshold) != (Similarity(dc) >= m.cfg.Threshold) {
				r.flips++
			}
		}
		src.Close()
	}
	t.Logf("%-8s %5s %8s %7s %5s %9s %8s %8s %10s %10s %6s", "face/w", "n", "Analyze", "matches", "full", "confident", "IoU min", "IoU med", "d(c,f) max", "Δd max", "flips")
	for i, f := range fractions {
		r := rows[i]
		slices.Sort(r.ious)
		slices.Sort(r.self)
		slices.Sort(r.worse)
		at := func(s []float64, q float64) float64 {
			if len(s) == 0 {
				return math.NaN()
			}
			return s[int(q*float64(len(s)-1))]
		}
		t.Logf("%-8s %5d %8d %7d %5d %9d %8.3f %8.3f %10.3f %10.3f %6d", fmt.Sprintf("%.2f", f), r.n, r.analyzed, r.matched, r.full, r.confident,
			at(r.ious, 0), at(r.ious, 0.5), at(r.self, 1), at(r.worse, 1), r.flips)
	}
}

// kioskFrame scales photo so box is frac of a 1280×720 frame's width, centred on the face, and
// carries the photo's borders to the frame's edges; JPEG 90 round trip.
func kioskFrame(photo gocv.Mat, box Box, frac float64) (gocv.Mat, error) {
	s := frac * 1280 / box.W
	w, h := int(float64(photo.Cols())*s), int(float64(photo.Rows())*s)
	scaled := gocv.NewMat()
	defer scaled.Close()
	gocv.Resize(photo, &scaled, image.Pt(w, h), 0, 0, gocv.InterpolationArea)
	cx, cy := int((box.X+box.W/2)*s), int((box.Y+box.H/2)*s)
	// The part of the scaled photo that lands in the frame, then the missing margins.
	x0, y0 := max(0, cx-640), max(0, cy-360)
	x1, y1 := min(w, cx+640), min(h, cy+360)
	part := scaled.Region(image.Rect(x0, y0, x1, y1))
	defer part.Close()
	left, top := 640-(cx-x0), 360-(cy-y0)
	frame := gocv.NewMat()
	defer frame.Close()
	gocv.CopyMakeBorder(part, &frame, top, 720-top-(y1-y0), left, 1280-left-(x1-x0), gocv.BorderReplicate, color.RGBA{})
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, frame, []int{gocv.IMWriteJpegQuality, 90})
	if err != nil {
		return gocv.Mat{}, err
	}
	defer buf.Close()
	out, err := gocv.IMDecode(buf.GetBytes(), gocv.IMReadColor)
	if err != nil || out.Empty() {
		return gocv.Mat{}, fmt.Errorf("decoding the frame: %v", err)
	}
	return out, nil
}

// TestKioskFrameFaceSizes: a kiosk user a metre or two from the camera (a face 8–14 % of the
// frame's width) is found and matches their own photo. The full-size detector pass alone
// missed 7 of the 11 faces at 12 %.
func TestKioskFrameFaceSizes(t *testing.T) {
	m := loadModels(t)
	paths, err := filepath.Glob(filepath.Join(facesDir(t), "*", "*.jpg"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no face photos: %v", err)
	}
	ctx := context.Background()
	for _, p := range paths {
		src := gocv.IMRead(p, gocv.IMReadColor)
		ref, err := m.Analyze(ctx, src)
		if err != nil || ref.Main == nil || len(ref.Detections) != 1 {
			src.Close()
			continue
		}
		for _, f := range []float64{0.08, 0.10, 0.12, 0.14} {
			frame, err := kioskFrame(src, ref.Main.Box, f)
			if err != nil {
				t.Fatal(err)
			}
			a, err := m.Analyze(ctx, frame)
			frame.Close()
			if err != nil {
				t.Fatal(err)
			}
			if a.Main == nil {
				t.Errorf("%s, face %.0f %% of the frame: no face found", filepath.Base(p), f*100)
				continue
			}
			if d := Distance(&a.Main.Descriptor, &ref.Main.Descriptor); Similarity(d) < m.cfg.Threshold {
				t.Errorf("%s, face %.0f %% of the frame: distance %.3f to its own photo", filepath.Base(p), f*100, d)
			}
		}
		src.Close()
	}
}
