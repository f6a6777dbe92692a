package face

import (
	"context"
	"image"
	"image/color"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"
)

// cardSpec describes a synthetic ID card photographed by a kiosk camera.
type cardSpec struct {
	name      string
	grey      bool    // black-and-white portrait print
	cardWidth int     // card width in the 1280×720 photo, px
	angle     float64 // card rotation, degrees
	blur      float64 // Gaussian sigma of the camera blur
	jpeg      int     // JPEG quality of the camera frame
	// otherPhoto: a different photo of the same person must match too. Not required for
	// the farthest card (portrait face ≈ 55 px): its distance to another photo is ~0.52–0.55,
	// at the threshold; the original photo still matches (≈ 0.38).
	otherPhoto bool
}

// renderCard prints the face of src (box = its detected face) as the portrait of a
// card-like image with a small, faded ghost image, then "photographs" it: the card is
// scaled down onto a darker 1280×720 background, rotated, blurred and JPEG-compressed.
func renderCard(t *testing.T, src gocv.Mat, face Box, c cardSpec) gocv.Mat {
	t.Helper()
	const cw, ch = 1012, 638 // ID-1 (85.6 × 54 mm) at 300 dpi
	card := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(228, 236, 240, 0), ch, cw, gocv.MatTypeCV8UC3)
	defer card.Close()
	gocv.Rectangle(&card, image.Rect(0, 0, cw, 90), color.RGBA{150, 90, 40, 0}, -1)
	gocv.PutText(&card, "REPUBLIQUE - IDENTITY CARD", image.Pt(40, 60), gocv.FontHersheySimplex, 1.4, color.RGBA{255, 255, 255, 0}, 3)
	for i, s := range []string{"NOM / SURNAME: SPECIMEN", "PRENOM / GIVEN NAMES: TEST", "NE(E) LE / BORN: 01.01.1980", "N. 123456789"} {
		gocv.PutText(&card, s, image.Pt(380, 170+70*i), gocv.FontHersheySimplex, 0.9, color.RGBA{40, 40, 40, 0}, 2)
	}

	// Portrait: 3:4 crop around the face, as on ID photos (face ~60 % of the height).
	side := face.H / 0.6
	pr := Box{X: face.X + face.W/2 - side*0.375, Y: face.Y + face.H/2 - side*0.45, W: side * 0.75, H: side}.clip(src.Cols(), src.Rows())
	crop := src.Region(pr)
	defer crop.Close()
	portrait := gocv.NewMat()
	defer portrait.Close()
	gocv.Resize(crop, &portrait, image.Pt(300, 400), 0, 0, gocv.InterpolationArea)
	if c.grey {
		g := gocv.NewMat()
		gocv.CvtColor(portrait, &g, gocv.ColorBGRToGray)
		gocv.CvtColor(g, &portrait, gocv.ColorGrayToBGR)
		g.Close()
	}
	dst := card.Region(image.Rect(40, 150, 340, 550))
	portrait.CopyTo(&dst)
	dst.Close()

	// Ghost image: small, grey, faded (the second, smaller face every document carries).
	ghost := gocv.NewMat()
	defer ghost.Close()
	gocv.Resize(portrait, &ghost, image.Pt(100, 133), 0, 0, gocv.InterpolationArea)
	gocv.CvtColor(ghost, &ghost, gocv.ColorBGRToGray)
	gocv.CvtColor(ghost, &ghost, gocv.ColorGrayToBGR)
	ghost.ConvertToWithParams(&ghost, gocv.MatTypeCV8UC3, 0.4, 140)
	dst = card.Region(image.Rect(860, 450, 960, 583))
	ghost.CopyTo(&dst)
	dst.Close()

	// Photograph it: scale + rotate onto a background, blur, JPEG.
	scale := float64(c.cardWidth) / cw
	photo := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(60, 70, 80, 0), 720, 1280, gocv.MatTypeCV8UC3)
	rot := gocv.GetRotationMatrix2D(image.Pt(cw/2, ch/2), c.angle, scale)
	defer rot.Close()
	rot.SetDoubleAt(0, 2, rot.GetDoubleAt(0, 2)+640-cw/2)
	rot.SetDoubleAt(1, 2, rot.GetDoubleAt(1, 2)+360-ch/2)
	gocv.WarpAffineWithParams(card, &photo, rot, image.Pt(1280, 720), gocv.InterpolationArea, gocv.BorderTransparent, color.RGBA{})
	gocv.GaussianBlur(photo, &photo, image.Pt(0, 0), c.blur, c.blur, gocv.BorderDefault)
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, photo, []int{gocv.IMWriteJpegQuality, c.jpeg})
	photo.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer buf.Close()
	out, err := gocv.IMDecode(buf.GetBytes(), gocv.IMReadColor)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPortraitOnPhotographedCardMatchesOriginal(t *testing.T) {
	faces := facesDir(t)
	m := loadModels(t)
	ctx := context.Background()
	read := func(p string) (gocv.Mat, Analysis) {
		img := gocv.IMRead(filepath.Join(faces, p), gocv.IMReadColor)
		a, err := m.Analyze(ctx, img)
		if err != nil || a.Main == nil {
			t.Fatalf("%s: no face (%v)", p, err)
		}
		return img, a
	}
	for _, person := range []struct{ card, same, other string }{
		{"obama/obama-1.jpg", "obama/obama-3.jpg", "biden/biden-2.jpg"},
		{"rose_leslie/rose_leslie-2.jpg", "rose_leslie/rose_leslie-1.jpg", "alex_lacamoire/alex_lacamoire-3.jpg"},
	} {
		src, srcA := read(person.card)
		same, sameA := read(person.same)
		other, otherA := read(person.other)
		for _, c := range []cardSpec{
			{name: "colour", cardWidth: 760, angle: 3, blur: 1.0, jpeg: 70, otherPhoto: true},
			{name: "grey-small-tilted", grey: true, cardWidth: 560, angle: -6, blur: 1.5, jpeg: 55, otherPhoto: true},
			{name: "far-blurry", cardWidth: 460, angle: 2, blur: 2.0, jpeg: 50},
		} {
			t.Run(filepath.Base(person.card)+"/"+c.name, func(t *testing.T) {
				card := renderCard(t, src, srcA.Main.Box, c)
				defer card.Close()
				docA, err := m.Analyze(ctx, card)
				if err != nil {
					t.Fatal(err)
				}
				if docA.Main == nil {
					t.Fatalf("no face found on the card")
				}
				if docA.Main.Box.X > 640 { // the portrait is on the left, the ghost on the right
					t.Errorf("main face at x=%.0f: picked the ghost image, not the portrait", docA.Main.Box.X)
				}
				for _, cmp := range []struct {
					name  string
					a     Analysis
					want  bool
					check bool
				}{{"original", srcA, true, true}, {"other photo", sameA, true, c.otherPhoto}, {"other person", otherA, false, true}} {
					r := m.Compare(docA, cmp.a)
					t.Logf("%-12s faces %d distance %.3f similarity %.3f match %v signals %v", cmp.name, r.FacesDoc, r.Distance, r.SimilarityScore, r.Match, r.Signals)
					if cmp.check && r.Match != cmp.want {
						t.Errorf("%s: match = %v, want %v (similarity %.3f)", cmp.name, r.Match, cmp.want, r.SimilarityScore)
					}
				}
			})
		}
		src.Close()
		same.Close()
		other.Close()
	}
}
