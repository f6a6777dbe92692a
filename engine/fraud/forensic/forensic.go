package forensic

import (
	"fmt"
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
	// FaceCascade is a Haar cascade file that locates the portrait; empty or missing disables
	// the portrait detector.
	FaceCascade string
}

// DefaultFaceCascade is Debian's opencv-data frontal-face cascade.
const DefaultFaceCascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

// DefaultConfig returns the measured defaults (see the package tests).
func DefaultConfig() Config {
	return Config{DoubleJPEG: 0.2, PortraitNoiseRatio: 2.2, MoirePeak: 3.0, FaceCascade: DefaultFaceCascade}
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
	if cfg.FaceCascade == "" || cfg.PortraitNoiseRatio <= 0 {
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
	Moire      float64
}

// Measure computes every score of one image: data is the encoded file, img its BGR pixels.
func (a *Analyzer) Measure(data []byte, img gocv.Mat) (Scores, error) {
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
	if q, ok := LumaQuantTable(data); ok && a.cfg.DoubleJPEG > 0 {
		s.DoubleJPEG = doubleJPEGScore(grey, q)
	}
	if a.cascade != nil {
		s.Portrait = a.portraitScore(grey)
	}
	if a.cfg.MoirePeak > 0 {
		s.Moire = moireScore(grey)
	}
	return s, nil
}

// Analyze measures one image and turns the scores past their thresholds into findings.
func (a *Analyzer) Analyze(data []byte, img gocv.Mat) ([]fraud.Finding, error) {
	s, err := a.Measure(data, img)
	if err != nil {
		return nil, err
	}
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
	if a.cfg.PortraitNoiseRatio > 0 && s.Portrait >= a.cfg.PortraitNoiseRatio {
		// Medium, not high: on real printed portraits (../shared/testdata/mrz-specimens) the
		// noise ratio reaches 3–5 without tampering; see TestForensicFalsePositives.
		out = append(out, finding("portrait_substitution_suspected", fraud.Medium, true,
			fmt.Sprintf("The portrait's noise differs from the card around it (ratio %.1f): it may have been pasted in.", s.Portrait),
			fmt.Sprintf("Le bruit de la photo diffère de celui de la carte autour (rapport %.1f) : elle a pu être collée.", s.Portrait)))
	}
	if a.cfg.MoirePeak > 0 && s.Moire >= a.cfg.MoirePeak {
		out = append(out, finding("screen_recapture_suspected", fraud.High, true,
			fmt.Sprintf("The image spectrum has a moiré peak (%.1f): it looks like a photo of a screen.", s.Moire),
			fmt.Sprintf("Le spectre de l'image présente un pic de moiré (%.1f) : il s'agit sans doute de la photo d'un écran.", s.Moire)))
	}
	return out, nil
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
