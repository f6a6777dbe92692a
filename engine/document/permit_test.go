package document

import (
	"cmp"
	"image"
	"maps"
	"testing"
	"time"
)

func TestLoneDate(t *testing.T) {
	for _, tt := range []struct {
		text, date, place string
		ok                bool
	}{
		{"09.04.1975 MARSEILLE", "1975-04-09", "MARSEILLE", true},
		{":. 08.04.1969 TOULOUSE", "1969-04-08", "TOULOUSE", true},
		{"42. 17.02.2021", "2021-02-17", "", true}, // "4a." misread: 42.17.02 is no date
		{"4 05.04.2019", "2019-04-05", "", true},   // 4.05.04 is a date, but leaves 2019 behind
		{"‘b 02.02.2037", "2037-02-02", "", true},
		{"Délivré le 11.06,2024", "2024-06-11", "", true},
		{"5. 64YT22527", "", "", false},
		{"N° 1234 12.02.2020", "", "", false},       // a long caption with digits: not a lost one
		{"145. 04.03.2026", "2026-03-04", "", true}, // "4b." with a digit too many
		{"1234. 04.03.2026", "", "", false},
		{"12.02.2020 12.02.2030", "", "", false},
		{"12 DÉC/DEC 1985", "1985-12-12", "", true},
		{"1 15 DÉC/DEC 1993", "1993-12-15", "", true},
		{"PRÉFECTURE", "", "", false},
		{"5/21:07 1958 NICE", "1958-07-21", "NICE", true}, // "3. 21.07." · "1958 NICE" joined
	} {
		got, ok := loneDate(tt.text)
		if ok != tt.ok || got.date != tt.date || got.place != tt.place {
			t.Errorf("loneDate(%q) = %+v %v, want %q %q %v", tt.text, got, ok, tt.date, tt.place, tt.ok)
		}
	}
}

// TestPermitDates: the dates of a licence front whose captions were lost or misread take
// their rank (birth < issue < expiry), and nothing is guessed when the reading does not
// allow it.
func TestPermitDates(t *testing.T) {
	seg := func(text string) Segment { return Segment{Text: text, Conf: 0.9} }
	names := map[string]Value{"first_name": {"LUCAS", 0.9}, "last_name": {"ROUX", 0.9}}
	with := func(m map[string]Value, kv ...string) map[string]Value {
		out := maps.Clone(m)
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = Value{kv[i+1], 0.9}
		}
		return out
	}
	for _, tt := range []struct {
		name string
		out  map[string]Value
		segs []Segment
		want map[string]string
	}{
		{"every caption lost", names,
			[]Segment{seg("1. ROUX"), seg("09.04.1975 MARSEILLE"), seg("1: 02.02.2022"), seg("‘b 02.02.2037")},
			map[string]string{"date_of_birth": "1975-04-09", "place_of_birth": "MARSEILLE", "issue_date": "2022-02-02", "expiry_date": "2037-02-02"}},
		{"issue caption misread as another", with(names, "date_of_birth", "1956-07-10", "expiry_date", "2033-03-03"),
			[]Segment{seg("3. 10.07.1956 PARIS"), seg("42. 03.03.2018"), seg("4b. 03.03.2033")},
			map[string]string{"issue_date": "2018-03-03"}},
		{"Moroccan captions lost", names,
			[]Segment{seg("Né le 01.02.1990"), seg("Délivré 1e 03.04.2015"), seg("05.06.2025")},
			map[string]string{"date_of_birth": "1990-02-01", "issue_date": "2015-04-03", "expiry_date": "2025-06-05"}},
		{"two dates only: no rank", names,
			[]Segment{seg("02.02.2022"), seg("02.02.2037")}, nil},
		{"four dates: no rank", names,
			[]Segment{seg("01.01.1980"), seg("02.02.2022"), seg("02.02.2037"), seg("03.03.2040")}, nil},
		{"expiry caption misread as the issue's", with(names, "date_of_birth", "2000-08-17", "issue_date", "2032-12-05"),
			[]Segment{seg("3 17.08.2000 STRASBOURG"), seg("42. 05.12.2017"), seg("4. 05.12.2032")},
			map[string]string{"issue_date": "2017-12-05", "expiry_date": "2032-12-05"}},
		{"a captioned birth date out of its rank", with(names, "date_of_birth", "2022-02-02"),
			[]Segment{seg("01.01.1980 PARIS"), seg("02.02.2022"), seg("02.02.2037")}, nil},
		{"a date cut at a wide space, its caption lost", with(names, "issue_date", "2020-10-17", "expiry_date", "2035-10-17"),
			[]Segment{
				{Box: image.Rect(430, 317, 464, 340), Text: "27", Conf: 0.97, Line: 4},
				{Box: image.Rect(488, 317, 715, 341), Text: "08.1979 NICE", Conf: 0.94, Line: 4},
				{Box: image.Rect(443, 392, 631, 416), Text: "17.10.2020", Conf: 0.96, Line: 5},
				{Box: image.Rect(727, 392, 914, 417), Text: "17.10.2035", Conf: 0.95, Line: 5},
			},
			map[string]string{"date_of_birth": "1979-08-27", "place_of_birth": "NICE"}},
		{"a date cut at a wide space, the place a run of its own", with(names, "issue_date", "2022-01-09", "expiry_date", "2032-01-09"),
			[]Segment{
				{Box: image.Rect(413, 299, 445, 322), Text: "11", Conf: 0.47, Line: 6},
				{Box: image.Rect(468, 299, 592, 322), Text: "12.1969", Conf: 0.92, Line: 6},
				{Box: image.Rect(615, 299, 684, 322), Text: "SAFI", Conf: 0.92, Line: 6},
				{Box: image.Rect(373, 369, 606, 393), Text: "4a. 09.01.2022", Conf: 0.94, Line: 8},
				{Box: image.Rect(373, 440, 606, 463), Text: "4b. 09.01.2032", Conf: 0.93, Line: 10},
			},
			map[string]string{"date_of_birth": "1969-12-11", "place_of_birth": "SAFI"}},
		{"a cut date read hardly at all is no date", with(names, "issue_date", "2025-12-19", "expiry_date", "2035-12-19"),
			[]Segment{
				{Box: image.Rect(356, 275, 488, 297), Text: "3) 21:06", Conf: 0.17, Line: 6},
				{Box: image.Rect(510, 275, 703, 298), Text: "1983 TANGER", Conf: 0.96, Line: 6},
				{Box: image.Rect(356, 342, 591, 358), Text: "4a. 19.12.2025", Conf: 0.94, Line: 8},
				{Box: image.Rect(355, 402, 592, 418), Text: "4b. 19.12.2035", Conf: 0.93, Line: 10},
			},
			nil},
		{"the birth date's caption lost, the place under it without its own", with(names, "issue_date", "2021-11-09", "expiry_date", "2031-11-09"),
			[]Segment{
				{Box: image.Rect(357, 284, 398, 296), Text: "", Line: 5},
				{Box: image.Rect(411, 277, 561, 297), Text: "04.08.1987", Conf: 0.95, Line: 5},
				{Box: image.Rect(356, 321, 438, 341), Text: "» SAFI", Conf: 0.85, Line: 6},
				{Box: image.Rect(357, 372, 435, 384), Text: "Permis N°", Conf: 0.92, Line: 7},
				{Box: image.Rect(447, 409, 597, 429), Text: "09.11.2021", Conf: 0.95, Line: 8},
				{Box: image.Rect(504, 453, 655, 473), Text: "09.11.2031", Conf: 0.96, Line: 9},
			},
			map[string]string{"date_of_birth": "1987-08-04", "place_of_birth": "SAFI"}},
		{"the place a run of its own", with(names, "issue_date", "2025-11-15", "expiry_date", "2040-11-15"),
			[]Segment{
				{Box: image.Rect(405, 279, 579, 302), Text: "17.07.1959", Conf: 0.96, Line: 6},
				{Box: image.Rect(602, 280, 669, 302), Text: "LYON", Conf: 0.96, Line: 6},
				{Box: image.Rect(368, 406, 591, 428), Text: "4b. 15.11.2040", Conf: 0.93, Line: 12},
			},
			map[string]string{"date_of_birth": "1959-07-17", "place_of_birth": "LYON"}},
		{"a birth date read with a colon, the expiry caption as the issue's", with(names, "issue_date", "2031-06-04"),
			[]Segment{
				{Box: image.Rect(375, 237, 490, 259), Text: "5/21:07", Conf: 0.37, Line: 6},
				{Box: image.Rect(512, 237, 666, 259), Text: "1958 NICE", Conf: 0.96, Line: 6},
				{Box: image.Rect(375, 279, 589, 301), Text: "43. 04.06.2016", Conf: 0.73, Line: 8},
				{Box: image.Rect(375, 320, 590, 343), Text: "4. 04.06.2031", Conf: 0.86, Line: 10},
			},
			map[string]string{"date_of_birth": "1958-07-21", "place_of_birth": "NICE", "issue_date": "2016-06-04", "expiry_date": "2031-06-04"}},
		{"the back (no names)", map[string]Value{},
			[]Segment{seg("01.01.1980"), seg("02.02.2022"), seg("02.02.2037")}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := maps.Clone(tt.out)
			if _, err := permitFallbacks(out, tt.segs, make([]bool, len(tt.segs)), func(int) error { return nil }); err != nil {
				t.Fatal(err)
			}
			for f, v := range out {
				if want, ok := tt.want[f]; ok && want != v.Text || !ok && v != tt.out[f] {
					t.Errorf("%s = %q, want %q", f, v.Text, cmp.Or(want, tt.out[f].Text))
				}
			}
			for f, v := range tt.want {
				if out[f].Text != v {
					t.Errorf("%s = %q, want %q", f, out[f].Text, v)
				}
			}
		})
	}
}

// FuzzLoneDate: any segment text either is refused or gives a valid date and a clean place.
func FuzzLoneDate(f *testing.F) {
	for _, s := range []string{"42. 17.02.2021", "4 05.04.2019", "09.04.1975 MARSEILLE", "1 2 3 4 5", "..,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := loneDate(s)
		if !ok {
			return
		}
		if _, err := time.Parse("2006-01-02", r.date); err != nil {
			t.Fatalf("loneDate(%q) = %q: %v", s, r.date, err)
		}
		if r.place != cleanName(r.place) {
			t.Fatalf("loneDate(%q) place %q not clean", s, r.place)
		}
	})
}

func TestNumberedNames(t *testing.T) {
	segs := []Segment{{Text: "1 DUBOIS", Conf: 0.9}, {Text: "2 CLAIRE NICOLAS", Conf: 0.9}, {Text: "5 12345", Conf: 0.9},
		{Text: "1 Dubois", Conf: 0.9}}
	out := map[string]Value{}
	numberedNames(out, segs, make([]bool, len(segs)))
	if out["last_name"].Text != "DUBOIS" || out["first_name"].Text != "CLAIRE NICOLAS" || len(out) != 2 {
		t.Errorf("got %v", out)
	}
	out = map[string]Value{"last_name": {"DUBOIS", 0.95}}
	numberedNames(out, []Segment{{Text: "1 DUPONT", Conf: 0.9}}, []bool{false})
	if out["last_name"].Text != "DUBOIS" {
		t.Errorf("a captioned name was replaced: %v", out)
	}
}

func TestWholeDate(t *testing.T) {
	for s, want := range map[string]bool{"26.12.2036": true, " 26.12.2036 ": true, "67BF52299": false, "12/345678": false,
		"26.12.2036 X": false, "31.02.2020": false} {
		if wholeDate(s) != want {
			t.Errorf("wholeDate(%q) = %v", s, !want)
		}
	}
}

func TestLicenceDigits(t *testing.T) {
	for in, want := range map[string]string{"49RGO5559": "49RG05559", "49RG05559": "49RG05559", "4SRGO5559": "45RG05559",
		"99/893855": "99/893855", "ABCDEFGHI": "ABCDEFGHI"} {
		if got := licenceDigits(in); got != want {
			t.Errorf("licenceDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFirstNameUnder(t *testing.T) {
	seg := func(line, x0, y0, x1, y1 int, text string) Segment {
		return Segment{Line: line, Box: image.Rect(x0, y0, x1, y1), Text: text, Conf: 0.9}
	}
	segs := []Segment{seg(2, 355, 192, 499, 212, "1. GIRARD"), seg(3, 36, 237, 71, 254, "p>"),
		seg(4, 388, 240, 479, 260, "MARIE"), seg(8, 354, 287, 646, 307, "3. 19.11.1999 PARIS")}
	isLabel := []bool{true, false, false, true}
	out := map[string]Value{"last_name": {"GIRARD", 0.95}}
	firstNameUnder(out, segs, isLabel)
	if out["first_name"].Text != "MARIE" {
		t.Errorf("first_name %q, want MARIE", out["first_name"].Text)
	}
	// The line under is the birth date (field 2 missing altogether): nothing is taken.
	out = map[string]Value{"last_name": {"GIRARD", 0.95}}
	firstNameUnder(out, []Segment{segs[0], segs[3]}, []bool{true, true})
	if _, ok := out["first_name"]; ok {
		t.Errorf("took %q from the birth line", out["first_name"].Text)
	}
	// The caption "2." misread into the name's run, or as a run of its own; read after a
	// speck; a speck read as a letter, hardly, before the name.
	speck := seg(3, 308, 233, 353, 258, "D")
	speck.Conf = 0.04
	for _, under := range [][]Segment{
		{seg(5, 292, 225, 565, 257, "4 ? CAMILLE")},
		{seg(3, 360, 213, 369, 220, "#1"), seg(3, 390, 203, 519, 227, "CAMILLE")},
		{seg(4, 269, 229, 444, 263, "Si 2. CAMILLE")},
		{speck, seg(3, 366, 233, 483, 264, "CAMILLE")},
		{seg(3, 362, 245, 378, 258, "F À"), seg(3, 394, 234, 678, 265, "CAMILLE")}, // "2." misread in its small print
	} {
		out = map[string]Value{"last_name": {"GIRARD", 0.95}}
		all := append([]Segment{segs[0]}, under...)
		firstNameUnder(out, append(all, segs[3]), make([]bool, len(all)+1))
		if out["first_name"].Text != "CAMILLE" {
			t.Errorf("%q: first_name %q, want CAMILLE", under[len(under)-1].Text, out["first_name"].Text)
		}
	}
}

func TestSurnameAbove(t *testing.T) {
	seg := func(line, x0, y0, x1, y1 int, text string) Segment {
		return Segment{Line: line, Box: image.Rect(x0, y0, x1, y1), Text: text, Conf: 0.9}
	}
	joined := func(s Segment, valueX int) Segment { s.valueX = valueX; return s }
	tests := []struct {
		name  string
		segs  []Segment
		label []bool
		want  string
	}{
		{"caption misread", []Segment{seg(1, 42, 102, 456, 125, "PERMIS DE CONDUIRE"), seg(2, 380, 159, 543, 187, "ou : HAJJI"),
			seg(3, 381, 225, 445, 241, "PRÉNOM"), seg(3, 488, 219, 622, 241, "SAMIRA")}, []bool{false, false, true, false}, "HAJJI"},
		{"the title above: no colon", []Segment{seg(1, 380, 150, 600, 175, "PERMIS DE CONDUIRE"),
			seg(3, 381, 225, 445, 241, "PRÉNOM"), seg(3, 488, 219, 622, 241, "SAMIRA")}, []bool{false, true, false}, ""},
		{"a long caption is another field", []Segment{seg(2, 380, 159, 700, 187, "Adresse : RUE X"),
			seg(3, 381, 225, 445, 241, "PRÉNOM"), seg(3, 488, 219, 622, 241, "SAMIRA")}, []bool{false, true, false}, ""},
		{"too far above", []Segment{seg(2, 380, 20, 543, 45, "ou : HAJJI"),
			seg(3, 381, 225, 445, 241, "PRÉNOM"), seg(3, 488, 219, 622, 241, "SAMIRA")}, []bool{false, true, false}, ""},
		{"caption read as nothing", []Segment{seg(2, 388, 163, 433, 177, ""), seg(2, 451, 153, 656, 178, "MANSOURI"),
			seg(3, 388, 210, 470, 226, "Prénom:"), seg(3, 488, 202, 624, 226, "SAMIRA")}, []bool{false, false, true, false}, "MANSOURI"},
		{"stacked, caption read as nothing", []Segment{seg(2, 345, 161, 376, 174, ""), seg(4, 344, 190, 460, 211, "ALAOUI"),
			seg(5, 345, 234, 408, 247, "Prénom"), seg(7, 345, 263, 466, 284, "SAMIRA")}, []bool{false, false, true, false}, "ALAOUI"},
		{"no caption at all: a title", []Segment{seg(2, 380, 160, 600, 185, "MAROC"),
			seg(3, 381, 225, 445, 241, "PRÉNOM"), seg(3, 488, 219, 622, 241, "SAMIRA")}, []bool{false, true, false}, ""},
		{"caption read as its dot", []Segment{seg(2, 338, 136, 567, 160, ". MANSOURI"),
			seg(3, 336, 185, 509, 208, "2. SAMIRA")}, []bool{false, false}, "MANSOURI"},
		{"numbered caption a mark not read, in the given names' caption column", []Segment{
			{Line: 2, Box: image.Rect(371, 166, 391, 183), pending: true}, seg(2, 420, 160, 605, 184, "EL IDRISSI"),
			seg(3, 370, 210, 568, 233, "2. SAMIRA")}, []bool{false, false, false}, "EL IDRISSI"},
		{"a mark out of the captions' column is no caption", []Segment{
			{Line: 2, Box: image.Rect(300, 166, 320, 183), pending: true}, seg(2, 420, 160, 605, 184, "EL IDRISSI"),
			seg(3, 370, 210, 568, 233, "2. SAMIRA")}, []bool{false, false, false}, ""},
		{"a mark before a title is no caption", []Segment{seg(2, 338, 136, 567, 160, "| MAROC"),
			seg(3, 336, 185, 509, 208, "2. SAMIRA")}, []bool{false, false}, ""},
		{"a speck is no caption", []Segment{seg(2, 388, 170, 394, 176, "."), seg(2, 451, 153, 656, 178, "MANSOURI"),
			seg(3, 388, 210, 470, 226, "Prénom:"), seg(3, 488, 202, 624, 226, "SAMIRA")}, []bool{false, false, true, false}, ""},
		// "NOM" joined to "OUAZZANI" and read with it: the name is read again alone.
		{"caption misread with its value", []Segment{joined(seg(2, 339, 160, 565, 183, "vo QOUAZZANI"), 392),
			seg(3, 339, 220, 399, 236, "PRÉNOM"), seg(3, 417, 215, 499, 236, "SAMIRA")}, []bool{false, true, false}, "OUAZZANI"},
		{"a run not joined is not read again", []Segment{seg(2, 339, 160, 565, 183, "vo QOUAZZANI"),
			seg(3, 339, 220, 399, 236, "PRÉNOM"), seg(3, 417, 215, 499, 236, "SAMIRA")}, []bool{false, true, false}, ""},
		{"a word in capitals is no caption", []Segment{joined(seg(2, 339, 160, 565, 183, "EL OUAZZANI"), 370),
			seg(3, 339, 220, 399, 236, "PRÉNOM"), seg(3, 417, 215, 499, 236, "SAMIRA")}, []bool{false, true, false}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := map[string]Value{"first_name": {"SAMIRA", 0.9}}
			// The reader reads the value alone: here, as the card prints it.
			resolve := func(i int) error {
				if sg := &tt.segs[i]; sg.valueOnly {
					sg.Text, sg.Box.Min.X, sg.valueX, sg.valueOnly = "OUAZZANI", sg.valueX, 0, false
				}
				return nil
			}
			if _, err := surnameAbove(out, tt.segs, tt.label, resolve); err != nil {
				t.Fatal(err)
			}
			if got := out["last_name"].Text; got != tt.want {
				t.Errorf("last_name %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSurnameOverGivenNames: a caption misread as the surname's below the given names ("4c."
// read "1.") does not give the surname, however confidently read; alone, it still does.
func TestSurnameOverGivenNames(t *testing.T) {
	segs := func() []Segment {
		return []Segment{
			{Box: image.Rect(397, 153, 579, 175), Text: "1. LE GALL", Conf: 0.83, Line: 2},
			{Box: image.Rect(396, 193, 567, 221), Text: "2. ÉLODIE", Conf: 0.77, Line: 4},
			{Box: image.Rect(395, 330, 887, 358), Text: "1. PRÉFECTURE DE POLICE", Conf: 0.90, Line: 10},
		}
	}
	none := func(int) error { return nil }
	out, _, err := extract(segs(), "permit", none)
	if err != nil {
		t.Fatal(err)
	}
	if got := out["last_name"].Text; got != "LE GALL" {
		t.Errorf("last_name %q, want LE GALL", got)
	}
	out, _, err = extract(segs()[1:], "permit", none)
	if err != nil {
		t.Fatal(err)
	}
	if got := out["last_name"].Text; got != "PRÉFECTURE DE POLICE" {
		t.Errorf("without a surname above the given names: last_name %q, want the one read", got)
	}
}

// TestNumberedCaptionsWithoutStop: the licence's field numbers read without their full stop,
// or with a colon, are captions when their value follows in the run (the second generator's
// degraded licence 18028); a licence number starting with the digit ("2/143095", beside its
// caption on licence 18023) is no caption, and neither is a number on another document.
func TestNumberedCaptionsWithoutStop(t *testing.T) {
	none := func(int) error { return nil }
	segs := []Segment{
		{Box: image.Rect(362, 156, 568, 180), Text: "1: CHERKAOUI", Conf: 0.67, Line: 1},
		{Box: image.Rect(365, 206, 503, 229), Text: "2 AHMED", Conf: 0.88, Line: 2},
		{Box: image.Rect(375, 398, 562, 423), Text: "5 48/477058", Conf: 0.46, Line: 5},
	}
	out, _, err := extract(segs, "permit", none)
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{"last_name": "CHERKAOUI", "first_name": "AHMED", "document_number": "48/477058"} {
		if got := out[field].Text; got != want {
			t.Errorf("%s %q, want %q", field, got, want)
		}
	}
	if out, _, err = extract(segs, "cin", none); err != nil {
		t.Fatal(err)
	}
	if len(out) != 0 {
		t.Errorf("a CIN read %v from numbered runs, want nothing", out)
	}
	number := []Segment{
		{Box: image.Rect(369, 424, 485, 443), Text: "N° du permis", Conf: 0.95, Line: 7},
		{Box: image.Rect(520, 413, 686, 444), Text: "2/143095", Conf: 0.92, Line: 7},
	}
	if out, _, err = extract(number, "permit", none); err != nil {
		t.Fatal(err)
	}
	if got := out["document_number"].Text; got != "2/143095" {
		t.Errorf("document_number %q, want 2/143095 (fields %v)", got, out)
	}
}

// TestNumberedCaptionIsNoLetter: a licence's field number ("5.") is no one-letter caption,
// which a spelled-out caption of its field drops: the title's "PERMIS" run (the licence
// number's "Permis N°" less its sign) did not take "5. 38/596063" away (the second generator's
// licence 18041).
func TestNumberedCaptionIsNoLetter(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(41, 96, 154, 121), Text: "PERMIS", Conf: 0.96, Line: 1},
		{Box: image.Rect(185, 96, 217, 121), Text: "DE", Conf: 0.97, Line: 1},
		{Box: image.Rect(379, 160, 604, 184), Text: "1. BERRADA", Conf: 0.9, Line: 2},
		{Box: image.Rect(376, 400, 611, 427), Text: "5. 38/596063", Conf: 0.89, Line: 7},
	}
	checkExtracted(t, segs, "permit", "document_number", "38/596063")
}

// Every caption before the birth date lost ("1." read ":", "2." read as nothing): the two
// lines above the birth date, in its column, are the surname and the given names.
func TestNamesAboveBirth(t *testing.T) {
	segs := func(first string) []Segment {
		return []Segment{
			{Box: image.Rect(41, 55, 394, 77), Text: "PERMIS DE CONDUIRE", Conf: 0.92, Line: 0},
			{Box: image.Rect(340, 194, 458, 215), Text: ": DAVID", Conf: 0.79, Line: 2},
			{Box: image.Rect(369, 242, 613, 263), Text: first, Conf: 0.96, Line: 3},
			{Box: image.Rect(342, 289, 700, 311), Text: "3 16.02.1983 TOULOUSE", Conf: 0.91, Line: 4},
			{Box: image.Rect(339, 338, 545, 359), Text: "4: 07.04.2025", Conf: 0.91, Line: 5},
			{Box: image.Rect(602, 337, 809, 358), Text: ". 07.04.2040", Conf: 0.59, Line: 5},
		}
	}
	for _, tt := range []struct {
		name, first         string
		wantLast, wantFirst string
	}{
		{"both captions lost", "PIERRE ANTOINE", "DAVID", "PIERRE ANTOINE"},
		{"the given names read as nothing", "", "", ""},
		{"a date is no name", "07.04.1990", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := segs(tt.first)
			out := map[string]Value{}
			if _, err := permitFallbacks(out, s, make([]bool, len(s)), func(int) error { return nil }); err != nil {
				t.Fatal(err)
			}
			if out["last_name"].Text != tt.wantLast || out["first_name"].Text != tt.wantFirst {
				t.Errorf("names %q %q, want %q %q", out["last_name"].Text, out["first_name"].Text, tt.wantLast, tt.wantFirst)
			}
		})
	}
}

// TestExpiryUnderIssue: "4b." read "4." under a "4a." read with its letter is the expiry's
// caption (it gave the expiry date for the issue date); without a "4a" above, "4." stays the
// issue date's misread caption.
func TestExpiryUnderIssue(t *testing.T) {
	segs := func(first string) []Segment {
		return []Segment{
			{Box: image.Rect(350, 150, 483, 172), Text: "1. MOREAU", Conf: 0.9, Line: 2},
			{Box: image.Rect(349, 366, 564, 388), Text: first, Conf: 0.87, Line: 9},
			{Box: image.Rect(350, 438, 565, 460), Text: "4. 11.04.2036", Conf: 0.92, Line: 11},
		}
	}
	for _, tt := range []struct{ first, issue, expiry string }{
		{"4a. 11.04.2021", "2021-04-11", "2036-04-11"},
		{"PRÉF. DU RHÔNE", "2036-04-11", ""},
	} {
		out, _, err := extract(segs(tt.first), "permit", func(int) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if out["issue_date"].Text != tt.issue || out["expiry_date"].Text != tt.expiry {
			t.Errorf("%q above: issue %q expiry %q, want %q %q", tt.first, out["issue_date"].Text, out["expiry_date"].Text, tt.issue, tt.expiry)
		}
	}
}
