package specimen

import (
	"image/color"
	"math/rand/v2"
)

// field is one printed item: a label (Latin, optionally with an English translation), its
// value, and for bilingual Moroccan documents the Arabic value drawn right-aligned on the same
// line as the Latin value (and the Arabic label above it when labels are stacked).
type field struct {
	label, english, arLabel string
	value, arValue          string
}

// formStyle is how one document model prints its fields; the generator randomises it within a
// model so that a reader cannot rely on exact positions.
type formStyle struct {
	stacked              bool // label on its own line above the value
	labelSize, valueSize float64
	x0, y0, right        float64 // field column left edge, first line, right edge for Arabic
	lineGap              float64 // extra space between lines, share of the value size
	bottom               float64 // when > 0, the rows must end above it (the MRZ's top)
	colGap               float64 // space between fields on one row
	labelInk, valueInk   color.RGBA
}

func randomStyle(rng *rand.Rand, w, h float64, stacked bool) formStyle {
	vs := h * (0.042 + rng.Float64()*0.008)
	return formStyle{
		stacked:   stacked,
		labelSize: vs * (0.62 + rng.Float64()*0.1),
		valueSize: vs,
		x0:        w * (0.33 + rng.Float64()*0.03),
		y0:        h * (0.27 + rng.Float64()*0.03),
		right:     w * (0.965 - rng.Float64()*0.01),
		lineGap:   0.35 + rng.Float64()*0.25,
		colGap:    w * (0.05 + rng.Float64()*0.03),
		labelInk:  color.RGBA{uint8(40 + rng.IntN(60)), uint8(40 + rng.IntN(60)), uint8(70 + rng.IntN(60)), 255},
		valueInk:  color.RGBA{uint8(rng.IntN(30)), uint8(rng.IntN(30)), uint8(rng.IntN(40)), 255},
	}
}

// form draws rows of fields from the style's origin; each row is one or more fields side by
// side. It returns the y below the last row.
func (c *canvas) form(st formStyle, rows [][]field) (float64, error) {
	st = st.fitted(len(rows))
	y := st.y0
	for _, row := range rows {
		next, err := c.formRow(st, y, row)
		if err != nil {
			return 0, err
		}
		y = next
	}
	return y, nil
}

func (c *canvas) formRow(st formStyle, y float64, row []field) (float64, error) {
	x := st.x0
	labelLine := y + st.labelSize
	valueLine := y + st.valueSize
	if st.stacked {
		valueLine = labelLine + st.valueSize*(1.1+st.lineGap/2)
	}
	for _, f := range row {
		label := f.label
		if f.english != "" {
			label += " / " + f.english
		}
		lw, err := c.text(c.sans, st.labelSize, st.labelInk, x, labelLine+boolF(!st.stacked)*(st.valueSize-st.labelSize), label, false)
		if err != nil {
			return 0, err
		}
		vx := x
		if !st.stacked {
			vx = x + lw + st.valueSize*0.5
			if f.label == "" {
				vx = x
			}
		}
		vw, err := c.text(c.bold, st.valueSize, st.valueInk, vx, valueLine, f.value, false)
		if err != nil {
			return 0, err
		}
		if f.arValue != "" {
			if _, err := c.text(c.bold, st.valueSize*1.05, st.valueInk, st.right, valueLine, f.arValue, true); err != nil {
				return 0, err
			}
		}
		if f.arLabel != "" && st.stacked {
			if _, err := c.text(c.sans, st.labelSize*1.05, st.labelInk, st.right, labelLine, f.arLabel, true); err != nil {
				return 0, err
			}
		}
		if st.stacked {
			vw = max(vw, lw)
		}
		x = max(x+lw, vx+vw) + st.colGap
	}
	return valueLine + st.valueSize*(0.45+st.lineGap), nil
}

// rowHeight is the height formRow advances by.
func (st formStyle) rowHeight() float64 {
	h := st.valueSize
	if st.stacked {
		h = st.labelSize + st.valueSize*(1.1+st.lineGap/2)
	}
	return h + st.valueSize*(0.45+st.lineGap)
}

// fitted tightens the line gaps, then the print size, until n rows end above st.bottom: a
// printed field never runs into the MRZ, as on a real card.
func (st formStyle) fitted(n int) formStyle {
	if st.bottom <= 0 {
		return st
	}
	for range 40 {
		if st.y0+float64(n)*st.rowHeight() <= st.bottom {
			break
		}
		if st.lineGap > 0.1 {
			st.lineGap = max(0.1, st.lineGap-0.05)
			continue
		}
		st.valueSize *= 0.97
		st.labelSize *= 0.97
	}
	return st
}

func boolF(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
