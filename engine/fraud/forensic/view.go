package forensic

import (
	"fmt"
	"image"

	"gocv.io/x/gocv"
)

// Geometry is what the caller knows of the document in the image. Both boxes are in image
// pixels; an empty box means unknown.
type Geometry struct {
	// Card is the document's bounding box; unknown means the whole image is examined.
	Card image.Rectangle
	// Portrait is the photo block of the card; unknown means the face detector finds it.
	Portrait image.Rectangle
	// NoPortrait says the side carries no portrait (the other side of the card has it): the
	// face detector is not run and the portrait scores stay 0.
	NoPortrait bool
}

// smallSide is the long side of the reduced card the geometric detectors (face, copy-move)
// work on: a card at 640 px still has 12–15 px characters, and they cost a sixth of full size.
const smallSide = 640

// view is one image prepared for the detectors: full-resolution grey (the JPEG grid, noise
// and ELA live there) and a reduced copy of the card.
type view struct {
	grey  gocv.Mat        // full resolution; owned by the caller of newView
	card  image.Rectangle // card box, its corner on the 8×8 JPEG grid
	small gocv.Mat        // the card box at analysis resolution
	scale float64         // small pixels per grey pixel
}

func newView(grey gocv.Mat, geo Geometry) (*view, error) {
	bounds := image.Rect(0, 0, grey.Cols(), grey.Rows())
	card := geo.Card.Intersect(bounds)
	if card.Dx() < 64 || card.Dy() < 64 {
		card = bounds
	}
	// Keep the crop on the JPEG block grid so compression detectors see whole blocks.
	card.Min = image.Pt(card.Min.X&^7, card.Min.Y&^7)
	v := &view{grey: grey, card: card, scale: 1}
	if long := max(card.Dx(), card.Dy()); long > smallSide {
		v.scale = float64(smallSide) / float64(long)
	}
	roi := grey.Region(card)
	defer roi.Close()
	v.small = gocv.NewMat()
	size := image.Pt(max(1, int(float64(card.Dx())*v.scale)), max(1, int(float64(card.Dy())*v.scale)))
	gocv.Resize(roi, &v.small, size, 0, 0, gocv.InterpolationArea)
	if v.small.Empty() {
		v.small.Close()
		return nil, fmt.Errorf("reducing the card: empty result")
	}
	return v, nil
}

func (v *view) close() { v.small.Close() }

// toGrey maps a box of the reduced card to full-resolution image pixels.
func (v *view) toGrey(r image.Rectangle) image.Rectangle {
	f := func(p image.Point) image.Point {
		return image.Pt(v.card.Min.X+int(float64(p.X)/v.scale), v.card.Min.Y+int(float64(p.Y)/v.scale))
	}
	return image.Rectangle{Min: f(r.Min), Max: f(r.Max)}.Intersect(v.card)
}
