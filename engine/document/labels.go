package document

import (
	"maps"
	"slices"
	"strings"
)

// labels are the printed captions of each field on Moroccan and French documents (French,
// English, the EU driving-licence numbers), in normalized form. A caption names the field
// whose value follows it on the same line or sits under it. "ignore" captions belong to
// fields the API does not report (parents, civil-status number…): they are matched so their
// values are not taken for something else. "permis" and "du permis" are the licence number's
// "Permis N°" and "N° du permis" when the small number sign is lost; the licence's title is an
// "ignore" caption, longer, so it is never taken for them. "birth" is "Date de naissance" or
// "Lieu de naissance" with its first word lost in a blurred photo: the value tells which
// (setField).
var labels = map[string][]string{
	"last_name":       {"nom", "surname", "nom de famille", "noms"},
	"first_name":      {"prenom", "prenoms", "given names", "given name", "prenom s"},
	"date_of_birth":   {"ne", "ne e", "nee", "ne le", "nee le", "ne e le", "date de naissance", "date de naiss.", "date de naiss", "date of birth", "ne e le"},
	"place_of_birth":  {"a", "lieu de naissance", "place of birth", "ne a", "ne e a"},
	"birth":           {"de naissance"},
	"expiry_date":     {"valable jusqu au", "valable jusqu", "date d expir.", "date d expir", "date d expiration", "expiry date", "date of expiry", "expire le", "carte valable jusqu au"},
	"issue_date":      {"date de delivrance", "delivre le", "delivree le", "date of issue", "delivre e le"},
	"document_number": {"n du document", "no du document", "document no", "document no.", "passeport n", "passport no", "passport no.", "carte nationale d identite n", "cin", "n cin", "n titre", "permis n", "n permis", "n du permis", "no du permis", "permis", "du permis"},
	"card_number":     {"n carte", "n de carte"},
	"gender":          {"sexe", "sex"},
	"nationality":     {"nationalite", "nationality"},
	"address":         {"adresse", "address", "domicile"},
	"ignore": {"fils de", "fille de", "et de", "etde", "n etat civil", "etat civil", "type", "code", "taille", "par",
		"royaume du maroc", "republique francaise", "carte nationale d identite", "identity card",
		"permis de conduire", "driving licence"},
}

// permitLabels are the numbered captions of the EU driving licence model, with the misreadings
// of their small print that Tesseract makes most ("4a." as "43," or "4.").
var permitLabels = map[string][]string{
	"last_name": {"1."}, "first_name": {"2."}, "birth_and_place": {"3."},
	"issue_date": {"4a.", "4a", "43.", "44.", "4."}, "expiry_date": {"4b.", "4b", "46.", "4h."},
	"ignore": {"4c.", "4c", "ac.", "4d.", "9."}, "document_number": {"5.", "s."},
}

// numberedCaption matches a licence's field number read without its full stop, or with a
// colon for it ("1: CHERKAOUI", "5 48/477058"): toks start with the number as a word of its own
// (not "2/143095", a licence number), and a bare number is a caption only with its value after
// it in the same run (extract also checks that it is a valid value of the field).
func numberedCaption(toks []string) (labelMatch, bool) {
	if len(toks) < 2 || !numberedField[toks[0]] {
		return labelMatch{}, false
	}
	return longestCaption(append([]string{toks[0] + "."}, toks[1:]...), permitLabels)
}

// numberedField are the licence's field numbers read as captions without their full stop
// (the dates' 4a/4b keep their letter, and a bare 3 or 4 is as often a speck's reading).
var numberedField = map[string]bool{"1": true, "2": true, "5": true}

// labelToken is one token of a caption matched against OCR output.
type labelMatch struct {
	field  string
	tokens int // caption tokens consumed from the segment
}

// matchLabel finds the longest caption at the start of toks (normalized tokens); captions may
// repeat with their translation ("nom surname", "date de naiss date of birth").
func matchLabel(toks []string, docType string) (labelMatch, bool) {
	best, ok := longestCaption(toks, labels)
	if !ok {
		// A speck after a caption word read as its full stop ("à. TOULOUSE"): the dot is kept
		// for the licence's numbered captions only.
		best, ok = longestCaption(trimDots(toks), labels)
	}
	if docType == "permit" {
		if m, pok := longestCaption(toks, permitLabels); pok && (!ok || m.tokens >= best.tokens) {
			best, ok = m, true
		}
	}
	if !ok && len(toks) >= 3 && toks[1] == "de" && toks[2] == "naissance" && len([]rune(toks[0])) <= 5 {
		// "… de naissance" with its first word misread past recognition ("Ued de
		// naissance" for "Lieu de naissance"): the value tells date or place, as when the
		// word is lost.
		best, ok = labelMatch{field: "birth", tokens: 3}, true
	}
	if !ok {
		return best, false
	}
	// Consume the translation of the same field that may follow.
	for {
		rest, more := longestCaption(toks[best.tokens:], map[string][]string{best.field: labels[best.field]})
		if !more {
			break
		}
		best.tokens += rest.tokens
	}
	return best, true
}

// longestCaption finds the caption of table that covers the most letters at the start of toks.
// OCR loses or adds spaces ("Néle", "Pré nom"), so a caption may also match one token more or
// fewer than it has, compared without spaces.
func longestCaption(toks []string, table map[string][]string) (labelMatch, bool) {
	var best labelMatch
	bestLen, found := 0, false
	for _, field := range slices.Sorted(maps.Keys(table)) {
		for _, c := range table[field] {
			ct := strings.Fields(c)
			n := len(strings.Join(ct, ""))
			if n <= bestLen && found {
				continue
			}
			if k, ok := captionTokens(toks, ct); ok {
				best, bestLen, found = labelMatch{field: field, tokens: k}, n, true
			}
		}
	}
	return best, found
}

// captionTokens returns how many tokens of toks the caption ct covers.
func captionTokens(toks, ct []string) (int, bool) {
	if !strings.ContainsAny(strings.Join(ct, ""), "0123456789") {
		toks = captionLetters(toks) // "1vranc" in a blurred "délivrance"
	}
	if len(ct) <= len(toks) && tokensMatch(toks[:len(ct)], ct) {
		return len(ct), true
	}
	want := strings.Join(ct, "")
	if strings.ContainsAny(want, "0123456789") || len([]rune(want)) < 4 {
		return 0, false
	}
	if len(ct) >= 3 && len(ct) <= len(toks) && lostStart(toks[0], ct[0]) && tokensMatch(toks[1:len(ct)], ct[1:]) {
		return len(ct), true
	}
	if last := len(ct) - 1; len(ct) >= 3 && len(ct) <= len(toks) && tokensMatch(toks[:last], ct[:last]) && lostEnd(toks[last], ct[last]) {
		return len(ct), true
	}
	for _, k := range []int{len(ct) - 1, len(ct) + 1} {
		if k < 1 || k > len(toks) || k == 1 && len(ct) == 1 {
			continue
		}
		// Without the token boundaries a near miss is too easy ("passeport" is "passeportn"
		// less one letter): one error is forgiven only when nothing is missing ("nelde" for
		// "nele"), or in a long caption split by OCR.
		got := strings.Join(toks[:k], "")
		near := levenshtein(got, want) <= 1
		if got == want || near && len(got) >= len(want) || k > len(ct) && len(want) >= 10 && near {
			return k, true
		}
	}
	return 0, false
}

// captionLetters reads the digits Tesseract puts for letters in blurred small print as those
// letters (1 for i, 0 for o), for matching captions that have no digit.
func captionLetters(toks []string) []string {
	if !slices.ContainsFunc(toks, func(t string) bool { return strings.ContainsAny(t, "105") }) {
		return toks
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = captionDigitLetters.Replace(t)
	}
	return out
}

var captionDigitLetters = strings.NewReplacer("1", "i", "0", "o", "5", "s") // "15 sue" for "issue"

// lostStart: token g is caption word w with its first letters lost in a blurred photo ("eu"
// or "jeu" for "lieu"): it ends with two letters or more of w's end, after at most one
// misread letter, and is shorter than w. Only captions of three words or more are read this
// way (captionTokens): their other words must match.
func lostStart(g, w string) bool {
	gr, wr := []rune(g), []rune(w)
	if len(gr) >= len(wr) {
		return false
	}
	for n := 2; n < len(wr); n++ {
		if len(gr)-n >= 0 && len(gr)-n <= 1 && string(gr[len(gr)-n:]) == string(wr[len(wr)-n:]) {
			return true
		}
	}
	return false
}

// lostEnd: token g is long caption word w (eight letters or more) with its last letters lost
// ("delvran" for "délivrance", its end cut off in a blurred photo and one letter lost inside):
// at least two thirds of w, within one misread letter of w's start as long as g. Only the last
// word of a caption of three words or more is read this way (captionTokens).
func lostEnd(g, w string) bool {
	gr, wr := []rune(g), []rune(w)
	if len(wr) < 8 || len(gr) >= len(wr) || 3*len(gr) < 2*len(wr) {
		return false
	}
	return levenshtein(g, string(wr[:len(gr)])) <= 1 || levenshtein(g, string(wr[:len(gr)+1])) <= 1
}

// tokensMatch compares OCR tokens with caption tokens, forgiving one OCR error in words of
// four letters or more and two in long words.
func tokensMatch(got, want []string) bool {
	for i := range want {
		g, w := got[i], want[i]
		if g == w || w == "n" && numberSignReads[g] || w == "nom" && nomReads[g] {
			continue
		}
		if strings.ContainsAny(w, "0123456789") {
			return false // a numbered caption ("3.") needs its dot: "3/524493" is a value
		}
		tol := 0
		switch n := len([]rune(w)); {
		case n >= 8:
			tol = 2
		case n >= 4:
			tol = 1
		}
		if tol == 0 || levenshtein(g, w) > tol {
			return false
		}
	}
	return true
}

// numberSignReads are Tesseract's readings of the number sign "N°" in small print ("v°", "vw",
// "we" in the second generator's licence caption "Permis N°:"), normalized (the degree sign is
// dropped): a caption's "n" token accepts them.
var numberSignReads = map[string]bool{"no": true, "nw": true, "w": true, "v": true, "ne": true, "n0": true, "nr": true, "vw": true, "we": true}

// nomReads are Tesseract's readings of the caption "Nom" in small capitals or a monospaced
// font ("NOM HAJJI" read "von HAJJI" or "vou HAJJI", "Nom BERRADA" read "Non BERRADA", a
// blurred "Nom" over its value read "Noe" or "hom"): a three-letter caption is otherwise
// matched exactly.
var nomReads = map[string]bool{"non": true, "von": true, "vou": true, "noe": true, "hom": true}

// trimDots is toks with the full stops ending its words removed (a token of dots only stays).
func trimDots(toks []string) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		if out[i] = strings.TrimRight(t, "."); out[i] == "" {
			out[i] = t
		}
	}
	return out
}
