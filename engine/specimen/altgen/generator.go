package altgen

import (
	"fmt"
	"image"
	"math/rand/v2"

	"golang.org/x/image/font/sfnt"

	"github.com/kycd/kycd/engine/specimen"
)

// Generator renders documents. It holds only parsed fonts and decoded portraits, so it serves
// concurrent callers.
type Generator struct {
	fonts     fontBook
	portraits []image.Image
}

// New loads the fonts and the portraits in portraitDir (sample*.jpg; none is fine: the
// portrait becomes a grey block).
func New(portraitDir string) (*Generator, error) {
	fonts, err := loadFonts()
	if err != nil {
		return nil, fmt.Errorf("creating alternative document generator: %w", err)
	}
	g := &Generator{fonts: fonts}
	if portraitDir != "" {
		if g.portraits, err = specimen.LoadPortraits(portraitDir); err != nil {
			return nil, fmt.Errorf("creating alternative document generator: %w", err)
		}
	}
	return g, nil
}

// model is one printed document model: its size in millimetres and how it prints each side
// (back nil: a single page).
type model struct {
	name        string
	wMM, hMM    float64
	oldCNI      bool
	front, back func(d *design) error
}

// ICAO sizes: ID-1 cards, the 1988 French card (ID-2 size) and the TD3 passport page.
const (
	id1W, id1H = 85.6, 54.0
	id2W, id2H = 105.0, 74.0
	td3W, td3H = 125.0, 88.0
)

func modelsFor(docType, country string) []model {
	switch docType + "/" + country {
	case "cin/MA":
		return []model{{name: "MA_CNIE_2020", wMM: id1W, hMM: id1H, front: cnieFront(2020), back: cnieBack},
			{name: "MA_CNIE_2008", wMM: id1W, hMM: id1H, front: cnieFront(2008), back: cnieBack}}
	case "cni/FR":
		return []model{{name: "FR_CNI_2021", wMM: id1W, hMM: id1H, front: cniFront, back: cniBack},
			{name: "FR_CNI_1988", wMM: id2W, hMM: id2H, oldCNI: true, front: oldCNIFront, back: oldCNIBack}}
	case "passport/MA", "passport/FR":
		return []model{{name: country + "_PASSPORT", wMM: td3W, hMM: td3H, front: passportPage}}
	case "residence_card/MA", "residence_card/FR":
		return []model{{name: country + "_RESIDENCE", wMM: id1W, hMM: id1H, front: residenceFront, back: residenceBack}}
	case "permit/MA", "permit/FR":
		name := map[string]string{"MA": "MA_PERMIS", "FR": "FR_PERMIS_UE"}[country]
		return []model{{name: name, wMM: id1W, hMM: id1H, front: permitFront, back: permitBack}}
	}
	return nil
}

// Document renders the document of docType and country for seed, photographed flat or, with
// degrade, with package specimen's random degradations. The truth has the format `kycd
// specimen eval` scores.
func (g *Generator) Document(seed uint64, docType, country string, degrade bool) (specimen.DocSample, error) {
	out, _, err := g.render(seed, docType, country, degrade, true)
	return out, err
}

// render is Document with the marks of each side (what was printed where, front then back);
// without photograph only the flat cards are drawn.
func (g *Generator) render(seed uint64, docType, country string, degrade, photograph bool) (specimen.DocSample, [2][]mark, error) {
	var marks [2][]mark
	models := modelsFor(docType, country)
	if len(models) == 0 {
		return specimen.DocSample{}, marks, fmt.Errorf("no alternative model for %s/%s", docType, country)
	}
	rng := rand.New(rand.NewPCG(seed^0xa17e, seed*0x9e3779b97f4a7c15+1))
	// The photographs draw from their own stream: the cards are the same photographed or not.
	prng := rand.New(rand.NewPCG(seed^0x9407, seed+0x51ed))
	m := models[rng.IntN(len(models))]
	if m.oldCNI && rng.IntN(3) > 0 {
		m = models[0] // the 1988 card is the rarer one
	}
	h := specimen.NewHolder(rng, docType, country, m.oldCNI)
	var photo image.Image
	if len(g.portraits) > 0 {
		photo = g.portraits[rng.IntN(len(g.portraits))]
	}
	out := specimen.DocSample{Truth: h.Truth(docType, country, m.name)}
	out.Truth.Degraded = degrade
	var err error
	if out.FrontCard, marks[0], err = g.side(m, m.front, rng, docType, country, h, photo); err != nil {
		return specimen.DocSample{}, marks, err
	}
	if photograph {
		if out.Front, err = specimen.Photograph(out.FrontCard, prng, degrade); err != nil {
			return specimen.DocSample{}, marks, err
		}
	}
	if m.back != nil {
		if out.BackCard, marks[1], err = g.side(m, m.back, rng, docType, country, h, photo); err != nil {
			return specimen.DocSample{}, marks, err
		}
		if photograph {
			if out.Back, err = specimen.Photograph(out.BackCard, prng, degrade); err != nil {
				return specimen.DocSample{}, marks, err
			}
		}
	}
	return out, marks, nil
}

// design is one side being printed: the sheet, the holder, and the choices drawn for it.
type design struct {
	s                *sheet
	rng              *rand.Rand
	fonts            fontBook
	h                specimen.Holder
	docType, country string
	photo            image.Image
	pal              palette
	margin           float64
}

func (g *Generator) side(m model, draw func(*design) error, rng *rand.Rand, docType, country string, h specimen.Holder, photo image.Image) (*image.RGBA, []mark, error) {
	px := 10 + rng.Float64()*3.5 // 856–1155 px across an ID-1 card
	if m.wMM > id1W {
		px = 9 + rng.Float64()*2.5
	}
	s := newSheet(m.wMM, m.hMM, px)
	defer s.close()
	d := &design{s: s, rng: rng, fonts: g.fonts, h: h, docType: docType, country: country, photo: photo,
		margin: 2.5 + rng.Float64()*1.5}
	if err := draw(d); err != nil {
		return nil, nil, fmt.Errorf("drawing %s: %w", m.name, err)
	}
	return s.img, s.marks, nil
}

// fontsOf lists a family's cut and, for glyphs it lacks (Arabic in the serif), the Arabic
// families' same cut.
func (d *design) fontsOf(f family, bold bool) []*sfnt.Font {
	pick := func(f family) *sfnt.Font {
		if bold {
			return f.bold
		}
		return f.regular
	}
	out := []*sfnt.Font{pick(f)}
	for _, a := range d.fonts.arabic {
		out = append(out, pick(a))
	}
	return out
}
