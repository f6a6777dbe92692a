package mrz

import "strings"

// Format names an MRZ layout; the values are the API's `format` enum.
type Format string

const (
	TD1  Format = "TD1"   // 3×30, ID cards
	TD2  Format = "TD2"   // 2×36, ID cards
	TD3  Format = "TD3"   // 2×44, passports
	MRVA Format = "MRVA"  // 2×44, visas
	MRVB Format = "MRVB"  // 2×36, visas
	FRID Format = "FR_ID" // 2×36, French identity card 1988–2021 (not ICAO)
	FRDL Format = "FR_DL" // 1×30, French driving licence (EU model 2013)
)

// shape is the line geometry of a format.
func (f Format) shape() (lines, width int) {
	switch f {
	case TD1:
		return 3, 30
	case TD2, MRVB, FRID:
		return 2, 36
	case TD3, MRVA:
		return 2, 44
	case FRDL:
		return 1, 30
	}
	return 0, 0
}

// formatsFor lists the formats with this geometry, most likely first given the first line.
func formatsFor(lines []string) []Format {
	if len(lines) == 0 {
		return nil
	}
	first := lines[0]
	switch {
	case len(lines) == 3 && len(first) == 30:
		return []Format{TD1}
	case len(lines) == 1 && len(first) == 30:
		return []Format{FRDL}
	case len(lines) == 2 && len(first) == 44:
		switch first[0] {
		case 'P':
			return []Format{TD3}
		case 'V':
			return []Format{MRVA}
		}
		return []Format{TD3, MRVA}
	case len(lines) == 2 && len(first) == 36:
		switch {
		case first[0] == 'V':
			return []Format{MRVB}
		case strings.HasPrefix(first, "IDFRA"):
			return []Format{FRID, TD2}
		}
		return []Format{TD2}
	}
	return nil
}
