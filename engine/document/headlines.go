package document

import "strings"

// headLines are the normalized texts of the lines in the top three tenths of the document,
// each line's runs joined left to right: a title set with wide letter spacing is cut into
// runs at its word spaces ("CARTE" · "NATIONALE" · "D'IDENTITÉ") and is read as a line.
// Segments are ordered by line, then x (assignLines).
func headLines(segs []Segment, height int) []string {
	var out []string
	line, cur := -1, []string(nil)
	flush := func() {
		if len(cur) > 0 {
			out = append(out, normalize(strings.Join(cur, " ")))
		}
		cur = nil
	}
	for _, s := range segs {
		if s.Line != line {
			flush()
			line = s.Line
		}
		if s.Box.Max.Y <= height*3/10 && !s.Arabic && s.Text != "" {
			cur = append(cur, s.Text)
		}
	}
	flush()
	return out
}
