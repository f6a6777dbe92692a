package document

import (
	"image"
	"testing"
)

// TestExtractLayouts: values found by the layout around their captions.
func TestExtractLayouts(t *testing.T) {
	tests := []struct {
		name    string
		docType string
		segs    []Segment
		field   string
		want    string
	}{
		{"monospaced address cut at its word spaces, under its caption", "cin", []Segment{
			{Box: image.Rect(67, 170, 119, 180), Text: "ADRESSE", Line: 0, Conf: 0.96},
			{Box: image.Rect(67, 195, 107, 212), Text: "204", Line: 1, Conf: 0.96},
			{Box: image.Rect(124, 195, 164, 212), Text: "RUE", Line: 1, Conf: 0.96},
			{Box: image.Rect(181, 195, 420, 213), Text: "IBN BATOUTA NADOR", Line: 1, Conf: 0.91},
			{Box: image.Rect(67, 265, 144, 276), Text: "ETAT CIVIL", Line: 2, Conf: 0.97},
		}, "address", "204 RUE IBN BATOUTA NADOR"},
		{"address beside its caption, a field far off on the row", "cin", []Segment{
			{Box: image.Rect(50, 208, 134, 220), Text: "ADRESSE", Line: 0, Conf: 0.96},
			{Box: image.Rect(155, 199, 204, 221), Text: "110", Line: 0, Conf: 0.95},
			{Box: image.Rect(226, 199, 277, 221), Text: "RUE", Line: 0, Conf: 0.97},
			{Box: image.Rect(299, 199, 494, 221), Text: "IBN BATOUTA", Line: 0, Conf: 0.90},
			{Box: image.Rect(700, 199, 800, 221), Text: "CASABLANCA", Line: 0, Conf: 0.96},
		}, "address", "110 RUE IBN BATOUTA"},
		{"two-line address", "cni", []Segment{
			{Box: image.Rect(52, 55, 222, 71), Text: "Adresse / Address", Line: 0, Conf: 0.94},
			{Box: image.Rect(53, 89, 301, 110), Text: "90 RUE PASTEUR", Line: 1, Conf: 0.96},
			{Box: image.Rect(53, 122, 221, 143), Text: "90559 NICE", Line: 2, Conf: 0.96},
			{Box: image.Rect(53, 162, 374, 178), Text: "Date de délivrance / Date of issue", Line: 3, Conf: 0.95},
			{Box: image.Rect(54, 196, 217, 217), Text: "18 09 2020", Line: 4, Conf: 0.96},
		}, "address", "90 RUE PASTEUR 90559 NICE"},
		{"two-line address, the first with an accent", "cni", []Segment{
			{Box: image.Rect(47, 76, 199, 90), Text: "Adresse/Address", Line: 0, Conf: 0.91},
			{Box: image.Rect(48, 100, 344, 127), Text: "98 PLACE DU MARCHÉ", Line: 1, Conf: 0.96},
			{Box: image.Rect(48, 139, 128, 159), Text: "04063", Line: 2, Conf: 0.96},
			{Box: image.Rect(148, 138, 278, 159), Text: "TOULOUSE", Line: 2, Conf: 0.96},
			{Box: image.Rect(49, 177, 347, 192), Text: "Date de délivrance/Date of issue", Line: 3, Conf: 0.94},
		}, "address", "98 PLACE DU MARCHÉ 04063 TOULOUSE"},
		{"two-line address, the accent within the digits' height", "cni", []Segment{
			{Box: image.Rect(48, 94, 212, 107), Text: "ADRESSE / Address", Line: 0, Conf: 0.96},
			{Box: image.Rect(51, 118, 473, 147), Text: "117 PLACE DU MARCHÉ", Line: 1, Conf: 0.96},
			{Box: image.Rect(49, 160, 274, 189), Text: "06533 DIJON", Line: 2, Conf: 0.96},
			{Box: image.Rect(49, 202, 365, 215), Text: "DATE DE DÉLIVRANCE / Date of issue", Line: 3, Conf: 0.91},
		}, "address", "117 PLACE DU MARCHÉ 06533 DIJON"},
		{"caption print under an address is not its second line", "cni", []Segment{
			{Box: image.Rect(47, 76, 199, 90), Text: "Adresse/Address", Line: 0, Conf: 0.91},
			{Box: image.Rect(48, 100, 344, 127), Text: "98 PLACE DU MARCHÉ", Line: 1, Conf: 0.96},
			{Box: image.Rect(48, 139, 128, 153), Text: "ÉTAT", Line: 2, Conf: 0.96},
		}, "address", "98 PLACE DU MARCHÉ"},
		{"stacked given names, the second accented", "cni", []Segment{
			{Box: image.Rect(32, 252, 228, 270), Text: "PRÉNOMS / Given names", Line: 0, Conf: 0.93},
			{Box: image.Rect(32, 284, 110, 304), Text: "JULIE", Line: 1, Conf: 0.96},
			{Box: image.Rect(130, 279, 175, 304), Text: "LÉA", Line: 1, Conf: 0.92},
		}, "first_name", "JULIE LÉA"},
		{"the issue date under the two-line address stays its own", "cni", []Segment{
			{Box: image.Rect(52, 55, 222, 71), Text: "Adresse / Address", Line: 0, Conf: 0.94},
			{Box: image.Rect(53, 89, 301, 110), Text: "90 RUE PASTEUR", Line: 1, Conf: 0.96},
			{Box: image.Rect(53, 122, 221, 143), Text: "90559 NICE", Line: 2, Conf: 0.96},
			{Box: image.Rect(53, 162, 374, 178), Text: "Date de délivrance / Date of issue", Line: 3, Conf: 0.95},
			{Box: image.Rect(54, 196, 217, 217), Text: "18 09 2020", Line: 4, Conf: 0.96},
		}, "issue_date", "2020-09-18"},
		{"the line under an address is not taken when it is a date", "cin", []Segment{
			{Box: image.Rect(52, 55, 222, 71), Text: "Adresse", Line: 0, Conf: 0.94},
			{Box: image.Rect(53, 89, 401, 110), Text: "12 RUE DE FES RABAT", Line: 1, Conf: 0.96},
			{Box: image.Rect(53, 122, 221, 143), Text: "12.03.2020", Line: 2, Conf: 0.96},
		}, "address", "12 RUE DE FES RABAT"},
		{"surname cut at its word space", "permit", []Segment{
			{Box: image.Rect(356, 164, 430, 186), Text: "1. LE", Line: 0, Conf: 0.96},
			{Box: image.Rect(450, 164, 525, 186), Text: "GALL", Line: 0, Conf: 0.95},
		}, "last_name", "LE GALL"},
		{"licence field 3 cut inside its date", "permit", []Segment{
			{Box: image.Rect(355, 245, 472, 267), Text: "3. 08.10", Line: 0, Conf: 0.96},
			{Box: image.Rect(494, 245, 734, 268), Text: "1960 MARSEILLE", Line: 0, Conf: 0.94},
		}, "place_of_birth", "MARSEILLE"},
		{"licence field 3 cut at both dots of its date (monospaced)", "permit", []Segment{
			{Box: image.Rect(398, 283, 421, 299), Text: "3.", Line: 0, Conf: 0.75},
			{Box: image.Rect(440, 275, 474, 299), Text: "12", Line: 0, Conf: 0.96},
			{Box: image.Rect(499, 275, 533, 299), Text: "12", Line: 0, Conf: 0.97},
			{Box: image.Rect(558, 274, 769, 299), Text: "1972 NANTES", Line: 0, Conf: 0.96},
		}, "date_of_birth", "1972-12-12"},
		{"licence field 3, its place set apart from the date", "permit", []Segment{
			{Box: image.Rect(384, 257, 588, 279), Text: "3. 08.04.2003", Line: 0, Conf: 0.97},
			{Box: image.Rect(610, 258, 692, 279), Text: "PARIS", Line: 0, Conf: 0.96},
			{Box: image.Rect(383, 304, 600, 326), Text: "4a. 26.04.2018", Line: 1, Conf: 0.94},
		}, "place_of_birth", "PARIS"},
		{"licence field 3 cut inside its date, its place set apart", "permit", []Segment{
			{Box: image.Rect(338, 282, 400, 305), Text: "3. 05", Line: 0, Conf: 0.95},
			{Box: image.Rect(424, 282, 544, 305), Text: "10.1967", Line: 0, Conf: 0.90},
			{Box: image.Rect(566, 282, 652, 304), Text: "PARIS", Line: 0, Conf: 0.96},
		}, "place_of_birth", "PARIS"},
		{"licence field 3's date stays when a number follows it", "permit", []Segment{
			{Box: image.Rect(384, 257, 588, 279), Text: "3. 08.04.2003", Line: 0, Conf: 0.97},
			{Box: image.Rect(610, 258, 692, 279), Text: "75B12", Line: 0, Conf: 0.96},
		}, "date_of_birth", "2003-04-08"},
		{"the place beside the birth date, without a caption", "cin", []Segment{
			{Box: image.Rect(381, 386, 464, 408), Text: "NÉ(E) LE", Line: 0, Conf: 0.95},
			{Box: image.Rect(382, 421, 560, 445), Text: "19.03.2000", Line: 1, Conf: 0.96},
			{Box: image.Rect(626, 421, 756, 445), Text: "TANGER", Line: 1, Conf: 0.96},
			{Box: image.Rect(379, 471, 571, 490), Text: "VALABLE JUSQU'AU", Line: 2, Conf: 0.90},
		}, "place_of_birth", "TANGER"},
		{"beside the birth date, another caption's value is no place", "residence_card", []Segment{
			{Box: image.Rect(381, 386, 464, 408), Text: "NÉ(E) LE", Line: 0, Conf: 0.95},
			{Box: image.Rect(626, 386, 756, 408), Text: "NATIONALITÉ", Line: 0, Conf: 0.95},
			{Box: image.Rect(382, 421, 560, 445), Text: "19.03.2000", Line: 1, Conf: 0.96},
			{Box: image.Rect(626, 421, 756, 445), Text: "MAROCAINE", Line: 1, Conf: 0.96},
		}, "place_of_birth", ""},
		{"bilingual caption cut in runs, its tail beside it", "passport", []Segment{
			{Box: image.Rect(420, 536, 655, 549), Text: "Lieu de naissance/Place", Line: 0, Conf: 0.96},
			{Box: image.Rect(669, 536, 748, 548), Text: "of birth", Line: 0, Conf: 0.91},
			{Box: image.Rect(420, 567, 649, 589), Text: "STRASBOURG", Line: 1, Conf: 0.95},
		}, "place_of_birth", "STRASBOURG"},
		{"value beside a bilingual caption's tail", "cni", []Segment{
			{Box: image.Rect(42, 113, 184, 125), Text: "Date de délivrance", Line: 0, Conf: 0.96},
			{Box: image.Rect(201, 112, 254, 124), Text: "Date of", Line: 0, Conf: 0.96},
			{Box: image.Rect(263, 115, 300, 124), Text: "issue", Line: 0, Conf: 0.64},
			{Box: image.Rect(332, 104, 491, 125), Text: "11.10.2022", Line: 0, Conf: 0.95},
		}, "issue_date", "2022-10-11"},
		{"value beside a caption split in runs, then its tail", "residence_card", []Segment{
			{Box: image.Rect(48, 217, 90, 232), Text: "DATE", Line: 0, Conf: 0.96},
			{Box: image.Rect(99, 217, 227, 232), Text: "DE DÉLIVRANCE", Line: 0, Conf: 0.92},
			{Box: image.Rect(240, 220, 298, 233), Text: "/ Date", Line: 0, Conf: 0.94},
			{Box: image.Rect(310, 220, 327, 232), Text: "of", Line: 0, Conf: 0.96},
			{Box: image.Rect(342, 223, 396, 232), Text: "issue:", Line: 0, Conf: 0.03},
			{Box: image.Rect(413, 211, 573, 235), Text: "23/02/2023", Line: 0, Conf: 0.96},
		}, "issue_date", "2023-02-23"},
		{"caption in four runs, a word cut in two, value under it", "cni", []Segment{
			{Box: image.Rect(62, 187, 109, 201), Text: "Date", Line: 0, Conf: 0.97},
			{Box: image.Rect(126, 186, 149, 200), Text: "de", Line: 0, Conf: 0.97},
			{Box: image.Rect(165, 186, 196, 200), Text: "dél", Line: 0, Conf: 0.89},
			{Box: image.Rect(207, 190, 290, 200), Text: "ivrance", Line: 0, Conf: 0.35},
			{Box: image.Rect(309, 186, 498, 201), Text: "/ Date of issue", Line: 0, Conf: 0.94},
			{Box: image.Rect(63, 217, 241, 240), Text: "19 03 2016", Line: 1, Conf: 0.95},
		}, "issue_date", "2016-03-19"},
		{"caption in three runs, value under it", "residence_card", []Segment{
			{Box: image.Rect(41, 51, 83, 62), Text: "Lieu", Line: 0, Conf: 0.96},
			{Box: image.Rect(99, 50, 118, 62), Text: "de", Line: 0, Conf: 0.96},
			{Box: image.Rect(134, 53, 234, 62), Text: "naissance", Line: 0, Conf: 0.71},
			{Box: image.Rect(250, 49, 432, 63), Text: "/ Place of birth", Line: 0, Conf: 0.94},
			{Box: image.Rect(42, 78, 158, 99), Text: "RENNES", Line: 1, Conf: 0.95},
		}, "place_of_birth", "RENNES"},
		{"a misread caption followed by another field's value takes nothing under it", "permit", []Segment{
			{Box: image.Rect(360, 286, 622, 307), Text: "19.01.1973 NICE", Line: 0, Conf: 0.96},
			{Box: image.Rect(356, 337, 558, 358), Text: "a 20.08.2024", Line: 1, Conf: 0.65},
			{Box: image.Rect(617, 337, 817, 357), Text: "‘5 20.08.2039", Line: 1, Conf: 0.53},
			{Box: image.Rect(357, 384, 579, 409), Text: "x. PRÉFECTURE", Line: 2, Conf: 0.63},
		}, "place_of_birth", ""},
		{"a caption right after a captioned value is no tail", "cin", []Segment{
			{Box: image.Rect(40, 100, 200, 120), Text: "Nom : DUPONT", Line: 0, Conf: 0.96},
			{Box: image.Rect(220, 100, 290, 120), Text: "Prénom", Line: 0, Conf: 0.96},
			{Box: image.Rect(310, 100, 400, 120), Text: "PAUL", Line: 0, Conf: 0.96},
		}, "first_name", "PAUL"},
		{"caption ended by a colon, misread by a letter", "cin", []Segment{
			{Box: image.Rect(345, 146, 549, 169), Text: "ci : S152908", Line: 0, Conf: 0.87},
		}, "document_number", "S152908"},
		{"licence number under a number sign read as w", "permit", []Segment{
			{Box: image.Rect(371, 333, 678, 349), Text: "PERMIS w 51/101442", Line: 0, Conf: 0.9},
		}, "document_number", "51/101442"},
		{"licence number under a caption that lost its number sign", "permit", []Segment{
			{Box: image.Rect(349, 466, 404, 479), Text: "Permis", Line: 0, Conf: 0.96},
			{Box: image.Rect(350, 491, 476, 514), Text: "7/139498", Line: 1, Conf: 0.91},
		}, "document_number", "7/139498"},
		{"the licence's title is no number caption", "permit", []Segment{
			{Box: image.Rect(39, 95, 441, 118), Text: "PERMIS DE CONDUIRE", Line: 0, Conf: 0.93},
		}, "document_number", ""},
		{"the licence's title in two runs is no number caption either", "permit", []Segment{
			{Box: image.Rect(41, 99, 151, 122), Text: "PERMIS", Line: 0, Conf: 0.96},
			{Box: image.Rect(174, 99, 379, 122), Text: "DE CONDUIRE", Line: 0, Conf: 0.92},
		}, "document_number", ""},
		{"Moroccan licence number by its shape, its caption lost", "permit", []Segment{
			{Box: image.Rect(362, 142, 463, 164), Text: "1. TAZI", Line: 0, Conf: 0.89},
			{Box: image.Rect(360, 287, 660, 312), Text: ": 12/07/1965 SAFI", Line: 1, Conf: 0.88},
			{Box: image.Rect(389, 506, 559, 530), Text: "62/203732", Line: 2, Conf: 0.92},
		}, "document_number", "62/203732"},
		{"the Moroccan licence's N° du permis", "permit", []Segment{
			{Box: image.Rect(331, 337, 429, 353), Text: "N° du permis", Line: 0, Conf: 0.71},
			{Box: image.Rect(453, 330, 619, 352), Text: "81/100834", Line: 0, Conf: 0.92},
		}, "document_number", "81/100834"},
		{"a value pulled onto a neighbouring line by specks, level with its caption", "permit", []Segment{
			{Box: image.Rect(367, 192, 408, 207), Text: "Nom", Line: 2, Conf: 0.95},
			{Box: image.Rect(423, 186, 598, 207), Text: "CHERKAOUI", Line: 2, Conf: 0.91},
			{Box: image.Rect(267, 227, 292, 245), Text: "LS", Line: 3, Conf: 0.1},
			{Box: image.Rect(451, 240, 568, 260), Text: "MERIEM", Line: 3, Conf: 0.90},
			{Box: image.Rect(367, 245, 435, 260), Text: "Prénom", Line: 4, Conf: 0.96},
			{Box: image.Rect(367, 297, 413, 312), Text: "Né le", Line: 6, Conf: 0.97},
			{Box: image.Rect(429, 292, 595, 313), Text: "27.07.1967", Line: 6, Conf: 0.96},
		}, "first_name", "MERIEM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := extract(tt.segs, tt.docType, func(int) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if got := out[tt.field].Text; got != tt.want {
				t.Errorf("%s %q, want %q (fields %v)", tt.field, got, tt.want, out)
			}
		})
	}
}

// TestCapsMarkAccent: "À" over its value is as tall as a capital and its accent, still
// smaller than the value's capitals.
func TestCapsMarkAccent(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(33, 307, 234, 322), Text: "DATE DE NAISSANCE", Line: 0, Conf: 0.96},
		{Box: image.Rect(282, 304, 293, 322), Line: 0, pending: true},
		{Box: image.Rect(32, 341, 197, 363), Text: "04.12.1991", Line: 1, Conf: 0.95},
		{Box: image.Rect(281, 340, 398, 362), Text: "TANGER", Line: 1, Conf: 0.96},
	}
	if !capsMark(segs, 1) {
		t.Error("the accented one-letter caption over TANGER is not taken for a caption")
	}
	segs[1].Box = image.Rect(282, 300, 293, 322) // as tall as the value: not caption print
	if capsMark(segs, 1) {
		t.Error("a mark as tall as the value was taken for a caption")
	}
}

// TestCaptionMark: a one-letter caption over a value is read before captions are matched.
func TestCaptionMark(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(357, 425, 397, 439), Text: "Né le", Line: 0, Conf: 0.96},
		{Box: image.Rect(592, 425, 599, 439), Line: 0, pending: true},
		{Box: image.Rect(357, 459, 548, 484), Text: "02.06.1991", Line: 1, Conf: 0.96},
		{Box: image.Rect(592, 459, 687, 483), Text: "NADOR", Line: 1, Conf: 0.91},
		{Box: image.Rect(300, 600, 307, 612), Line: 2, pending: true}, // a speck over nothing
	}
	var read []int
	resolve := func(i int) error {
		if !segs[i].pending {
			return nil // a read run: nothing to do
		}
		read = append(read, i)
		if i == 1 {
			segs[1].Text, segs[1].Conf, segs[1].pending = "à", 0.97, false
		}
		return nil
	}
	out, _, err := extract(segs, "cin", resolve)
	if err != nil {
		t.Fatal(err)
	}
	if got := out["place_of_birth"].Text; got != "NADOR" {
		t.Errorf("place %q, want NADOR (fields %v)", got, out)
	}
	if len(read) != 1 || read[0] != 1 {
		t.Errorf("marks read %v, want only the caption [1]", read)
	}
}

func TestDropLeftSpill(t *testing.T) {
	caption := Segment{Box: image.Rect(354, 267, 593, 285), Text: "Prénoms / Given names"}
	for _, tt := range []struct {
		name string
		v    Segment
		want string
	}{
		{"the portrait's edge joined", Segment{Box: image.Rect(287, 294, 578, 328), Text: "LI JULIE, JÉRÔME"}, "JULIE, JÉRÔME"},
		{"in the column", Segment{Box: image.Rect(352, 294, 578, 318), Text: "LI JULIE"}, "LI JULIE"},
		{"a long first word", Segment{Box: image.Rect(287, 294, 578, 328), Text: "ANNE MARIE"}, "ANNE MARIE"},
		{"beside the caption", Segment{Box: image.Rect(287, 262, 578, 290), Text: "LI JULIE"}, "LI JULIE"},
		{"a number", Segment{Box: image.Rect(287, 294, 578, 328), Text: "35 JULIE"}, "35 JULIE"},
	} {
		if got := dropLeftSpill("first_name", tt.v, caption); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
