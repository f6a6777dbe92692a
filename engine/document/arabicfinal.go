package document

import (
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
	rs := []rune(arabic)
	changed := false
	for i := 2; i < len(rs); i++ {
		if rs[i] != 'ه' || rs[i-1] == ' ' || rs[i-2] == ' ' || i < len(rs)-1 && rs[i+1] != ' ' {
			continue
		}
		l := latinWordFor(rs, i, latin)
		if strings.Contains(l, " ") || !strings.HasSuffix(l, "A") {
			continue // one Latin word for this word, ending in A
		}
		rs[i] = 'ة'
		changed = true
	}
	if !changed {
		return arabic
	}
	return string(rs)
}

// dropFinalTaMarbuta drops a word-final ة where the word's Latin spelling ends in a consonant
// other than T or H ("سعيدة" for SAID, a speck read as the ending): ة is said A, or AT where
// it is pronounced (NAJAT نجاة), and a Latin name ending in D or R has no such ending. The word
// keeps at least two letters.
func dropFinalTaMarbuta(arabic, latin string) string {
	rs := []rune(arabic)
	changed := false
	for i := 2; i < len(rs); i++ {
		if rs[i] != 'ة' || rs[i-1] == ' ' || rs[i-2] == ' ' || i < len(rs)-1 && rs[i+1] != ' ' {
			continue
		}
		l := latinWordFor(rs, i, latin)
		if last, _ := utf8.DecodeLastRuneInString(l); l == "" || strings.Contains(l, " ") || strings.ContainsRune("AEIOUYTH", last) {
			continue
		}
		rs = append(rs[:i], rs[i+1:]...)
		changed = true
	}
	if !changed {
		return arabic
	}
	return string(rs)
}

// finalYa dots a word-final ى (alef maqsura, said A: مصطفى MUSTAPHA, هدى HODA) where the word's
// Latin spelling ends in I: that ending is ي, whose two dots under it are the first print a
// blurred photo loses ("مهدى" for MEHDI, "العلوى" for ALAOUI).
func finalYa(arabic, latin string) string {
	rs := []rune(arabic)
	changed := false
	for i := 1; i < len(rs); i++ {
		if rs[i] != 'ى' || rs[i-1] == ' ' || i < len(rs)-1 && rs[i+1] != ' ' {
			continue
		}
		if l := latinWordFor(rs, i, latin); l == "" || strings.Contains(l, " ") || !strings.HasSuffix(l, "I") {
			continue
		}
		rs[i] = 'ي'
		changed = true
	}
	if !changed {
		return arabic
	}
	return string(rs)
}
