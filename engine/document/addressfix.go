package document

import (
	"strings"
	"unicode"
)

// An address is printed in capitals and digits, and two of its parts are misread in ways the
// rest of the line can mend: the house number's digits read as the letters they resemble
// ("A1 RUE PASTEUR" for 41), and a king's ordinal after his name read with a final L
// ("AVENUE HASSAN IL" for HASSAN II; Moroccan streets are named after Hassan II and
// Mohammed V and VI). Two more are mended by the words around them: a house number cut in two
// at a wide digit space ("3 1 RUE PASTEUR" for 31), and an O read as a zero inside a word
// ("AL Q0DS"; post codes and numbers are digits only). A mark read before it is dropped.

// cleanAddress upper-cases and spaces an address and mends those misreads.
func cleanAddress(s string) string {
	words := strings.Fields(strings.ToUpper(s))
	// A mark read before the address ("| 57 AVENUE…", the card's edge or a speck) is no part
	// of it: an address starts with a number or a word.
	for len(words) > 1 && strings.IndexFunc(words[0], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		words = words[1:]
	}
	if len(words) == 0 {
		return ""
	}
	if len(words) >= 3 && shortNumber(words[0]) && shortNumber(words[1]) && streetTypes[words[2]] {
		words = append([]string{words[0] + words[1]}, words[2:]...)
	}
	words[0] = houseNumber(words[0])
	for i := 1; i < len(words); i++ {
		if prev := words[i-1]; words[i] == "IL" && letters(prev) == len(prev) && len(prev) >= 3 && !streetTypes[prev] {
			words[i] = "II"
		}
		words[i] = zeroInWord(words[i])
	}
	return strings.Join(words, " ")
}

// shortNumber: w is one or two digits.
func shortNumber(w string) bool {
	return len(w) >= 1 && len(w) <= 2 && strings.Trim(w, "0123456789") == ""
}

// zeroInWord reads the zeros of w as O when every other character of it is a letter, two at
// least ("Q0DS" → "QODS"); any other word is kept as it is.
func zeroInWord(w string) string {
	if !strings.Contains(w, "0") || letters(w) < 2 || letters(w)+strings.Count(w, "0") != len([]rune(w)) {
		return w
	}
	return strings.ReplaceAll(w, "0", "O")
}

// streetTypes are the words naming a kind of street, which no ordinal follows.
var streetTypes = map[string]bool{"RUE": true, "AVENUE": true, "AV": true, "BD": true, "BOULEVARD": true,
	"ALLEE": true, "ALLÉE": true, "IMPASSE": true, "PLACE": true, "ROUTE": true, "CHEMIN": true, "QUARTIER": true,
	"HAY": true, "LOT": true, "RESIDENCE": true, "RÉSIDENCE": true, "DERB": true, "QUAI": true, "COURS": true}

// houseNumber turns w into digits when it holds a digit and every other character reads as a
// digit's lookalike (digitLetters, and A for 4: the house number's print is large, and its 4
// closes into an A), unless it is a number followed by A, B or D, the way a building is
// lettered ("3A", "12B"; "1O" is 10).
func houseNumber(w string) string {
	fixed := digitLetters.Replace(strings.ReplaceAll(w, "A", "4"))
	rs := []rune(w)
	if fixed == w || strings.IndexFunc(w, unicode.IsDigit) < 0 || strings.IndexFunc(fixed, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0 {
		return w
	}
	if strings.ContainsRune("ABD", rs[len(rs)-1]) && strings.IndexFunc(string(rs[:len(rs)-1]), func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
		return w // "3A", "12B"
	}
	return fixed
}
