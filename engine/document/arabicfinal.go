package document

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// ة (ta marbuta) ends most Moroccan women's names (سميرة SAMIRA, نورة NORA) and is ه with two
// dots: the model reads its loop as ه, or twice. The skeletons cannot tell, as both drop H
// (translit.go); the Latin word's ending can: its final A is the ة.

// dropLoopBeforeTaMarbuta drops the ه of a word-final "هة" — ة is ه with two dots, and the
// model reads its loop twice ("نورهة" for "نورة") — unless the word's Latin spelling has an H
// of its own (NAZIHA is نزيهة), not one of a digraph (KH, CH, SH, GH, TH, DH).
func dropLoopBeforeTaMarbuta(arabic, latin string) string {
	rs := []rune(arabic)
	changed := false
	for i := 2; i < len(rs); i++ {
		if rs[i-1] != 'ه' || rs[i] != 'ة' || rs[i-2] == ' ' || i < len(rs)-1 && rs[i+1] != ' ' {
			continue
		}
		l := latinWordFor(rs, i, latin)
		for _, d := range []string{"KH", "CH", "SH", "GH", "TH", "DH"} {
			l = strings.ReplaceAll(l, d, "")
		}
		if l == "" || strings.Contains(l, "H") {
			continue
		}
		rs = append(rs[:i-1], rs[i:]...)
		changed = true
	}
	if !changed {
		return arabic
	}
	return string(rs)
}

// finalTaMarbuta turns a word-final ه into ة where the word's Latin spelling ends in A, not
// AH (ABDALLAH is عبد الله), and the Arabic word has at least three letters (TAHA is طه).
func finalTaMarbuta(arabic, latin string) string {
	return mendWordEnd(arabic, latin, 'ه', 3, func(l string) (rune, bool) {
		return 'ة', strings.HasSuffix(l, "A") // one Latin word for this word, ending in A
	})
}

// dropFinalTaMarbuta drops a word-final ة where the word's Latin spelling ends in a consonant
// other than T or H ("سعيدة" for SAID, a speck read as the ending): ة is said A, or AT where
// it is pronounced (NAJAT نجاة), and a Latin name ending in D or R has no such ending. The word
// keeps at least two letters.
func dropFinalTaMarbuta(arabic, latin string) string {
	return mendWordEnd(arabic, latin, 'ة', 3, func(l string) (rune, bool) {
		last, _ := utf8.DecodeLastRuneInString(l)
		return 0, !strings.ContainsRune("AEIOUYTH", last)
	})
}

// finalYa dots a word-final ى (alef maqsura, said A: مصطفى MUSTAPHA, هدى HODA) where the word's
// Latin spelling ends in I: that ending is ي, whose two dots under it are the first print a
// blurred photo loses ("مهدى" for MEHDI, "العلوى" for ALAOUI).
func finalYa(arabic, latin string) string {
	return mendWordEnd(arabic, latin, 'ى', 2, func(l string) (rune, bool) { return 'ي', strings.HasSuffix(l, "I") })
}

// missingFinalYa adds the ي a word's Latin spelling ends with (I, said as the long vowel:
// MEHDI مهدي, ALAOUI العلوي) where the Arabic word ends in another letter: a word's last
// letter is its leftmost, the one a tight crop or a blur at the run's end loses ("مهد"). The
// skeleton cannot see it, as it drops ي. Only a reading whose skeleton agrees with the Latin
// is mended: beside a misread Latin ("ADI" for ADIL), "عادل" is no name missing its ي.
func missingFinalYa(arabic, latin string) string {
	if latin == "" || skeletonDistance(latin, arabic) != 0 {
		return arabic
	}
	words := strings.Fields(arabic)
	rs := []rune(strings.Join(words, " "))
	changed := false
	at := 0 // rune index of the current word's end in rs
	for k, w := range words {
		wr := []rune(w)
		at += len(wr)
		l := latinWordFor(rs, at-1, latin)
		if len(wr) >= 2 && l != "" && !strings.Contains(l, " ") && strings.HasSuffix(l, "I") && !strings.HasSuffix(l, "AI") &&
			!strings.ContainsRune("يىئ", wr[len(wr)-1]) {
			words[k] = w + "ي"
			changed = true
		}
		at++ // the space
	}
	if !changed {
		return arabic
	}
	return strings.Join(words, " ")
}

// finalAlefMaqsura undots a word-final ي where the word's Latin spelling ends in A, not IA or
// YA: that ending is ى (هدى HOUDA, سلمى SALMA, ليلى LAILA), and a speck under the blurred
// stroke reads as ي's two dots ("هدي"); ي at a word's end is said I. A speck over it reads as
// a hamza ("ليلئ"): ئ ends no name said A either.
func finalAlefMaqsura(arabic, latin string) string {
	saidA := func(l string) (rune, bool) {
		return 'ى', strings.HasSuffix(l, "A") && !strings.HasSuffix(l, "IA") && !strings.HasSuffix(l, "YA")
	}
	return mendWordEnd(mendWordEnd(arabic, latin, 'ي', 2, saidA), latin, 'ئ', 2, saidA)
}

// finalDal turns a word-final ق into د where the word's Latin spelling ends in D: a blurred
// د's hook is read as ق's bowl ("أحمق" for AHMED), and a Latin D is never ق (said Q, K or G).
func finalDal(arabic, latin string) string {
	return mendWordEnd(arabic, latin, 'ق', 3, func(l string) (rune, bool) { return 'د', strings.HasSuffix(l, "D") })
}

// mendWordEnd replaces letter where it ends a word of at least minLen letters and the word's
// Latin spelling is one word for which mend says so: by the rune mend returns, or by nothing
// when that is 0.
func mendWordEnd(arabic, latin string, letter rune, minLen int, mend func(latinWord string) (rune, bool)) string {
	rs := []rune(arabic)
	changed := false
	for i := minLen - 1; i < len(rs); i++ {
		if rs[i] != letter || i < len(rs)-1 && rs[i+1] != ' ' || slices.Contains(rs[i-minLen+1:i], ' ') {
			continue
		}
		l := latinWordFor(rs, i, latin)
		if l == "" || strings.Contains(l, " ") {
			continue
		}
		r, ok := mend(l)
		if !ok {
			continue
		}
		if r == 0 {
			rs = slices.Delete(rs, i, i+1)
		} else {
			rs[i] = r
		}
		changed = true
	}
	if !changed {
		return arabic
	}
	return string(rs)
}
