package document

import (
	"image"
	"slices"
	"testing"
)

func TestCleanValues(t *testing.T) {
	tests := []struct {
		name, in, want string
		clean          func(string) string
	}{
		{"name", "Œ GRENOBLE", "GRENOBLE", cleanName},
		{"name with trailing mark", "IMANE O", "IMANE", cleanName},
		{"two-word name", "EL AMRANI", "EL AMRANI", cleanName},
		{"caption misread as value", "Prénom", "", cleanName},
		{"letters read one by one", "F E S", "FES", cleanName},
		{"one I read as ÏI", "CHRAÏIBI", "CHRAIBI", cleanName},
		{"a real Ï", "LOÏC", "LOÏC", cleanName},
		{"two lone marks are no name", "F E", "", cleanName},
		{"an I read in lower case", "HAJJi", "HAJJI", cleanName},
		{"an I read l", "JAMlLA", "JAMILA", cleanName},
		{"a letter read three times", "HAJJjI", "HAJJI", cleanName},
		{"a number is no name", "J 25NJ05330", "", cleanName},
		{"a date before the place", "05.08.1977 TOULOUSE", "TOULOUSE", cleanName},
		{"an address is no place", "153 RUE OUED SEBOU TANGER", "", func(v string) string {
			out := map[string]Value{}
			setField(out, "place_of_birth", v, 1)
			return out["place_of_birth"].Text
		}},
		{"two letters read doubtfully are no place", "LA", "", func(v string) string {
			out := map[string]Value{}
			setField(out, "place_of_birth", v, 0.46)
			return out["place_of_birth"].Text
		}},
		{"a three-letter place kept, however doubtful", "FES", "FES", func(v string) string {
			out := map[string]Value{}
			setField(out, "place_of_birth", v, 0.46)
			return out["place_of_birth"].Text
		}},
		{"a doubled letter kept", "BENNANI", "BENNANI", cleanName},
		{"other lower case: a caption", "Nom", "", cleanName},
		{"a caption's l", "Né le", "", cleanName},
		{"too few capitals", "Il", "", cleanName},
		{"digits with an O", "04044O574152", "040440574152", cleanNumber},
		{"mixed number kept", "MMODKOPA4", "MMODKOPA4", cleanNumber},
		{"CIN kept", "AB123456", "AB123456", cleanNumber},
		{"a word is no number", "CONDUIRE", "", cleanNumber},
		{"licence number", "3/524493", "3/524493", cleanNumber},
		{"the number sign misread before it", "w. 46/550521", "46/550521", cleanNumber},
		{"a CIN's letters set apart stay", "AB 123456", "AB123456", cleanNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.in, func(t *testing.T) {
			if got := tt.clean(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPlaceFallback(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(364, 306, 437, 321), Text: "Né(e) le", Line: 0},
		{Box: image.Rect(453, 297, 641, 321), Text: "07.09.1988", Line: 0},
		{Box: image.Rect(264, 330, 279, 340), Text: "2.", Line: 1},             // a speck left of the column
		{Box: image.Rect(390, 352, 498, 382), Text: "OUJDA", Line: 2, Conf: 1}, // its "à" was lost
		{Box: image.Rect(364, 417, 514, 433), Text: "Valable jusqu'au", Line: 3},
	}
	isLabel := []bool{true, false, false, false, true}
	out := map[string]Value{}
	placeFallback(out, segs, isLabel, 1)
	if got := out["place_of_birth"].Text; got != "OUJDA" {
		t.Fatalf("place %q", got)
	}
	// An address under the row is no place of birth (the back's, under a caption misread "NE").
	addr := slices.Clone(segs)
	addr[3].Text = "170 BD MOHAMMED V FES"
	out = map[string]Value{}
	placeFallback(out, addr, isLabel, 1)
	if got, ok := out["place_of_birth"]; ok {
		t.Fatalf("an address taken for the place: %q", got.Text)
	}
	out = map[string]Value{}
	placeFallback(out, segs[:2], isLabel[:2], 1)
	if _, ok := out["place_of_birth"]; ok {
		t.Fatal("a place invented")
	}
	// The "à" read as a comma and joined to the place: the run starts in the caption column.
	segs[3] = Segment{Box: image.Rect(364, 358, 607, 383), Text: ", MARRAKECH", Line: 2, Conf: 0.51}
	out = map[string]Value{}
	placeFallback(out, segs, isLabel, 1)
	if got := out["place_of_birth"].Text; got != "MARRAKECH" {
		t.Fatalf("place %q after a misread caption", got)
	}
	// A speck from the portrait's edge joined before the caption: the run starts left of the
	// column, after a lone mark.
	segs[3] = Segment{Box: image.Rect(299, 353, 469, 378), Text: "É à AGADIR", Line: 2, Conf: 0.79}
	out = map[string]Value{}
	placeFallback(out, segs, isLabel, 1)
	if got := out["place_of_birth"].Text; got != "AGADIR" {
		t.Fatalf("place %q after a speck", got)
	}
	// The place's caption on its own line, misread ("d de"), in caption-size print.
	segs = []Segment{
		{Box: image.Rect(60, 349, 108, 359), Text: "Néle) |", Line: 0},
		{Box: image.Rect(61, 370, 213, 390), Text: "18.07.1992", Line: 1},
		{Box: image.Rect(87, 410, 112, 419), Text: "d de", Line: 2, Conf: 0.38},
		{Box: image.Rect(60, 429, 150, 449), Text: "RABAT", Line: 3, Conf: 0.95},
	}
	out = map[string]Value{}
	placeFallback(out, segs, []bool{true, false, false, false}, 1)
	if got := out["place_of_birth"].Text; got != "RABAT" {
		t.Fatalf("place %q under a misread caption", got)
	}
	// The place's "à" misread as another small letter and joined to it, after the date.
	segs = []Segment{
		{Box: image.Rect(392, 322, 445, 337), Text: "Né le:", Line: 12},
		{Box: image.Rect(469, 312, 674, 340), Text: "11/09/1992", Line: 12},
		{Box: image.Rect(715, 312, 880, 343), Text: "x OUJDA", Line: 12, Conf: 0.79},
	}
	out = map[string]Value{}
	placeFallback(out, segs, []bool{true, false, false}, 1)
	if got := out["place_of_birth"].Text; got != "OUJDA" {
		t.Fatalf("place %q after a misread caption beside the date", got)
	}
	// No caption printed: the place after the date on its line, up to five letter heights
	// away; farther, another field's.
	for _, tt := range []struct {
		x    int
		want string
	}{{735, "EL JADIDA"}, {760, ""}} {
		segs = []Segment{
			{Box: image.Rect(347, 289, 426, 305), Text: "Né(e) le", Line: 6},
			{Box: image.Rect(463, 281, 637, 304), Text: "27.07.1990", Line: 6},
			{Box: image.Rect(tt.x, 281, tt.x+157, 304), Text: "EL JADIDA", Line: 6, Conf: 0.92},
		}
		out = map[string]Value{}
		placeFallback(out, segs, []bool{true, false, false}, 1)
		if got := out["place_of_birth"].Text; got != tt.want {
			t.Errorf("place %q beside the date %d px away, want %q", got, tt.x-637, tt.want)
		}
	}
}

func TestAddressFallback(t *testing.T) {
	tests := []struct{ text, want string }{
		{"162 RUE OUED SEBOU TETOUAN", "162 RUE OUED SEBOU TETOUAN"},
		{"10/1999", ""},
		{"12 02 1990", ""},
		{"Fils de KARIM", ""},
	}
	for _, tt := range tests {
		out := map[string]Value{}
		if err := addressFallback(out, []Segment{{Text: tt.text, Conf: 1}}, []bool{false}, func(int) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if got := out["address"].Text; got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestExtractSplitCaption(t *testing.T) {
	tests := []struct {
		name  string
		segs  []Segment
		field string
		want  string
	}{
		{"caption in two runs, value under it", []Segment{
			{Box: image.Rect(50, 434, 113, 445), Text: "Lieu de", Line: 0, Conf: 0.96},
			{Box: image.Rect(122, 436, 208, 445), Text: "naissance", Line: 0, Conf: 0.91},
			{Box: image.Rect(49, 456, 144, 481), Text: "OUJDA", Line: 1, Conf: 0.87},
		}, "place_of_birth", "OUJDA"},
		{"caption in one run", []Segment{
			{Box: image.Rect(50, 434, 208, 445), Text: "Lieu de naissance", Line: 0, Conf: 0.96},
			{Box: image.Rect(49, 456, 144, 481), Text: "OUJDA", Line: 1, Conf: 0.87},
		}, "place_of_birth", "OUJDA"},
		{"runs far apart are not one caption", []Segment{
			{Box: image.Rect(50, 434, 113, 445), Text: "Lieu de", Line: 0, Conf: 0.96},
			{Box: image.Rect(400, 436, 486, 445), Text: "naissance", Line: 0, Conf: 0.91},
			{Box: image.Rect(49, 456, 144, 481), Text: "OUJDA", Line: 1, Conf: 0.87},
		}, "place_of_birth", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := extract(tt.segs, "cin", func(int) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if got := out[tt.field].Text; got != tt.want {
				t.Errorf("%s %q, want %q (fields %v)", tt.field, got, tt.want, out)
			}
		})
	}
}

func TestArabicPartner(t *testing.T) {
	name := Segment{Box: image.Rect(360, 200, 540, 228), Text: "2. KHALID", Conf: 0.8}
	for _, tc := range []struct {
		label   string
		partner Segment
		want    bool
	}{
		{"Arabic run", Segment{Box: image.Rect(900, 200, 975, 228), Text: "خالد", Arabic: true, pending: true}, true},
		{"short name read as two Latin letters", Segment{Box: image.Rect(915, 201, 973, 227), Text: "NE", Conf: 0.82}, true},
		{"Latin name beside", Segment{Box: image.Rect(700, 200, 900, 228), Text: "AHMED", Conf: 0.9}, false},
		{"another row", Segment{Box: image.Rect(900, 240, 975, 268), Text: "خالد", Arabic: true, pending: true}, false},
	} {
		t.Run(tc.label, func(t *testing.T) {
			if got := arabicPartner([]Segment{name, tc.partner}, 0) == 1; got != tc.want {
				t.Errorf("partner found %v, want %v", got, tc.want)
			}
		})
	}
}

// A stray "1." by the portrait matches the licence's surname caption but has no name beside
// it: it must not send the given name's Arabic spelling to last_name_arabic.
func TestArabicWantsNeedAName(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(386, 136, 421, 148), Text: "Nom", Line: 1, Conf: 0.96},
		{Box: image.Rect(386, 164, 466, 185), Text: "SAIDI", Line: 2, Conf: 0.89},
		{Box: image.Rect(852, 161, 977, 195), Arabic: true, Line: 2, pending: true},
		{Box: image.Rect(221, 210, 239, 224), Text: "1.", Line: 4, Conf: 0.36},
		{Box: image.Rect(386, 204, 443, 218), Text: "Prénom", Line: 4, Conf: 0.96},
		{Box: image.Rect(202, 242, 241, 283), Text: "", Line: 5},
		{Box: image.Rect(385, 233, 450, 254), Text: "ADIL", Line: 5, Conf: 0.92},
		{Box: image.Rect(908, 230, 980, 260), Arabic: true, Line: 5, pending: true},
	}
	_, wants, err := extract(segs, "permit", func(int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	read, _ := splitUnread(wants) // runs that did not read are for ArabicByName only
	got := map[string]int{}
	for _, w := range read {
		if _, dup := got[w.field]; dup {
			t.Errorf("%s wanted twice", w.field)
		}
		got[w.field] = w.seg
	}
	if got["last_name_arabic"] != 2 || got["first_name_arabic"] != 7 {
		t.Errorf("wants %v, want last_name_arabic 2, first_name_arabic 7", got)
	}
}

// TestBelowCaptionRun: the value under a bilingual caption's first half, which was misread
// past recognition, belongs to its second half; without print before the caption, what is
// under another column is not taken.
func TestBelowCaptionRun(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(64, 172, 104, 184), Text: "Date", Line: 2},
		{Box: image.Rect(122, 174, 135, 184), Text: "", Line: 2},
		{Box: image.Rect(149, 172, 174, 184), Text: "dé!", Line: 2},
		{Box: image.Rect(184, 176, 248, 184), Text: "1vrance", Line: 2},
		{Box: image.Rect(288, 172, 423, 184), Text: "Date of issue", Line: 2},
		{Box: image.Rect(65, 204, 232, 226), Text: "16.09.2021", Line: 3},
	}
	isLabel := []bool{false, false, false, false, true, false}
	if got := below(segs, isLabel, 4); got != 5 {
		t.Errorf("below = %d, want 5 (the date under the caption run)", got)
	}
	if got := below(segs[4:], isLabel[4:], 0); got != -1 {
		t.Errorf("below = %d with no caption print before it, want -1", got)
	}
	// "Date de délivrance" with its last letter lost as well as the " / ": 4.4 letter heights
	// between "anc" and "Date of issue" (the second generator's degraded CNI 18033).
	far := []Segment{
		{Box: image.Rect(57, 209, 98, 221), Text: "Date", Line: 2},
		{Box: image.Rect(116, 211, 131, 221), Text: "de", Line: 2},
		{Box: image.Rect(146, 211, 172, 221), Text: "deét", Line: 2},
		{Box: image.Rect(182, 212, 206, 221), Text: "ivr", Line: 2},
		{Box: image.Rect(217, 212, 237, 221), Text: "anc", Line: 2},
		{Box: image.Rect(290, 209, 431, 221), Text: "Date of 15 sue", Line: 2},
		{Box: image.Rect(58, 238, 233, 262), Text: "14 03 2018", Line: 3},
	}
	if got := below(far, make([]bool, len(far)), 5); got != 6 {
		t.Errorf("below = %d, want 6 (the date under the caption run with a wider gap)", got)
	}
}

// TestLicencePlaceCaption: on a licence, an unaccented capital "A" by the portrait is no
// place caption (it took the given names beside it), while the Moroccan licence's "à" is.
func TestLicencePlaceCaption(t *testing.T) {
	noResolve := func(int) error { return nil }
	eu := []Segment{
		{Box: image.Rect(395, 149, 605, 173), Text: "1. BERTRAND", Line: 2, Conf: 0.96},
		{Box: image.Rect(307, 216, 337, 239), Text: "A", Line: 3, Conf: 0.52},
		{Box: image.Rect(435, 193, 688, 229), Text: "MANON JÉRÔME", Line: 3, Conf: 0.95},
		{Box: image.Rect(394, 249, 804, 273), Text: "3. 24.07.1986 BORDEAUX", Line: 5, Conf: 0.94},
	}
	out, _, err := extract(eu, "permit", noResolve)
	if err != nil {
		t.Fatal(err)
	}
	if got := out["place_of_birth"].Text; got != "BORDEAUX" {
		t.Errorf("EU licence: place %q, want BORDEAUX", got)
	}
	ma := []Segment{
		{Box: image.Rect(302, 293, 382, 314), Text: "Né le", Line: 4, Conf: 0.9},
		{Box: image.Rect(398, 288, 558, 308), Text: "23.05.1954", Line: 4, Conf: 0.96},
		{Box: image.Rect(338, 338, 464, 358), Text: "à NADOR", Line: 6, Conf: 0.83},
	}
	if out, _, err = extract(ma, "permit", noResolve); err != nil {
		t.Fatal(err)
	}
	if got := out["place_of_birth"].Text; got != "NADOR" {
		t.Errorf("Moroccan licence: place %q, want NADOR", got)
	}
}

// TestPlaceBetweenDates: a passport page read without any caption gives its place of birth
// from the one name in the values' column between the birth and issue dates' lines.
func TestPlaceBetweenDates(t *testing.T) {
	page := func(extra ...Segment) []Segment {
		segs := []Segment{
			{Box: image.Rect(424, 423, 587, 445), Text: "FRANÇAISE", Conf: 0.96, Line: 10},
			{Box: image.Rect(804, 422, 1053, 443), Text: "09 OCT/OCT 1954", Conf: 0.94, Line: 10},
			{Box: image.Rect(548, 519, 624, 528), Text: "Puredotr", Conf: 0.08, Line: 17}, // a caption
			{Box: image.Rect(424, 542, 539, 561), Text: "NANTES", Conf: 0.96, Line: 18},
			{Box: image.Rect(426, 601, 659, 625), Text: "17 JAN/JAN 2023", Conf: 0.93, Line: 19},
			{Box: image.Rect(426, 660, 659, 684), Text: "17 JAN/JAN 2028", Conf: 0.93, Line: 21},
		}
		return append(segs, extra...)
	}
	none := func(int) error { return nil }
	for _, tt := range []struct {
		name  string
		segs  []Segment
		place string
	}{
		{"the one name there", page(), "NANTES"},
		{"two names there", page(Segment{Box: image.Rect(425, 480, 560, 500), Text: "DURAND", Conf: 0.9, Line: 15}), ""},
		{"a sex letter beside it", page(Segment{Box: image.Rect(425, 480, 445, 500), Text: "F", Conf: 0.9, Line: 15}), "NANTES"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := extract(tt.segs, "passport", none)
			if err != nil {
				t.Fatal(err)
			}
			if got := out["place_of_birth"].Text; got != tt.place {
				t.Errorf("place_of_birth %q, want %q (fields %v)", got, tt.place, out)
			}
		})
	}
}

// TestBlurredCaptions: captions of a residence card's back and a passport page as OCR read
// them in blurred or speckled photos (seed-17000 specimens).
func TestBlurredCaptions(t *testing.T) {
	seg := func(line, x0, y0, x1, y1 int, text string, conf float64) Segment {
		return Segment{Line: line, Box: image.Rect(x0, y0, x1, y1), Text: text, Conf: conf}
	}
	none := func(int) error { return nil }
	for _, tt := range []struct {
		name, docType string
		segs          []Segment
		field, want   string
	}{
		{"a letter split from the caption beside it", "residence_card", []Segment{
			seg(0, 50, 100, 218, 115, "Lieu de naissant", 0.96), seg(0, 227, 106, 237, 114, "e", 0.53),
			seg(0, 262, 91, 452, 116, "CASABLANCA", 0.96)}, "place_of_birth", "CASABLANCA"},
		{"a speck read as a digit beside it", "residence_card", []Segment{
			seg(2, 46, 175, 203, 188, "Date de délivranc", 0.93), seg(2, 211, 180, 219, 187, "{ 2]", 0.46),
			seg(2, 253, 167, 414, 189, "25.03.2018", 0.96)}, "issue_date", "2018-03-25"},
		{"the first word lost: a name is the place", "residence_card", []Segment{
			seg(0, 113, 72, 241, 83, "DE NAISSANC", 0.64), seg(0, 255, 61, 420, 84, "AGADIR", 0.95)},
			"place_of_birth", "AGADIR"},
		{"the first word lost: a date is the birth date", "residence_card", []Segment{
			seg(0, 113, 72, 241, 83, "DE NAISSANCE", 0.64), seg(0, 255, 61, 420, 84, "22/04/1973", 0.95)},
			"date_of_birth", "1973-04-22"},
		{"a shorter caption joined first", "residence_card", []Segment{
			seg(0, 81, 95, 100, 108, "eu", 0.52), seg(0, 116, 95, 131, 107, "de", 0.96),
			seg(0, 147, 99, 220, 108, "näaissanc", 0.34), seg(1, 67, 124, 281, 148, "CASABLANCA", 0.96)},
			"place_of_birth", "CASABLANCA"},
		{"a speck read À beside the country code", "passport", []Segment{
			seg(5, 74, 250, 237, 351, "À 0", 0.44), seg(5, 459, 267, 526, 285, "MAR", 0.96),
			seg(17, 460, 569, 721, 584, "Lieu de naissance / Place of birth", 0.94),
			seg(18, 460, 596, 660, 615, "BENI MELLAL", 0.92)}, "place_of_birth", "BENI MELLAL"},
		{"a speck read A à is no spelled caption", "cin", []Segment{
			seg(9, 770, 329, 791, 341, "A à", 0.15), seg(10, 35, 350, 217, 376, "à TETOUAN", 0.74)},
			"place_of_birth", "TETOUAN"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := extract(tt.segs, tt.docType, none)
			if err != nil {
				t.Fatal(err)
			}
			if got := out[tt.field].Text; got != tt.want {
				t.Errorf("%s %q, want %q (fields %v)", tt.field, got, tt.want, out)
			}
		})
	}
}

// TestDottedLetterCaption: a speck by the portrait read "à." is a one-letter caption like the
// CIN's "à" (its full stop is no letter): it does not count as a spelled-out place caption that
// would drop the real "à AGADIR" (the first generator's degraded CIN 18007).
func TestDottedLetterCaption(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(362, 333, 445, 349), Text: "Né(e) le", Conf: 0.86, Line: 4},
		{Box: image.Rect(465, 324, 658, 349), Text: "20.08.1952", Conf: 0.96, Line: 4},
		{Box: image.Rect(158, 402, 177, 411), Text: "à.", Conf: 0.18, Line: 5},
		{Box: image.Rect(362, 387, 524, 411), Text: "à AGADIR", Conf: 0.91, Line: 5},
		{Box: image.Rect(361, 459, 535, 478), Text: "Valable jusqu'au", Conf: 0.96, Line: 6},
	}
	checkExtracted(t, segs, "cin", "place_of_birth", "AGADIR")
}

// TestBirthRowFromTheDate: a speck read "ne" under the portrait matches the birth caption
// after the real "Né(e) le"; the place is still looked for under the real caption's date (the
// first generator's degraded CIN 18003, "OUJDA" printed under the date, its caption lost).
func TestBirthRowFromTheDate(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(337, 305, 408, 318), Text: "Né(e) le", Conf: 0.83, Line: 5},
		{Box: image.Rect(427, 296, 600, 318), Text: "17.03.1990", Conf: 0.96, Line: 5},
		{Box: image.Rect(363, 349, 464, 376), Text: "OUJDA", Conf: 0.59, Line: 6},
		{Box: image.Rect(338, 409, 486, 425), Text: "Valable jusqu au", Conf: 0.96, Line: 7},
		{Box: image.Rect(505, 401, 677, 423), Text: "13.10.2035", Conf: 0.96, Line: 7},
		{Box: image.Rect(91, 447, 195, 505), Text: "ne", Conf: 0.14, Line: 8},
		{Box: image.Rect(211, 483, 247, 505), Text: ". AM", Conf: 0.43, Line: 9},
	}
	checkExtracted(t, segs, "cin", "place_of_birth", "OUJDA")
}

// checkExtracted runs extract on segs (every mark read as is) and checks one field's value.
func checkExtracted(t *testing.T, segs []Segment, docType, field, want string) {
	t.Helper()
	out, _, err := extract(segs, docType, func(int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := out[field].Text; got != want {
		t.Errorf("%s %q, want %q (fields %v)", field, got, want, out)
	}
}

// A passport captions its place of birth in words: a letter read by the nationality ("A FRA")
// is no caption "à", and the nationality is no place of birth.
func TestPassportHasNoLetterCaption(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(427, 402, 517, 414), Text: "Nat 1alité", Conf: 0.3, Line: 1},
		{Box: image.Rect(360, 422, 483, 449), Text: "A FRA", Conf: 0.57, Line: 2},
	}
	for _, tt := range []struct{ docType, want string }{{"passport", ""}, {"cni", "FRA"}} {
		out, _, err := extract(slices.Clone(segs), tt.docType, func(int) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if got := out["place_of_birth"].Text; got != tt.want {
			t.Errorf("%s: place_of_birth %q, want %q", tt.docType, got, tt.want)
		}
	}
}

// A lone letter with the rest of its word right after it ("A" · "1102", a blurred "Adresse")
// is no caption "à": the address under it is no place of birth. "à" before a place is one.
func TestLetterStartingAWord(t *testing.T) {
	segs := func(after string) []Segment {
		return []Segment{
			{Box: image.Rect(63, 152, 72, 163), Text: "A", Conf: 0.94, Line: 3},
			{Box: image.Rect(80, 154, 106, 162), Text: after, Conf: 0.56, Line: 3},
			{Box: image.Rect(63, 179, 386, 202), Text: "64 RUE AL QODS RABAT", Conf: 0.93, Line: 4},
		}
	}
	for _, tt := range []struct{ after, want string }{{"1102", ""}, {"FES", "FES"}} {
		out, _, err := extract(segs(tt.after), "residence_card", func(int) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if got := out["place_of_birth"].Text; got != tt.want {
			t.Errorf("%q after the letter: place_of_birth %q, want %q", tt.after, got, tt.want)
		}
	}
}

func TestAddressLike(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"35 RUE DE LA PAIX", true},
		{"176 BOULEVARD VOLTAIRE", true}, // a kind of street and its name
		{"12 AVENUE FOCH", true},
		{"176 MARSEILLE PARIS", false}, // no kind of street, two words
		{"69134 PARIS", false},
		{"RUE PASTEUR", false},
	} {
		if got := addressLike(tt.in); got != tt.want {
			t.Errorf("addressLike(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// A speck in the portrait read as a spelled place caption ("Fee à", a "Né(e) à") with no value
// beside or under it gives way to the card's own "à FES"; with a value, the spelled caption
// still wins over a letter one.
func TestLetterCaptionWhenSpelledGivesNothing(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(366, 315, 444, 333), Text: "Né(e) le", Conf: 0.97, Line: 5},
		{Box: image.Rect(462, 307, 660, 332), Text: "05.02.1959", Conf: 0.95, Line: 5},
		{Box: image.Rect(80, 363, 105, 374), Text: "Fee à", Conf: 0.53, Line: 6},
		{Box: image.Rect(365, 366, 456, 391), Text: "à FES", Conf: 0.96, Line: 6},
		{Box: image.Rect(365, 434, 528, 453), Text: "Valable jusqu'au", Conf: 0.96, Line: 7},
		{Box: image.Rect(549, 425, 746, 450), Text: "14.05.2034", Conf: 0.95, Line: 7},
	}
	out, _, err := extract(slices.Clone(segs), "cin", func(int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := out["place_of_birth"].Text; got != "FES" {
		t.Errorf("place_of_birth %q, want FES", got)
	}
	// The spelled caption with its value under it keeps it.
	segs = append(segs[:4:4], Segment{Box: image.Rect(80, 380, 160, 395), Text: "RABAT", Conf: 0.95, Line: 7})
	out, _, err = extract(segs, "cin", func(int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := out["place_of_birth"].Text; got != "RABAT" {
		t.Errorf("with a value under the spelled caption: place_of_birth %q, want RABAT", got)
	}
}

func TestBirthBeforeExpiry(t *testing.T) {
	segs := func(birth string) []Segment {
		return []Segment{
			{Box: image.Rect(80, 310, 328, 337), Text: birth, Line: 9, Conf: 0.83},
			{Box: image.Rect(103, 392, 206, 416), Text: "RABAT", Line: 12, Conf: 0.96},
			{Box: image.Rect(41, 482, 252, 498), Text: "DATE D'EXPIRATION", Line: 13, Conf: 0.95},
			{Box: image.Rect(302, 482, 420, 500), Text: "21/11/2030", Line: 13, Conf: 0.96},
		}
	}
	for _, tt := range []struct {
		birth, date, place string
	}{
		{"re : 04/03/1958", "1958-03-04", "RABAT"}, // "NÉ LE" misread, its "NÉ" apart
		{"re : 21/11/2020", "", ""},                // ten years before the expiry: an issue date
		{"re : 04/03/1958 12/05/1960", "", ""},     // two candidates
	} {
		out, _, err := extract(segs(tt.birth), "cin", func(int) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if got := out["date_of_birth"].Text; got != tt.date {
			t.Errorf("%q: birth %q, want %q", tt.birth, got, tt.date)
		}
		if got := out["place_of_birth"].Text; got != tt.place {
			t.Errorf("%q: place %q, want %q", tt.birth, got, tt.place)
		}
	}
}

// A blob of the portrait read as a letter before a caption is not joined to it: the caption
// took the blob's height, and the value under the caption was not found under it.
func TestCaptionNotContinuedByABlob(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(393, 463, 706, 477), Text: "Date de naissance / Date of birth", Line: 12, Conf: 0.94},
		{Box: image.Rect(394, 492, 648, 515), Text: "13 JUL/JUL 1967", Line: 13, Conf: 0.92},
		{Box: image.Rect(119, 532, 354, 613), Text: "A", Line: 14, Conf: 0.46},
		{Box: image.Rect(393, 536, 708, 549), Text: "Lieu de naissance / Place of birth", Line: 14, Conf: 0.94},
		{Box: image.Rect(393, 564, 528, 586), Text: "BORDEAUX", Line: 15, Conf: 0.96},
		{Box: image.Rect(393, 607, 715, 622), Text: "Date de délivrance / Date of issue", Line: 16, Conf: 0.95},
		{Box: image.Rect(393, 631, 648, 660), Text: "24 FEB/FÉV 2020", Line: 17, Conf: 0.94},
	}
	out, _, err := extract(segs, "passport", func(int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := out["place_of_birth"].Text; got != "BORDEAUX" {
		t.Errorf("place_of_birth %q, want BORDEAUX", got)
	}
}

func TestSplitCamel(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"naissancePiace", "naissance Piace"},
		{"délivranceDate", "délivrance Date"},
		{"MOHAMeD", "MOHAMeD"},   // one lower-case letter in a value
		{"McDONALD", "McDONALD"}, //
		{"Nom/Surname", "Nom/Surname"},
		{"", ""},
	} {
		if got := splitCamel(tt.in); got != tt.want {
			t.Errorf("splitCamel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNameHoldsNoDate: a name's value holding a date is another field's, read under a misread
// caption; a place may follow a date (the licence's field 3).
func TestNameHoldsNoDate(t *testing.T) {
	for _, tt := range []struct {
		field, value string
		valid        bool
	}{
		{"first_name", "15.02.1975 GRENOBLE", false},
		{"last_name", "15/02/1975 GRENOBLE", false},
		{"first_name", "LÉA", true},
		{"place_of_birth", "GRENOBLE", true},
	} {
		if got := validValue(tt.field, tt.value); got != tt.valid {
			t.Errorf("validValue(%q, %q) = %v, want %v", tt.field, tt.value, got, tt.valid)
		}
	}
}
