package engine

import (
	"testing"

	"github.com/kycd/kycd/engine/document"
)

func TestPrintedMisread(t *testing.T) {
	for _, tt := range []struct {
		printed, read, want string
		ok                  bool
	}{
		{"GARC IA", "GARCIA", "GARCIA", true},             // a letter space read as a break
		{"BOU ZI DI", "BOUZIDI", "BOUZIDI", true},         // two of them
		{"EL ID RISSI", "EL IDRISSI", "EL IDRISSI", true}, // the name's own break is kept
		{"HÉ LÈNE", "HELENE", "HÉLÈNE", true},             // the printed accents stay
		{"ETIT", "PETIT", "PETIT", true},                  // the first letter lost
		{"MARTI", "MARTIN", "MARTIN", true},               // the last one
		{"LODIE", "ELODIE", "ELODIE", true},               //
		{"GARCIA", "GARCIA", "GARCIA", false},             // nothing to mend
		{"JEAN-PIERRE", "JEAN PIERRE", "JEAN-PIERRE", false},
		{"ELIDRISSI", "EL IDRISSI", "ELIDRISSI", false}, // a break lost is not one too many
		{"PETT", "PETIT", "PETT", false},                // an inner letter: not an edge lost
		{"ET", "PET", "ET", false},                      // too little left to name anyone
		{"MARTIN", "MARTINEZ", "MARTIN", false},         // another name
		{"GARC IA", "GARCIAS", "GARC IA", false},
		{"» ETIT", "PETIT", "» ETIT", false}, // a mark read beside it: not a name's runes
	} {
		got, ok := printedMisread(tt.printed, tt.read)
		if got != tt.want || ok != tt.ok {
			t.Errorf("printedMisread(%q, %q) = %q, %v; want %q, %v", tt.printed, tt.read, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzPrintedMisread: whatever the printed reading, a mended one spells the MRZ's name.
func FuzzPrintedMisread(f *testing.F) {
	for _, s := range [][2]string{{"GARC IA", "GARCIA"}, {"ETIT", "PETIT"}, {"É LÉA", "ELEA"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, printed, read string) {
		read = humanName(read)
		if read == "" || !isASCII(read) {
			return
		}
		if got, ok := printedMisread(printed, read); ok && document.NormalizeName(got) != read {
			t.Errorf("printedMisread(%q, %q) = %q, which does not spell it", printed, read, got)
		}
	})
}
