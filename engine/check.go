package engine

import (
	"context"
	"errors"
	"sync"
	"time"

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
