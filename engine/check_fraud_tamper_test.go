package engine

import (
	"image"
	"os"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/specimen"
)

// cardRect maps a box given in fractions of the card (as located in the photo) to pixels.
func cardRect(t testing.TB, m gocv.Mat, x0, y0, x1, y1 float64) image.Rectangle {
	c := cardGeometry(m).Card
	if c.Empty() {
		t.Fatal("card not found in the photo")
	}
	f := func(x, y float64) image.Point {
		return image.Pt(c.Min.X+int(x*float64(c.Dx())), c.Min.Y+int(y*float64(c.Dy())))
	}
	return image.Rectangle{Min: f(x0, y0), Max: f(x1, y1)}
}

// pasteField pastes the box (fractions of the card) of another document photo, saved at
// donorQuality, over the same box of scene and saves at quality 90: a text field taken
// from another card.
func pasteField(t testing.TB, scene, donor []byte, donorQuality int, x0, y0, x1, y1 float64) []byte {
	d := decodeMat(t, donor)
	defer d.Close()
	d2 := decodeMat(t, encodeJPEG(t, d, donorQuality))
	defer d2.Close()
	m := decodeMat(t, scene)
	defer m.Close()
	to := cardRect(t, m, x0, y0, x1, y1)
	from := cardRect(t, d2, x0, y0, x1, y1)
	from.Max = from.Min.Add(to.Size())
	src := d2.Region(from)
	patch := src.Clone()
	src.Close()
	defer patch.Close()
	dst := m.Region(to)
	patch.CopyTo(&dst)
	dst.Close()
	return encodeJPEG(t, m, 90)
}

// busiestAndBlankest returns the window of fw×fh (fractions of the card) with the most edges
// (printed text) and the one with the fewest, apart from it, inside the card's margins: where
// a forger copies from and to.
func busiestAndBlankest(t testing.TB, m gocv.Mat, fw, fh float64) (busy, blank image.Rectangle) {
	card := cardGeometry(m).Card.Intersect(image.Rect(0, 0, m.Cols(), m.Rows()))
	if card.Empty() {
		t.Fatal("card not found in the photo")
	}
	grey := gocv.NewMat()
	defer grey.Close()
	gocv.CvtColor(m, &grey, gocv.ColorBGRToGray)
	roi := grey.Region(card.Inset(card.Dy() / 20))
	defer roi.Close()
	lap := gocv.NewMat()
	defer lap.Close()
	gocv.Laplacian(roi, &lap, gocv.MatTypeCV16S, 3, 1, 0, gocv.BorderReflect101)
	gocv.ConvertScaleAbs(lap, &lap, 1, 0)
	cw, ch := max(1, int(fw*float64(card.Dx()))/4), max(1, int(fh*float64(card.Dy()))/2)
	gw, gh := lap.Cols()/cw, lap.Rows()/ch
	cells := gocv.NewMat()
	defer cells.Close()
	fl := gocv.NewMat()
	defer fl.Close()
	lap.ConvertTo(&fl, gocv.MatTypeCV32F)
	gocv.Resize(fl, &cells, image.Pt(gw, gh), 0, 0, gocv.InterpolationArea)
	sum := func(x, y int) float64 {
		s := 0.0
		for dy := range 2 {
			for dx := range 4 {
				s += float64(cells.GetFloatAt(y+dy, x+dx))
			}
		}
		return s
	}
	origin := card.Inset(card.Dy() / 20).Min
	at := func(x, y int) image.Rectangle {
		p := origin.Add(image.Pt(x*cw, y*ch))
		return image.Rectangle{Min: p, Max: p.Add(image.Pt(4*cw, 2*ch))}
	}
	hi, lo := -1.0, 0.0
	for y := 0; y+2 <= gh; y++ {
		for x := 0; x+4 <= gw; x++ {
			if s := sum(x, y); s > hi {
				hi, busy = s, at(x, y)
			}
		}
	}
	lo = -1
	for y := 0; y+2 <= gh; y++ {
		for x := 0; x+4 <= gw; x++ {
			if r := at(x, y); !r.Overlaps(busy) {
				if s := sum(x, y); lo < 0 || s < lo {
					lo, blank = s, r
				}
			}
		}
	}
	return busy, blank
}

// copyBusiest copies the busiest fw×fh window of the card over its blankest one and saves at
// quality 90.
func copyBusiest(t testing.TB, scene []byte, fw, fh float64) []byte {
	m := decodeMat(t, scene)
	defer m.Close()
	busy, blank := busiestAndBlankest(t, m, fw, fh)
	src := m.Region(busy)
	patch := src.Clone()
	src.Close()
	defer patch.Close()
	dst := m.Region(blank)
	patch.CopyTo(&dst)
	dst.Close()
	return encodeJPEG(t, m, 90)
}

// TestImageTamperingRates measures the copy-move and pasted-field detectors over many
// documents (every type, half degraded): the share of tamperings each catches. Only with
// KYCD_EVAL_FULL=1 (40 documents, a few minutes).
func TestImageTamperingRates(t *testing.T) {
	if os.Getenv("KYCD_EVAL_FULL") == "" {
		t.Skip("set KYCD_EVAL_FULL=1 to measure detection rates")
	}
	g, err := specimen.NewDocGenerator(filepath.Join(repoRoot(t), "models", "face-api", "demo"))
	if err != nil {
		t.Skipf("document generator unavailable: %v", err)
	}
	a := newAnalyzer(t)
	kinds := []string{"copied field", "copied digits", "pasted field q60", "pasted field q92"}
	caught := map[string]int{}
	scores := map[string]map[string][]float64{}
	for _, k := range kinds {
		scores[k] = map[string][]float64{}
	}
	const n = 40
	for i := range n {
		typ := specimen.DocTypes[i%len(specimen.DocTypes)]
		cc := specimen.DocCountries[typ][(i/len(specimen.DocTypes))%len(specimen.DocCountries[typ])]
		s, err := g.Document(uint64(7000+i), typ, cc, i%2 == 1)
		if err != nil {
			t.Fatal(err)
		}
		donor, err := g.Document(uint64(8000+i), typ, cc, false)
		if err != nil {
			t.Fatal(err)
		}
		imgs := [][]byte{copyBusiest(t, s.Front, 0.25, 0.08), copyBusiest(t, s.Front, 0.1, 0.06),
			pasteField(t, s.Front, donor.Front, 60, 0.36, 0.44, 0.62, 0.53), pasteField(t, s.Front, donor.Front, 92, 0.36, 0.44, 0.62, 0.53)}
		for k, img := range imgs {
			m := decodeMat(t, img)
			sc, err := a.MeasureIn(img, m, cardGeometry(m))
			m.Close()
			if err != nil {
				t.Fatal(err)
			}
			record(scores[kinds[k]], sc)
			for _, f := range a.Findings(sc) {
				if f.Code == "region_duplicated" || f.Code == "compression_inconsistent" {
					caught[kinds[k]]++
					break
				}
			}
		}
	}
	for _, k := range kinds {
		t.Logf("%-18s caught %2d/%d (%.0f %%)", k, caught[k], n, 100*float64(caught[k])/n)
		logScores(t, k, scores[k])
	}
}
