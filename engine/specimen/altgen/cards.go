package altgen

import (
	"fmt"
	"regexp"
)

// The printed models. Each side says what the document prints (DOCUMENTS.md and the issuers'
// published specimens); where and how is drawn per document.

var (
	maState = [2]string{"ROYAUME DU MAROC", "المملكة المغربية"}
	frState = [2]string{"RÉPUBLIQUE FRANÇAISE", ""}
)

// begin paints the paper in one of hues.
func (d *design) begin(hues ...float64) {
	d.pal = randomPalette(d.rng, hues[d.rng.IntN(len(hues))])
	d.s.paper(d.rng, d.pal)
}

// beside is the field area next to a portrait box.
func (d *design) beside(box rectMM, top, bottom float64) rectMM {
	gap := 3 + d.rng.Float64()*2.5
	if box.x0 > d.s.wMM/2 {
		return rectMM{d.margin, top, box.x0 - gap, bottom}
	}
	return rectMM{box.x1 + gap, top, d.s.wMM - d.margin, bottom}
}

// full is the field area across the side.
func (d *design) full(top, bottom float64) rectMM {
	return rectMM{d.margin + d.rng.Float64()*2, top, d.s.wMM - d.margin, bottom}
}

func (d *design) flowIn(area rectMM, lk look, rows [][]field) (float64, error) {
	return d.s.flow(d.rng, lk, area, rows)
}

// cnieFront is the Moroccan CNIE's front: names in Latin and Arabic, birth date and place,
// expiry, and the CIN; the 2020 card prints the CIN large under the portrait and the CAN.
func cnieFront(year int) func(*design) error {
	return func(d *design) error {
		rng, h := d.rng, d.h
		d.begin(0.1, 0.14, 0.3, 0.55)
		top, err := d.header([][2]string{maState, {"CARTE NATIONALE D'IDENTITÉ", "البطاقة الوطنية للتعريف"}})
		if err != nil {
			return err
		}
		bottom := d.s.hMM - d.margin
		right := rng.IntN(4) == 0
		if year == 2008 {
			right = rng.IntN(3) > 0
		}
		portraitBottom := bottom
		if year == 2020 {
			portraitBottom -= 9
		}
		box := d.portraitBox(top, portraitBottom, right, 0.24+rng.Float64()*0.06)
		d.printPortrait(box)
		lk := d.look(rng.IntN(2) == 0, 2.6)
		dates := pickStyle(rng, dotted, dotted, slashed)
		first := field{caption: oneOf(rng, "Prénom", "Prénom(s)"), arCaption: "الاسم الشخصي", value: h.FirstName.Latin, arValue: h.FirstName.Arabic}
		last := field{caption: "Nom", arCaption: "الاسم العائلي", value: h.LastName.Latin, arValue: h.LastName.Arabic}
		if rng.IntN(3) == 0 {
			first.arCaption, last.arCaption = "", ""
		}
		fields := []field{first, last}
		if rng.IntN(2) == 0 {
			fields = []field{last, first}
		}
		birth := field{caption: oneOf(rng, "Né(e) le", "Né le", "Date de naissance"), value: dates.format(h.Birth), short: true}
		place := field{caption: oneOf(rng, "Lieu de naissance", "à"), value: h.Place.Latin, arValue: h.Place.Arabic}
		if rng.IntN(3) == 0 { // "Né le 12.02.1990 à FES" on one line, the Arabic place left out
			place = field{caption: "à", value: h.Place.Latin, short: true}
		}
		expiry := field{caption: oneOf(rng, "Valable jusqu'au", "Date d'expiration"), value: dates.format(h.Expiry), short: true}
		if rng.IntN(2) == 0 {
			expiry.arCaption = "صالحة إلى غاية"
		}
		fields = append(fields, birth, place, expiry)
		if year == 2008 {
			fields = append([]field{{caption: oneOf(rng, "N° CIN", "CIN"), value: h.Number, short: true}}, fields...)
		} else {
			fields = append(fields, field{caption: "CAN", value: fmt.Sprintf("%06d", rng.IntN(1000000)), short: true})
		}
		area := d.beside(box, top, bottom)
		if _, err := d.flowIn(area, lk, arrange(rng, fields, 2)); err != nil {
			return err
		}
		if year == 2008 {
			return nil
		}
		// The CIN in large print under the portrait, captioned or not.
		big := lk
		big.val = lk.val.scaled(1.25 + rng.Float64()*0.2)
		big.above = true
		under := rectMM{box.x0, box.y1 + 1, d.s.wMM - d.margin, bottom}
		if !right {
			under.x1 = area.x0 - 1
		}
		f := field{caption: oneOf(rng, "N° CIN", "CIN", ""), value: h.Number}
		if f.caption == "" {
			big.cap = big.cap.scaled(0.01)
			big.capGap = 0
		}
		_, err = d.flowIn(under, big, [][]field{{f}})
		return err
	}
}

// cnieBack is the Moroccan CNIE's back: parents, address in Latin and Arabic, civil-status
// number, sex, card number, and the TD1 MRZ.
func cnieBack(d *design) error {
	rng, h := d.rng, d.h
	d.begin(0.1, 0.14, 0.3, 0.55)
	mrz := newMRZPlan(rng, h.MRZ)
	lk := d.look(rng.IntN(2) == 0, 2.4)
	son, arSon := "Fils de", "ابن"
	if h.Sex == "F" {
		son, arSon = "Fille de", "بنت"
	}
	fields := []field{
		{caption: son, arCaption: arSon, value: h.Father.Latin, arValue: h.Father.Arabic},
		{caption: "et de", arCaption: "و", value: h.Mother.Latin, arValue: h.Mother.Arabic},
		{caption: "Adresse", arCaption: "العنوان", value: h.Address.Latin, arValue: h.Address.Arabic, arBelow: true},
		{caption: oneOf(rng, "N° état civil", "Etat civil"), value: h.CivilStatus, short: true},
		{caption: "Sexe", value: h.Sex, short: true},
		{caption: oneOf(rng, "N° carte", "N° de carte"), value: h.CardNumber, short: true},
	}
	if rng.IntN(2) == 0 {
		for i := range fields[:3] {
			fields[i].arCaption = ""
		}
	}
	top := d.margin + rng.Float64()*2
	if _, err := d.flowIn(d.full(top, mrz.top(d.s.hMM)), lk, arrange(rng, fields, 3)); err != nil {
		return err
	}
	return d.s.mrz(mrz, d.fonts, d.pal.value)
}

var frZip = regexp.MustCompile(` (\d{5} .*)$`)

// address is a French address on one line or, as cards often print it, the street on one
// and the postcode and town under it.
func (d *design) address(f field) field {
	if m := frZip.FindStringSubmatchIndex(f.value); m != nil && d.rng.IntN(3) == 0 {
		f.value, f.more = f.value[:m[0]], f.value[m[2]:]
	}
	return f
}

// cniFront is the French identity card of 2021: bilingual captions, dates as 12 02 1990.
func cniFront(d *design) error {
	rng, h := d.rng, d.h
	d.begin(0.58, 0.62, 0.9)
	title := [][2]string{frState, {"CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD", ""}}
	if rng.IntN(2) == 0 {
		title = [][2]string{frState, {"CARTE NATIONALE D'IDENTITÉ", ""}, {"IDENTITY CARD", ""}}
	}
	top, err := d.header(title)
	if err != nil {
		return err
	}
	bottom := d.s.hMM - d.margin
	box := d.portraitBox(top, bottom, rng.IntN(4) == 0, 0.25+rng.Float64()*0.06)
	d.printPortrait(box)
	lk := d.look(rng.IntN(4) > 0, 2.4)
	dates := pickStyle(rng, spaced, spaced, dotted)
	fields := []field{
		{caption: "Nom", english: "Surname", value: h.LastName.Latin},
		{caption: "Prénoms", english: "Given names", value: givenNames(h.FirstName.Latin, rng.IntN(2) == 0)},
		{caption: "Sexe", english: "Sex", value: h.Sex, short: true},
		{caption: "Nationalité", english: "Nationality", value: h.Nationality, short: true},
		{caption: oneOf(rng, "Date de naiss.", "Date de naissance"), english: "Date of birth", value: dates.format(h.Birth), short: true},
		{caption: "Lieu de naissance", english: "Place of birth", value: h.Place.Latin},
		{caption: oneOf(rng, "N° du document", "N° de document"), english: oneOf(rng, "Document No", "Document No."), value: h.Number, short: true},
		{caption: oneOf(rng, "Date d'expir.", "Date d'expiration"), english: "Expiry date", value: dates.format(h.Expiry), short: true},
	}
	_, err = d.flowIn(d.beside(box, top, bottom), lk, arrange(rng, fields, 3))
	return err
}

// cniBack is the French identity card of 2021's back: address, issue date, TD1 MRZ.
func cniBack(d *design) error {
	rng, h := d.rng, d.h
	d.begin(0.58, 0.62, 0.9)
	mrz := newMRZPlan(rng, h.MRZ)
	lk := d.look(rng.IntN(4) > 0, 2.5)
	dates := pickStyle(rng, spaced, spaced, dotted)
	fields := []field{
		d.address(field{caption: "Adresse", english: "Address", value: h.Address.Latin}),
		{caption: "Date de délivrance", english: "Date of issue", value: dates.format(h.Issue), short: true},
	}
	top := d.margin + 1 + rng.Float64()*4
	if _, err := d.flowIn(d.full(top, mrz.top(d.s.hMM)), lk, arrange(rng, fields, 2)); err != nil {
		return err
	}
	return d.s.mrz(mrz, d.fonts, d.pal.value)
}

// oldCNIFront is the French card of 1988–2021 (105×74 mm): the card number after the title,
// captions with colons before their values, the 2×36 MRZ at the bottom of the front.
func oldCNIFront(d *design) error {
	rng, h := d.rng, d.h
	d.begin(0.6, 0.7, 0.95)
	top, err := d.header([][2]string{frState})
	if err != nil {
		return err
	}
	mrz := newMRZPlan(rng, h.MRZ)
	lk := d.look(false, 3.0)
	lk.colon = oneOf(rng, " :", ":")
	y, err := d.flowIn(d.full(top, top+8), lk, [][]field{{{caption: "CARTE NATIONALE D'IDENTITÉ N°", value: h.Number}}})
	if err != nil {
		return err
	}
	bottom := mrz.top(d.s.hMM)
	box := d.portraitBox(y+1.5, bottom, false, 0.24+rng.Float64()*0.04)
	d.printPortrait(box)
	birth := field{caption: "Né(e) le", value: dotted.format(h.Birth), short: true}
	place := field{caption: "à", value: h.Place.Latin, short: true}
	fields := []field{
		{caption: "Nom", value: h.LastName.Latin},
		{caption: "Prénom(s)", value: givenNames(h.FirstName.Latin, true)},
		{caption: "Sexe", value: h.Sex, short: true},
		birth, place,
		{caption: "Taille", value: fmt.Sprintf("1,%02d m", 50+rng.IntN(45)), short: true},
	}
	if _, err := d.flowIn(d.beside(box, y+1.5, bottom), lk, arrange(rng, fields, 2)); err != nil {
		return err
	}
	return d.s.mrz(mrz, d.fonts, d.pal.value)
}

var prefectures = []string{"PRÉFECTURE DE POLICE", "PRÉFECTURE DU RHÔNE", "PRÉFECTURE DE LA GIRONDE",
	"PRÉFECTURE DU NORD", "SOUS-PRÉFECTURE DE BREST", "PRÉFECTURE DE L'ISÈRE"}

// oldCNIBack is the 1988 card's back: address, validity, issue date and authority.
func oldCNIBack(d *design) error {
	rng, h := d.rng, d.h
	d.begin(0.6, 0.7, 0.95)
	lk := d.look(false, 3.0)
	lk.colon = oneOf(rng, " :", ":")
	fields := []field{
		d.address(field{caption: "Adresse", value: h.Address.Latin}),
		{caption: "Carte valable jusqu'au", value: dotted.format(h.Expiry)},
		{caption: "délivrée le", value: dotted.format(h.Issue)},
		{caption: "par", value: prefectures[rng.IntN(len(prefectures))]},
	}
	top := d.margin + 2 + rng.Float64()*6
	_, err := d.flowIn(d.full(top, d.s.hMM-d.margin), lk, arrange(rng, fields, 1))
	return err
}

// passportPage is the TD3 data page: captions above values in French and English (and
// Arabic on Moroccan passports), dates with bilingual month names or in figures.
func passportPage(d *design) error {
	rng, h := d.rng, d.h
	ma := d.country == "MA"
	d.begin(0.3, 0.8, 0.95, 0.55)
	head := [][2]string{frState, {"PASSEPORT / PASSPORT", ""}}
	if ma {
		head = [][2]string{maState, {"PASSEPORT / PASSPORT", "جواز السفر"}}
	}
	top, err := d.header(head)
	if err != nil {
		return err
	}
	mrz := newMRZPlan(rng, h.MRZ)
	bottom := mrz.top(d.s.hMM)
	box := d.portraitBox(top+1, bottom-6, false, 0.24+rng.Float64()*0.06)
	d.printPortrait(box)
	if rng.IntN(2) == 0 && bottom-box.y1 > 12 {
		g := rectMM{box.x0 + 2, box.y1 + 2, box.x0 + 2 + (bottom-box.y1-3)*0.78, bottom - 1}
		d.ghost(g)
	}
	lk := d.look(true, 3.0)
	dates := pickStyle(rng, monthEnFr, monthFrEn, monthSingle, spaced, slashed)
	nat := map[bool]string{true: "MAROCAINE", false: "FRANÇAISE"}[ma]
	last := field{caption: "Nom", english: "Surname", value: h.LastName.Latin}
	first := field{caption: "Prénoms", english: "Given names", value: h.FirstName.Latin}
	if ma {
		last.arCaption, last.arValue = "النسب", h.LastName.Arabic
		first.arCaption, first.arValue = "الاسم", h.FirstName.Arabic
	}
	fields := []field{
		{caption: "Type", english: "Type", value: "P", short: true},
		{caption: "Code du pays", english: "Country code", value: h.MRZ[0][2:5], short: true},
		{caption: oneOf(rng, "Passeport N°", "N° du passeport"), english: "Passport No.", value: h.Number, short: true},
		last, first,
		{caption: "Nationalité", english: "Nationality", value: nat, short: true},
		{caption: "Date de naissance", english: "Date of birth", value: dates.format(h.Birth), short: true},
		{caption: "Sexe", english: "Sex", value: h.Sex, short: true},
		{caption: "Lieu de naissance", english: "Place of birth", value: h.Place.Latin},
		{caption: "Date de délivrance", english: "Date of issue", value: dates.format(h.Issue), short: true},
		{caption: "Date d'expiration", english: "Date of expiry", value: dates.format(h.Expiry), short: true},
	}
	if !ma {
		fields = append(fields, field{caption: "Autorité", english: "Authority", value: prefectures[rng.IntN(len(prefectures))]})
	}
	if _, err := d.flowIn(d.beside(box, top+1, bottom), lk, arrange(rng, fields, 3)); err != nil {
		return err
	}
	return d.s.mrz(mrz, d.fonts, d.pal.value)
}

// residenceFront is a residence card's front: the holder (Latin only: a foreigner), the
// nationality code, the card number and its validity.
func residenceFront(d *design) error {
	rng, h := d.rng, d.h
	ma := d.country == "MA"
	d.begin(0.75, 0.45, 0.05)
	head := [][2]string{frState, {oneOf(rng, "TITRE DE SÉJOUR", "TITRE DE SÉJOUR / RESIDENCE PERMIT"), ""}}
	if ma {
		head = [][2]string{maState, {"CARTE DE RÉSIDENCE", "بطاقة الإقامة"}}
		if rng.IntN(3) == 0 {
			head[1] = [2]string{"CARTE D'IMMATRICULATION", "بطاقة التسجيل"}
		}
	}
	top, err := d.header(head)
	if err != nil {
		return err
	}
	bottom := d.s.hMM - d.margin
	box := d.portraitBox(top, bottom, rng.IntN(3) == 0, 0.24+rng.Float64()*0.06)
	d.printPortrait(box)
	lk := d.look(rng.IntN(2) == 0, 2.4)
	dates := pickStyle(rng, dotted, spaced, slashed)
	en := func(s string) string {
		if ma {
			return ""
		}
		return s
	}
	fields := []field{
		{caption: "Nom", english: en("Surname"), value: h.LastName.Latin},
		{caption: "Prénoms", english: en("Given names"), value: h.FirstName.Latin},
		{caption: "Nationalité", english: en("Nationality"), value: h.Nationality, short: true},
		{caption: "Sexe", english: en("Sex"), value: h.Sex, short: true},
		{caption: "Date de naissance", english: en("Date of birth"), value: dates.format(h.Birth), short: true},
		{caption: oneOf(rng, "N° titre", "N° du document"), english: en("Document No"), value: h.Number, short: true},
		{caption: oneOf(rng, "Valable jusqu'au", "Date d'expiration"), english: en("Expiry date"), value: dates.format(h.Expiry), short: true},
	}
	if ma && rng.IntN(2) == 0 {
		fields[0].arCaption, fields[1].arCaption = "النسب", "الاسم"
	}
	_, err = d.flowIn(d.beside(box, top, bottom), lk, arrange(rng, fields, 2))
	return err
}

// residenceBack: place of birth, address, issue date and the TD1 MRZ.
func residenceBack(d *design) error {
	rng, h := d.rng, d.h
	ma := d.country == "MA"
	d.begin(0.75, 0.45, 0.05)
	mrz := newMRZPlan(rng, h.MRZ)
	lk := d.look(rng.IntN(2) == 0, 2.5)
	dates := pickStyle(rng, dotted, spaced, slashed)
	fields := []field{
		{caption: "Lieu de naissance", english: "Place of birth", value: h.Place.Latin},
		d.address(field{caption: "Adresse", english: "Address", value: h.Address.Latin}),
		{caption: "Date de délivrance", english: "Date of issue", value: dates.format(h.Issue), short: true},
	}
	if ma {
		for i := range fields {
			fields[i].english = ""
		}
	}
	top := d.margin + 1 + rng.Float64()*4
	if _, err := d.flowIn(d.full(top, mrz.top(d.s.hMM)), lk, arrange(rng, fields, 2)); err != nil {
		return err
	}
	return d.s.mrz(mrz, d.fonts, d.pal.value)
}

// permitFront is a driving licence's front: the EU model's numbered fields (1. surname, 2.
// given names, 3. birth date and place, 4a. issue, 4b. expiry, 4c. authority, 5. number), or
// on a Moroccan licence sometimes bilingual captions.
func permitFront(d *design) error {
	rng, h := d.rng, d.h
	ma := d.country == "MA"
	d.begin(0.95, 0.9, 0.08)
	head := [][2]string{{"PERMIS DE CONDUIRE", ""}, frState}
	if ma {
		head = [][2]string{maState, {"PERMIS DE CONDUIRE", "رخصة السياقة"}}
	}
	top, err := d.header(head)
	if err != nil {
		return err
	}
	bottom := d.s.hMM - d.margin
	box := d.portraitBox(top, bottom, false, 0.23+rng.Float64()*0.06)
	d.printPortrait(box)
	dates := pickStyle(rng, dotted, dotted, slashed)
	if !ma {
		dates = dotted
	}
	area := d.beside(box, top, bottom)
	if ma && rng.IntN(5) < 3 {
		lk := d.look(rng.IntN(2) == 0, 2.4)
		fields := []field{
			{caption: "Nom", arCaption: "الاسم العائلي", value: h.LastName.Latin, arValue: h.LastName.Arabic},
			{caption: "Prénom", arCaption: "الاسم الشخصي", value: h.FirstName.Latin, arValue: h.FirstName.Arabic},
			{caption: "Date de naissance", value: dates.format(h.Birth), short: true},
			{caption: "Lieu de naissance", value: h.Place.Latin, arValue: h.Place.Arabic},
			{caption: oneOf(rng, "N° du permis", "Permis N°"), value: h.Number, short: true},
			{caption: "Date de délivrance", value: dates.format(h.Issue), short: true},
			{caption: oneOf(rng, "Valable jusqu'au", "Date d'expiration"), value: dates.format(h.Expiry), short: true},
		}
		_, err = d.flowIn(area, lk, arrange(rng, fields, 2))
		return err
	}
	lk := d.look(false, 2.5)
	lk.colon, lk.upper = "", false
	lk.cap = lk.cap.scaled(1.1)
	last := field{caption: "1.", value: h.LastName.Latin}
	first := field{caption: "2.", value: h.FirstName.Latin}
	if ma {
		last.arValue, first.arValue = h.LastName.Arabic, h.FirstName.Arabic
	}
	issue := field{caption: "4a.", value: dates.format(h.Issue), short: true}
	expiry := field{caption: "4b.", value: dates.format(h.Expiry), short: true}
	authority := field{caption: "4c.", value: oneOf(rng, "PRÉFECTURE", "PRÉF. DU RHÔNE", "PRÉFECTURE DE POLICE")}
	if ma {
		authority.value = oneOf(rng, "MINISTÈRE DU TRANSPORT", "NARSA")
	}
	rows := [][]field{{last}, {first}, {{caption: "3.", value: dates.format(h.Birth) + " " + h.Place.Latin}}}
	if rng.IntN(2) == 0 {
		rows = append(rows, []field{issue, authority}, []field{expiry})
	} else {
		rows = append(rows, []field{issue, expiry}, []field{authority})
	}
	rows = append(rows, []field{{caption: "5.", value: h.Number}})
	_, err = d.flowIn(area, lk, rows)
	return err
}

var categories = []string{"AM", "A1", "A2", "A", "B1", "B", "C1", "C", "D1", "D", "BE", "C1E", "CE", "D1E", "DE"}

// permitBack is the licence's back: the table of categories (9), their dates (10, 11) and
// restrictions (12), and on the French licence its one-line MRZ.
func permitBack(d *design) error {
	rng, h, s := d.rng, d.h, d.s
	d.begin(0.95, 0.9, 0.08)
	mrz := newMRZPlan(rng, h.MRZ)
	bottom := mrz.top(s.hMM)
	var cats []string
	for _, c := range categories {
		if c == "B" || rng.IntN(4) > 0 {
			cats = append(cats, c)
		}
	}
	top := d.margin + 1.5
	pitch := min(3.4, (bottom-top-4)/float64(len(cats)+1))
	fam := d.fonts.families[rng.IntN(len(d.fonts.families))]
	p := pen{fonts: d.fontsOf(fam, true), size: pitch * 0.72, col: d.pal.value}
	small := pen{fonts: d.fontsOf(fam, false), size: pitch * 0.55, col: d.pal.caption}
	cols := []float64{d.margin + 1, s.wMM * 0.3, s.wMM * 0.52, s.wMM * 0.74}
	for i, c := range []string{"9.", "10.", "11.", "12."} {
		if _, err := s.write(small, cols[i], top+small.ascent(), c); err != nil {
			return err
		}
	}
	line := d.pal.caption
	for i, c := range cats {
		y := top + float64(i+1)*pitch
		s.fill(rectMM{d.margin, y + 0.2, s.wMM - d.margin, y + 0.35}, line, 0.6)
		if _, err := s.write(p, cols[0], y+pitch*0.82, c); err != nil {
			return err
		}
		if c == "B" {
			if _, err := s.write(small, cols[1], y+pitch*0.8, dotted.format(h.Issue)); err != nil {
				return err
			}
			if _, err := s.write(small, cols[2], y+pitch*0.8, dotted.format(h.Expiry)); err != nil {
				return err
			}
		}
	}
	return s.mrz(mrz, d.fonts, d.pal.value)
}
