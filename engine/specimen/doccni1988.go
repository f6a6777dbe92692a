package specimen

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"
)

// oldCNIModel is the French identity card of 1988–2021: a 105×74 mm card with a 2×36 MRZ on
// the front that is not ICAO (DOCUMENTS.md §3), a 12-digit card number and no expiry in the
// MRZ.
const oldCNIModel = "FR_CNI_1988"

// oldCNIIdentity gives id the old card's number (issue YYMM, office, sequence) and dates:
// cards issued to adults in 2004–2013 are valid 15 years.
func oldCNIIdentity(rng *rand.Rand, id identity) identity {
	id.issue = randomDate(rng, 2004, 2013)
	id.expiry = id.issue.AddDate(15, 0, 0)
	if adult := id.issue.AddDate(-18, 0, 0); id.birth.After(adult) {
		id.birth = adult.AddDate(-rng.IntN(40), -rng.IntN(12), -rng.IntN(28))
	}
	office := fmt.Sprintf("%03d", 10+rng.IntN(980))
	id.number = id.issue.Format("0601") + office + fmt.Sprintf("%05d", rng.IntN(100000))
	return id
}

// oldCNIMRZ builds the 2×36 MRZ: L1 IDFRA, surname (25), administrative code (office and
// department); L2 card number and its check digit, given names (14), birth date and check
// digit, sex, composite over both lines.
func oldCNIMRZ(id identity) []string {
	office := id.number[4:7]
	l1 := "IDFRA" + pad(mrzName(id.last.latin), 25) + office + "0" + office[:2]
	given := strings.ReplaceAll(mrzName(id.first.latin), "<", "<<")
	l2 := id.number + cd(id.number) + pad(given, 14)[:14] + yymmdd(id.birth) + cd(yymmdd(id.birth)) + id.sex
	return []string{l1, l2 + cd(l1+l2)}
}

func frCNI1988Front(c *canvas, rng *rand.Rand, id identity, mrz []string, photo image.Image) error {
	c.tint(rng, [3]float64{0.93, 0.92, 0.95})
	c.header(rng, [][2]string{{"RÉPUBLIQUE FRANÇAISE", ""}})
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	st := randomStyle(rng, w, h, false)
	st.y0 = h * (0.14 + rng.Float64()*0.02)
	st.x0 = w * (0.04 + rng.Float64()*0.02)
	st.valueSize, st.labelSize = h*0.036, h*0.03
	st.lineGap = 0.2 + rng.Float64()*0.1
	if _, err := c.form(st, [][]field{{{label: "CARTE NATIONALE D'IDENTITÉ N° :", value: id.number}}}); err != nil {
		return err
	}
	box := c.photoBox(rng, false)
	box = image.Rect(box.Min.X, int(h*0.28), box.Min.X+int(w*0.25), int(h*0.7))
	c.portrait(photo, box, false)
	st.x0 = float64(box.Max.X) + w*0.04
	st.y0 = h * 0.27
	st.bottom = c.mrzTop(mrz)
	rows := [][]field{
		{{label: "Nom :", value: id.last.latin}},
		{{label: "Prénom(s) :", value: strings.ReplaceAll(id.first.latin, " ", ", ")}},
		{{label: "Sexe :", value: id.sex}},
		{{label: "Né(e) le :", value: dotted(id.birth)}},
		{{label: "à :", value: id.place.latin}},
		{{label: "Taille :", value: fmt.Sprintf("1,%02d m", 50+rng.IntN(45))}},
	}
	if _, err := c.form(st, rows); err != nil {
		return err
	}
	return c.mrz(mrz, ink)
}

func frCNI1988Back(c *canvas, rng *rand.Rand, id identity, _ []string, _ image.Image) error {
	c.tint(rng, [3]float64{0.94, 0.93, 0.95})
	w, h := float64(c.img.Rect.Dx()), float64(c.img.Rect.Dy())
	st := randomStyle(rng, w, h, false)
	st.x0, st.y0 = w*(0.05+rng.Float64()*0.03), h*(0.1+rng.Float64()*0.03)
	st.valueSize, st.labelSize = h*0.036, h*0.03
	rows := [][]field{
		{{label: "Adresse :", value: id.address.latin}},
		{{label: "Carte valable jusqu'au :", value: dotted(id.expiry)}},
		{{label: "délivrée le :", value: dotted(id.issue)}},
		{{label: "par :", value: "PRÉFECTURE DE " + frPlaces[rng.IntN(len(frPlaces))]}},
	}
	_, err := c.form(st, rows)
	return err
}
