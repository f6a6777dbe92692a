package engine

import (
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/document"
	"github.com/kycd/kycd/engine/fraud"
	"github.com/kycd/kycd/engine/fraud/forensic"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/mrz"
	"github.com/kycd/kycd/engine/specimen"
)

var fraudNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// repoRoot walks up to go.mod.
func repoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// sharedTestdata returns ../shared/testdata/<sub> next to the repository, or skips.
func sharedTestdata(t testing.TB, sub string) string {
	dir := filepath.Join(repoRoot(t), "..", "shared", "testdata", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s is absent: the shared test images are not on this machine", dir)
	}
	return dir
}

func newAnalyzer(t testing.TB) *forensic.Analyzer {
	a, err := forensic.New(forensic.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func newGenerator(t testing.TB) *specimen.Generator {
	g, err := specimen.NewGenerator("")
	if err != nil {
		t.Skipf("specimen generator unavailable (fonts-ocr-b missing?): %v", err)
	}
	return g
}

// fraudJob runs the ocr signals (as the ocr check would) and the fraud check on an MRZ and
// a front image, and returns the signal codes.
func fraudJob(t *testing.T, a *forensic.Analyzer, lines []string, docType, country string, front []byte) []string {
	t.Helper()
	in := &Input{DocumentType: docType, Country: country, Now: fraudNow}
	if front != nil {
		im, err := imageio.Decode(front, imageio.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		defer im.Close()
		in.Front = im
	}
	j := &Job{In: in, V: &Verification{}}
	if lines != nil {
		r, err := mrz.ParseLines(lines, mrz.Options{Now: fraudNow, NoRepair: true})
		if err != nil {
			t.Fatal(err)
		}
		j.MRZ = &r
		mrzSignals(j, r)
	}
	if err := (Fraud{Forensics: a}).Run(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, s := range j.Signals {
		codes = append(codes, s.Code)
	}
	return codes
}

// td1 builds a valid TD1 MRZ with check digits.
func td1(code, state, number, birth, sex, expiry, nat, name string) []string {
	cd := func(s string) string { return fmt.Sprint(mrz.CheckDigit(s)) }
	pad := func(s string, n int) string { return s + strings.Repeat("<", n-len(s)) }
	l1 := pad(code, 2) + state + pad(number, 9) + cd(pad(number, 9)) + strings.Repeat("<", 15)
	l2 := birth + cd(birth) + sex + expiry + cd(expiry) + nat + strings.Repeat("<", 11)
	l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	return []string{l1, l2, pad(name, 30)}
}

// encodeJPEG encodes m at quality q.
func encodeJPEG(t testing.TB, m gocv.Mat, q int) []byte {
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, m, []int{gocv.IMWriteJpegQuality, q})
	if err != nil {
		t.Fatal(err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...)
}

func decodeMat(t testing.TB, data []byte) gocv.Mat {
	m, err := gocv.IMDecode(data, gocv.IMReadColor)
	if err != nil || m.Empty() {
		t.Fatalf("decoding: %v", err)
	}
	return m
}

// withEXIFSoftware inserts an APP1 EXIF segment naming software after the SOI marker.
func withEXIFSoftware(jpg []byte, software string) []byte {
	val := append([]byte(software), 0)
	tiff := []byte("MM\x00*\x00\x00\x00\x08\x00\x01\x01\x31\x00\x02")
	tiff = append(tiff, byte(len(val)>>24), byte(len(val)>>16), byte(len(val)>>8), byte(len(val)))
	tiff = append(tiff, 0, 0, 0, 26, 0, 0, 0, 0)
	tiff = append(tiff, val...)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// pastePortrait pastes a face photo onto the card (its left part) and saves once.
func pastePortrait(t testing.TB, scene []byte, facePath string) []byte {
	dst := decodeMat(t, scene)
	defer dst.Close()
	src := gocv.IMRead(facePath, gocv.IMReadColor)
	defer src.Close()
	if src.Empty() {
		t.Fatalf("reading %s", facePath)
	}
	// On the card's left, where ID cards have their photo, 3/5 of the card high.
	card := cardGeometry(dst).Card
	if card.Empty() {
		t.Fatal("card not found in the photo")
	}
	h := card.Dy() * 3 / 5
	w := h * src.Cols() / src.Rows()
	small := gocv.NewMat()
	defer small.Close()
	gocv.Resize(src, &small, image.Pt(w, h), 0, 0, gocv.InterpolationArea)
	at := card.Min.Add(image.Pt(card.Dx()/20, card.Dy()/5))
	r := image.Rectangle{Min: at, Max: at.Add(image.Pt(w, h))}.Intersect(image.Rect(0, 0, dst.Cols(), dst.Rows()))
	part := small.Region(image.Rectangle{Max: r.Size()})
	defer part.Close()
	roi := dst.Region(r)
	part.CopyTo(&roi)
	roi.Close()
	return encodeJPEG(t, dst, 92)
}

// screenRecapture simulates photographing the document on a screen: a slightly rotated
// pixel-grid pattern (period ≈ 3 px) multiplies the image, then a mild blur and a new JPEG.
func screenRecapture(t testing.TB, scene []byte) []byte {
	m := decodeMat(t, scene)
	defer m.Close()
	grey := gocv.NewMat()
	defer grey.Close()
	gocv.CvtColor(m, &grey, gocv.ColorBGRToGray)
	pix, err := grey.DataPtrUint8()
	if err != nil {
		t.Fatal(err)
	}
	w := grey.Cols()
	sin, cos := math.Sincos(3 * math.Pi / 180)
	for i := range pix {
		x, y := float64(i%w), float64(i/w)
		u, v := x*cos+y*sin, -x*sin+y*cos
		g := 0.82 + 0.18*math.Cos(2*math.Pi*u/3.2)*math.Cos(2*math.Pi*v/3.2)
		pix[i] = uint8(min(255, float64(pix[i])*g))
	}
	return encodeJPEG(t, grey, 90)
}

// TestTamperedSet: each tampering of a synthetic document raises its expected signal.
func TestTamperedSet(t *testing.T) {
	if testing.Short() {
		t.Skip("renders documents; skipped with -short")
	}
	g := newGenerator(t)
	a := newAnalyzer(t)
	clean, err := g.Sample(11, mrz.TD1, false)
	if err != nil {
		t.Fatal(err)
	}
	noisy, err := g.Sample(12, mrz.TD3, true)
	if err != nil {
		t.Fatal(err)
	}
	good := td1("ID", "MAR", "AB1234567", "900101", "M", "300101", "MAR", "BENALI<<OMAR")
	badDigit := slices.Clone(good)
	badDigit[1] = good[1][:6] + "0" + good[1][7:]
	if badDigit[1] == good[1] {
		badDigit[1] = good[1][:6] + "1" + good[1][7:]
	}
	faces := sharedTestdata(t, "faces")
	dg, err := specimen.NewDocGenerator(filepath.Join(repoRoot(t), "models", "face-api", "demo"))
	if err != nil {
		t.Skipf("document generator unavailable: %v", err)
	}
	cin, err := dg.Document(3, "cin", "MA", false)
	if err != nil {
		t.Fatal(err)
	}
	donor, err := dg.Document(103, "cin", "MA", false)
	if err != nil {
		t.Fatal(err)
	}
	copyDoc, err := dg.Document(4, "cin", "MA", false)
	if err != nil {
		t.Fatal(err)
	}

	// Realistic edits of photographed documents (see check_fraud_tamper_eval_test.go for the
	// rates over many): a degraded passport photo whose portrait is replaced by another
	// person's, and a residence card whose field or digits are copied over a blank area.
	passport, err := dg.Document(5002, "passport", "MA", true)
	if err != nil {
		t.Fatal(err)
	}
	resid, err := dg.Document(5003, "residence_card", "MA", true)
	if err != nil {
		t.Fatal(err)
	}
	fd := newFaceDetector(t)
	donors := donorFaces(t)
	swapped, ok := pasteFace(t, fd, passport.Front, donors[2%len(donors)], 90, 0)
	if !ok {
		t.Fatal("no face found to paste")
	}

	resaved := func() []byte {
		m := decodeMat(t, noisy.Image)
		defer m.Close()
		return withEXIFSoftware(encodeJPEG(t, m, 90), "Adobe Photoshop 25.0 (Windows)")
	}()
	doubleOnly := func() []byte {
		m := decodeMat(t, noisy.Image)
		defer m.Close()
		return encodeJPEG(t, m, 85)
	}()

	tests := []struct {
		name        string
		lines       []string
		docType, cc string
		front       []byte
		want        string
		knownMiss   bool // logged, not failed: a tampering not caught yet
	}{
		{"genuine MRZ (control)", good, "cin", "MA", nil, "", false},
		{"altered check digit", badDigit, "cin", "MA", nil, "mrz_check_digit_invalid", false},
		{"altered date: month 13", td1("ID", "MAR", "AB1234567", "901301", "M", "300101", "MAR", "BENALI<<OMAR"), "cin", "MA", nil, "date_invalid", false},
		{"altered date: expiry 2049", td1("ID", "MAR", "AB1234567", "900101", "M", "490101", "MAR", "BENALI<<OMAR"), "cin", "MA", nil, "validity_period_unexpected", false},
		{"expired", td1("ID", "MAR", "AB1234567", "900101", "M", "200101", "MAR", "BENALI<<OMAR"), "cin", "MA", nil, "document_expired", false},
		{"specimen name", td1("ID", "DEU", "T22000129", "640812", "F", "300101", "DEU", "MUSTERMANN<<ERIKA"), "cni", "DE", nil, "specimen_document", false},
		{"specimen number", td1("ID", "FRA", "X4RTBPFW4", "900713", "F", "300211", "FRA", "MARTIN<<ANNE"), "cni", "FR", nil, "specimen_document", false},
		{"nationality vs issuer", td1("ID", "MAR", "AB1234567", "900101", "M", "300101", "FRA", "BENALI<<OMAR"), "cin", "MA", nil, "nationality_mismatch", false},
		{"issuer vs request country", good, "cin", "FR", nil, "issuing_state_mismatch", false},
		{"sex X", td1("ID", "MAR", "AB1234567", "900101", "X", "300101", "MAR", "BENALI<<OMAR"), "cin", "MA", nil, "mrz_sex_x", false},
		{"digits in name", td1("ID", "MAR", "AB1234567", "900101", "M", "300101", "MAR", "BEN4LI<<OMAR"), "cin", "MA", nil, "name_has_digits", false},
		{"under age CNIE", td1("ID", "MAR", "AB1234567", "150101", "M", "300101", "MAR", "BENALI<<OMAR"), "cin", "MA", nil, "holder_under_age", false},
		{"unknown state code", td1("ID", "QQQ", "AB1234567", "900101", "M", "300101", "QQQ", "BENALI<<OMAR"), "cin", "MA", nil, "state_code_unknown", false},
		{"clean photo (control)", nil, "cin", "MA", clean.Image, "", false},
		{"re-saved in an editor", nil, "passport", "FR", resaved, "image_edited_software", false},
		{"double JPEG without metadata (q48 → q85)", nil, "passport", "FR", doubleOnly, "image_double_compressed", true},
		{"pasted portrait (clean card)", nil, "cin", "MA", pastePortrait(t, clean.Image, filepath.Join(faces, "obama", "obama-1.jpg")), "portrait_substitution_suspected", false},
		{"pasted portrait (noisy card)", nil, "passport", "FR", pastePortrait(t, noisy.Image, filepath.Join(faces, "biden", "biden-1.jpg")), "portrait_substitution_suspected", true},
		{"screen recapture", nil, "cin", "MA", screenRecapture(t, clean.Image), "screen_recapture_suspected", false},
		{"whole document (control)", nil, "cin", "MA", cin.Front, "", false},
		{"whole document, region copy source (control)", nil, "cin", "MA", copyDoc.Front, "", false},
		{"region of the card copied elsewhere (a field)", nil, "cin", "MA", copyBusiest(t, copyDoc.Front, 0.25, 0.08), "region_duplicated", true},
		{"region of the card copied elsewhere (a few digits)", nil, "cin", "MA", copyBusiest(t, copyDoc.Front, 0.1, 0.06), "region_duplicated", true},
		{"text field pasted from another card (q60) and re-saved", nil, "cin", "MA", pasteField(t, cin.Front, donor.Front, 60, 0.36, 0.44, 0.62, 0.53), "compression_inconsistent", true},
		{"text field pasted from another card (q92) and re-saved", nil, "cin", "MA", pasteField(t, cin.Front, donor.Front, 92, 0.36, 0.44, 0.62, 0.53), "compression_inconsistent", true},
		{"photographed passport (control)", nil, "passport", "MA", passport.Front, "", false},
		{"another person's portrait pasted on a photographed passport, saved q90", nil, "passport", "MA", swapped, "portrait_substitution_suspected", false},
		{"photographed residence card (control)", nil, "residence_card", "MA", resid.Front, "", false},
		{"field copied over a blank area of a photographed card", nil, "residence_card", "MA", copyBusiest(t, resid.Front, 0.25, 0.08), "region_duplicated", false},
		{"digits copied over a blank area of a photographed card", nil, "residence_card", "MA", copyBusiest(t, resid.Front, 0.1, 0.06), "region_duplicated", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			codes := fraudJob(t, a, tt.lines, tt.docType, tt.cc, tt.front)
			t.Logf("signals: %v", codes)
			if tt.want == "" {
				if len(codes) != 0 {
					t.Errorf("control raised %v", codes)
				}
				return
			}
			if !slices.Contains(codes, tt.want) {
				if tt.knownMiss {
					t.Logf("KNOWN MISS: want %s, got %v", tt.want, codes)
					return
				}
				t.Errorf("want %s, got %v", tt.want, codes)
			}
		})
	}

	t.Run("front and back of two people", func(t *testing.T) {
		front := fraud.Fields{DocumentNumber: "AE123456", LastName: "Benali", FirstName: "Omar", DateOfBirth: "1990-01-01", Sex: "M"}
		back := fraud.Fields{DocumentNumber: "BK998877", LastName: "El Idrissi", FirstName: "Zineb", DateOfBirth: "1985-03-12", Sex: "F"}
		fs := fraud.CompareSides(front, back)
		if len(fs) == 0 || fs[0].Code != "front_back_mismatch" {
			t.Fatalf("got %+v", fs)
		}
	})
}

// TestForensicFalsePositives measures the image detectors on clean data: 200 synthetic MRZ
// cards and 200 whole synthetic documents, front and back (half photographed with
// degradations), and the shared test images. It reports the
// rate and the score distribution; it fails only if the synthetic rate passes 2 %.
func TestForensicFalsePositives(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 200 documents; skipped with -short")
	}
	g := newGenerator(t)
	a := newAnalyzer(t)
	// CI renders a small set; the figure in the issue note is the full 200
	// (KYCD_EVAL_FULL=1 go test ./engine -run TestForensicFalsePositives -v).
	n := 16
	if os.Getenv("KYCD_EVAL_FULL") != "" {
		n = 200
	}
	var flagged []string
	scores := map[string][]float64{}
	for i := range n {
		s, err := g.Sample(uint64(1000+i), "", i%2 == 1)
		if err != nil {
			t.Fatal(err)
		}
		if fs := measureClean(t, a, s.Image, scores); len(fs) > 0 {
			flagged = append(flagged, fmt.Sprintf("seed %d: %s", 1000+i, fs[0].Code))
		}
	}
	t.Logf("synthetic clean documents: %d/%d flagged (%.1f %%) %v", len(flagged), n, 100*float64(len(flagged))/float64(n), flagged)
	logScores(t, "synthetic", scores)
	if len(flagged) > max(n/50, 1) {
		t.Errorf("false-positive rate %.1f %% on clean synthetic documents", 100*float64(len(flagged))/float64(n))
	}

	docs := 6
	if os.Getenv("KYCD_EVAL_FULL") != "" {
		docs = 200
	}
	docFalsePositives(t, a, docs)

	for _, sub := range []string{"mrz-specimens", "faces"} {
		dir := filepath.Join(repoRoot(t), "..", "shared", "testdata", sub)
		files, _ := filepath.Glob(filepath.Join(dir, "*", "*.*"))
		top, _ := filepath.Glob(filepath.Join(dir, "*.*"))
		files = append(files, top...)
		if len(files) == 0 {
			t.Logf("%s is absent: shared images not measured", dir)
			continue
		}
		count, hits := 0, []string{}
		sh := map[string][]float64{}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil || strings.HasSuffix(f, ".md") {
				continue
			}
			m, err := gocv.IMDecode(data, gocv.IMReadColor)
			if err != nil || m.Empty() {
				continue
			}
			count++
			sc, _ := a.MeasureIn(data, m, cardGeometry(m))
			m.Close()
			record(sh, sc)
			fs := a.Findings(sc)
			for _, fd := range fs {
				hits = append(hits, filepath.Base(f)+":"+fd.Code)
			}
		}
		t.Logf("%s: %d images, flagged: %v", sub, count, hits)
		logScores(t, sub, sh)
	}
}

// cardGeometry is the geometry the fraud check gives the forensics for a photo: the outline
// the printed-zone reader finds.
func cardGeometry(img gocv.Mat) forensic.Geometry {
	return geometryOf(document.Outline(img))
}

// measureClean measures one clean image as the fraud check does (card located first),
// records its scores and returns its findings.
func measureClean(t *testing.T, a *forensic.Analyzer, data []byte, scores map[string][]float64) []fraud.Finding {
	t.Helper()
	m := decodeMat(t, data)
	defer m.Close()
	sc, err := a.MeasureIn(data, m, cardGeometry(m))
	if err != nil {
		t.Fatal(err)
	}
	record(scores, sc)
	return a.Findings(sc)
}

// knownFalsePositives are detector hits on clean documents that are understood but not fixed
// yet, by "type side code". They are logged, not counted: a new false positive still fails.
var knownFalsePositives = map[string]string{}

// docFalsePositives measures n whole synthetic documents (printed zone, guilloche, portrait;
// every type and country in turn, half degraded), front and back.
func docFalsePositives(t *testing.T, a *forensic.Analyzer, n int) {
	g, err := specimen.NewDocGenerator(filepath.Join(repoRoot(t), "models", "face-api", "demo"))
	if err != nil {
		t.Skipf("document generator unavailable: %v", err)
	}
	var flagged, known []string
	scores := map[string][]float64{}
	images := 0
	for i := range n {
		typ := specimen.DocTypes[i%len(specimen.DocTypes)]
		cc := specimen.DocCountries[typ][(i/len(specimen.DocTypes))%len(specimen.DocCountries[typ])]
		s, err := g.Document(uint64(2000+i), typ, cc, i%2 == 1)
		if err != nil {
			t.Fatal(err)
		}
		for side, data := range map[string][]byte{"front": s.Front, "back": s.Back} {
			if data == nil {
				continue
			}
			images++
			for _, f := range measureClean(t, a, data, scores) {
				hit := fmt.Sprintf("%d %s/%s %s: %s", 2000+i, typ, cc, side, f.Code)
				if why, ok := knownFalsePositives[typ+" "+side+" "+f.Code]; ok {
					known = append(known, hit+" ("+why+")")
					continue
				}
				flagged = append(flagged, hit)
			}
		}
	}
	slices.Sort(flagged)
	t.Logf("synthetic clean documents: %d documents, %d images, %d findings (%.1f %% of images) %v",
		n, images, len(flagged), 100*float64(len(flagged))/float64(max(images, 1)), flagged)
	if len(known) > 0 {
		t.Logf("KNOWN FALSE POSITIVES, not counted above (%d): %v", len(known), known)
	}
	logScores(t, "documents", scores)
	if len(flagged) > max(images/50, 1) {
		t.Errorf("false-positive rate %.1f %% on clean synthetic documents", 100*float64(len(flagged))/float64(images))
	}
}

func record(m map[string][]float64, s forensic.Scores) {
	m["double_jpeg"] = append(m["double_jpeg"], s.DoubleJPEG)
	m["portrait"] = append(m["portrait"], s.Portrait)
	m["moire"] = append(m["moire"], s.Moire)
	m["ela"] = append(m["ela"], s.ELA)
	m["copy_move"] = append(m["copy_move"], float64(s.CopyMove))
	m["dq_freqs"] = append(m["dq_freqs"], float64(s.DQFreqs))
	m["dq_global"] = append(m["dq_global"], s.DQGlobal)
	m["portrait_dq"] = append(m["portrait_dq"], s.PortraitDQ)
	m["field_dq"] = append(m["field_dq"], s.FieldDQ)
	m["twin"] = append(m["twin"], s.Twin)
	m["copy_verified"] = append(m["copy_verified"], s.CopyVerified)
}

func logScores(t *testing.T, what string, m map[string][]float64) {
	for _, k := range []string{"double_jpeg", "portrait", "moire", "ela", "copy_move", "dq_freqs", "dq_global", "portrait_dq", "field_dq", "twin", "copy_verified"} {
		v := slices.Clone(m[k])
		sort.Float64s(v)
		if len(v) == 0 {
			continue
		}
		q := func(p float64) float64 { return v[int(p*float64(len(v)-1))] }
		t.Logf("%s %s: min %.3f p50 %.3f p90 %.3f p99 %.3f max %.3f", what, k, v[0], q(0.5), q(0.9), q(0.99), v[len(v)-1])
	}
}

// TestNoPortraitSkipsFaceSearch: a side examined with NoPortrait (the back of a card whose
// front showed its portrait) is measured without the face search; the other detectors are not
// affected. The face-api demo photos stand in for a side with a face the cascade finds (the
// generated cards' portraits are below its smallest window).
func TestNoPortraitSkipsFaceSearch(t *testing.T) {
	photos, _ := filepath.Glob(filepath.Join(repoRoot(t), "models", "face-api", "demo", "*.jpg"))
	if len(photos) == 0 {
		t.Skip("models/face-api/demo absent: run `make setup`")
	}
	a := newAnalyzer(t)
	found := false
	for _, p := range photos {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := decodeMat(t, data)
		with, err := a.MeasureIn(data, m, forensic.Geometry{})
		if err != nil {
			t.Fatal(err)
		}
		without, err := a.MeasureIn(data, m, forensic.Geometry{NoPortrait: true})
		m.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !without.PortraitBox.Empty() || without.Portrait != 0 {
			t.Errorf("%s with NoPortrait: box %v, score %.2f; want none", filepath.Base(p), without.PortraitBox, without.Portrait)
		}
		if without.DQFreqs != with.DQFreqs || without.CopyMove != with.CopyMove || without.Moire != with.Moire {
			t.Errorf("%s: the other detectors changed: %+v → %+v", filepath.Base(p), with, without)
		}
		found = found || !with.PortraitBox.Empty()
	}
	if !found {
		t.Error("the face cascade found no face on any demo photo")
	}
}
