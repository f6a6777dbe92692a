package altgen

import (
	"errors"
	"math/rand/v2"
	"strings"
)

// field is one printed item: its caption (French, with the English translation some models
// add), its value and, on Moroccan documents, the Arabic caption and value printed from the
// right on the same line.
type field struct {
	caption, english, arCaption string
	value, arValue              string
	short                       bool   // a short value (sex, code, date, number) that may share a row
	arBelow                     bool   // the Arabic value on its own line under the Latin one (addresses)
	more                        string // a second line of the value (an address's town)
}

// look is how one document prints its fields, drawn per document.
type look struct {
	above          bool // captions above their values, else before them on the line
	cap, val, ar   pen
	arCap          pen
	join           string  // between a caption and its translation
	colon          string  // after a caption printed before its value ("", ":", " :")
	upper          bool    // French captions in capitals
	rowGap, capGap float64 // mm: between rows; between a caption and its value
	spread         float64 // share of the area's spare height added between rows
	colGap         float64 // mm: least space between fields sharing a row
}

// captionText is the caption as this look prints it.
func (lk look) captionText(f field) string {
	c := f.caption
	if c == "" {
		return ""
	}
	if lk.upper {
		c = strings.ToUpper(c)
	}
	if f.english != "" {
		c += lk.join + f.english
	}
	if !lk.above {
		c += lk.colon
	}
	return c
}

func (lk look) scaled(k float64) look {
	lk.cap, lk.val, lk.ar, lk.arCap = lk.cap.scaled(k), lk.val.scaled(k), lk.ar.scaled(k), lk.arCap.scaled(k)
	lk.rowGap *= k
	lk.capGap *= k
	return lk
}

// moreLine is the pitch of a value's second line, in ems.
const moreLine = 1.2

var errNoFit = errors.New("fields do not fit their area")

// flow prints rows of fields in area from its top: fields sharing a row start at the row's
// column split (or further right if the one before is wider), a row too wide is split in two,
// and the whole print shrinks until the rows end above area's bottom. It returns the y under
// the last row.
//
// Rows split at a large size stay split as the print shrinks, which keeps the layouts of
// documents already in evaluation sets; when that runs out of height (many rows split at full
// size), the rows are split afresh at each smaller size, so only the rows too wide at the size
// finally printed are split.
func (s *sheet) flow(rng *rand.Rand, lk look, area rectMM, rows [][]field) (float64, error) {
	rows = splitRows(rows)
	fracs := make([][]float64, len(rows))
	for i, r := range rows {
		fracs[i] = columnSplit(rng, len(r))
	}
	for _, fresh := range []bool{false, true} {
		cur, curFracs := rows, fracs
		for k := 1.0; k >= 0.62; {
			l := lk.scaled(k)
			y, bad, err := s.flowRows(l, area, cur, curFracs, false)
			if err != nil {
				return 0, err
			}
			switch {
			case bad >= 0 && len(cur[bad]) > 1:
				cur, curFracs = splitAt(cur, curFracs, bad)
				continue
			case bad < 0 && y <= area.y1:
				if len(cur) > 1 {
					l.rowGap += min((area.y1-y)*lk.spread/float64(len(cur)-1), l.val.size*0.9)
				}
				y, _, err = s.flowRows(l, area, cur, curFracs, true)
				return y, err
			}
			k *= 0.96
			if fresh {
				cur, curFracs = rows, fracs
			}
		}
	}
	return 0, errNoFit
}

// splitAt puts the second half of row i on a row of its own, its columns where they were
// less the first of them.
func splitAt(rows [][]field, fracs [][]float64, i int) ([][]field, [][]float64) {
	half := len(rows[i]) / 2
	var r2 [][]field
	var f2 [][]float64
	r2 = append(r2, rows[:i]...)
	f2 = append(f2, fracs[:i]...)
	second := make([]float64, 0, len(rows[i])-half)
	for _, f := range fracs[i][half:] {
		second = append(second, f-fracs[i][half])
	}
	r2 = append(r2, rows[i][:half], rows[i][half:])
	f2 = append(f2, fracs[i][:half], second)
	return append(r2, rows[i+1:]...), append(f2, fracs[i+1:]...)
}

// splitRows gives every field with Arabic a row of its own (its Arabic sits at the row's end).
func splitRows(rows [][]field) [][]field {
	var out [][]field
	for _, r := range rows {
		var cur []field
		for _, f := range r {
			if len(r) > 1 && (f.arValue != "" || f.arCaption != "") {
				if len(cur) > 0 {
					out = append(out, cur)
					cur = nil
				}
				out = append(out, []field{f})
				continue
			}
			cur = append(cur, f)
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
	}
	return out
}

// columnSplit draws where the fields of an n-field row start, as shares of the row's width.
func columnSplit(rng *rand.Rand, n int) []float64 {
	switch n {
	case 1:
		return []float64{0}
	case 2:
		return []float64{0, 0.34 + rng.Float64()*0.2}
	}
	out := []float64{0}
	step := (0.82 + rng.Float64()*0.12) / float64(n)
	for i := 1; i < n; i++ {
		out = append(out, float64(i)*step*(0.9+rng.Float64()*0.2))
	}
	return out
}

// flowRows measures (or with draw, prints) the rows and returns the y under the last one, or
// the index of the first row that does not fit the area's width (-1 if they all do).
func (s *sheet) flowRows(lk look, area rectMM, rows [][]field, fracs [][]float64, draw bool) (float64, int, error) {
	y := area.y0
	for i, r := range rows {
		bottom, ok, err := s.row(lk, area, y, r, fracs[i], draw)
		if err != nil {
			return 0, i, err
		}
		if !ok {
			return 0, i, nil
		}
		y = bottom + lk.rowGap
	}
	return y - lk.rowGap, -1, nil
}

// row lays out one row of fields from y and returns its bottom.
func (s *sheet) row(lk look, area rectMM, y float64, fields []field, fracs []float64, draw bool) (float64, bool, error) {
	capLine := y + max(lk.cap.ascent(), lk.arCap.ascent())
	valLine := capLine + max(lk.cap.descent(), lk.arCap.descent()) + lk.capGap + max(lk.val.ascent(), lk.ar.ascent())
	if !lk.above {
		capLine = y + max(lk.cap.ascent(), lk.val.ascent(), lk.ar.ascent(), lk.arCap.ascent())
		valLine = capLine
	}
	bottom := valLine + max(lk.val.descent(), lk.ar.descent())
	for _, f := range fields {
		if f.more != "" {
			bottom += lk.val.size * moreLine
			break
		}
	}
	right := area.x1 // where the Latin print of the row must end
	x := area.x0
	for i, f := range fields {
		cx := max(area.x0+fracs[i]*area.w(), x)
		if i > 0 && cx < x+lk.colGap {
			cx = x + lk.colGap
		}
		if len(fields) == 1 && (f.arValue != "" || f.arCaption != "") {
			end, err := s.arabicSide(lk, f, area.x1, capLine, valLine, &bottom, draw)
			if err != nil {
				return 0, false, err
			}
			right = end - 2.5
		}
		end, ok, err := s.cell(lk, f, cx, right, capLine, valLine, draw)
		if err != nil || !ok {
			return 0, false, err
		}
		x = end
	}
	return bottom, true, nil
}

// arabicSide prints (or measures) the Arabic caption and value of f from the right edge x1
// and returns the leftmost x its print takes on the row's caption and value lines. Captions
// above: the Arabic caption at the right of the caption line, the value under it; captions
// before: the Arabic caption at the right, the value before it. An arBelow value has a line
// of its own under the row.
func (s *sheet) arabicSide(lk look, f field, x1, capLine, valLine float64, bottom *float64, draw bool) (float64, error) {
	capW, err := s.width(lk.arCap, f.arCaption)
	if err != nil {
		return 0, err
	}
	valW, err := s.width(lk.ar, f.arValue)
	if err != nil {
		return 0, err
	}
	left, valX := x1, x1
	if f.arCaption != "" {
		left = x1 - capW
		if !lk.above {
			valX = x1 - capW - max(1.5, lk.capGap)
		}
		if draw {
			if _, err := s.writeRight(lk.arCap, x1, capLine, f.arCaption); err != nil {
				return 0, err
			}
		}
	}
	if f.arValue == "" {
		return left, nil
	}
	line := valLine
	if f.arBelow {
		line = *bottom + lk.rowGap*0.5 + lk.ar.ascent()
		*bottom = line + lk.ar.descent()
		valX = x1
	} else {
		left = min(left, valX-valW)
	}
	if draw {
		if _, err := s.writeRight(lk.ar, valX, line, f.arValue); err != nil {
			return 0, err
		}
	}
	return left, nil
}

// cell prints (or measures) one field from x, its Latin print ending before right; the value
// is condensed down to 55 % of its size when it is too long. It returns the cell's right end.
func (s *sheet) cell(lk look, f field, x, right, capLine, valLine float64, draw bool) (float64, bool, error) {
	capText := lk.captionText(f)
	capW, err := s.width(lk.cap, capText)
	if err != nil {
		return 0, false, err
	}
	vx := x
	if !lk.above && capText != "" {
		vx = x + capW + max(1.0, lk.capGap)
	}
	vp := lk.val
	valW, err := s.width(vp, f.value)
	if err != nil {
		return 0, false, err
	}
	moreW, err := s.width(vp, f.more)
	if err != nil {
		return 0, false, err
	}
	valW = max(valW, moreW)
	if vx+valW > right {
		k := (right - vx) / valW
		if k < 0.55 {
			return 0, false, nil
		}
		vp = vp.scaled(k * 0.99)
		valW *= k * 0.99
	}
	if x+capW > right {
		return 0, false, nil
	}
	if draw {
		if capText != "" {
			if _, err := s.write(lk.cap, x, capLine, capText); err != nil {
				return 0, false, err
			}
		}
		if _, err := s.write(vp, vx, valLine, f.value); err != nil {
			return 0, false, err
		}
		if f.more != "" {
			if _, err := s.write(vp, vx, valLine+lk.val.size*moreLine, f.more); err != nil {
				return 0, false, err
			}
		}
	}
	return max(x+capW, vx+valW), true, nil
}
