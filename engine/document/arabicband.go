package document

import "image"

// valueBand is Arabic run box cut to the band of the Latin value's row (segment value): a run
// that grew into the line above (a caption's descender touching the name's ascenders, "الاسم
// العائلي" over "بنجلون") reads as both lines, and the name is lost ("الل بدن"). The band
// keeps half the value's height above it and below it (the Arabic letters' ascenders, dots
// and descenders); ok is false when box is not much taller than the value.
func valueBand(box image.Rectangle, segs []Segment, value int) (image.Rectangle, bool) {
	if value < 0 {
		return box, false
	}
	v := segs[value].Box
	h := v.Dy()
	if 5*box.Dy() < 8*h {
		return box, false
	}
	top, bottom := max(box.Min.Y, v.Min.Y-h/2), min(box.Max.Y, v.Max.Y+h/2)
	if bottom-top <= h {
		return box, false // the run lies off the value's row
	}
	return image.Rect(box.Min.X, top, box.Max.X, bottom), true
}
