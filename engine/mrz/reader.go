package mrz

import (
	"context"
	"errors"
	"fmt"
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
}

// Reader finds and reads MRZs in photos. Create it once and share it: it holds only the OCR
// pool and the parse options.
type Reader struct {
	pool *ocr.Pool
	opt  Options
}

// NewReader returns a Reader that borrows Tesseract clients from pool (English model: OCR-B
// reads well with it once restricted to the MRZ alphabet).
func NewReader(pool *ocr.Pool, opt Options) *Reader {
	return &Reader{pool: pool, opt: opt}
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
// Found is false. Every candidate band is tried upright and turned by 180°, with several
// binarisations, until one reading passes every check; otherwise the reading passing most
// checks wins.
func (r *Reader) Read(ctx context.Context, img gocv.Mat) (ReadResult, error) {
	start := time.Now()
	gray := toGray(img)
	defer gray.Close()
	var best ReadResult
	for _, b := range locate(gray) {
		for _, flip := range []bool{false, true} {
			res, err := r.readBand(ctx, gray, b, flip)
			if err != nil {
				return ReadResult{}, err
			}
			if res.Found && (!best.Found || better(res.Result, best.Result)) {
				best = res
			}
			if trusted(best) {
				best.MS = msSince(start)
				return best, nil
			}
			if res.Found && 2*res.ChecksPassed() > len(res.CheckDigits) {
				break // right way up; a flip would only read garbage
			}
		}
	}
	best.MS = msSince(start)
	return best, nil
}

// readBand OCRs one candidate band, binarised in several ways, and parses what it reads.
func (r *Reader) readBand(ctx context.Context, gray gocv.Mat, b band, flip bool) (ReadResult, error) {
	img := rectify(gray, b, flip)
	defer img.Close()
	var best ReadResult
	for _, bin := range binarizers {
		text, err := r.ocr(ctx, img, bin)
		if err != nil {
			return ReadResult{}, err
		}
		for _, lines := range fitCandidates(splitLines(text)) {
			res, err := ParseLines(lines, r.opt)
			if err != nil {
				continue
			}
			if !best.Found || better(res, best.Result) {
				best = ReadResult{Found: true, Result: res, Confidence: confidence(res)}
			}
		}
		if trusted(best) {
			break
		}
	}
	return best, nil
}

// maxTrustedRepairs: a reading that needed more repairs than this passes its checks too easily
// (each mod-10 check passes one wrong reading in ten), so the search goes on for a cleaner one.
const maxTrustedRepairs = 4

func trusted(r ReadResult) bool {
	return r.Valid && len(r.Corrections) <= maxTrustedRepairs
}

// ocrSettings restrict Tesseract to the MRZ alphabet, one block of uniform text.
var ocrSettings = ocr.Settings{Whitelist: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"}

func (r *Reader) ocr(ctx context.Context, img gocv.Mat, bin binarizer) (string, error) {
	prepared := bin(img)
	defer prepared.Close()
	pix := prepared.ToBytes()
	var text string
	err := r.pool.With(ctx, ocrSettings, func(c ocrClient) error {
		if err := c.SetImageFromBytes(ocr.PGM(pix, prepared.Cols(), prepared.Rows())); err != nil {
			return fmt.Errorf("loading band into tesseract: %w", err)
		}
		var err error
		text, err = c.Text()
		return err
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		return "", fmt.Errorf("recognising mrz band: %w", err)
	}
	return text, err
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
