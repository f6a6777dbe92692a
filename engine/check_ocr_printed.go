package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/kycd/kycd/engine/document"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/mrz"
)

// printedSides is what the printed-zone reader found on the front and back.
type printedSides struct {
	front, back document.Side
}

func (p printedSides) found() bool { return p.front.Found || p.back.Found }

// readPrinted reads the printed zone of the front and back at the same time: the Latin pool
// holds two clients, so the two sides do not wait for each other (the rare Arabic reads may).
// Each side is read in the outline the fraud check's forensics examine too (Job.outline).
func (c OCR) readPrinted(ctx context.Context, j *Job) (printedSides, error) {
	in := j.In
	var out printedSides
	sides := []struct {
		name string
		img  *imageio.Image
		dst  *document.Side
	}{{"document_front", in.Front, &out.front}, {"document_back", in.Back, &out.back}}
	errs := make([]error, len(sides))
	var wg sync.WaitGroup
	for i, side := range sides {
		if side.img == nil {
			continue
		}
		wg.Go(func() {
			q, found := j.outline(i, side.img)
			s, err := c.Printed.ReadSideOutlined(ctx, side.img.Mat, q, found, in.DocumentType, in.Country)
			if err != nil {
				errs[i] = fmt.Errorf("reading the printed zone of %s: %w", side.name, err)
				return
			}
			*side.dst = s
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// readAroundMRZ reads the printed zone of the side the MRZ was read on again, in the outline
// the MRZ's position gives, when no outline was found on that side (a card on a table of its
// own colour, its edges cut off by the frame). A reading of the whole photo is replaced when
// the outline gives more fields.
func (c OCR) readAroundMRZ(ctx context.Context, in *Input, best mrz.ReadResult, side string, p *printedSides) error {
	if c.Printed == nil || !best.Found || best.Zone == nil || len(best.Lines) == 0 {
		return nil
	}
	dst, img := &p.front, in.Front
	if side == "document_back" {
		dst, img = &p.back, in.Back
	}
	if dst.Found && !dst.Framed || img == nil {
		return nil
	}
	q, ok := document.OutlineFromMRZ(*best.Zone, len(best.Lines[0]))
	if !ok {
		return nil
	}
	s, err := c.Printed.ReadSideAt(ctx, img.Mat, q, in.DocumentType, in.Country)
	if err != nil {
		return fmt.Errorf("reading the printed zone of %s around its MRZ: %w", side, err)
	}
	if s.Found && len(s.Fields) >= len(dst.Fields) {
		*dst = s
	}
	return nil
}

// readArabicNames reads the Arabic names on a Moroccan document's front beside the Latin
// names the MRZ gives, where the front's captions gave none (a blurred "NOM" read as nothing
// left the surname, and so its Arabic spelling, unread). Only an MRZ whose check digits pass
// names the holder well enough.
func (c OCR) readArabicNames(ctx context.Context, in *Input, best mrz.ReadResult, p *printedSides) error {
	if c.Printed == nil || in.Country != "MA" || in.Front == nil || !best.Valid || !p.front.Found {
		return nil
	}
	names := map[string]string{"last_name": humanName(best.LastName), "first_name": humanName(best.FirstName)}
	return c.Printed.ArabicByName(ctx, in.Front.Mat, &p.front, in.DocumentType, names)
}

// vouched lists the extracted fields the MRZ filled with a passing check digit: the printed
// zone is compared with them and never overrides them.
func vouched(d *ExtractedData) document.MRZFields {
	out := document.MRZFields{}
	for field, p := range fieldPtrs(d) {
		if *p != nil && d.FieldConfidences[field] >= 0.99 {
			out[field] = **p
		}
	}
	return out
}

// fieldPtrs maps API field names to extracted_data slots.
func fieldPtrs(d *ExtractedData) map[string]**string {
	return map[string]**string{
		"document_number": &d.DocumentNumber, "card_number": &d.CardNumber,
		"first_name": &d.FirstName, "last_name": &d.LastName,
		"first_name_arabic": &d.FirstNameArabic, "last_name_arabic": &d.LastNameArabic,
		"date_of_birth": &d.DateOfBirth, "gender": &d.Gender, "nationality": &d.Nationality,
		"issue_date": &d.IssueDate, "expiry_date": &d.ExpiryDate, "address": &d.Address,
		"place_of_birth": &d.PlaceOfBirth,
	}
}

// fillFromPrinted adds the printed fields to d: a field the MRZ did not vouch for takes the
// printed value with Tesseract's confidence; a vouched name takes the printed spelling when it
// is the same name (the printed zone keeps accents the MRZ drops). Disagreements become
// signals.
func fillFromPrinted(j *Job, p printedSides) {
	d := j.V.ExtractedData
	if j.MRZ != nil {
		names := mrzNames{last: humanName(j.MRZ.LastName), first: humanName(j.MRZ.FirstName), format: j.MRZ.Format}
		mendPrintedNames(d, names, p.front.Fields)
		fixMRZNames(d, &names, p.front.Fields)
	}
	fromMRZ := vouched(d)
	if d.MRZ != nil {
		// Names of a valid MRZ are compared with the printed ones (a mismatch is a fraud
		// signal) although no check digit protects them.
		for _, f := range []string{"first_name", "last_name"} {
			if p := fieldPtrs(d)[f]; *p != nil {
				fromMRZ[f] = **p
			}
		}
	}
	ma := j.In.Country == "MA"
	merged, findings := document.Merge(p.front.Fields, p.back.Fields, fromMRZ, ma)
	ptrs := fieldPtrs(d)
	for _, field := range slices.Sorted(maps.Keys(merged)) {
		v := merged[field]
		dst, ok := ptrs[field]
		if !ok || v.Text == "" {
			continue
		}
		protected := *dst != nil && d.FieldConfidences[field] >= 0.99
		switch {
		case !protected && (*dst == nil || d.FieldConfidences[field] < v.Conf || truncated(field, **dst, v.Text)):
			*dst = ptr(v.Text)
			d.FieldConfidences[field] = round3(max(v.Conf, d.FieldConfidences[field]))
		case protected && (field == "first_name" || field == "last_name") && document.NormalizeName(v.Text) == document.NormalizeName(**dst):
			*dst = ptr(v.Text)
		}
	}
	accentedNames(d, p)
	for _, f := range findings {
		j.AddSignal(findingSignal(f))
	}
	kindSignal(j, p)
	issuerNationality(j, p)
}

// accentedNames gives a name read without accents (the MRZ has none) the spelling of a
// printed run that is the same name with them, when the run's caption was lost (a passport's
// captions are its smallest print): "ELODIE" from the MRZ, "ÉLODIE" printed under a lost
// "Prénoms".
func accentedNames(d *ExtractedData, p printedSides) {
	for _, name := range []**string{&d.FirstName, &d.LastName} {
		if *name == nil || !isASCII(**name) {
			continue
		}
		if t, ok := accentedSpelling(p.front.Segments, document.NormalizeName(**name)); ok {
			*name = ptr(t)
		}
	}
}

// accentedSpelling finds a printed run that spells want (a name without accents) with
// accents. A mark read beside the name ("» HUGO", "£ MANON") is not part of its spelling, and
// a run whose only non-ASCII characters were such marks has no accent to give; the name may
// end a run whose caption was misread ("pntnoms) : LÉA").
func accentedSpelling(segs []document.Segment, want string) (string, bool) {
	for _, sg := range segs {
		if sg.Arabic {
			continue
		}
		text := strings.TrimFunc(sg.Text, func(r rune) bool { return !unicode.IsLetter(r) })
		for _, t := range []string{text, capitalsTail(text)} {
			if t != "" && !isASCII(t) && nameRunes(t) && t == strings.ToUpper(t) && document.NormalizeName(t) == want {
				return t, true
			}
		}
	}
	return "", false
}

// capitalsTail is the words in capitals that end s, "" when its last word is not one.
func capitalsTail(s string) string {
	w := strings.Fields(s)
	k := len(w)
	for k > 0 && w[k-1] == strings.ToUpper(w[k-1]) && nameRunes(w[k-1]) {
		k--
	}
	return strings.Join(w[k:], " ")
}

// nameRunes: s holds only letters and what joins them in a name (spaces, hyphens,
// apostrophes, the commas between given names).
func nameRunes(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !strings.ContainsRune(" -',", r) {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// issuerNationality: a national identity card is issued to the state's own nationals only
// (DOCUMENTS.md §4), so when neither the MRZ nor the printed zone gave the nationality, the
// state named in the printed header of an identity card gives it, or else the issuing state
// of its MRZ when the check digits pass (the old French card's MRZ has no nationality field,
// and a misread header, "RÉPUBLIQUE BRNENENE", named no state).
func issuerNationality(j *Job, p printedSides) {
	d := j.V.ExtractedData
	if d.Nationality != nil || (j.In.DocumentType != "cin" && j.In.DocumentType != "cni") {
		return
	}
	for _, s := range []document.Side{p.front, p.back} {
		if s.Kind == "identity_card" && s.Issuer != "" {
			d.Nationality = ptr(s.Issuer)
			d.FieldConfidences["nationality"] = issuerConfidence
			return
		}
	}
	// d.MRZ is set only for a reading whose check digits pass.
	if m := j.MRZ; d.MRZ != nil && m != nil && strings.HasPrefix(m.DocumentCode, "I") && stateCode.MatchString(m.IssuingState) {
		d.Nationality = ptr(m.IssuingState)
		d.FieldConfidences["nationality"] = issuerConfidence
	}
}

// issuerConfidence: the header and title were read, but the nationality is inferred.
const issuerConfidence = 0.9

// titleKinds maps the requested document types to the kind their printed title names.
var titleKinds = map[string]string{"cin": "identity_card", "cni": "identity_card", "passport": "passport",
	"residence_card": "residence_card", "permit": "permit"}

// kindSignal flags a document whose printed title names another type than the one requested
// (a driving licence sent as an identity card); a side without a readable title says nothing.
func kindSignal(j *Job, p printedSides) {
	want := titleKinds[j.In.DocumentType]
	for _, got := range []string{p.front.Kind, p.back.Kind} {
		if got == "" || want == "" || got == want {
			continue
		}
		j.AddSignal(Signal{Code: "document_type_mismatch", Severity: "medium", Check: CheckOCR,
			Message:   fmt.Sprintf("The printed title names a %s, not a %s.", strings.ReplaceAll(got, "_", " "), j.In.DocumentType),
			MessageFR: fmt.Sprintf("Le titre imprimé désigne un(e) %s, pas un(e) %s.", strings.ReplaceAll(got, "_", " "), j.In.DocumentType)})
		return
	}
}

// truncated: the MRZ cut a long name short (or dropped its accents) and the printed zone
// shows all of it.
func truncated(field, fromMRZ, printed string) bool {
	if field != "first_name" && field != "last_name" {
		return false
	}
	m, p := document.NormalizeName(fromMRZ), document.NormalizeName(printed)
	return len(m) >= 3 && strings.HasPrefix(p, m)
}

func findingSignal(f document.Finding) Signal {
	s := Signal{Code: f.Code, Severity: f.Severity, Check: CheckOCR}
	switch f.Code {
	case "mrz_printed_mismatch":
		s.Message = fmt.Sprintf("The MRZ and the printed zone disagree on %s (%q vs %q).", f.Field, f.A, f.B)
		s.MessageFR = fmt.Sprintf("La MRZ et la zone imprimée ne concordent pas pour %s (%q / %q).", f.Field, f.A, f.B)
	case "front_back_mismatch":
		s.Message = fmt.Sprintf("The front and back of the document disagree on %s (%q vs %q).", f.Field, f.A, f.B)
		s.MessageFR = fmt.Sprintf("Le recto et le verso du document ne concordent pas pour %s (%q / %q).", f.Field, f.A, f.B)
	default:
		s.Message = fmt.Sprintf("The Latin and Arabic spellings of %s do not match (%q vs %q).", f.Field, f.A, f.B)
		s.MessageFR = fmt.Sprintf("Les graphies latine et arabe de %s ne correspondent pas (%q / %q).", f.Field, f.A, f.B)
	}
	return s
}

// sideSignals flags photos given as the wrong side: the front photo showing the back (alone,
// or with the back photo showing the front), or both photos showing the front. A side is
// decided by its printed fields (document.Side.Face) and, on ID-1 cards, by a TD1 MRZ or the
// French licence's one-line MRZ, both printed on the back. A side that does not tell says nothing; a passport has one page.
func sideSignals(j *Job, p printedSides, mrzSide string, format mrz.Format) {
	if j.In.DocumentType == "passport" {
		return
	}
	front, back := p.front.Face, p.back.Face
	if format == mrz.TD1 || format == mrz.FRDL {
		switch mrzSide {
		case "document_front":
			front = "back"
		case "document_back":
			back = "back"
		}
	}
	hasBack := j.In.Back != nil
	switch {
	case front == "back" && back == "front":
		j.AddSignal(Signal{Code: "document_sides_swapped", Severity: "low", Check: CheckOCR,
			Message:   "The photos given as the front and the back of the document show its back and its front.",
			MessageFR: "Les photos du recto et du verso du document montrent son verso et son recto."})
	case front == "back":
		j.AddSignal(Signal{Code: "document_front_missing", Severity: "medium", Check: CheckOCR,
			Message:   "The photo given as the front of the document shows its back.",
			MessageFR: "La photo du recto du document montre son verso."})
	case hasBack && front == "front" && back == "front":
		j.AddSignal(Signal{Code: "document_back_missing", Severity: "medium", Check: CheckOCR,
			Message:   "Both photos show the front of the document; its back was not given.",
			MessageFR: "Les deux photos montrent le recto du document ; son verso n'a pas été fourni."})
	}
}

// documentNotFound reports photos in which neither a document outline nor an MRZ was found.
func documentNotFound(j *Job) {
	j.V.Checks.OCR = &OCRCheck{CheckResult: CheckResult{Status: CheckFailed,
		Message: "no identity document was found in the photos"}}
	j.AddSignal(Signal{Code: "document_not_found", Severity: "high", Check: CheckOCR,
		Message:   "No identity document could be found in the photos.",
		MessageFR: "Aucun document d'identité n'a été trouvé sur les photos."})
}

// printedConfidence is the check confidence when only the printed zone was read: the mean
// confidence of the fields read.
func printedConfidence(d *ExtractedData) float64 {
	sum, n := 0.0, 0
	for f, c := range d.FieldConfidences {
		if f != "mrz" {
			sum += c
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return round3(sum / float64(n))
}
