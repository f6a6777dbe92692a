package specimen

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"

	"golang.org/x/image/font/sfnt"
)

// DocTypes and DocCountries are what DocGenerator can produce.
var (
	DocTypes     = []string{"cin", "cni", "passport", "residence_card", "permit"}
	DocCountries = map[string][]string{"cin": {"MA"}, "cni": {"FR"}, "passport": {"MA", "FR"},
		"residence_card": {"MA", "FR"}, "permit": {"MA", "FR"}}
)

// DocTruth is the ground truth of a synthetic document: the extracted_data fields a perfect
// reader returns (null fields omitted), in the API's units (dates YYYY-MM-DD).
type DocTruth struct {
	DocumentType string            `json:"document_type"`
	Country      string            `json:"country"`
	Model        string            `json:"model"`
	Fields       map[string]string `json:"fields"`
	Degraded     bool              `json:"degraded"`
	Front        string            `json:"front,omitempty"` // file names, set by the writer
	Back         string            `json:"back,omitempty"`
}

// DocSample is one synthetic document: JPEG photos of its sides and the truth.
type DocSample struct {
	Truth       DocTruth
	Front, Back []byte // Back is nil for a single-page document (passport)
	// FrontCard and BackCard are the flat cards before photographing, for tests.
	FrontCard, BackCard *image.RGBA
}

// DocGenerator renders whole identity documents (printed zone, portrait, MRZ). It holds only
// parsed fonts and decoded portraits, so it serves concurrent callers.
type DocGenerator struct {
	fonts     docFonts
	portraits []image.Image
}

type docFonts struct{ sans, bold, ocrb, fallback *sfnt.Font }

// NewDocGenerator loads the fonts and the portraits in portraitDir (sample*.jpg; none is fine:
// the portrait becomes a grey block).
func NewDocGenerator(portraitDir string) (*DocGenerator, error) {
	var g DocGenerator
	for _, f := range []struct {
		dst  **sfnt.Font
		path string
	}{{&g.fonts.sans, SansFontPath}, {&g.fonts.bold, SansBoldFontPath}, {&g.fonts.ocrb, DefaultFontPath}, {&g.fonts.fallback, FallbackFontPath}} {
		font, err := loadFont(f.path)
		if err != nil {
			return nil, fmt.Errorf("creating document generator: %w", err)
		}
		*f.dst = font
	}
	if portraitDir != "" {
		p, err := loadPortraits(portraitDir)
		if err != nil {
			return nil, fmt.Errorf("creating document generator: %w", err)
		}
		g.portraits = p
	}
	return &g, nil
}

// Document renders the document of docType and country for seed, photographed flat or, with
// degrade, with random degradations.
func (g *DocGenerator) Document(seed uint64, docType, country string, degrade bool) (DocSample, error) {
	models := modelsFor(docType, country)
	if len(models) == 0 {
		return DocSample{}, fmt.Errorf("no synthetic model for %s/%s", docType, country)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	m := models[rng.IntN(len(models))]
	id := randomIdentity(rng, docType, country)
	lines := docMRZ(docType, country, id)
	if m.name == oldCNIModel {
		id = oldCNIIdentity(rng, id)
		lines = oldCNIMRZ(id)
	}
	var photo image.Image
	if len(g.portraits) > 0 {
		photo = g.portraits[rng.IntN(len(g.portraits))]
	}
	s := DocSample{Truth: docTruth(docType, country, m.name, id, lines)}
	s.Truth.Degraded = degrade
	var err error
	if s.FrontCard, err = g.render(m, m.front, rng, id, lines, photo); err != nil {
		return DocSample{}, err
	}
	if s.Front, err = photographDoc(s.FrontCard, rng, degrade); err != nil {
		return DocSample{}, err
	}
	if m.back != nil {
		if s.BackCard, err = g.render(m, m.back, rng, id, lines, photo); err != nil {
			return DocSample{}, err
		}
		if s.Back, err = photographDoc(s.BackCard, rng, degrade); err != nil {
			return DocSample{}, err
		}
	}
	return s, nil
}

// Canonical card sizes in pixels: ID-1 (85.6×54 mm) and the TD3 passport page (125×88 mm).
const (
	id1W, id1H = 1012, 638
	td3W, td3H = 1250, 880
	id2W, id2H = 1050, 740
)

func (g *DocGenerator) render(m model, t template, rng *rand.Rand, id identity, lines []string, photo image.Image) (*image.RGBA, error) {
	w, h := id1W, id1H
	switch {
	case m.passport:
		w, h = td3W, td3H
	case m.id2:
		w, h = id2W, id2H
	}
	c := newCanvas(w, h, &g.fonts)
	defer c.close()
	if err := t(c, rng, id, lines, photo); err != nil {
		return nil, fmt.Errorf("drawing %s: %w", m.name, err)
	}
	return c.img, nil
}

// docTruth lists the fields the document shows, printed or in its MRZ.
func docTruth(docType, country, model string, id identity, lines []string) DocTruth {
	f := map[string]string{
		"document_number": id.number,
		"first_name":      id.first.latin,
		"last_name":       id.last.latin,
		"date_of_birth":   id.birth.Format("2006-01-02"),
		"expiry_date":     id.expiry.Format("2006-01-02"),
		"place_of_birth":  id.place.latin,
	}
	if id.first.arabic != "" && (docType != "passport" || country == "MA") && docType != "residence_card" {
		f["first_name_arabic"], f["last_name_arabic"] = id.first.arabic, id.last.arabic
	}
	if docType != "permit" {
		f["gender"], f["nationality"] = id.sex, id.nationality
	}
	if docType != "passport" {
		f["address"] = id.address.latin
	}
	if !(docType == "cin" && country == "MA") {
		f["issue_date"] = id.issue.Format("2006-01-02")
	} else {
		f["card_number"] = id.cardNumber
	}
	if docType == "permit" || docType == "cin" {
		delete(f, "address")
		if docType == "cin" {
			f["address"] = id.address.latin
		}
	}
	if len(lines) > 0 {
		f["mrz"] = strings.Join(lines, "\n")
	}
	return DocTruth{DocumentType: docType, Country: country, Model: model, Fields: f}
}
