package document

import "strings"

// Inside a word, ب ت ث ن ي are one shape, a tooth, told apart by their dots only; a name
// printed in a monospaced font stretches the teeth apart or squeezes them together, and
// Tesseract counts one too few or one too many ("زنب", "زيب" or "زينيب" for "زينب", ZINEB).
// The Latin spelling counts them where it writes B, N and I (Y) side by side with no other
// consonant between: when every other letter of the reading agrees with the Latin name, a run
// of teeth one longer or shorter than the Latin's is written as the Latin spells it. In a name
// whose Latin writes no A, ع is no letter of it (see vowelFit) and, inside a run of teeth, is
// a tooth misread ("زنعب" for "زينب"): the run is written as the Latin spells it too.

// toothClasses are the Latin classes (latinVowelClasses) whose Arabic letters are teeth, and
// the letter each is written with. T is left out: it is ت (a tooth) or ط (not one).
var toothClasses = map[rune]rune{'B': 'ب', 'N': 'ن', 'Y': 'ي'}

// recountTeeth returns the reading with each run of teeth that is one tooth longer or shorter
// than the Latin's written as the Latin spells it; ok is false when nothing changed, or when
// the reading's other letters, word by word, do not follow the Latin's.
func recountTeeth(arabic, latin string) (string, bool) {
	var lw []string
	for _, w := range strings.Fields(NormalizeName(latin)) {
		if w != "EL" && w != "AL" {
			lw = append(lw, w)
		}
	}
	aw := strings.Fields(arabic)
	if len(lw) == 0 || len(lw) != len(aw) {
		return arabic, false
	}
	changed, ainTooth := false, !strings.Contains(NormalizeName(latin), "A")
	for i, w := range aw {
		body := strings.TrimPrefix(w, "ال")
		if fixed, ok := recountWord(body, lw[i], ainTooth); ok {
			aw[i], changed = w[:len(w)-len(body)]+fixed, true
		}
	}
	if !changed {
		return arabic, false
	}
	return strings.Join(aw, " "), true
}

// recountWord recounts the teeth of one Arabic word (its article left out) against one Latin
// word, ع a tooth when ainTooth. It returns word and false when the two disagree elsewhere or
// agree already.
func recountWord(word, latin string, ainTooth bool) (string, bool) {
	lt := latinTeethTokens(latin)
	at, runs := arabicTeethTokens(word, ainTooth)
	if len(lt) != len(at) {
		return word, false
	}
	out, ri, changed := []rune(word), len(runs)-1, false
	// Replace from the last run back, so that earlier runs' positions stay valid.
	for k := len(at) - 1; k >= 0; k-- {
		l, a := lt[k], at[k]
		lRun, aRun := l[0] == '[', a[0] == '['
		if lRun != aRun || !lRun && l != a {
			return word, false
		}
		if !lRun {
			continue
		}
		r := runs[ri]
		ri--
		want := []rune(l[1:])
		switch n := r.end - r.start; {
		case n == len(want) && !strings.ContainsRune(string(out[r.start:r.end]), 'ع'):
			continue
		case abs(n-len(want)) > 1:
			return word, false // more than one tooth off: not a miscount
		}
		letters := make([]rune, len(want))
		for j, c := range want {
			letters[j] = toothClasses[c]
		}
		out = append(out[:r.start:r.start], append(letters, out[r.end:]...)...)
		changed = true
	}
	return string(out), changed
}

// latinTeethTokens is a Latin word's classes (geminates once, I as Y), each run of tooth
// classes one token "[…" and each other class a token of its own.
func latinTeethTokens(w string) []string {
	var toks []string
	for _, c := range latinClasses(strings.ReplaceAll(w, "I", "Y"), true) {
		if _, tooth := toothClasses[c]; tooth {
			if n := len(toks); n > 0 && toks[n-1][0] == '[' {
				toks[n-1] += string(c)
			} else {
				toks = append(toks, "["+string(c))
			}
			continue
		}
		toks = append(toks, string(c))
	}
	return toks
}

// toothRun is a run of teeth in a word, as rune positions [start, end).
type toothRun struct{ start, end int }

// arabicTeethTokens is an Arabic word's tokens as latinTeethTokens makes them (a run of teeth
// "[" and one class letter per tooth, each other letter its class); a letter without a class
// (alef, ain, ta marbuta) ends a run and makes no token, but ع counts as a tooth when
// ainTooth. It returns the runs' positions too.
func arabicTeethTokens(w string, ainTooth bool) ([]string, []toothRun) {
	var toks []string
	var runs []toothRun
	inRun := false
	for i, r := range []rune(w) {
		if strings.ContainsRune(teeth, r) || ainTooth && r == 'ع' {
			if inRun {
				toks[len(toks)-1] += arabicClass[r]
				runs[len(runs)-1].end = i + 1
			} else {
				toks = append(toks, "["+arabicClass[r])
				runs = append(runs, toothRun{i, i + 1})
				inRun = true
			}
			continue
		}
		inRun = false
		if c := arabicClass[r]; c != "" {
			toks = append(toks, c)
		}
	}
	return toks, runs
}
