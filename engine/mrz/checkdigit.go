package mrz

// charValue is the ICAO 9303 value of an MRZ character: digits are themselves, A=10 … Z=35,
// the filler is 0. Anything else is -1.
func charValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c == '<':
		return 0
	}
	return -1
}

// CheckDigit computes the ICAO 9303 check digit (weights 7, 3, 1, sum mod 10) of s.
// It returns -1 when s holds a character outside the MRZ set.
func CheckDigit(s string) int {
	return checkBytes(func(yield func(byte) bool) {
		for i := 0; i < len(s); i++ {
			if !yield(s[i]) {
				return
			}
		}
	})
}

// checkBytes is the check digit over a sequence of characters (so spans on several lines can be
// summed without concatenating them).
func checkBytes(seq func(yield func(byte) bool)) int {
	weights := [3]int{7, 3, 1}
	sum, i, bad := 0, 0, false
	seq(func(c byte) bool {
		v := charValue(c)
		if v < 0 {
			bad = true
			return false
		}
		sum += v * weights[i%3]
		i++
		return true
	})
	if bad {
		return -1
	}
	return sum % 10
}

// digitMatches reports whether the printed check character c stands for value v. The filler
// counts as 0: ICAO allows `<` as the check of an all-filler field.
func digitMatches(c byte, v int) bool {
	if v < 0 {
		return false
	}
	if c == '<' {
		return v == 0
	}
	return c >= '0' && c <= '9' && int(c-'0') == v
}
