package specimen

import (
	"image"
	"image/color"
	"math/rand/v2"
	"strings"
	"time"
)

// A template draws one side of one document model. It decides what is printed; the truth is
// derived from the identity separately (docTruth), never from pixel positions.
type template func(c *canvas, rng *rand.Rand, id identity, mrz []string, photo image.Image) error

// models lists the document models per type and country, with their front and back.
type model struct {
	name        string
	passport    bool // TD3 page size; otherwise ID-1
	id2         bool // ID-2-like card (the 1988 French CNI, 105×74 mm)
	front, back template
}

func modelsFor(docType, country string) []model {
	switch docType + "/" + country {
	case "cin/MA":
		return []model{{name: "MA_CNIE_2020", front: maCINFront(2020), back: maCINBack(2020)},
			{name: "MA_CNIE_2008", front: maCINFront(2008), back: maCINBack(2008)}}
	case "cni/FR":
		return []model{{name: "FR_CNI_2021", front: frCNIFront, back: frCNIBack},
			{name: oldCNIModel, id2: true, front: frCNI1988Front, back: frCNI1988Back}}
	case "passport/MA", "passport/FR":
		return []model{{name: country + "_PASSPORT", passport: true, front: passportPage}}
	case "residence_card/MA", "residence_card/FR":
		return []model{{name: country + "_RESIDENCE", front: residenceFront, back: residenceBack}}
	case "permit/MA":
		return []model{{name: "MA_PERMIS", front: maPermitFront, back: permitBack}}
	case "permit/FR":
		return []model{{name: "FR_PERMIS_UE", front: frPermitFront, back: permitBack}}
	}
	return nil
}

func dotted(t time.Time) string { return t.Format("02.01.2006") }
func spaced(t time.Time) string { return t.Format("02 01 2006") }

var monthsFR = []string{"JANV", "FÉVR", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOÛT", "SEPT", "OCT", "NOV", "DÉC"}
var monthsEN = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}

// passportDate is the bilingual month style of passports: "12 FÉVR/FEB 1990".
func passportDate(t time.Time) string {
	m := int(t.Month()) - 1
	return t.Format("02") + " " + monthsFR[m] + "/" + monthsEN[m] + " " + t.Format("2006")
}

var (
	ink   = color.RGBA{20, 20, 30, 255}
	title = color.RGBA{30, 40, 90, 255}
)

func (c *canvas) header(rng *rand.Rand, lines [][2]string) {
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	y := h * (0.07 + rng.Float64()*0.01)
	for i, l := range lines {
		size := h * (0.045 - 0.008*float64(i))
		_, _ = c.text(c.bold, size, title, w*0.04, y+size, l[0], false)
		if l[1] != "" {
			_, _ = c.text(c.bold, size*1.1, title, w*0.96, y+size, l[1], true)
		}
		y += size * 1.5
	}
}

func (c *canvas) tint(rng *rand.Rand, base [3]float64) {
	var t [3]float64
	for i := range t {
		t[i] = min(1, base[i]+rng.Float64()*0.04-0.02)
	}
	c.background(rng, t)
}

// photoBox is the portrait area: left by default, right for the models that print it there.
func (c *canvas) photoBox(rng *rand.Rand, right bool) image.Rectangle {
	w, h := c.img.Rect.Dx(), c.img.Rect.Dy()
	x0 := int(float64(w) * (0.035 + rng.Float64()*0.01))
	if right {
		x0 = w - x0 - w*27/100
	}
	y0 := int(float64(h) * (0.27 + rng.Float64()*0.02))
	return image.Rect(x0, y0, x0+w*27/100, y0+h*50/100)
}

func maCINFront(year int) template {
	return func(c *canvas, rng *rand.Rand, id identity, _ []string, photo image.Image) error {
		base := [3]float64{0.96, 0.93, 0.86}
		if year == 2008 {
			base = [3]float64{0.88, 0.93, 0.96}
		}
		c.tint(rng, base)
		c.header(rng, [][2]string{{"ROYAUME DU MAROC", "المملكة المغربية"}, {"CARTE NATIONALE D'IDENTITE", "البطاقة الوطنية للتعريف"}})
		w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
		st := randomStyle(rng, w, h, year == 2008)
		box := c.photoBox(rng, year == 2008)
		if year == 2008 {
			// Six stacked rows: start higher and tighter so the last one stays on the card.
			st.x0 = w * (0.04 + rng.Float64()*0.02)
			st.y0 = h * (0.25 + rng.Float64()*0.02)
			st.right = float64(box.Min.X) - w*0.02
			st.valueSize, st.labelSize = st.valueSize*0.9, st.labelSize*0.9
			st.lineGap = 0.1 + rng.Float64()*0.1
		}
		c.portrait(photo, box, false)
		place := "à"
		if st.stacked {
			place = "Lieu de naissance"
		}
		var rows [][]field
		if year == 2008 {
			rows = append(rows, []field{{label: "CIN", value: id.number}})
		}
		rows = append(rows, [][]field{
			{{label: "Prénom", arLabel: "الاسم الشخصي", value: id.first.latin, arValue: id.first.arabic}},
			{{label: "Nom", arLabel: "الاسم العائلي", value: id.last.latin, arValue: id.last.arabic}},
			{{label: "Né(e) le", value: dotted(id.birth)}},
			{{label: place, value: id.place.latin, arValue: id.place.arabic}},
			{{label: "Valable jusqu'au", value: dotted(id.expiry)}},
		}...)
		y, err := c.form(st, rows)
		if err != nil || year == 2008 {
			return err
		}
		st.y0 = max(y, float64(box.Max.Y)) + h*0.02
		st.x0 = w * 0.05
		st.stacked = false
		_, err = c.form(st, [][]field{{{label: "CIN", value: id.number}}})
		return err
	}
}

func maCINBack(year int) template {
	return func(c *canvas, rng *rand.Rand, id identity, mrz []string, _ image.Image) error {
		c.tint(rng, [3]float64{0.95, 0.94, 0.88})
		w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
		st := randomStyle(rng, w, h, year == 2008)
		st.x0, st.y0 = w*(0.04+rng.Float64()*0.02), h*(0.06+rng.Float64()*0.02)
		st.valueSize *= 0.9
		st.labelSize *= 0.9
		st.bottom = c.mrzTop(mrz)
		son := "Fils de"
		if id.sex == "F" {
			son = "Fille de"
		}
		rows := [][]field{
			{{label: son, value: id.father.latin, arValue: id.father.arabic}},
			{{label: "et de", value: id.mother.latin, arValue: id.mother.arabic}},
			{{label: "Adresse", value: id.address.latin}},
			{{arValue: id.address.arabic}},
			{{label: "N° état civil", value: id.civilStatus}, {label: "Sexe", value: id.sex}},
			{{label: "N° carte", value: id.cardNumber}},
		}
		if _, err := c.form(st, rows); err != nil {
			return err
		}
		return c.mrz(mrz, ink)
	}
}

func frCNIFront(c *canvas, rng *rand.Rand, id identity, _ []string, photo image.Image) error {
	c.tint(rng, [3]float64{0.90, 0.93, 0.97})
	c.header(rng, [][2]string{{"RÉPUBLIQUE FRANÇAISE", ""}, {"CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD", ""}})
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	st := randomStyle(rng, w, h, true)
	st.valueSize *= 0.92
	box := c.photoBox(rng, false)
	c.portrait(photo, box, false)
	rows := [][]field{
		{{label: "NOM", english: "Surname", value: id.last.latin}},
		{{label: "Prénoms", english: "Given names", value: strings.ReplaceAll(id.first.latin, " ", ", ")}},
		{{label: "SEXE", english: "Sex", value: id.sex}, {label: "NATIONALITÉ", english: "Nationality", value: id.nationality},
			{label: "DATE DE NAISS.", english: "Date of birth", value: spaced(id.birth)}},
		{{label: "LIEU DE NAISSANCE", english: "Place of birth", value: id.place.latin}},
		{{label: "N° DU DOCUMENT", english: "Document No", value: id.number}, {label: "DATE D'EXPIR.", english: "Expiry date", value: spaced(id.expiry)}},
	}
	_, err := c.form(st, rows)
	return err
}

func frCNIBack(c *canvas, rng *rand.Rand, id identity, mrz []string, _ image.Image) error {
	c.tint(rng, [3]float64{0.92, 0.94, 0.97})
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	st := randomStyle(rng, w, h, true)
	st.x0, st.y0 = w*(0.05+rng.Float64()*0.03), h*(0.08+rng.Float64()*0.03)
	st.bottom = c.mrzTop(mrz)
	rows := [][]field{
		{{label: "ADRESSE", english: "Address", value: id.address.latin}},
		{{label: "DATE DE DÉLIVRANCE", english: "Date of issue", value: spaced(id.issue)}},
	}
	if _, err := c.form(st, rows); err != nil {
		return err
	}
	return c.mrz(mrz, ink)
}

func passportPage(c *canvas, rng *rand.Rand, id identity, mrz []string, photo image.Image) error {
	ma := strings.HasPrefix(mrz[0], "P<MAR")
	c.tint(rng, [3]float64{0.93, 0.95, 0.90})
	state, arState := "RÉPUBLIQUE FRANÇAISE", ""
	if ma {
		state, arState = "ROYAUME DU MAROC", "المملكة المغربية"
	}
	c.header(rng, [][2]string{{state, arState}, {"PASSEPORT / PASSPORT", ""}})
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	st := randomStyle(rng, w, h, true)
	st.y0 = h * (0.2 + rng.Float64()*0.02)
	st.valueSize, st.labelSize = h*0.033, h*0.022
	st.lineGap = 0.15
	st.bottom = c.mrzTop(mrz)
	box := c.photoBox(rng, false)
	box.Max.Y = box.Min.Y + (box.Max.Y-box.Min.Y)*9/10
	c.portrait(photo, box, false)
	first, last := field{label: "Prénoms", english: "Given names", value: id.first.latin},
		field{label: "Nom", english: "Surname", value: id.last.latin}
	if ma {
		first.arValue, last.arValue = id.first.arabic, id.last.arabic
	}
	rows := [][]field{
		{{label: "Type", value: "P"}, {label: "Code", value: mrz[0][2:5]}, {label: "Passeport N°", english: "Passport No", value: id.number}},
		{last}, {first},
		{{label: "Nationalité", english: "Nationality", value: id.nationality}, {label: "Sexe", english: "Sex", value: id.sex}},
		{{label: "Date de naissance", english: "Date of birth", value: passportDate(id.birth)}},
		{{label: "Lieu de naissance", english: "Place of birth", value: id.place.latin}},
		{{label: "Date de délivrance", english: "Date of issue", value: passportDate(id.issue)}},
		{{label: "Date d'expiration", english: "Date of expiry", value: passportDate(id.expiry)}},
	}
	if _, err := c.form(st, rows); err != nil {
		return err
	}
	return c.mrz(mrz, ink)
}

func residenceFront(c *canvas, rng *rand.Rand, id identity, mrz []string, photo image.Image) error {
	c.tint(rng, [3]float64{0.94, 0.92, 0.96})
	if mrz[0][2:5] == "MAR" {
		c.header(rng, [][2]string{{"ROYAUME DU MAROC", "المملكة المغربية"}, {"CARTE DE RÉSIDENCE", "بطاقة الإقامة"}})
	} else {
		c.header(rng, [][2]string{{"RÉPUBLIQUE FRANÇAISE", ""}, {"TITRE DE SÉJOUR / RESIDENCE PERMIT", ""}})
	}
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	st := randomStyle(rng, w, h, rng.IntN(2) == 0)
	st.valueSize *= 0.9
	c.portrait(photo, c.photoBox(rng, false), false)
	rows := [][]field{
		{{label: "Nom", value: id.last.latin}},
		{{label: "Prénoms", value: id.first.latin}},
		{{label: "Nationalité", value: id.nationality}, {label: "Sexe", value: id.sex}},
		{{label: "Date de naissance", value: dotted(id.birth)}},
		{{label: "N° titre", value: id.number}},
		{{label: "Valable jusqu'au", value: dotted(id.expiry)}},
	}
	_, err := c.form(st, rows)
	return err
}

func residenceBack(c *canvas, rng *rand.Rand, id identity, mrz []string, _ image.Image) error {
	c.tint(rng, [3]float64{0.94, 0.93, 0.95})
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	st := randomStyle(rng, w, h, rng.IntN(2) == 0)
	st.x0, st.y0 = w*(0.05+rng.Float64()*0.03), h*(0.08+rng.Float64()*0.03)
	st.valueSize *= 0.9
	st.bottom = c.mrzTop(mrz)
	rows := [][]field{
		{{label: "Lieu de naissance", value: id.place.latin}},
		{{label: "Adresse", value: id.address.latin}},
		{{label: "Date de délivrance", value: dotted(id.issue)}},
	}
	if _, err := c.form(st, rows); err != nil {
		return err
	}
	return c.mrz(mrz, ink)
}

func maPermitFront(c *canvas, rng *rand.Rand, id identity, _ []string, photo image.Image) error {
	c.tint(rng, [3]float64{0.97, 0.90, 0.90})
	c.header(rng, [][2]string{{"ROYAUME DU MAROC", "المملكة المغربية"}, {"PERMIS DE CONDUIRE", "رخصة السياقة"}})
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	st := randomStyle(rng, w, h, false)
	st.valueSize *= 0.88
	st.labelSize = st.valueSize * 0.7
	c.portrait(photo, c.photoBox(rng, false), false)
	rows := [][]field{
		{{label: "Nom", value: id.last.latin, arValue: id.last.arabic}},
		{{label: "Prénom", value: id.first.latin, arValue: id.first.arabic}},
		{{label: "Né le", value: dotted(id.birth)}},
		{{label: "à", value: id.place.latin, arValue: id.place.arabic}},
		{{label: "Permis N°", value: id.number}},
		{{label: "Délivré le", value: dotted(id.issue)}},
		{{label: "Valable jusqu'au", value: dotted(id.expiry)}},
	}
	_, err := c.form(st, rows)
	return err
}

func frPermitFront(c *canvas, rng *rand.Rand, id identity, _ []string, photo image.Image) error {
	c.tint(rng, [3]float64{0.96, 0.88, 0.90})
	c.header(rng, [][2]string{{"PERMIS DE CONDUIRE", ""}, {"RÉPUBLIQUE FRANÇAISE", ""}})
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	st := randomStyle(rng, w, h, false)
	st.valueSize *= 0.88
	c.portrait(photo, c.photoBox(rng, false), false)
	rows := [][]field{
		{{label: "1.", value: id.last.latin}},
		{{label: "2.", value: id.first.latin}},
		{{label: "3.", value: dotted(id.birth) + " " + id.place.latin}},
		{{label: "4a.", value: dotted(id.issue)}, {label: "4b.", value: dotted(id.expiry)}},
		{{label: "4c.", value: "PRÉFECTURE"}},
		{{label: "5.", value: id.number}},
	}
	_, err := c.form(st, rows)
	return err
}

func permitBack(c *canvas, rng *rand.Rand, _ identity, mrz []string, _ image.Image) error {
	c.tint(rng, [3]float64{0.96, 0.91, 0.91})
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	size := h * 0.04
	for i, cat := range []string{"AM", "A1", "A2", "A", "B1", "B", "C1", "C", "D1", "D", "BE"} {
		y := h*0.08 + float64(i)*size*1.35
		_, _ = c.text(c.bold, size, ink, w*0.06, y+size, cat, false)
		c.rect(image.Rect(int(w*0.2), int(y+size*1.15), int(w*0.9), int(y+size*1.2)), color.RGBA{90, 90, 100, 255})
	}
	if len(mrz) == 0 {
		return nil
	}
	return c.mrz(mrz, ink)
}
