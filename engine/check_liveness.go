package engine

import (
	"context"
	"fmt"
	"math"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/liveness"
)

// Liveness is the liveness check: passive presentation-attack detection on the selfie, or,
// for a kiosk session, the active challenge sequence plus the passive analysis of its best
// frame.
type Liveness struct {
	Faces   *face.Models
	Passive liveness.Passive
	Active  liveness.ActiveConfig
}

func (Liveness) Name() string { return CheckLiveness }

func (Liveness) Applicable(in *Input) error {
	if in.Selfie == nil && (in.Liveness == nil || len(in.Liveness.Frames) == 0) {
		return fmt.Errorf("%w: liveness needs a selfie or a kiosk liveness recording", ErrCheckNotApplicable)
	}
	return nil
}

// livenessSignal describes each liveness signal code for a person.
var livenessSignal = map[string]struct{ severity, en, fr string }{
	liveness.SignalSpoofModel:   {"high", "The face looks like a photo or a screen, not a live person.", "Le visage ressemble à une photo ou à un écran, pas à une personne présente."},
	liveness.SignalScreen:       {"high", "A screen or printed pattern is visible on the face.", "Une trame d'écran ou d'impression est visible sur le visage."},
	liveness.SignalRecaptured:   {"high", "The face looks re-photographed from a screen or a print.", "Le visage semble re-photographié depuis un écran ou un tirage papier."},
	liveness.SignalGlare:        {"medium", "A reflection on the face suggests a screen or glossy photo.", "Un reflet sur le visage évoque un écran ou une photo brillante."},
	liveness.SignalLowQuality:   {"low", "The selfie is too blurred to judge liveness well.", "Le selfie est trop flou pour bien juger la présence de la personne."},
	liveness.SignalFaceTooSmall: {"low", "The face is very small in the picture.", "Le visage est très petit sur l'image."},
	liveness.SignalFaceTooLarge: {"low", "The face fills the whole picture.", "Le visage occupe toute l'image."},
	liveness.SignalEyesClosed:   {"medium", "The eyes are closed on the selfie.", "Les yeux sont fermés sur le selfie."},
	liveness.SignalSeveralFaces: {"medium", "Several faces are on the liveness image.", "Plusieurs visages figurent sur l'image de présence."},
	liveness.SignalNoFace:       {"high", "No face was found to check liveness.", "Aucun visage n'a été trouvé pour vérifier la présence."},
	signalActiveFailed:          {"high", "The requested head movements were not performed in order.", "Les mouvements demandés n'ont pas été effectués dans l'ordre."},
}

const signalActiveFailed = "liveness_challenge_failed"

func (c Liveness) Run(ctx context.Context, j *Job) error {
	var (
		res    liveness.Result
		active *liveness.ActiveResult
		err    error
	)
	if rec := j.In.Liveness; rec != nil && len(rec.Frames) > 0 {
		active, res, err = c.runActive(ctx, rec)
	} else {
		var a face.Analysis
		if a, err = j.SelfieAnalysis(ctx, c.Faces); err != nil {
			return fmt.Errorf("finding the face for liveness: %w", err)
		}
		res, err = c.Passive.Analyze(ctx, j.In.Selfie.Mat, a)
		if err != nil {
			err = fmt.Errorf("passive liveness: %w", err)
		}
	}
	if err != nil {
		return err
	}
	out := &LivenessCheck{IsLive: res.IsLive, SpoofProbability: round3(res.SpoofProbability),
		CheckResult: CheckResult{Confidence: round3(res.Confidence)}}
	for _, code := range res.Signals {
		c.signal(j, code, "")
	}
	switch {
	case active != nil && !active.Passed:
		out.IsLive, out.Status = false, CheckFailed
		out.SpoofProbability = math.Max(out.SpoofProbability, 0.9)
		out.Confidence = 0.9
		out.Message = "the challenge sequence was not completed: " + active.Failure
		c.signal(j, signalActiveFailed, active.Failure)
	case !res.IsLive:
		out.Status = CheckFailed
		out.Message = "the face looks like a presentation attack"
	case res.Review:
		out.Status = CheckReview
		out.Message = "the image cannot be judged reliably"
	default:
		out.Status = CheckPassed
		if active != nil {
			// Passing both the random challenges and the passive analysis.
			out.Confidence = round3(math.Max(out.Confidence, 0.9))
		}
	}
	j.V.Checks.Liveness = out
	return nil
}

func (c Liveness) signal(j *Job, code, detail string) {
	d, ok := livenessSignal[code]
	if !ok {
		d.severity, d.en, d.fr = "medium", "Liveness signal "+code+".", "Signal de présence "+code+"."
	}
	en, fr := d.en, d.fr
	if detail != "" {
		en, fr = en+" ("+detail+")", fr+" ("+detail+")"
	}
	j.AddSignal(Signal{Code: code, Severity: d.severity, Check: CheckLiveness, Message: en, MessageFR: fr})
}

// passive analyzes one BGR image.
func (c Liveness) passive(ctx context.Context, img gocv.Mat) (liveness.Result, error) {
	a, err := c.Faces.Analyze(ctx, img)
	if err != nil {
		return liveness.Result{}, fmt.Errorf("finding the face for liveness: %w", err)
	}
	r, err := c.Passive.Analyze(ctx, img, a)
	if err != nil {
		return liveness.Result{}, fmt.Errorf("passive liveness: %w", err)
	}
	return r, nil
}

// runActive evaluates the recording's challenges and the passive analysis of its most
// frontal lead-in frame.
func (c Liveness) runActive(ctx context.Context, rec *liveness.Recording) (*liveness.ActiveResult, liveness.Result, error) {
	ar, err := rec.Evaluate(ctx, c.Faces, c.Passive.Models, c.Active)
	if err != nil {
		return nil, liveness.Result{}, fmt.Errorf("evaluating the liveness recording: %w", err)
	}
	best := ar.BestFrame
	if best < 0 {
		return &ar, liveness.Result{SpoofProbability: 1, Signals: []string{liveness.SignalNoFace}}, nil
	}
	img, err := gocv.IMDecode(rec.Frames[best], gocv.IMReadColor)
	if err != nil || img.Empty() {
		img.Close()
		return nil, liveness.Result{}, fmt.Errorf("decoding liveness frame %d: %w", best, liveness.ErrBadInput)
	}
	defer img.Close()
	r, err := c.passive(ctx, img)
	return &ar, r, err
}
