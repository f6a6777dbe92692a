package document

import (
	"strings"
)

// Finding is a disagreement between what the MRZ, the printed zone and the two sides say.
type Finding struct {
	Code     string // mrz_printed_mismatch, front_back_mismatch, latin_arabic_mismatch
	Field    string
	Severity string
	A, B     string // the two values that disagree
}

// MRZFields are the MRZ values the printed zone is compared with; a field is set only when a
// passing check digit (or the composite, for names) vouches for it.
type MRZFields map[string]string

// Merge combines the printed fields of the front and back. The caller has already filled the
// fields the MRZ vouches for; Merge returns the printed values for every other field, and the
// findings where the sources disagree.
func Merge(front, back map[string]Value, fromMRZ MRZFields, arabicCheck bool) (map[string]Value, []Finding) {
	out := map[string]Value{}
	var findings []Finding
	for _, f := range sortedKeys(front, back) {
		a, inA := front[f]
		b, inB := back[f]
		switch {
		case inA && inB:
			if !sameValue(f, a.Text, b.Text) && (f == "document_number" || f == "card_number") {
				findings = append(findings, Finding{Code: "front_back_mismatch", Field: f, Severity: "high", A: a.Text, B: b.Text})
			}
			out[f] = a
			if b.Conf > a.Conf {
				out[f] = b
			}
		case inA:
			out[f] = a
		default:
			out[f] = b
		}
	}
	for f, m := range fromMRZ {
		p, ok := out[f]
		if !ok {
			continue
		}
		if !sameValue(f, m, p.Text) && p.Conf >= trustedPrinted {
			findings = append(findings, Finding{Code: "mrz_printed_mismatch", Field: f, Severity: "high", A: m, B: p.Text})
		}
	}
	if arabicCheck {
		for _, f := range []string{"first_name", "last_name"} {
			l, okL := out[f]
			a, okA := out[f+"_arabic"]
			if okL && okA && l.Conf >= trustedPrinted && a.Conf >= trustedPrinted && !TranslitMatch(l.Text, a.Text) {
				findings = append(findings, Finding{Code: "latin_arabic_mismatch", Field: f, Severity: "low", A: l.Text, B: a.Text})
			}
		}
	}
	return out, findings
}

// numberConfusions folds the letters OCR takes for digits in numbers (and back) to the digit.
var numberConfusions = strings.NewReplacer("O", "0", "Q", "0", "D", "0", "I", "1", "L", "1", "Z", "2", "S", "5", "G", "6", "B", "8")

// trustedPrinted is the OCR confidence below which a printed value is too uncertain to raise
// a mismatch (the disagreement is more likely a misreading than a forgery).
const trustedPrinted = 0.8

// sameValue compares a field's values in their comparison form: names without accents and
// punctuation, and a name cut short by the MRZ's width counts as the same.
func sameValue(field, a, b string) bool {
	switch field {
	case "first_name", "last_name", "place_of_birth":
		na, nb := NormalizeName(a), NormalizeName(b)
		if na == nb {
			return true
		}
		// The MRZ truncates long names; also compare without spaces.
		na, nb = strings.ReplaceAll(na, " ", ""), strings.ReplaceAll(nb, " ", "")
		return len(na) >= 3 && len(nb) >= 3 && (strings.HasPrefix(na, nb) || strings.HasPrefix(nb, na))
	case "document_number", "card_number":
		// Letters and digits OCR confuses in a number count as the same character: a
		// printed S read as 5 is a misreading, not another card (a forger changes a number
		// to another number).
		clean := func(s string) string {
			return numberConfusions.Replace(strings.ToUpper(strings.NewReplacer("<", "", " ", "").Replace(s)))
		}
		return clean(a) == clean(b)
	}
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

func sortedKeys(maps ...map[string]Value) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range maps {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slicesSort(out)
	return out
}
