package mrz

// class is the alphabet a position of the MRZ may hold; it decides which OCR confusions a
// repair may try there.
type class uint8

const (
	classAlnum class = iota // document numbers, optional data: A–Z 0–9 <
	classDigit              // dates and check digits: 0–9 (< for unknown or empty)
	classAlpha              // codes, states, names: A–Z <
	classSex                // M F X <
)

// allowed reports whether c may appear at a position of class k.
func (k class) allowed(c byte) bool {
	switch k {
	case classDigit:
		return c >= '0' && c <= '9' || c == '<'
	case classAlpha:
		return c >= 'A' && c <= 'Z' || c == '<'
	case classSex:
		return c == 'M' || c == 'F' || c == 'X' || c == '<'
	}
	return charValue(c) >= 0
}

// letterToDigit holds the digits OCR engines return letters for, in OCR-B.
var letterToDigit = map[byte][]byte{
	'O': {'0'}, 'Q': {'0'}, 'D': {'0'}, 'U': {'0'},
	'I': {'1'}, 'L': {'1'},
	'Z': {'2'}, 'S': {'5'}, 'G': {'6'}, 'T': {'7'}, 'B': {'8'}, 'A': {'4'},
	'K': {'<'},
}

// digitToLetter is the reverse direction, for alphabetic fields.
var digitToLetter = map[byte][]byte{
	'0': {'O'}, '1': {'I'}, '2': {'Z'}, '4': {'A'}, '5': {'S'}, '6': {'G'}, '7': {'T'}, '8': {'B'},
}

// ambiguous lists, for alphanumeric fields, the characters a valid character may really be.
// Only the pairs OCR actually confuses on OCR-B. K/< is not here: both weigh 0 in a check digit,
// so no check can confirm that repair (see trailingK).
var ambiguous = map[byte][]byte{
	'0': {'O'}, 'O': {'0'}, 'D': {'0'}, 'Q': {'0'},
	'1': {'I'}, 'I': {'1'},
	'2': {'Z'}, 'Z': {'2'},
	'5': {'S'}, 'S': {'5'},
	'8': {'B'}, 'B': {'8'},
	'6': {'G'}, 'G': {'6'},
}

// forcedAlternatives returns the replacements for a character that is not allowed at a position
// of class k (a letter in a date, a digit in a name). Nil means it is allowed or unfixable.
func (k class) forcedAlternatives(c byte) []byte {
	if k.allowed(c) {
		return nil
	}
	switch k {
	case classDigit:
		return letterToDigit[c]
	case classAlpha:
		return digitToLetter[c]
	case classSex:
		if c == 'H' || c == 'N' {
			return []byte{'M'}
		}
		if c == 'E' || c == 'P' {
			return []byte{'F'}
		}
	}
	return nil
}

// optionalAlternatives returns what an allowed character at a position of class k may really be.
func (k class) optionalAlternatives(c byte) []byte {
	if !k.allowed(c) {
		return nil
	}
	if k == classAlnum {
		return ambiguous[c]
	}
	return nil
}
