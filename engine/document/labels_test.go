package document

import (
	"strings"
	"testing"
)

func TestMatchLabelOCRSpacing(t *testing.T) {
	tests := []struct {
		text, docType string
		field         string // "" when no caption should match
		tokens        int
	}{
		{"Nom BENNANI", "cin", "last_name", 1},
		{"Né(e) le 01.01.1985", "cin", "date_of_birth", 3},
		{"Néle 01.01.1985", "permit", "date_of_birth", 1},       // space lost by OCR
		{"Pré nom RACHID", "cin", "first_name", 2},              // space added by OCR
		{"Permis N° 3/524493", "permit", "document_number", 2},  //
		{"3/524493", "permit", "", 0},                           // a value, not caption "3."
		{"3. 01.01.1985 PARIS", "permit", "birth_and_place", 1}, //
		{"PERMIS DE CONDUIRE", "permit", "", 0},                 // not "permis n"
		{"Date de délivrance / Date of issue", "passport", "issue_date", 6},
		{"à OUJDA", "cin", "place_of_birth", 1},
		{"à. TOULOUSE", "cni", "place_of_birth", 1}, // a speck read as a full stop (trimDots)
		{"Ne", "cin", "date_of_birth", 1},           // "Né(e) le" with its end lost
		{"5. 16/225179", "permit", "document_number", 1},
		{"Lieu de naissance AGADIR", "permit", "place_of_birth", 3}, //
		{"Permis v°: 78/940203", "permit", "document_number", 2},    // "N°" read "v°"
		{"PERMIS vw: 46/550521", "permit", "document_number", 2},    // and "vw"
		{"PERMIS we: 9/752239", "permit", "document_number", 2},     // and "we"
		{"Permis \\° : 60/483180", "permit", "document_number", 1},  // the sign read "\\°": "permis" alone
		{"von HAJJI", "cin", "last_name", 1},                        // "NOM" in a monospaced font (nomReads)
		{"Non BERRADA", "cin", "last_name", 1},                      // "Nom" with its m misread
		{"Non de famille", "cni", "last_name", 3},
		{"vou : CHRAIBI", "cin", "last_name", 1},                             // nomReads
		{"Noe", "permit", "last_name", 1},                                    // a blurred "Nom" over its value
		{"hom", "permit", "last_name", 1},                                    // and its N read h
		{"eu de naissance KENITRA", "residence_card", "place_of_birth", 3},   // "Li" lost (lostStart)
		{"Ued de naissance / Plate pf Dirth", "cni", "birth", 3},             // the first word misread
		{"Ued de naissance STRASBOURG", "cni", "birth", 3},                   //
		{"Une journée de naissance", "cni", "", 0},                           // not three caption words
		{"jeu de näaissanc", "residence_card", "place_of_birth", 3},          // and one letter misread
		{"te de naissance 01.01.1985", "residence_card", "date_of_birth", 3}, // "Da" lost
		{"DE NAISSANC AGADIR", "residence_card", "birth", 2},                 // the first word lost: the value tells
		{"Date de dél 1vranc", "residence_card", "issue_date", 4},            // 1 for i (captionLetters)
		{"Date of 15 sue", "cni", "issue_date", 4},                           // 15 for is
		{"Date de delvran Date ssue", "cni", "issue_date", 3},                // its end lost (lostEnd)
		{"Date de naiss 01.01.1985", "cni", "date_of_birth", 3},              // a caption's own cut
		{"Date de deli", "cni", "", 0},                                       // too little left
		{"eu de BENNANI", "cin", "", 0},                                      // two caption words are too few
		{"MAROC 10 10 1980", "passport", "", 0},
		{"Lieu de naissancePiace of birth", "cni", "place_of_birth", 6}, // the slash lost: splitCamel
		{"NOM MOHAMeD", "cin", "last_name", 1},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, toks := tokenize(tt.text)
			norms := make([]string, len(toks))
			for i, tk := range toks {
				norms[i] = tk.norm
			}
			m, ok := matchLabel(norms, tt.docType)
			if tt.field == "" {
				if ok && m.field != "ignore" {
					t.Fatalf("matched %+v in %q", m, strings.Join(norms, " "))
				}
				return
			}
			if !ok || m.field != tt.field || m.tokens != tt.tokens {
				t.Fatalf("got %+v %v, want %s/%d", m, ok, tt.field, tt.tokens)
			}
		})
	}
}

// TestCleanNumber: the marks a number sign was read as do not stay in front of the number.
func TestCleanNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"60/483180", "60/483180"},
		{"\\° : 60/483180", "60/483180"}, // "N°" read "\°" in the value after "Permis"
		{": AB123456", "AB123456"},
		{"CX0242391", "CX0242391"},
		{"° :", ""},
		{"CONDUIRE", ""}, // a word is no number
	}
	for _, tt := range tests {
		if got := cleanNumber(tt.in); got != tt.want {
			t.Errorf("cleanNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
