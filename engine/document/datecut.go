package document

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"gocv.io/x/gocv"
)

// A date printed in a monospaced font is cut where one of its dots is lost (a guilloche line
// through it, too faint to binarize): the dot's cell leaves a gap of a letter height, so the
// day stands apart from "MM.YYYY" and, read alone, is misread ("L7" · "02.2004 NANTES" for
// "17.02.2004 NANTES"); neither the date nor the place after it is read. The two runs are
// read again as one.

// monthYear is a date's month and year, with nothing of its day before them.
var monthYear = regexp.MustCompile(`^\d{2}\s?[./\-]\s?\d{4}\b`)

// joinCutDates reads the day run and the "MM.YYYY" run that follows it at a word space as one
// run, and keeps that reading when it holds a whole date.
func (r *Reader) joinCutDates(ctx context.Context, card gocv.Mat, segs []Segment) ([]Segment, error) {
	for i := 0; i < len(segs); i++ {
		p := dayBefore(segs, i)
		if p < 0 {
			continue
		}
		box := segs[p].Box.Union(segs[i].Box)
		rd, err := r.readBox(ctx, r.latin, latinSettings, card, box)
		if err != nil {
			return nil, err
		}
		t := strings.TrimSpace(rd.Text)
		loc := numericDate.FindStringIndex(t)
		if loc == nil || loc[0] != 0 || rd.Conf < textConf {
			continue
		}
		if _, ok := ParseDate(t[:loc[1]]); !ok {
			continue
		}
		segs[i].Box, segs[i].Text, segs[i].Conf = box, t, rd.Conf
		segs = slices.Delete(segs, p, p+1)
		i--
	}
	return segs, nil
}

// dayBefore returns the short run just before Latin run i on its line when i reads as a month
// and year: at most a letter height and a half before it, of about its height, no wider than
// two of its letters' heights (a day's two digits); -1 if there is none.
func dayBefore(segs []Segment, i int) int {
	s := segs[i]
	if s.Arabic || s.pending || !monthYear.MatchString(strings.TrimSpace(s.Text)) {
		return -1
	}
	p := -1
	for j, o := range segs {
		if j == i || o.Line != s.Line || o.Box.Max.X > s.Box.Min.X+2 {
			continue
		}
		if p < 0 || o.Box.Max.X > segs[p].Box.Max.X {
			p = j
		}
	}
	if p < 0 {
		return -1
	}
	b, h := segs[p].Box, s.Box.Dy()
	if s.Box.Min.X-b.Max.X > 3*h/2 || b.Dx() > 2*h || 4*min(b.Dy(), h) < 3*max(b.Dy(), h) || alnum(segs[p].Text) > 3 {
		return -1
	}
	return p
}
