package document

import (
	"slices"
	"strings"
)

func slicesSort(s []string) { slices.Sort(s) }

// Latin and Arabic spellings of a Moroccan name are compared by their consonant skeletons:
// each Arabic letter and each Latin consonant (or French digraph) maps to a sound class, vowels
// are dropped (short vowels are not written in Arabic), and the skeletons must be close.
var arabicClass = map[rune]string{
	'ب': "B", 'ت': "T", 'ث': "T", 'ج': "J", 'ح': "H", 'خ': "X", 'د': "D", 'ذ': "D", 'ر': "R",
	'ز': "Z", 'س': "S", 'ش': "C", 'ص': "S", 'ض': "D", 'ط': "T", 'ظ': "D", 'ع': "", 'غ': "G",
	'ف': "F", 'ق': "K", 'ك': "K", 'ل': "L", 'م': "M", 'ن': "N", 'ه': "H", 'ة': "", 'و': "W",
	'ي': "Y", 'ى': "", 'ا': "", 'أ': "", 'إ': "", 'آ': "", 'ء': "", 'ئ': "", 'ؤ': "",
}

// latinDigraphs come first: French transcription writes one Arabic sound with two letters.
// A C before E, I or Y is soft in French, an S (NACIRI الناصري, LAHCEN لحسن); CH is read
// before it. KH is خ alone, a class of its own (X): K and Q are ك and ق, whose loop Tesseract
// reads for خ's cup and back ("قديجة" for KHADIJA).
var latinDigraphs = []struct{ from, to string }{
	{"KH", "x"}, {"CH", "c"}, {"SH", "c"}, {"CE", "SE"}, {"CI", "SI"}, {"CY", "SY"}, {"GH", "G"}, {"OU", "W"},
	{"DJ", "J"}, {"TH", "T"}, {"DH", "D"},
}

var latinClass = map[rune]string{
	'B': "B", 'C': "K", 'D': "D", 'F': "F", 'G': "G", 'H': "H", 'J': "J", 'K': "K", 'L': "L", 'M': "M",
	'N': "N", 'P': "B", 'Q': "K", 'R': "R", 'S': "S", 'T': "T", 'V': "F", 'W': "W", 'X': "KS", 'Y': "Y", 'Z': "Z",
	'c': "C", // CH and SH (latinDigraphs): ش, not the K of a lone C
	'x': "X", // KH (latinDigraphs): خ
}

// arabicSkeleton drops the article "ال" at the start of each word (written EL or not at all).
func arabicSkeleton(s string) string {
	return squeeze(dropVowelLetters.Replace(arabicConsonants(s)))
}

// arabicConsonants is the classes of an Arabic name's letters in order, each letter counted
// (no squeeze), the article "ال" at the start of a word left out.
func arabicConsonants(s string) string { return arabicClassesWith(s, nil) }

// arabicClassesWith is arabicConsonants with the classes of extra taking precedence (the
// alef's A for dropSilentAlef).
func arabicClassesWith(s string, extra map[rune]string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		w = strings.TrimPrefix(w, "ال")
		for _, r := range w {
			if c, ok := extra[r]; ok {
				b.WriteString(c)
				continue
			}
			b.WriteString(arabicClass[r])
		}
	}
	return b.String()
}

// dropVowelLetters: W, Y and H stand for long vowels as often as for consonants, so both
// skeletons drop them.
var dropVowelLetters = strings.NewReplacer("W", "", "Y", "", "H", "")

func latinSkeleton(s string) string {
	return squeeze(dropVowelLetters.Replace(latinClasses(s, false)))
}

// latinClasses is the classes of a Latin name's consonants in order (French digraphs first),
// the article "EL"/"AL" left out; with geminates, a letter written twice ("NN" in BENNANI) is
// counted once before the digraphs are read.
func latinClasses(s string, geminates bool) string { return latinClassesWith(s, geminates, nil) }

// latinClassesWith is latinClasses with the classes of extra taking precedence after the
// digraphs are read (the vowels an Arabic letter writes, for dropSilentAlef).
func latinClassesWith(s string, geminates bool, extra map[rune]string) string {
	var b strings.Builder
	for _, w := range strings.Fields(NormalizeName(s)) {
		if w == "EL" || w == "AL" {
			continue
		}
		if geminates {
			w = squeeze(w)
		}
		for _, d := range latinDigraphs {
			w = strings.ReplaceAll(w, d.from, d.to)
		}
		for _, r := range w {
			if c, ok := extra[r]; ok {
				b.WriteString(c)
				continue
			}
			b.WriteString(latinClass[r])
		}
	}
	return b.String()
}

// squeeze collapses doubled letters (gemination is not written in Arabic without vowels).
func squeeze(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if i == 0 || s[i] != s[i-1] {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// TranslitMatch reports whether a Latin and an Arabic spelling plausibly name the same person.
func TranslitMatch(latin, arabic string) bool {
	l, a := latinSkeleton(latin), arabicSkeleton(arabic)
	if l == "" || a == "" {
		return true // nothing to compare
	}
	return levenshtein(l, a) <= max(1, len(l)/4)
}
