package mrz

import "strings"

// Line widths of the MRZ formats: 44 (TD3, MRV-A), 36 (TD2, MRV-B, FR_ID), 30 (TD1, FR_DL).
var widths = [...]int{44, 36, 30}

// shapes lists the line count of each width; TD1 has three lines of 30, FR_DL one.
func linesFor(width int) []int {
	if width == 30 {
		return []int{3, 1}
	}
	return []int{2}
}

// fitCandidates turns raw OCR lines into MRZ line sets of a valid shape: for every run of
// consecutive lines whose lengths are close to a format's width, the lines are brought to that
// width (fillers added or removed in the longest filler run, where OCR miscounts them).
func fitCandidates(raw []string) [][]string {
	var lines []string
	for _, l := range raw {
		l = strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '<' {
				return r
			}
			return -1
		}, strings.ToUpper(l))
		if len(l) >= 20 {
			lines = append(lines, l)
		}
	}
	var out [][]string
	for _, w := range widths {
		for _, n := range linesFor(w) {
			for start := 0; start+n <= len(lines); start++ {
				window := lines[start : start+n]
				if !closeTo(window, w) {
					continue
				}
				fitted := make([]string, n)
				for i, l := range window {
					fitted[i] = fitWidth(l, w)
				}
				out = append(out, fitted)
			}
		}
	}
	return out
}

// closeTo reports whether every line is within a few characters of width (OCR drops or adds
// fillers in long runs).
func closeTo(lines []string, width int) bool {
	for _, l := range lines {
		if d := len(l) - width; d < -4 || d > 4 {
			return false
		}
	}
	return true
}

// fitWidth adds or removes fillers in the longest run of `<` (the end of the line when there is
// none) until the line has the given width.
func fitWidth(l string, width int) string {
	for len(l) != width {
		start, n := longestFillerRun(l)
		switch {
		case len(l) < width && n == 0:
			l += "<"
		case len(l) < width:
			l = l[:start] + "<" + l[start:]
		case n >= 2:
			l = l[:start] + l[start+1:]
		default:
			l = l[:len(l)-1]
		}
	}
	return l
}

func longestFillerRun(l string) (start, n int) {
	for i := 0; i < len(l); {
		if l[i] != '<' {
			i++
			continue
		}
		j := i
		for j < len(l) && l[j] == '<' {
			j++
		}
		if j-i > n {
			start, n = i, j-i
		}
		i = j
	}
	return start, n
}
