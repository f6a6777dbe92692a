package document

import "strings"

// A caption ended by a colon ("NOM : SLAOUI") is a caption whatever its letters read: the
// colon marks the words before it as the caption. Short captions are matched exactly
// elsewhere ("non" is no "nom" without that mark), so here the words before the colon may
// differ from a known caption by one letter ("von :", "ci :" for "CIN :").

// colonCaption matches the words of toks before a colon in raw against the captions, forgiving
// one letter. It returns the match (tokens consumed) when exactly one field's caption is that
// close.
func colonCaption(raw []string, toks []token) (labelMatch, bool) {
	colon := -1 // the raw word the caption ends with
	for i, w := range raw {
		if strings.HasSuffix(w, ":") || w == ":" {
			colon = i
			break
		}
	}
	if colon < 0 || colon > 2 {
		return labelMatch{}, false
	}
	n := 0
	for n < len(toks) && toks[n].raw <= colon {
		n++
	}
	if n == 0 || n == len(toks) {
		return labelMatch{}, false // no caption words, or no value after the colon
	}
	got := strings.Join(norms(toks[:n]), "")
	if len([]rune(got)) < 2 {
		return labelMatch{}, false
	}
	field := "" // the answer does not depend on the map's order: two fields close is no answer
	for f := range labels {
		for _, c := range labels[f] {
			want := strings.ReplaceAll(c, " ", "")
			if len([]rune(want)) < 3 || levenshtein(got, want) > 1 {
				continue
			}
			if field != "" && field != f {
				return labelMatch{}, false // as close to two fields' captions: not decided
			}
			field = f
		}
	}
	if field == "" {
		return labelMatch{}, false
	}
	return labelMatch{field: field, tokens: n}, true
}
