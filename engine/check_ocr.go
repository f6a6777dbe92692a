package engine

import (
	"context"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/kycd/kycd/engine/document"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/mrz"
)

// OCR is the ocr check: it reads the machine-readable zone of the front and back and fills
// extracted_data from the side whose MRZ passes the most check digits, then adds what the
// printed zone shows (check_ocr_printed.go). Fields it cannot read stay null; nothing is
// guessed.
type OCR struct {
	Reader *mrz.Reader
	// Printed reads the printed zone (labels, Arabic names); nil reads the MRZ only.
	Printed *document.Reader
}

func (OCR) Name() string { return CheckOCR }

func (OCR) Applicable(in *Input) error {
	if in.Front == nil {
		return fmt.Errorf("%w: ocr needs document_front", ErrCheckNotApplicable)
	}
	return nil
}

func (c OCR) Run(ctx context.Context, j *Job) error {
	// The printed zone is read while the MRZ is: they use different Tesseract clients.
	var printed printedSides
	printedErr := make(chan error, 1)
	go func() {
		if c.Printed == nil {
			printedErr <- nil
			return
		}
		var err error
		printed, err = c.readPrinted(ctx, j)
		printedErr <- err
	}()
	best, mrzSide, err := c.readSides(ctx, j.In)
	if perr := <-printedErr; err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	if best.Found && !best.Trusted() && !printsMRZ(j.In) {
		// On a document that prints no MRZ, a reading that is not trusted is its background
		// pattern read as one: one whose check digits fail ("YGIJ KIO" for a surname) would
		// fail the check and outbid the printed names, and one that passes them after repairs
		// with a code its format never has ("GZQZTZ01Z2J11L<…" for a licence line) gave the
		// licence its number.
		best, mrzSide = mrz.ReadResult{}, ""
	}
	if err := c.readAroundMRZ(ctx, j.In, best, mrzSide, &printed); err != nil {
		return err
	}
	j.V.ExtractedData = &ExtractedData{FieldConfidences: map[string]float64{}}
	if !best.Found {
		if c.Printed != nil && !printed.found() {
			documentNotFound(j)
			return nil
		}
		noMRZ(j)
		if printed.found() {
			fillFromPrinted(j, printed)
			if conf := printedConfidence(j.V.ExtractedData); conf > 0 {
				j.V.Checks.OCR.Confidence = conf
				j.V.Checks.OCR.Message = "no machine-readable zone was found; the fields come from the printed zone only"
			}
		}
		sideSignals(j, printed, "", "")
		return nil
	}
	j.MRZ = &best.Result
	fillFromMRZ(j.V.ExtractedData, j.In, best)
	res := &OCRCheck{CheckResult: CheckResult{Status: CheckPassed, Confidence: round3(best.Confidence)}}
	switch {
	case !best.Valid:
		res.Status = CheckFailed
		res.Message = "the MRZ was read but its check digits do not all pass"
	case len(best.Corrections) > maxTrustedRepairs:
		// Check digits can be satisfied by chance after many repairs: let a person look.
		res.Status = CheckReview
		res.Message = fmt.Sprintf("the MRZ passes its check digits only after %d character repairs", len(best.Corrections))
	}
	j.V.Checks.OCR = res
	mrzSignals(j, best.Result)
	if err := c.readArabicNames(ctx, j.In, best, &printed); err != nil {
		return err
	}
	if printed.found() {
		fillFromPrinted(j, printed)
	}
	sideSignals(j, printed, mrzSide, best.Format)
	return nil
}

// maxTrustedRepairs is the number of check-digit-confirmed character repairs above which a
// reading goes to review.
const maxTrustedRepairs = 4

// readSides reads the MRZ on each given side and keeps the better reading, with the name of
// the side it was read on. The back goes first: every two-sided document kycd reads prints its
// MRZ there except the old French CNI, and a search that finds nothing on a front cost as much
// CPU as the reading on the back (119 against 77 ms on a CIN photographed at 1600 px).
func (c OCR) readSides(ctx context.Context, in *Input) (best mrz.ReadResult, side string, err error) {
	sides := []struct {
		name string
		img  *imageio.Image
	}{{"document_back", in.Back}, {"document_front", in.Front}}
	for _, s := range sides {
		if s.img == nil {
			continue
		}
		r, err := c.Reader.Read(ctx, s.img.Mat)
		if err != nil {
			return best, "", fmt.Errorf("reading the MRZ of %s: %w", s.name, err)
		}
		if r.Found && formatPrinted(in, r.Format) && betterReading(r, best) {
			best, side = r, s.name
		}
		if best.Trusted() {
			break
		}
	}
	return best, side, nil
}

// formatPrinted: an MRZ of format f can be printed on the document type declared. The
// driving licence's one line of 30 is the shortest MRZ; a line of background or misread
// text passes its single check digit one time in ten (a residence card's unreadable TD1 read
// as "D1QDJAJTOXJ47T…", whose number then stood for the card's).
func formatPrinted(in *Input, f mrz.Format) bool {
	return f != mrz.FRDL || in.DocumentType == "" || in.DocumentType == "permit"
}

// betterReading: a trusted reading beats one that is only valid (check digits pass by chance
// on a background pattern read as a short MRZ), which beats an invalid one.
func betterReading(a, b mrz.ReadResult) bool {
	switch {
	case !b.Found:
		return true
	case a.Trusted() != b.Trusted():
		return a.Trusted()
	case a.Valid != b.Valid:
		return a.Valid
	}
	return a.ChecksPassed() > b.ChecksPassed()
}

// noMRZ reports a document without a readable MRZ. Printed-zone reading is a separate engine;
// until it exists the fields stay null and a person must look.
func noMRZ(j *Job) {
	sev, status := "medium", CheckFailed
	if !printsMRZ(j.In) {
		// Not a fault of the document.
		sev, status = "low", CheckReview
	}
	j.V.Checks.OCR = &OCRCheck{CheckResult: CheckResult{Status: status,
		Message: "no machine-readable zone was found; the printed fields were not read"}}
	j.AddSignal(Signal{Code: "mrz_not_found", Severity: sev, Check: CheckOCR,
		Message:   "No machine-readable zone (MRZ) could be found or read on the document.",
		MessageFR: "Aucune zone de lecture automatique (MRZ) n'a pu être trouvée ou lue sur le document."})
}

// printsMRZ: the document type prints a machine-readable zone. The Moroccan driving licence
// has none (DOCUMENTS.md §2); every other type the API takes has one.
func printsMRZ(in *Input) bool {
	return in.DocumentType != "permit" || in.Country != "MA"
}

// stateCode is a well-formed nationality code (three letters, or ICAO's "D<<").
var stateCode = regexp.MustCompile(`^[A-Z]{3}$|^D<<$`)

// cinPattern is the Moroccan personal number (DOCUMENTS.md §2): 1–2 letters and digits.
var cinPattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9]{4,6}$`)

// fillFromMRZ copies the MRZ fields into extracted_data with per-field confidences: a field
// covered by a passing check digit is near-certain; one covered only by the composite (names)
// is a little less; the rest carries the reading's overall confidence.
func fillFromMRZ(d *ExtractedData, in *Input, r mrz.ReadResult) {
	res := r.Result
	conf := func(checks ...string) float64 {
		if !r.Valid {
			// In a reading that fails as a whole, a passing check digit is one chance in ten
			// or the work of the repairs: it vouches for nothing, and the printed zone may do
			// better.
			return round3(r.Confidence * 0.8)
		}
		for _, c := range checks {
			if ok, has := res.CheckDigits[c]; has && ok {
				return 0.99
			}
		}
		return round3(r.Confidence * 0.8)
	}
	set := func(dst **string, field, v string, checks ...string) {
		if v = strings.TrimSpace(v); v == "" {
			return
		}
		if !r.Valid && len(checks) > 0 && checks[0] != "composite" {
			// A field of a failed reading whose own check digit fails is a misreading.
			if ok, has := res.CheckDigits[checks[0]]; has && !ok {
				return
			}
		}
		*dst = &v
		d.FieldConfidences[field] = conf(checks...)
	}
	setPtr := func(dst **string, field string, v *string, checks ...string) {
		if v != nil {
			set(dst, field, *v, checks...)
		}
	}

	if r.Valid {
		// A reading whose check digits fail is not the document's MRZ: reporting it would
		// present misread characters as the document's own (the fields below still carry
		// the reading, at a low confidence, until the printed zone does better).
		d.MRZ = ptr(strings.Join(res.Lines, "\n"))
		d.FieldConfidences["mrz"] = round3(r.Confidence)
	}
	docNumber := res.DocumentNumber
	if in.DocumentType == "cin" && in.Country == "MA" {
		// On the CNIE the MRZ number is the card number; the CIN (the API's document_number)
		// is expected in the optional data [U] — taken only when it has the CIN's shape.
		set(&d.CardNumber, "card_number", res.DocumentNumber, "document_number")
		docNumber = ""
		if opt := strings.Trim(res.OptionalData, "<"); cinPattern.MatchString(opt) {
			docNumber = opt
		}
	}
	set(&d.DocumentNumber, "document_number", docNumber, "document_number", "composite")
	// No check digit covers the names (TD1 line 3, TD3 line 1): they carry the reading's
	// confidence, and a better printed reading replaces them.
	set(&d.LastName, "last_name", humanName(res.LastName))
	set(&d.FirstName, "first_name", humanName(res.FirstName))
	setPtr(&d.DateOfBirth, "date_of_birth", res.DateOfBirth, "date_of_birth")
	setPtr(&d.ExpiryDate, "expiry_date", res.ExpiryDate, "expiry_date")
	if res.Nationality != nil && (r.Valid || stateCode.MatchString(*res.Nationality)) {
		setPtr(&d.Nationality, "nationality", res.Nationality, "composite")
	}
	// A failed reading's X is more likely a misread M than a declared third sex.
	if res.Sex != nil && (*res.Sex == "M" || *res.Sex == "F" || *res.Sex == "X" && r.Valid) {
		set(&d.Gender, "gender", *res.Sex, "composite")
	}
	// The old French card gives only the issue month: not a full date, so it stays null.
	if res.IssueDate != nil && len(*res.IssueDate) == len("2006-01-02") {
		set(&d.IssueDate, "issue_date", *res.IssueDate, "document_number")
	}
}

// humanName turns MRZ filler into spaces: "EL<AMRANI" → "EL AMRANI". Names are separated by
// one filler; a double filler ends the name field, so what follows it is misread filler
// ("AHMED<<<<<<LLPKO" → "AHMED").
func humanName(s string) string {
	s, _, _ = strings.Cut(strings.TrimLeft(s, "<"), "<<")
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "<", " ")), " ")
}

// mrzSignals raises the signals an MRZ reading carries by itself; the fraud check adds the
// cross-document rules.
func mrzSignals(j *Job, r mrz.Result) {
	for _, name := range slices.Sorted(maps.Keys(r.CheckDigits)) {
		if !r.CheckDigits[name] {
			j.AddSignal(Signal{Code: "mrz_check_digit_invalid", Severity: "high", Check: CheckOCR,
				Message:   fmt.Sprintf("The MRZ check digit for %s does not match.", name),
				MessageFR: fmt.Sprintf("Le chiffre de contrôle MRZ de %s ne correspond pas.", name)})
		}
	}
	if len(r.Corrections) > 0 && r.Valid {
		j.AddSignal(Signal{Code: "mrz_ocr_repaired", Severity: "low", Check: CheckOCR,
			Message:   fmt.Sprintf("%d MRZ character(s) were corrected by the check digits.", len(r.Corrections)),
			MessageFR: fmt.Sprintf("%d caractère(s) de la MRZ corrigé(s) grâce aux chiffres de contrôle.", len(r.Corrections))})
	}
	if r.ExpiryDate != nil {
		exp, err := time.Parse("2006-01-02", *r.ExpiryDate)
		if err == nil && !j.In.Now.IsZero() && exp.Before(j.In.Now.Truncate(24*time.Hour)) {
			j.Expired = true
			j.AddSignal(Signal{Code: "document_expired", Severity: "medium", Check: CheckOCR,
				Message:   "The document expired on " + *r.ExpiryDate + ".",
				MessageFR: "Le document a expiré le " + *r.ExpiryDate + "."})
		}
	}
}

func ptr(s string) *string { return &s }

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
