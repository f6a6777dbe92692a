package forensic

import (
	"fmt"
	"image"
	"math"
	"os"
	"sync"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/fraud"
)

// Config holds the detectors' thresholds. The defaults were chosen on clean versus tampered
// synthetic documents; the tests print the rates they give.
type Config struct {
	// Editors adds editing-software names (case-insensitive substrings) to the built-in list.
	Editors []string
	// DoubleJPEG is the DCT-histogram periodicity score from which a JPEG counts as
	// compressed twice; 0 disables the detector.
	DoubleJPEG float64
	// PortraitNoiseRatio is the ratio between the noise of the portrait and of the card
	// around it from which the portrait counts as pasted; 0 disables the detector.
	PortraitNoiseRatio float64
	// MoirePeak is the height (log-magnitude above the local median) of a high-frequency
	// spectral peak from which the image counts as a screen recapture; 0 disables it.
	MoirePeak float64
	// ELA is the error-level score (largest |median log ratio| of a field-sized zone or the
	// portrait against blocks of the same activity) from which a zone counts as pasted; 0
	// disables it.
	ELA float64
	// PortraitDQ is how much more often the portrait's DCT coefficients land where the
	// card's first JPEG compression cannot have put them than the card's do, from which
	// the portrait counts as pasted in (see dq.go); 0 disables it.
	PortraitDQ float64
	// FieldDQ is the same excess for a field-sized zone of the card; 0 disables it.
	FieldDQ float64
	// Twin is the correlation from which the content of the zone that did not go through the
	// first compression (FieldDQ's, on a finer grid) counts as found elsewhere on the card: a
	// region copied over another; 0 disables it.
	Twin float64
	// CopyExact is the full-resolution correlation from which a copy candidate of the
	// keypoints (CopyMove's shifts) counts as an exact copy of its source; 0 disables it.
	// Off by default: noise-free synthetic cards repeat glyphs exactly (0.95–0.99 on 5 of
	// 200 MRZ cards), and only a camera's noise tells a copy from a reprint (0.95 catches
	// copies on clean photos otherwise).
	CopyExact float64
	// CopyMove is the number of matched blocks sharing one shift from which a region counts
	// as copied elsewhere on the card; 0 disables it.
	CopyMove int
	// FaceCascade is a Haar cascade file that locates the portrait; empty or missing disables
	// the portrait detector.
	FaceCascade string
}

// DefaultFaceCascade is Debian's opencv-data frontal-face cascade.
const DefaultFaceCascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

// DefaultConfig returns the measured defaults (see the package tests).
func DefaultConfig() Config {
	return Config{DoubleJPEG: 0.2, PortraitNoiseRatio: 4, MoirePeak: 3.0, ELA: 3.5, CopyMove: 50, PortraitDQ: 0.15, FieldDQ: 0.2, Twin: 0.9, FaceCascade: DefaultFaceCascade}
}

// Analyzer runs the detectors. The face cascade is not safe for concurrent use, so it is
// guarded by a mutex; everything else is per call.
type Analyzer struct {
	cfg     Config
	mu      sync.Mutex
	cascade *gocv.CascadeClassifier
}

// New loads what the detectors need. A missing cascade file disables the portrait detector
// rather than failing: the other detectors still run.
func New(cfg Config) (*Analyzer, error) {
	a := &Analyzer{cfg: cfg}
	if cfg.FaceCascade == "" || (cfg.PortraitNoiseRatio <= 0 && cfg.PortraitDQ <= 0) {
		return a, nil
	}
	if _, err := os.Stat(cfg.FaceCascade); err != nil {
		return a, nil
	}
	c := gocv.NewCascadeClassifier()
	if !c.Load(cfg.FaceCascade) {
		c.Close()
		return nil, fmt.Errorf("loading face cascade %s", cfg.FaceCascade)
	}
	a.cascade = &c
	return a, nil
}

// Close frees the cascade.
func (a *Analyzer) Close() error {
	if a == nil || a.cascade == nil {
		return nil
	}
	err := a.cascade.Close()
	a.cascade = nil
	return err
}

// Scores are the raw measurements, for calibration and reports.
type Scores struct {
	Software   []string
	Editor     string
	DoubleJPEG float64 // -1 when not a JPEG
	Portrait   float64 // noise ratio portrait/surroundings (≥1), 0 when no portrait found
	// PortraitBox is where the portrait was found (or given), in image pixels; empty when
	// none was.
	PortraitBox image.Rectangle
	Moire       float64
	ELA         float64 // largest |median log residual ratio| of a zone, in nats
	CopyMove    int     // matched blocks of the best copy shift
	CopyShift   image.Point
	DQFreqs     int     // frequencies showing a first compression (0: none, maps unused)
	DQGlobal    float64 // mean log-likelihood ratio double/single per coefficient of the card
	PortraitDQ  float64 // largest single-compression evidence of a portrait-sized zone
	FieldDQ     float64 // largest single-compression evidence of a field-sized zone
	Twin        float64 // correlation of the most suspect small zone with its best match elsewhere
	TwinShift   image.Point
	// CopyVerified is the best full-resolution correlation of a keypoint copy candidate with
	// its source.
	CopyVerified      float64
	CopyVerifiedShift image.Point
}

// Measure computes every score of one image: data is the encoded file, img its BGR pixels.
func (a *Analyzer) Measure(data []byte, img gocv.Mat) (Scores, error) {
	return a.MeasureIn(data, img, Geometry{})
}

// MeasureIn is Measure knowing where the card (and perhaps its portrait) lies in img.
func (a *Analyzer) MeasureIn(data []byte, img gocv.Mat, geo Geometry) (Scores, error) {
	s := Scores{Software: MetadataSoftware(data), DoubleJPEG: -1}
	s.Editor = Editor(s.Software, a.cfg.Editors)
	grey := gocv.NewMat()
	defer grey.Close()
	if img.Channels() == 1 {
		img.CopyTo(&grey)
	} else {
		gocv.CvtColor(img, &grey, gocv.ColorBGRToGray)
	}
	if grey.Empty() {
		return s, fmt.Errorf("measuring forensics: empty image")
	}
	v, err := newView(grey, geo)
	if err != nil {
		return s, fmt.Errorf("measuring forensics: %w", err)
	}
	defer v.close()
	isJPEG := len(data) > 2 && data[0] == 0xFF && data[1] == 0xD8
	q, hasQ := LumaQuantTable(data)
	var blocks *blockCoefs
	if hasQ && (a.cfg.DoubleJPEG > 0 || a.cfg.PortraitDQ > 0 || a.cfg.FieldDQ > 0) {
		blocks = newBlockCoefs(grey, img, v.card, q)
	}
	if hasQ && a.cfg.DoubleJPEG > 0 {
		s.DoubleJPEG = doubleJPEGScore(blocks)
	}
	portrait := geo.Portrait
	if !geo.NoPortrait && (a.cascade != nil || !portrait.Empty()) {
		s.Portrait, portrait = a.portraitScore(v, portrait)
		s.PortraitBox = portrait
	}
	if hasQ && (a.cfg.PortraitDQ > 0 || a.cfg.FieldDQ > 0) {
		m := dqMapOf(blocks, q)
		if m != nil {
			s.DQFreqs, s.DQGlobal = m.freqs, m.global
			// A portrait is a fifth of the card wide and half its height or more; a zone a
			// third smaller fits inside it wherever the card was cut.
			s.PortraitDQ, _ = m.worstZone(m.bw*2/15, m.bh/3)
			s.FieldDQ, _ = m.worstZone(m.bw/8, m.bh/20)
			// A zone small enough to fit inside a copied group of digits: where its content
			// came from, if from the card itself.
			if a.cfg.Twin > 0 {
				for _, z := range m.worstZones(m.bw/16, m.bh/25, 3, a.cfg.FieldDQ) {
					if c, d := twinOf(v, z.r, m); c >= twinCandidate {
						if c = twinRefine(grey, z.r, d, m); c > s.Twin {
							s.Twin, s.TwinShift = c, d
						}
					}
				}
			}
		}
	}
	if a.cfg.MoirePeak > 0 {
		s.Moire = moireScore(grey)
	}
	// ELA reads compression traces: a PNG or WebP has none on the JPEG grid.
	if a.cfg.ELA > 0 && isJPEG {
		s.ELA = elaScore(v, portrait)
	}
	if a.cfg.CopyMove > 0 || a.cfg.CopyExact > 0 {
		// The shifts keypoint pairs vote for, checked at full resolution: a copy agrees with
		// its source down to the noise, a look-alike (guilloche, repeated text) does not.
		for k, c := range copyMoveCandidates(v.small, cmVerify) {
			if k == 0 {
				s.CopyMove, s.CopyShift = c.votes, c.shift
			}
			if a.cfg.CopyExact <= 0 || c.votes < cmMinVotes {
				continue
			}
			src := v.toGrey(c.src.Inset(-cmPad))
			d := image.Pt(int(float64(c.shift.X)/v.scale), int(float64(c.shift.Y)/v.scale))
			if r := twinRefine(grey, src, d, nil); r > s.CopyVerified {
				s.CopyVerified, s.CopyVerifiedShift = r, d
			}
		}
	}
	return s, nil
}

// Analyze measures one image and turns the scores past their thresholds into findings.
func (a *Analyzer) Analyze(data []byte, img gocv.Mat) ([]fraud.Finding, error) {
	return a.AnalyzeIn(data, img, Geometry{})
}

// AnalyzeIn is Analyze knowing where the card lies in img.
func (a *Analyzer) AnalyzeIn(data []byte, img gocv.Mat, geo Geometry) ([]fraud.Finding, error) {
	s, err := a.MeasureIn(data, img, geo)
	if err != nil {
		return nil, err
	}
	return a.Findings(s), nil
}

// Findings turns the scores past their thresholds into findings.
func (a *Analyzer) Findings(s Scores) []fraud.Finding {
	var out []fraud.Finding
	if s.Editor != "" {
		out = append(out, finding("image_edited_software", fraud.High, true,
			fmt.Sprintf("The image metadata names editing software (%s).", s.Editor),
			fmt.Sprintf("Les métadonnées de l'image citent un logiciel de retouche (%s).", s.Editor)))
	}
	if a.cfg.DoubleJPEG > 0 && s.DoubleJPEG >= a.cfg.DoubleJPEG {
		out = append(out, finding("image_double_compressed", fraud.Medium, true,
			fmt.Sprintf("The JPEG was compressed twice (score %.2f): it was re-saved after capture.", s.DoubleJPEG),
			fmt.Sprintf("Le JPEG a été compressé deux fois (score %.2f) : il a été réenregistré après la prise de vue.", s.DoubleJPEG)))
	}
	dqPortrait := a.cfg.PortraitDQ > 0 && s.PortraitDQ >= a.cfg.PortraitDQ
	if a.cfg.PortraitNoiseRatio > 0 && s.Portrait >= a.cfg.PortraitNoiseRatio && !dqPortrait {
		// Low and not counted as tampering: genuine printed portraits photographed by real
		// cameras (../shared/testdata/mrz-specimens) reach ratios of 3–5 (halftone print,
		// lamination glare), so the signal only adds to the score; see
		// TestForensicFalsePositives.
		out = append(out, finding("portrait_substitution_suspected", fraud.Low, false,
			fmt.Sprintf("The portrait's noise differs from the card around it (ratio %.1f): it may have been pasted in.", s.Portrait),
			fmt.Sprintf("Le bruit de la photo diffère de celui de la carte autour (rapport %.1f) : elle a pu être collée.", s.Portrait)))
	}
	if dqPortrait {
		out = append(out, finding("portrait_substitution_suspected", fraud.High, true,
			fmt.Sprintf("The portrait was not compressed with the rest of the card (%.0f %% of its coefficients off the first compression's grid, more than around it): it was pasted in.", 100*s.PortraitDQ),
			fmt.Sprintf("La photo n'a pas été compressée avec le reste de la carte (%.0f %% de ses coefficients hors de la grille de la première compression, de plus qu'autour) : elle a été collée.", 100*s.PortraitDQ)))
	}
	if a.cfg.FieldDQ > 0 && s.FieldDQ >= a.cfg.FieldDQ {
		out = append(out, finding("compression_inconsistent", fraud.Medium, true,
			fmt.Sprintf("A zone of the card was not compressed with the rest (%.0f %% more of its coefficients off the first compression's grid): it may have been pasted in.", 100*s.FieldDQ),
			fmt.Sprintf("Une zone de la carte n'a pas été compressée avec le reste (%.0f %% de coefficients en plus hors de la grille de la première compression) : elle a pu être collée.", 100*s.FieldDQ)))
	}
	if a.cfg.CopyExact > 0 && s.CopyVerified >= a.cfg.CopyExact && (a.cfg.Twin <= 0 || s.Twin < a.cfg.Twin) {
		out = append(out, finding("region_duplicated", fraud.High, true,
			fmt.Sprintf("A zone of the card is an exact copy of another zone %d px away (correlation %.2f down to the noise): it was copied over.", int(math.Hypot(float64(s.CopyVerifiedShift.X), float64(s.CopyVerifiedShift.Y))), s.CopyVerified),
			fmt.Sprintf("Une zone de la carte est la copie exacte d'une autre zone à %d px (corrélation %.2f jusque dans le bruit) : elle a été collée par-dessus.", int(math.Hypot(float64(s.CopyVerifiedShift.X), float64(s.CopyVerifiedShift.Y))), s.CopyVerified)))
	}
	if a.cfg.Twin > 0 && s.Twin >= a.cfg.Twin {
		out = append(out, finding("region_duplicated", fraud.High, true,
			fmt.Sprintf("A zone of the card that was not compressed with the rest is a copy of another zone %d px away (correlation %.2f): it was copied over.", int(math.Hypot(float64(s.TwinShift.X), float64(s.TwinShift.Y))), s.Twin),
			fmt.Sprintf("Une zone de la carte qui n'a pas été compressée avec le reste copie une autre zone à %d px (corrélation %.2f) : elle a été collée par-dessus.", int(math.Hypot(float64(s.TwinShift.X), float64(s.TwinShift.Y))), s.Twin)))
	}
	if a.cfg.MoirePeak > 0 && s.Moire >= a.cfg.MoirePeak {
		out = append(out, finding("screen_recapture_suspected", fraud.High, true,
			fmt.Sprintf("The image spectrum has a moiré peak (%.1f): it looks like a photo of a screen.", s.Moire),
			fmt.Sprintf("Le spectre de l'image présente un pic de moiré (%.1f) : il s'agit sans doute de la photo d'un écran.", s.Moire)))
	}
	if a.cfg.ELA > 0 && s.ELA >= a.cfg.ELA {
		out = append(out, finding("compression_inconsistent", fraud.Medium, true,
			fmt.Sprintf("A zone of the card reacts to re-compression unlike the rest (error level %.2f): it may have been pasted in.", s.ELA),
			fmt.Sprintf("Une zone de la carte réagit à la recompression autrement que le reste (niveau d'erreur %.2f) : elle a pu être collée.", s.ELA)))
	}
	if a.cfg.CopyMove > 0 && s.CopyMove >= a.cfg.CopyMove {
		out = append(out, finding("region_duplicated", fraud.High, true,
			fmt.Sprintf("A region of the card appears twice (%d matching blocks): it was copied over another.", s.CopyMove),
			fmt.Sprintf("Une zone de la carte apparaît deux fois (%d blocs identiques) : elle a été copiée sur une autre.", s.CopyMove)))
	}
	return out
}

func finding(code, severity string, tampering bool, en, fr string) fraud.Finding {
	return fraud.Finding{Code: code, Severity: severity, Tampering: tampering, Message: en, MessageFR: fr}
}

// Label names the image a finding is about in its messages.
func Label(fs []fraud.Finding, side string) []fraud.Finding {
	out := make([]fraud.Finding, len(fs))
	for i, f := range fs {
		f.Message += " (" + side + ")"
		f.MessageFR += " (" + side + ")"
		out[i] = f
	}
	return out
}
