package engine

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/kycd/kycd/engine/document"
	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/fraud"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/liveness"
	"github.com/kycd/kycd/engine/mrz"
)

// Errors the pipeline returns before running anything; the API maps them to 422.
var (
	// ErrCheckNotAvailable: the check was requested but this build has no engine for it.
	ErrCheckNotAvailable = errors.New("check not available")
	// ErrCheckNotApplicable: the check cannot run on the given images (face_match without selfie).
	ErrCheckNotApplicable = errors.New("check not applicable")
)

// Input is one verification request, with images already decoded once and shared by checks.
type Input struct {
	DocumentType string
	Country      string
	Front        *imageio.Image
	Back         *imageio.Image // optional
	Selfie       *imageio.Image // optional
	// Liveness is the kiosk's active-liveness recording; nil when the selfie was uploaded.
	Liveness *liveness.Recording
	// Now is the reference time for expiry and age rules, so results are reproducible.
	Now time.Time
}

// Job carries one verification through the checks. Checks read what earlier checks left in it
// (fraud reads the ocr fields) and add their result and signals.
type Job struct {
	In *Input
	V  *Verification
	// Signals are appended through AddSignal: checks of one stage run concurrently.
	Signals []Signal
	mu      sync.Mutex
	// Expired is set by a check that knows the document is past its expiry date.
	Expired bool
	// MRZ is the MRZ the ocr check read, for the fraud rules; nil when none was found.
	MRZ *mrz.Result
	// FaceTemplate is the descriptor of the document portrait or selfie, for duplicate search.
	FaceTemplate []float32
	// selfieFaces is the selfie's face analysis, shared by face_match and liveness, by the
	// models in selfieModels.
	selfieFaces  memo[face.Analysis]
	selfieModels *face.Models
	// outlines are the document's outlines in the front and the back, found once for the ocr
	// check's printed zone and the fraud check's forensics.
	outlines [2]memo[outline]
	// forensics are the fraud check's image findings, computed beside the first stage.
	forensics memo[[]fraud.Finding]
	// hashes are the images' perceptual hashes for the duplicate check, computed beside the
	// first stage.
	hashes memo[map[string]uint64]
}

// outline is what document.Outline found in one side's photo.
type outline struct {
	q     document.Quad
	found bool
}

// outline returns the document's outline in the front (side 0) or back (side 1) photo img,
// found by the first check that asks.
func (j *Job) outline(side int, img *imageio.Image) (document.Quad, bool) {
	o, _ := j.outlines[side].get(func() (outline, error) {
		q, found := document.Outline(img.Mat)
		return outline{q, found}, nil
	})
	return o.q, o.found
}

// memo holds a result computed once per verification: the first caller computes it, a caller
// arriving meanwhile waits for it instead of computing it again.
type memo[T any] struct {
	once sync.Once
	v    T
	err  error
}

func (m *memo[T]) get(f func() (T, error)) (T, error) {
	m.once.Do(func() { m.v, m.err = f() })
	return m.v, m.err
}

// SelfieAnalysis is the selfie's face analysis by m, computed once per verification:
// face_match and liveness both analyze the selfie and run side by side, so the second one
// waits for the first instead of detecting, landmarking and describing the same face again
// (another models set, as in tests, gets its own analysis).
func (j *Job) SelfieAnalysis(ctx context.Context, m *face.Models) (face.Analysis, error) {
	a, err := j.selfieFaces.get(func() (face.Analysis, error) {
		j.selfieModels = m
		return m.Analyze(ctx, j.In.Selfie.Mat)
	})
	if j.selfieModels != m { // set inside the once, so read after it safely
		return m.Analyze(ctx, j.In.Selfie.Mat)
	}
	return a, err
}

// AddSignal records a reason for risk raised by a check.
func (j *Job) AddSignal(s Signal) {
	j.mu.Lock()
	j.Signals = append(j.Signals, s)
	j.mu.Unlock()
}

// Check is one verification check. Run fills its part of j.V.Checks and adds signals; an error
// means the check could not finish (its status becomes "error").
type Check interface {
	Name() string
	// Applicable returns ErrCheckNotApplicable (wrapped with the reason) when the input lacks
	// what the check needs.
	Applicable(in *Input) error
	Run(ctx context.Context, j *Job) error
}

// Preparer is a check of a later stage with work that reads only the images. The pipeline
// runs Prepare beside the first stage, where on two cores it fills the time OCR and the face
// networks leave idle; Run then adds what needs the earlier checks' results. Run still works
// alone (it does the preparation itself when nothing did).
type Preparer interface {
	Prepare(ctx context.Context, j *Job)
}
