package specimen

import (
	"slices"
	"unicode"
)

// golang.org/x/image draws one glyph per rune and does not shape, so Arabic is shaped here:
// every letter becomes its contextual presentation form (Unicode Arabic Presentation Forms-B),
// lam + alef becomes the ligature, and the result is put in visual (left-to-right drawing)
// order with digit runs kept left-to-right.

// arabicForm is a letter's isolated form; dual-joining letters have final, initial and medial
// forms at +1, +2, +3, right-joining letters only a final form at +1.
type arabicForm struct {
	isolated rune
	dual     bool
}

var arabicForms = map[rune]arabicForm{
	0x0621: {0xFE80, false}, // hamza: never joins (no final form either, handled below)
	0x0622: {0xFE81, false}, 0x0623: {0xFE83, false}, 0x0624: {0xFE85, false},
	0x0625: {0xFE87, false}, 0x0626: {0xFE89, true}, 0x0627: {0xFE8D, false},
	0x0628: {0xFE8F, true}, 0x0629: {0xFE93, false}, 0x062A: {0xFE95, true},
	0x062B: {0xFE99, true}, 0x062C: {0xFE9D, true}, 0x062D: {0xFEA1, true},
	0x062E: {0xFEA5, true}, 0x062F: {0xFEA9, false}, 0x0630: {0xFEAB, false},
	0x0631: {0xFEAD, false}, 0x0632: {0xFEAF, false}, 0x0633: {0xFEB1, true},
	0x0634: {0xFEB5, true}, 0x0635: {0xFEB9, true}, 0x0636: {0xFEBD, true},
	0x0637: {0xFEC1, true}, 0x0638: {0xFEC5, true}, 0x0639: {0xFEC9, true},
	0x063A: {0xFECD, true}, 0x0641: {0xFED1, true}, 0x0642: {0xFED5, true},
	0x0643: {0xFED9, true}, 0x0644: {0xFEDD, true}, 0x0645: {0xFEE1, true},
	0x0646: {0xFEE5, true}, 0x0647: {0xFEE9, true}, 0x0648: {0xFEED, false},
	0x0649: {0xFEEF, false}, 0x064A: {0xFEF1, true},
}

// lamAlef maps the alef that follows a lam to the isolated lam-alef ligature (final = +1).
var lamAlef = map[rune]rune{0x0622: 0xFEF5, 0x0623: 0xFEF7, 0x0625: 0xFEF9, 0x0627: 0xFEFB}

const lam = 0x0644

// shapeArabic returns s (logical order) in presentation forms and visual order, ready to be
// drawn left to right.
func shapeArabic(s string) string {
	in := []rune(s)
	var out []rune
	for i := 0; i < len(in); i++ {
		r := in[i]
		f, ok := arabicForms[r]
		if !ok {
			out = append(out, r)
			continue
		}
		prevJoins := i > 0 && joinsForward(in[i-1])
		if r == lam && i+1 < len(in) {
			if lig, ok := lamAlef[in[i+1]]; ok {
				if prevJoins {
					lig++
				}
				out = append(out, lig)
				i++
				continue
			}
		}
		nextJoins := f.dual && i+1 < len(in) && joinsBackward(in[i+1])
		out = append(out, contextual(f, prevJoins, nextJoins))
	}
	return string(visualOrder(out))
}

func contextual(f arabicForm, prevJoins, nextJoins bool) rune {
	switch {
	case f.isolated == 0xFE80:
		return f.isolated
	case prevJoins && nextJoins:
		return f.isolated + 3
	case nextJoins:
		return f.isolated + 2
	case prevJoins:
		return f.isolated + 1
	}
	return f.isolated
}

// joinsForward: the letter connects to the one after it (dual-joining).
func joinsForward(r rune) bool {
	f, ok := arabicForms[r]
	return ok && f.dual
}

// joinsBackward: the letter connects to the one before it (every letter but hamza).
func joinsBackward(r rune) bool {
	_, ok := arabicForms[r]
	return ok && r != 0x0621
}

// visualOrder reverses the text for right-to-left drawing, keeping runs of digits (and the
// punctuation inside numbers) left to right.
func visualOrder(rs []rune) []rune {
	out := slices.Clone(rs)
	slices.Reverse(out)
	for i := 0; i < len(out); {
		if !unicode.IsDigit(out[i]) {
			i++
			continue
		}
		j := i
		for j < len(out) && (unicode.IsDigit(out[j]) || (j+1 < len(out) && isNumPunct(out[j]) && unicode.IsDigit(out[j+1]))) {
			j++
		}
		slices.Reverse(out[i:j])
		i = j
	}
	return out
}

func isNumPunct(r rune) bool { return r == '.' || r == '/' || r == ',' || r == '-' }
