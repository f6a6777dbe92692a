package specimen

import (
	"image"
	"math/rand/v2"
	"time"

	"golang.org/x/image/font/sfnt"
)

// This file lends the low-level parts of the document generator to other generators (package
// altgen): the synthetic holder and its MRZ, Arabic shaping, fonts, portraits and the
// photographing step. Layouts stay each generator's own.

// Text is a name or place in Latin capitals and, on Moroccan documents, in Arabic.
type Text struct{ Latin, Arabic string }

// Holder is one synthetic person and document: what a generator prints, and its MRZ lines
// (nil for a document without one).
type Holder struct {
	FirstName, LastName  Text
	Sex                  string // M or F
	Birth, Issue, Expiry time.Time
	Place, Address       Text
	Father, Mother       Text   // Moroccan CNIE back
	Nationality          string // alpha-3
	Number               string // the API's document_number (the CIN on a Moroccan CNIE)
	CardNumber           string // the Moroccan CNIE's card number (its MRZ number)
	CivilStatus          string // the Moroccan CNIE's civil-status number
	MRZ                  []string

	id identity
}

// NewHolder draws a holder of docType issued by country; oldCNI gives the 1988 French card's
// number, dates and 2×36 MRZ instead of the 2021 card's.
func NewHolder(rng *rand.Rand, docType, country string, oldCNI bool) Holder {
	id := randomIdentity(rng, docType, country)
	lines := docMRZ(docType, country, id)
	if oldCNI {
		id = oldCNIIdentity(rng, id)
		lines = oldCNIMRZ(id)
	}
	t := func(b bilingual) Text { return Text{Latin: b.latin, Arabic: b.arabic} }
	return Holder{FirstName: t(id.first), LastName: t(id.last), Sex: id.sex, Birth: id.birth, Issue: id.issue,
		Expiry: id.expiry, Place: t(id.place), Address: t(id.address), Father: t(id.father), Mother: t(id.mother),
		Nationality: id.nationality, Number: id.number, CardNumber: id.cardNumber, CivilStatus: id.civilStatus,
		MRZ: lines, id: id}
}

// Truth is the ground truth of the holder's document, in the format `kycd specimen eval`
// scores (the same fields this package's own documents list).
func (h Holder) Truth(docType, country, model string) DocTruth {
	return docTruth(docType, country, model, h.id, h.MRZ)
}

// ShapeArabic returns Arabic text (logical order) in presentation forms and visual order,
// ready to be drawn left to right by golang.org/x/image, which does not shape.
func ShapeArabic(s string) string { return shapeArabic(s) }

// HasArabic reports whether s holds Arabic letters.
func HasArabic(s string) bool { return hasArabic(s) }

// LoadFont reads and parses an OpenType font file.
func LoadFont(path string) (*sfnt.Font, error) { return loadFont(path) }

// LoadPortraits decodes the sample*.jpg portraits of dir, in name order.
func LoadPortraits(dir string) ([]image.Image, error) { return loadPortraits(dir) }

// Photograph lays a flat card on a table and photographs it as this package's documents are:
// flat and sharp, or with degrade the kiosk and phone degradations (rotation, perspective,
// blur, noise, uneven light and glare, JPEG, low resolution). It returns a JPEG.
func Photograph(card *image.RGBA, rng *rand.Rand, degrade bool) ([]byte, error) {
	return photographDoc(card, rng, degrade)
}
