package document

import "strings"

// arabicCaptionWords are the words of the Arabic captions of Moroccan names ("الاسم العائلي"
// surname, "الاسم الشخصي" given name, "النسب" family name). A caption printed beside its
// value on the same row is read with it: before it when it stands right of the name (Arabic
// reads right to left), after it when it stands left.
var arabicCaptionWords = []string{"الاسم", "الإسم", "اسم", "العائلي", "الشخصي", "النسب"}

// stripArabicCaption removes caption words at either end of an Arabic reading, forgiving one
// misread letter in a caption word of five letters or more ("العائتي"). A reading that is all
// caption (the caption was read instead of the name) leaves "".
func stripArabicCaption(s string) string {
	words := strings.Fields(s)
	// "الاسم" opens a two-word caption: the word after it is the caption's, however misread
	// ("الاسم العاننى الناصري"), when a name is left after both.
	if len(words) >= 3 && arabicCaptionHead(words[0]) {
		words = words[2:]
	}
	if n := len(words); n >= 3 && arabicCaptionHead(words[n-2]) {
		words = words[:n-2]
	}
	for len(words) > 0 && arabicCaptionWord(words[0]) {
		words = words[1:]
	}
	for len(words) > 0 && arabicCaptionWord(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// arabicCaptionHead: the first word of a two-word name caption.
func arabicCaptionHead(w string) bool {
	return w == "الاسم" || w == "الإسم" || w == "اسم"
}

func arabicCaptionWord(w string) bool {
	for _, c := range arabicCaptionWords {
		if w == c || len([]rune(c)) >= 5 && levenshtein(w, c) <= 1 {
			return true
		}
	}
	return false
}
