package mrz

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/ocr"
)

// ReadResult is what the Reader found in one image; its JSON form is a `kycd mrz read` line
// (without the file name).
type ReadResult struct {
	Found bool `json:"found"`
	Result
	Confidence float64 `json:"confidence"` // share of check digits passing, lowered by repairs
	MS         float64 `json:"ms"`
	// Zone is where the glyph classifier read the MRZ; nil for a Tesseract reading.
	Zone *Zone `json:"zone,omitempty"`
}

// Reader finds and reads MRZs in photos. Create it once and share it: it holds the OCR-B glyph
// templates (read-only), the OCR pool and the parse options.
type Reader struct {
	glyphs *glyphSet // nil when the OCR-B font is missing: Tesseract reads alone
	pool   *ocr.Pool
	opt    Options
}

// NewReader returns a Reader that classifies MRZ characters against OCR-B templates rendered
// from the fonts-ocr-b font, and falls back on Tesseract clients borrowed from pool (English
// model restricted to the MRZ alphabet) for bands the classifier cannot segment.
func NewReader(pool *ocr.Pool, opt Options) *Reader {
	gs, err := loadGlyphs(ocrbPath, ocrbSharpPath)
	if err != nil {
		gs = nil // without the font, Tesseract alone still reads clean prints
	}
	return &Reader{glyphs: gs, pool: pool, opt: opt}
}

// ReadImage decodes an encoded image (JPEG, PNG, WebP…) and reads it.
func (r *Reader) ReadImage(ctx context.Context, data []byte) (ReadResult, error) {
	start := time.Now()
	img, err := gocv.IMDecode(data, gocv.IMReadGrayScale)
	if err != nil {
		return ReadResult{}, fmt.Errorf("decoding image: %w", err)
	}
	defer img.Close()
	if img.Empty() {
		return ReadResult{}, fmt.Errorf("decoding image: unsupported or corrupt data")
	}
	res, err := r.Read(ctx, img)
	res.MS = msSince(start)
	return res, err
}

// Read finds the MRZ in img (BGR, BGRA or gray) and reads it. Not finding one is not an error:
// Found is false. Candidate bands come from the text-line locator, then the black-hat one
// (bandQueue); each is read both ways up by the glyph classifier, and the search stops at the
// first trusted reading. Tesseract reads only when the OCR-B font is missing (measured on the
// specimen set, a Tesseract fallback rescued no image the classifier failed on and cost over a
// second per image). Otherwise the reading preferred by preferred wins.
func (r *Reader) Read(ctx context.Context, img gocv.Mat) (ReadResult, error) {
	start := time.Now()
	gray := toGray(img)
	defer gray.Close()
	q := newBandQueue(gray)
	defer q.close()
	var best ReadResult
	if r.glyphs != nil {
		var score float64
		for b, ok := q.next(); ok; b, ok = q.next() {
			r.glyphBand(gray, b, &best, &score)
			if trusted(best) {
				best.MS = msSince(start)
				return best, nil
			}
		}
	}
	if r.glyphs == nil && r.pool != nil {
		for b, ok := q.next(); ok; b, ok = q.next() {
			if err := r.tesseractBand(ctx, gray, b, &best); err != nil {
				return ReadResult{}, err
			}
			if trusted(best) {
				break
			}
		}
	}
	best.MS = msSince(start)
	return best, nil
}

// glyphBand reads band b with the glyph classifier into best. The band is segmented both ways
// up, and its line groups are classified in the order of their calibration score: upside-down
// text matches the templates poorly, so the right orientation is usually read first and the
// other never. Each of bandMasks segments the band in turn until a reading is trusted.
func (r *Reader) glyphBand(gray gocv.Mat, b band, best *ReadResult, bestScore *float64) {
	if r.glyphCut(gray, b, best, bestScore) > 0 || best.Valid {
		return
	}
	// The locator's band can stop short of the line's end, where the fillers and a final
	// check digit light it up less (or a character merged with the guilloche broke the
	// chain): a licence line of 30 lost its last 4 and was planned as nothing. A band that
	// gave no line group at all is cut once more, longer (not one that was read: lengthened,
	// a band of background text read as a valid licence line more often).
	wide := b
	wide.halfW *= bandWiden
	r.glyphCut(gray, wide, best, bestScore)
}

// bandWiden lengthens a band cut again because it gave no line group.
const bandWiden = 1.2

// glyphCut reads band b, cut out with glyphReach, with each of bandMasks in turn, and returns
// how many line groups were planned.
func (r *Reader) glyphCut(gray gocv.Mat, b band, best *ReadResult, bestScore *float64) int {
	img := rectify(gray, b, false, glyphReach)
	defer img.Close()
	planned := 0
	for _, mask := range bandMasks {
		plans := r.glyphs.planBand(img, mask)
		planned += len(plans)
		r.readPlans(b, plans, best, bestScore)
		if trusted(*best) {
			break
		}
	}
	return planned
}

// bandMasks are the band binarizations, in the order they are tried: relative to the band's
// ink first (a guilloche printed behind the MRZ touches the characters under a fixed offset
// and breaks their lines into chains too long or too short), then the fixed offset, which
// keeps the faint strokes of a blurred or washed-out print.
var bandMasks = []func(gocv.Mat) gocv.Mat{contrastInkMask, inkMask}

// readPlans classifies the planned line groups into best, multi-line groups first.
func (r *Reader) readPlans(b band, plans []groupPlan, best *ReadResult, bestScore *float64) {
	// Groups of several lines are read first: a single line of 30 (the French licence shape)
	// is also every line of a TD1, and a TD1's own lines, read one by one, outscored its
	// three-line group for the few plans read.
	slices.SortStableFunc(plans, func(a, b groupPlan) int {
		if ma, mb := len(a.geoms) > 1, len(b.geoms) > 1; ma != mb {
			if ma {
				return -1
			}
			return 1
		}
		return cmpDesc(a.score, b.score)
	})
	for i, p := range plans {
		if i == maxPlans {
			return
		}
		gr := r.glyphs.read(p)
		for _, d := range r.glyphs.candidates(gr) {
			res, err := parseRead(d.lines, d.alts, r.opt)
			if err != nil || res.Format != d.format {
				// Characters decided with another format's alphabets: the lines of a French
				// identity card decided as a TD2 read its office code as letters ("849084"
				// as "SAQOSA") and its given names as digits, and the card's composite check
				// still passed by chance. The basis of the parsed format reads it right.
				continue
			}
			if !best.Found || preferred(res, gr.score, best.Result, *bestScore) {
				zone := p.zone(b)
				*best = ReadResult{Found: true, Result: res, Confidence: confidence(res), Zone: &zone}
				*bestScore = gr.score
			}
			if trusted(*best) {
				return
			}
		}
	}
}

// maxPlans bounds the line groups classified per band: beyond the best few by calibration
// score, a group is a misreading of the same lines or not an MRZ.
const maxPlans = 4

// glyphReach widens the rectified band enough to catch two more lines above or below the one
// the locator found.
const glyphReach = 0.25

// tesseractBand OCRs band b, upright then flipped, into best.
func (r *Reader) tesseractBand(ctx context.Context, gray gocv.Mat, b band, best *ReadResult) error {
	for _, flip := range []bool{false, true} {
		res, err := r.readBand(ctx, gray, b, flip)
		if err != nil {
			return err
		}
		if res.Found && (!best.Found || better(res.Result, best.Result)) {
			*best = res
		}
		if trusted(*best) || res.Found && 2*res.ChecksPassed() > len(res.CheckDigits) {
			return nil // right way up; a flip would only read garbage
		}
	}
	return nil
}

// preferred: a valid reading beats an invalid one, and a valid one whose document code fits its
// format beats one whose code does not (a line chained with a stray mark reads "TP<CZE…"; the
// same line aligned reads "P<CZE…", both valid, since names carry no check digit). Between
// invalid readings, the one whose glyphs match the font clearly better wins (checks pass one
// time in ten by chance on garbage, such as a band read upside down), then the one passing more
// checks.
func preferred(a Result, scoreA float64, b Result, scoreB float64) bool {
	if a.Valid && b.Valid && plausibleCode(a) != plausibleCode(b) {
		return plausibleCode(a)
	}
	if !a.Valid && !b.Valid && math.Abs(scoreA-scoreB) > 0.05 {
		return scoreA > scoreB
	}
	return better(a, b)
}

// maxTrustedRepairs: a reading that needed more repairs than this passes its checks too easily
// (each mod-10 check passes one wrong reading in ten), so the search goes on for a cleaner one.
const maxTrustedRepairs = 4

// Trusted: the reading is valid, needed few repairs and its document code fits its format; a
// valid reading that is not trusted may be chance (a guilloche read as a licence line).
func (r ReadResult) Trusted() bool { return trusted(r) }

func trusted(r ReadResult) bool {
	return r.Valid && len(r.Corrections) <= maxTrustedRepairs && plausibleCode(r.Result)
}

// plausibleCode: the document code agrees with the format. The parser accepts any code (a
// typed MRZ is what it is), but in a photo a stray line of 30 characters passing the weak
// licence checks, or a passport read as a visa, must not end the search.
func plausibleCode(r Result) bool {
	if len(r.Lines) == 0 || r.Lines[0] == "" {
		return false
	}
	c := r.Lines[0][0]
	switch r.Format {
	case TD3:
		return c == 'P'
	case MRVA, MRVB:
		return c == 'V'
	case TD1, TD2:
		return c == 'I' || c == 'A' || c == 'C'
	case FRID:
		return strings.HasPrefix(r.Lines[0], "ID")
	case FRDL:
		return strings.HasPrefix(r.Lines[0], "D1")
	}
	return false
}

func confidence(r Result) float64 {
	if len(r.CheckDigits) == 0 {
		return 0
	}
	c := float64(r.ChecksPassed()) / float64(len(r.CheckDigits))
	return max(0, c-0.02*float64(len(r.Corrections)))
}

func toGray(img gocv.Mat) gocv.Mat {
	out := gocv.NewMat()
	switch img.Channels() {
	case 3:
		gocv.CvtColor(img, &out, gocv.ColorBGRToGray)
	case 4:
		gocv.CvtColor(img, &out, gocv.ColorBGRAToGray)
	default:
		img.CopyTo(&out)
	}
	return out
}

func msSince(t time.Time) float64 {
	return float64(time.Since(t).Microseconds()) / 1000
}
