package document

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"strings"
	"unicode"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/ocr"
)

// Reader reads the printed zone of document photos. It holds only the Tesseract pools, so
// one Reader serves concurrent requests.
type Reader struct {
	latin  *ocr.Pool // fra (French covers the accents; English labels read fine with it)
	arabic *ocr.Pool // ara; nil disables Arabic fields
}

// NewReader returns a Reader; arabic may be nil.
func NewReader(latin, arabic *ocr.Pool) *Reader { return &Reader{latin: latin, arabic: arabic} }

// Side is what was read on one photo.
type Side struct {
	Found bool // a document outline was found
	Quad  Quad
	// Segments are the text runs read on the rectified document, top to bottom.
	Segments []Segment
	Fields   map[string]Value
	// Kind is the document type the printed title names ("cin", "passport"…), "" if none.
	Kind string
	// Issuer is the state the printed header names (alpha-3), "" if none.
	Issuer string
	// Framed: no outline was found and the whole photo was read as the document.
	Framed bool
	// Face is the side the printed fields show: "front" (the holder's names and birth),
	// "back" (address, card number) or "" when they do not tell.
	Face string
	// unreadNames are the name runs found under their captions that did not read, for
	// ArabicByName.
	unreadNames []arabicWant
}

// Segment is one OCRed run of text on the rectified document.
type Segment struct {
	Box    image.Rectangle `json:"box"`
	Text   string          `json:"text"`
	Conf   float64         `json:"conf"`
	Arabic bool            `json:"arabic,omitempty"`
	Line   int             `json:"line"`
	// pending: not read yet (a small mark read only when a caption points at it).
	pending bool
	// reread: read a second time (rereadSettings) after it read as nothing.
	reread bool
	// valueX is where the value starts in a short caption joined to it, 0 in a run not
	// joined; valueOnly asks resolve to read that value alone (the caption misread).
	valueX    int
	valueOnly bool
	// misread asks resolve to read the run once more, binarized (a value read doubtfully,
	// or a date misread past parsing); the caller (readAgain) keeps the new reading only
	// when it is a surer value.
	misread bool
	// withCaption asks resolve to read the run with its caption, the box given, as one
	// line: captionWords words of that reading are the caption's.
	withCaption  image.Rectangle
	captionWords int
}

// Value is one field read from the printed zone with Tesseract's confidence (0..1).
type Value struct {
	Text string  `json:"text"`
	Conf float64 `json:"conf"`
}

// latinSettings: one text line, no whitelist (labels are mixed case with accents).
var latinSettings = ocr.Settings{PSM: ocr.PSMSingleLine}

// ReadSide finds the document in img (BGR or gray), rectifies it to the canonical size of
// docType and reads its printed fields. A photo without a document outline is not an error:
// Found is false.
func (r *Reader) ReadSide(ctx context.Context, img gocv.Mat, docType, country string) (Side, error) {
	gray := toGray(img)
	defer gray.Close()
	q, ok := FindColor(img, gray)
	return r.readOutlined(ctx, gray, q, ok, docType, country)
}

// Outline finds the document's outline in img (BGR or gray) as ReadSide does; ok is false when
// there is none. A caller that needs the outline too finds it once and reads the side with
// ReadSideOutlined.
func Outline(img gocv.Mat) (q Quad, ok bool) {
	gray := toGray(img)
	defer gray.Close()
	return FindColor(img, gray)
}

// ReadSideOutlined is ReadSide with the outline Outline gave for img (found false: it found
// none).
func (r *Reader) ReadSideOutlined(ctx context.Context, img gocv.Mat, q Quad, found bool, docType, country string) (Side, error) {
	gray := toGray(img)
	defer gray.Close()
	return r.readOutlined(ctx, gray, q, found, docType, country)
}

func (r *Reader) readOutlined(ctx context.Context, gray gocv.Mat, q Quad, found bool, docType, country string) (Side, error) {
	framed := false
	if !found {
		// No outline: the photo may be the document itself (a scan, a tight crop, a card on
		// a table of the same colour). Read the whole frame, and keep it only if it reads.
		if q, found = fullFrame(gray); !found {
			return Side{}, nil
		}
		framed = true
	}
	return r.readSide(ctx, gray, q, framed, docType, country)
}

// ReadSideAt reads the document side in outline q of img, given by the caller (derived from
// the MRZ's position by OutlineFromMRZ when ReadSide found no outline). The outline is read
// as it is and half-turned only if it reads poorly; a side that reads as no document is not
// found.
func (r *Reader) ReadSideAt(ctx context.Context, img gocv.Mat, q Quad, docType, country string) (Side, error) {
	gray := toGray(img)
	defer gray.Close()
	return r.readSide(ctx, gray, q, false, docType, country)
}

func (r *Reader) readSide(ctx context.Context, gray gocv.Mat, q Quad, framed bool, docType, country string) (Side, error) {
	if gray.Empty() {
		return Side{}, nil // no image, no document
	}
	size := sizeFor(docType, q)
	// French documents print no Arabic: a bold line with accents ("PRÉNOMS … JÉRÔME") can
	// pass the script test, and an Arabic run is read only on Moroccan documents.
	arabic := country != "FR"
	best, card, err := r.readQuad(ctx, gray, q, size, arabic)
	if err != nil {
		return Side{}, err
	}
	defer func() { card.Close() }()
	if framed && quality(best.Segments) < uprightQuality {
		return Side{}, nil
	}
	if quality(best.Segments) < uprightQuality {
		turned, tcard, err := r.readQuad(ctx, gray, q.Turn(), size, arabic)
		if err != nil {
			return Side{}, err
		}
		if quality(turned.Segments) > quality(best.Segments) {
			best, card, tcard = turned, tcard, card
		}
		tcard.Close()
	}
	// Marks too small to be worth reading up front (a lone "M" under "Sexe") are read when a
	// caption points at them, and a run a caption points at that read as nothing (a blurred
	// name under "PRÉNOM") is read once more, as a raw line (rereadSettings).
	resolve := func(i int) error {
		sg := &best.Segments[i]
		switch {
		case sg.Arabic:
			return nil
		case sg.pending:
			rd, err := r.readBox(ctx, r.latin, latinSettings, card, sg.Box)
			sg.Text, sg.Conf, sg.pending = rd.Text, rd.Conf, false
			return err
		case sg.valueOnly && sg.valueX > sg.Box.Min.X:
			// A caption misread with its value ("vo QOUAZZANI" for "NOM OUAZZANI"): the
			// value is read alone, and the run is the value from now on.
			box := image.Rect(sg.valueX, sg.Box.Min.Y, sg.Box.Max.X, sg.Box.Max.Y)
			rd, err := r.readBox(ctx, r.latin, latinSettings, card, box)
			if alnum(rd.Text) > 0 {
				sg.Text, sg.Conf, sg.Box = rd.Text, rd.Conf, box
			}
			sg.valueX, sg.valueOnly = 0, false
			return err
		case !sg.withCaption.Empty():
			box := sg.withCaption.Union(sg.Box)
			rd, err := r.readBox(ctx, r.latin, latinSettings, card, box)
			if w := strings.Fields(rd.Text); len(w) > sg.captionWords {
				sg.Text, sg.Conf = strings.Join(w[sg.captionWords:], " "), rd.Conf
			}
			sg.withCaption = image.Rectangle{}
			return err
		case sg.misread && !sg.reread:
			sg.reread = true
			st := rereadCrop(sg.Box)
			st.binarize = true
			rd, err := r.readCrop(ctx, r.latin, rereadSettings, card, sg.Box, st)
			sg.Text, sg.Conf = rd.Text, rd.Conf
			return err
		case sg.Text == "" && !sg.reread:
			sg.reread = true
			rd, err := r.readCrop(ctx, r.latin, rereadSettings, card, sg.Box, rereadCrop(sg.Box))
			if alnum(rd.Text) > 0 {
				sg.Text, sg.Conf = rd.Text, rd.Conf
			}
			return err
		}
		return nil
	}
	var wanted []arabicWant
	best.Fields, wanted, err = extract(best.Segments, docType, resolve)
	if err != nil {
		return Side{}, err
	}
	wanted, best.unreadNames = splitUnread(wanted)
	if country == "MA" && r.arabic != nil && len(wanted) > 0 {
		if err := r.readArabic(ctx, card, &best, wanted); err != nil {
			return Side{}, err
		}
	}
	best.Kind = titleKind(best.Segments, size.Y)
	best.Issuer = headerIssuer(best.Segments, size.Y)
	licenceBack := docType == "permit" && categoryTable(best.Segments)
	if !licenceBack && !documentLike(best) {
		// An outline was found, but what it holds reads as no document (a face, a picture
		// frame, a screen): no field is reported from it.
		return Side{}, nil
	}
	best.Face = sideFace(best.Fields)
	if best.Face == "" && licenceBack {
		best.Face = "back"
	}
	best.Framed = framed
	return best, nil
}

// documentLike: what was read on the outline is a document's printed zone: a title or a
// state's name in its header, two fields found by their captions, or lines of confident text.
func documentLike(s Side) bool {
	if s.Kind != "" || s.Issuer != "" || len(s.Fields) >= 2 {
		return true
	}
	lines := 0
	for _, sg := range s.Segments {
		if !sg.pending && !sg.Arabic && sg.Conf >= textConf && alnum(sg.Text) >= 3 {
			lines++
		}
	}
	return lines >= minTextLines && quality(s.Segments) >= uprightQuality
}

// A document side holds at least minTextLines runs of text read at textConf or better.
const (
	minTextLines = 4
	textConf     = 0.75
)

// licenceCategories are the driving-licence categories of the EU model (field 9), which
// Morocco's licence shares.
var licenceCategories = map[string]bool{"AM": true, "A1": true, "A2": true, "A": true, "B1": true, "B": true,
	"BE": true, "C1": true, "C1E": true, "C": true, "CE": true, "D1": true, "D1E": true, "D": true, "DE": true}

// categoryTable: the side is a driving licence's back, its table of categories down the
// card (at least four codes read; a code's "1" is often read as l or I). It names no holder
// and no address, so its printed fields cannot tell the side.
func categoryTable(segs []Segment) bool {
	seen := map[string]bool{}
	for _, sg := range segs {
		code := strings.ToUpper(strings.TrimSpace(sg.Text))
		if len(code) >= 2 && (code[1] == 'L' || code[1] == 'I' || code[1] == '|') {
			code = code[:1] + "1" + code[2:]
		}
		if !sg.pending && licenceCategories[code] {
			seen[code] = true
		}
	}
	return len(seen) >= 4
}

func alnum(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// frontFields and backFields are the fields identity cards print on one side only: the
// holder's names and birth date with the portrait on the front; the address and the card's own
// number on the back (MA CNIE, FR CNI 2021, residence cards). The place of birth is on either
// (the French residence card prints it on the back).
var (
	frontFields = []string{"last_name", "first_name", "date_of_birth"}
	backFields  = []string{"address", "card_number"}
)

// sideFace names the side fields were read from, when they tell: two identity fields and more
// of them than back fields is a front, a back field and none of the identity is a back.
func sideFace(fields map[string]Value) string {
	count := func(names []string) int {
		n := 0
		for _, f := range names {
			if _, ok := fields[f]; ok {
				n++
			}
		}
		return n
	}
	front, back := count(frontFields), count(backFields)
	switch {
	case front >= 2 && front > back:
		return "front"
	case back >= 1 && front == 0:
		return "back"
	}
	return ""
}

// uprightQuality is the quality below which the half-turned reading is tried too.
const uprightQuality = 0.55

// quality is the mean confidence of the segments read, weighted by their width: the long
// lines of an upright card read well, a few unreadable specks (portrait texture) weigh
// little, and upside-down text reads as confident nonsense only in short runs.
func quality(segs []Segment) float64 {
	sum, w := 0.0, 0.0
	for _, s := range segs {
		if s.pending || s.Arabic {
			continue
		}
		sum += s.Conf * float64(s.Box.Dx())
		w += float64(s.Box.Dx())
	}
	if w == 0 {
		return 0
	}
	return sum / w
}

// readQuad rectifies q and OCRs its text segments with the Latin model, those that look
// Arabic excepted when the document may print Arabic; it returns the rectified card too (the
// caller closes it) for later reads.
func (r *Reader) readQuad(ctx context.Context, gray gocv.Mat, q Quad, size image.Point, arabic bool) (Side, gocv.Mat, error) {
	card := Rectify(gray, q, size)
	side := Side{Found: true, Quad: q}
	for _, s := range joinCaptions(findSegments(card)) {
		if mrzLike(s.box, size) {
			continue
		}
		sg := Segment{Box: s.box, Line: s.line, valueX: s.valueX}
		script := measureScript(card, s.box)
		dense := script.arabic()
		if arabic && dense && !script.unjoinedLine(s.box) {
			// Arabic is read only where a Latin field asks for its Arabic spelling: reading
			// every Arabic run (headers, places, the address) with both models doubled the
			// OCR time.
			sg.pending, sg.Arabic = true, true
			side.Segments = append(side.Segments, sg)
			continue
		}
		if s.box.Dx() < s.box.Dy()*13/10 {
			// Single marks are mostly portrait texture or specks: reading them all would take
			// most of the OCR time, so they wait until a caption needs them.
			sg.pending = true
			side.Segments = append(side.Segments, sg)
			continue
		}
		rd, err := r.readRun(ctx, card, s.box)
		if err != nil {
			card.Close()
			return Side{}, gocv.Mat{}, err
		}
		sg.Text, sg.Conf = rd.Text, rd.Conf
		if dense && sg.Conf < denseTextConf {
			// On a document without Arabic, ink that dense is bold Latin text when it reads
			// well, and otherwise a blob of glare or portrait texture ("ET" read over a
			// photo's edge became a place of birth): it keeps no text.
			sg.Text, sg.Conf, sg.pending = "", 0, true
		}
		side.Segments = append(side.Segments, sg)
	}
	for i := range side.Segments {
		if j := leadingDigits(side.Segments, i); j >= 0 {
			rd, err := r.readBox(ctx, r.latin, latinSettings, card, side.Segments[i].Box)
			if err != nil {
				card.Close()
				return Side{}, gocv.Mat{}, err
			}
			if t := strings.TrimSpace(rd.Text); t != "" && strings.Trim(t, "0123456789.") == "" && rd.Conf >= textConf {
				sg := &side.Segments[i]
				sg.Text, sg.Conf, sg.Arabic, sg.pending = t, rd.Conf, false, false
			}
		}
	}
	segs, err := r.joinCutDates(ctx, card, side.Segments)
	if err != nil {
		card.Close()
		return Side{}, gocv.Mat{}, err
	}
	side.Segments = segs
	return side, card, nil
}

// rawSure is the confidence at which a run's raw-line reading is kept without the single-line
// one.
const rawSure = 0.9

// readRun reads a Latin run as a raw line first: Tesseract's single-line mode, which analyses
// the run's layout first, reads the L of a bold serif print as I ("VOITAIRE", "LILIE",
// "LELCE" at 0.41) and a blurred J's hook as a diaeresis ("HAÏJJI") where the raw line reads
// them right and surer. A raw reading short of rawSure is read again in single-line mode and
// as a raw line framed in white, and the surest kept (the raw line has no layout analysis to
// drop a speck beside a blurred word).
func (r *Reader) readRun(ctx context.Context, card gocv.Mat, box image.Rectangle) (ocr.Reading, error) {
	raw, err := r.readCrop(ctx, r.latin, rereadSettings, card, box, runCrop(box))
	if err != nil || raw.Conf >= rawSure && alnum(raw.Text) > 0 {
		return raw, err
	}
	best := raw
	line, err := r.readBox(ctx, r.latin, latinSettings, card, box)
	if err != nil {
		return ocr.Reading{}, err
	}
	if line.Conf >= best.Conf || alnum(best.Text) == 0 {
		best = line
	}
	// Framed in white, a caption joined to its value comes apart from it ("2//J0LTE" at 0
	// for "2. JULIE", "PRéou AHMED" at 0.51 for "Prénom AHMED" at 0.54). A reading still
	// doubtful is not kept ("CCS" at 0.4 for a speck joined to "LÉA").
	framed, err := r.readCrop(ctx, r.latin, rereadSettings, card, box, rereadCrop(box))
	if err != nil {
		return ocr.Reading{}, err
	}
	if framed.Conf > best.Conf && framed.Conf >= doubtfulConf && alnum(framed.Text) > 0 {
		best = framed
	}
	return best, nil
}

// leadingDigits returns the Latin run that short Arabic-looking run i leads on its line when
// that run starts with a digit or a dot within a letter height of it, or -1: bold digits
// ("12" of "12.10.2028") pass the script test as Arabic, and the date was read without its
// day. Arabic text is never printed that close before a number.
func leadingDigits(segs []Segment, i int) int {
	a := segs[i]
	if !a.Arabic || !a.pending || a.Box.Dx() > 2*a.Box.Dy() {
		return -1
	}
	n := nextOnLine(segs, i)
	if n < 0 {
		return -1
	}
	t := strings.TrimSpace(segs[n].Text)
	if t == "" || !strings.ContainsRune("0123456789.", rune(t[0])) || segs[n].Box.Min.X-a.Box.Max.X > max(a.Box.Dy(), segs[n].Box.Dy()) {
		return -1
	}
	return n
}

// denseTextConf is the Tesseract confidence a run the script test found as dense as Arabic
// needs, on a document that prints no Arabic, to be taken for text.
const denseTextConf = 0.5

// mrzLike: a long line in the bottom third is the MRZ, which package mrz reads.
func mrzLike(b image.Rectangle, size image.Point) bool {
	return b.Min.Y > size.Y*6/10 && b.Dx() > size.X*70/100
}

// textHeight is the height, in pixels, segments are scaled to for Tesseract.
const textHeight = 34

// readBox OCRs box of card with the pool, scaled so the text is textHeight high, with a
// margin of the card around it.
func (r *Reader) readBox(ctx context.Context, pool *ocr.Pool, s ocr.Settings, card gocv.Mat, box image.Rectangle) (ocr.Reading, error) {
	return r.readCrop(ctx, pool, s, card, box, runCrop(box))
}

// runCrop is how a run is cut out: with a third of its height of the card around it, scaled
// so the text is textHeight high.
func runCrop(box image.Rectangle) cropStyle {
	return cropStyle{pad: max(4, box.Dy()/3), height: textHeight}
}

// rereadSettings read a run as a raw line, without Tesseract's layout analysis (which drops a
// blurred word as non-text and returns nothing, as it does short Arabic names); it is how
// readRun reads every Latin run first. rereadCrop frames the run in white for the second
// reading of a run that read as nothing.
var rereadSettings = ocr.Settings{PSM: ocr.PSMRawLine}

func rereadCrop(box image.Rectangle) cropStyle {
	st := runCrop(box)
	st.border = 10
	return st
}

// cropStyle is how a box is cut out for Tesseract.
type cropStyle struct {
	pad      int     // card pixels kept around the box
	height   int     // the box is scaled to this height
	border   int     // white pixels framing the crop
	binarize bool    // Otsu threshold first (drops the guilloche behind the text)
	squeeze  float64 // horizontal scale relative to the vertical one; 0 is 1
}

// readCrop OCRs box of card cut out as st says.
func (r *Reader) readCrop(ctx context.Context, pool *ocr.Pool, s ocr.Settings, card gocv.Mat, box image.Rectangle, st cropStyle) (ocr.Reading, error) {
	b := image.Rect(box.Min.X-st.pad, box.Min.Y-st.pad, box.Max.X+st.pad, box.Max.Y+st.pad).Intersect(image.Rect(0, 0, card.Cols(), card.Rows()))
	crop := card.Region(b)
	defer crop.Close()
	f := min(3, max(0.5, float64(st.height)/float64(box.Dy())))
	scaled := gocv.NewMat()
	defer scaled.Close()
	fx := f
	if st.squeeze > 0 {
		fx *= st.squeeze
	}
	gocv.Resize(crop, &scaled, image.Point{}, fx, f, gocv.InterpolationCubic)
	if st.binarize {
		gocv.Threshold(scaled, &scaled, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	}
	if st.border > 0 {
		gocv.CopyMakeBorder(scaled, &scaled, st.border, st.border, st.border, st.border, gocv.BorderConstant, color.RGBA{255, 255, 255, 255})
	}
	rd, err := pool.ReadGray(ctx, s, scaled.ToBytes(), scaled.Cols(), scaled.Rows())
	if err != nil {
		return ocr.Reading{}, fmt.Errorf("reading a text line: %w", err)
	}
	return rd, nil
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
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

// titleKind names the document type its printed title announces. Only the top of the
// document holds the title: an address ("RÉSIDENCE LES PINS") must not count.
func titleKind(segs []Segment, height int) string {
	for _, t := range headLines(segs, height) {
		switch {
		case strings.Contains(t, "passeport") || strings.Contains(t, "passport"):
			return "passport"
		case strings.Contains(t, "permis de conduire") || strings.Contains(t, "driving licen"):
			return "permit"
		case strings.Contains(t, "sejour") || strings.Contains(t, "residen") || strings.Contains(t, "immatriculation"):
			return "residence_card"
		case strings.Contains(t, "carte nationale"):
			return "identity_card"
		}
	}
	return ""
}

// headerIssuer names the state whose name heads the document.
func headerIssuer(segs []Segment, height int) string {
	for _, t := range headLines(segs, height) {
		switch {
		case strings.Contains(t, "royaume du maroc"):
			return "MAR"
		case strings.Contains(t, "republique francaise"):
			return "FRA"
		}
	}
	return ""
}
