package altgen

import (
	"math/rand/v2"
	"strings"
	"time"
)

// look draws how this side prints its fields: families and sizes (values em valueMM),
// captions above or before values, the caption's translation separator, colon, capitals and
// spacing.
func (d *design) look(above bool, valueMM float64) look {
	rng := d.rng
	fams := d.fonts.families
	capFam, valFam := fams[rng.IntN(len(fams))], fams[rng.IntN(len(fams))]
	arFam := d.fonts.arabic[rng.IntN(len(d.fonts.arabic))]
	val := valueMM * (0.92 + rng.Float64()*0.16)
	capSize := val * (0.55 + rng.Float64()*0.13)
	lk := look{
		above: above,
		cap:   pen{fonts: d.fontsOf(capFam, rng.IntN(3) == 0), size: capSize, col: d.pal.caption, track: rng.Float64() * 0.08 * capSize},
		val:   pen{fonts: d.fontsOf(valFam, true), size: val, col: d.pal.value, track: rng.Float64() * 0.05 * val},
		ar:    pen{fonts: d.fontsOf(arFam, true), size: val * (1.0 + rng.Float64()*0.15), col: d.pal.value},
		arCap: pen{fonts: d.fontsOf(arFam, false), size: capSize * 1.1, col: d.pal.caption},
		join:  []string{" / ", "/", " / "}[rng.IntN(3)],
		colon: []string{"", ":", " :"}[rng.IntN(3)],
		upper: rng.IntN(3) == 0,
		// Row gaps stay under about a caption's height: a value closer to the next row's
		// caption than to its own would be another layout.
		rowGap: capSize * (0.3 + rng.Float64()*0.5),
		capGap: capSize * (0.1 + rng.Float64()*0.35),
		colGap: 2.5 + rng.Float64()*2,
	}
	if rng.IntN(2) == 0 {
		lk.spread = 0.3 + rng.Float64()*0.7
	}
	if !above {
		lk.capGap = capSize * (0.5 + rng.Float64()*0.8)
	}
	if valFam.name == "mono" {
		lk.val.track = 0
	}
	return lk
}

// header prints the state and the document's title from the top margin, each line a Latin
// text and, on Moroccan documents, its Arabic at the right; on a coloured band or on the
// paper, left-aligned or centred. It returns the y under it.
func (d *design) header(lines [][2]string) (float64, error) {
	rng, s := d.rng, d.s
	band := rng.IntN(3) == 0
	centred := rng.IntN(2) == 0
	fam := d.fonts.families[rng.IntN(len(d.fonts.families))]
	ar := d.fonts.arabic[rng.IntN(len(d.fonts.arabic))]
	size := (2.6 + rng.Float64()*0.8) * s.wMM / id1W
	ink := d.pal.head
	if band {
		ink = d.pal.paperA
	}
	y := d.margin + 0.3
	type placed struct {
		p        pen
		baseline float64
		l        [2]string
	}
	var todo []placed
	for i, l := range lines {
		p := pen{fonts: d.fontsOf(fam, true), size: size * (1 - 0.15*float64(i)), col: ink}
		for range 30 { // shrink until the Latin and Arabic texts leave a gap between them
			lw, err := s.width(p, l[0])
			if err != nil {
				return 0, err
			}
			aw, err := s.width(pen{fonts: d.fontsOf(ar, true), size: p.size * 1.1}, l[1])
			if err != nil {
				return 0, err
			}
			avail := s.wMM - 2*d.margin - aw - 4
			if centred && l[1] == "" {
				avail = s.wMM - 2*d.margin
			} else if centred {
				avail = (s.wMM/2 - d.margin - aw - 2) * 2
			}
			if lw <= avail {
				break
			}
			p = p.scaled(0.95)
		}
		y += p.ascent()
		todo = append(todo, placed{p, y, l})
		y += p.descent() + 0.6
	}
	if band {
		s.fill(rectMM{0, 0, s.wMM, y + 0.8}, d.pal.head, 0.88)
	}
	for _, t := range todo {
		lw, err := s.width(t.p, t.l[0])
		if err != nil {
			return 0, err
		}
		x := d.margin
		if centred {
			x = (s.wMM - lw) / 2
		}
		if _, err := s.write(t.p, x, t.baseline, t.l[0]); err != nil {
			return 0, err
		}
		if t.l[1] != "" {
			ap := pen{fonts: d.fontsOf(ar, true), size: t.p.size * 1.1, col: t.p.col}
			if _, err := s.writeRight(ap, s.wMM-d.margin, t.baseline, t.l[1]); err != nil {
				return 0, err
			}
		}
	}
	return y + 1.2, nil
}

// portraitBox places the portrait under the header: on the left or right, its width a share
// of the card's, 3:4 to 4:5, no lower than bottom.
func (d *design) portraitBox(top, bottom float64, right bool, share float64) rectMM {
	rng, s := d.rng, d.s
	w := s.wMM * share
	h := w / (0.75 + rng.Float64()*0.05)
	top += rng.Float64() * 1.5
	if top+h > bottom {
		h = bottom - top
		w = h * 0.78
	}
	x := d.margin + rng.Float64()*1.5
	if right {
		x = s.wMM - d.margin - rng.Float64()*1.5 - w
	}
	return rectMM{x, top, x + w, top + h}
}

func (d *design) printPortrait(r rectMM) {
	d.s.portrait(d.photo, r, d.rng.IntN(3) > 0, d.rng.IntN(2) == 0, 0)
}

// ghost prints the small faint second portrait many cards carry, in r.
func (d *design) ghost(r rectMM) {
	d.s.portrait(d.photo, r, true, false, 0.72+d.rng.Float64()*0.1)
}

// Dates as the documents print them.
var (
	monthsEN = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	monthsFR = []string{"JAN", "FÉV", "MAR", "AVR", "MAI", "JUN", "JUL", "AOÛ", "SEP", "OCT", "NOV", "DÉC"}
)

type dateStyle int

const (
	dotted      dateStyle = iota // 12.02.1990 (Moroccan cards, EU licences)
	spaced                       // 12 02 1990 (French cards of 2021)
	slashed                      // 12/02/1990
	monthEnFr                    // 12 FEB/FÉV 1990 (passports)
	monthFrEn                    // 12 FÉV/FEB 1990
	monthSingle                  // 12 FÉV 1990
)

func (st dateStyle) format(t time.Time) string {
	m := int(t.Month()) - 1
	switch st {
	case spaced:
		return t.Format("02 01 2006")
	case slashed:
		return t.Format("02/01/2006")
	case monthEnFr:
		return t.Format("02 ") + monthsEN[m] + "/" + monthsFR[m] + t.Format(" 2006")
	case monthFrEn:
		return t.Format("02 ") + monthsFR[m] + "/" + monthsEN[m] + t.Format(" 2006")
	case monthSingle:
		return t.Format("02 ") + monthsFR[m] + t.Format(" 2006")
	}
	return t.Format("02.01.2006")
}

func pickStyle(rng *rand.Rand, styles ...dateStyle) dateStyle { return styles[rng.IntN(len(styles))] }

func oneOf(rng *rand.Rand, s ...string) string { return s[rng.IntN(len(s))] }

// givenNames is the given names as French cards print them: separated by commas.
func givenNames(s string, commas bool) string {
	if commas {
		return strings.ReplaceAll(s, " ", ", ")
	}
	return s
}

// arrange groups the short fields into rows of up to maxPerRow in the order given; the other
// fields each have a row.
func arrange(rng *rand.Rand, fields []field, maxPerRow int) [][]field {
	var rows [][]field
	var cur []field
	flush := func() {
		if len(cur) > 0 {
			rows = append(rows, cur)
			cur = nil
		}
	}
	for _, f := range fields {
		if !f.short {
			flush()
			rows = append(rows, []field{f})
			continue
		}
		if len(cur) >= maxPerRow || len(cur) > 0 && rng.IntN(3) == 0 {
			flush()
		}
		cur = append(cur, f)
	}
	flush()
	return rows
}
