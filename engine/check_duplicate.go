package engine

import (
	"context"
	"fmt"
	"maps"
	"sync"

	"github.com/kycd/kycd/engine/duplicate"
	"github.com/kycd/kycd/engine/face"
	"github.com/kycd/kycd/engine/fraud"
	"github.com/kycd/kycd/engine/imageio"
)

// Duplicate is the duplicate check: it searches the index for earlier verifications with the
// same face under another identity, the same document with another face, or a reused picture.
// What it learned of this verification is staged (Staged) so the daemon can persist it and add
// it to the index once the verification is stored — never before, so a verification that was
// not stored cannot match later ones.
type Duplicate struct {
	Index *duplicate.Index
	stage *stage
}

// NewDuplicate returns the check over idx.
func NewDuplicate(idx *duplicate.Index) Duplicate {
	return Duplicate{Index: idx, stage: &stage{entries: map[string]duplicate.Entry{}}}
}

func (Duplicate) Name() string { return CheckDuplicate }

func (Duplicate) Applicable(in *Input) error {
	if in.Front == nil {
		return fmt.Errorf("%w: duplicate needs document_front", ErrCheckNotApplicable)
	}
	return nil
}

func (c Duplicate) Run(ctx context.Context, j *Job) error {
	e, err := Facts(j)
	if err != nil {
		return err
	}
	matches := c.Index.Search(e)
	c.stage.put(e)
	res := &DuplicateCheck{CheckResult: CheckResult{Status: CheckPassed, Confidence: 0.9}, Matches: []DuplicateMatch{}}
	if e.Face == nil && len(e.DocKeys) == 0 {
		res.Confidence = 0.5 // only images could be compared
	}
	seen := map[string]bool{}
	for _, m := range matches { // every match may raise a signal, listed or not
		s, ok := duplicateSignal(m)
		if !ok || seen[s.Code] {
			continue
		}
		seen[s.Code] = true
		j.AddSignal(s)
		res.Status = CheckReview
		if s.Severity == fraud.High || s.Severity == fraud.Critical {
			res.Status = CheckFailed
		}
	}
	res.MatchesTotal = len(matches)
	for _, m := range listedMatches(matches) {
		res.Matches = append(res.Matches, DuplicateMatch{VerificationID: m.ID, Kind: m.Kind, Score: m.Score})
	}
	if len(matches) > 0 && res.Status != CheckPassed {
		res.Message = fmt.Sprintf("%d earlier verification(s) share a face, document or image", len(matches))
	}
	j.V.Checks.Duplicate = res
	return nil
}

// maxListedMatches bounds the matches a verification lists. A returning customer, or a staff
// member's test face at a kiosk, matches every earlier verification: listing them all made each
// record longer than the last (a 10,000-verification soak of one face and four documents
// stored 1.8 MB records by the end, and its database file reached 10 GB). Signals still come
// from every match, and matches_total counts them all.
const maxListedMatches = 20

// listedMatches keeps the matches that raise a signal first (the ones a reviewer must open),
// then the index's order (closest first), up to maxListedMatches.
func listedMatches(ms []duplicate.Match) []duplicate.Match {
	raises := make([]bool, len(ms))
	for i, m := range ms {
		_, raises[i] = duplicateSignal(m)
	}
	out := make([]duplicate.Match, 0, min(len(ms), maxListedMatches))
	for _, first := range []bool{true, false} { // one pass each: linear in the matches
		for i, m := range ms {
			if len(out) == maxListedMatches {
				return out
			}
			if raises[i] == first {
				out = append(out, m)
			}
		}
	}
	return out
}

// duplicateSignal: a shared face with another document, a shared document with another face
// and a reused picture are fraud signs; the same person with the same document again is a
// returning customer (listed in matches, no signal).
func duplicateSignal(m duplicate.Match) (Signal, bool) {
	switch {
	case m.Kind == duplicate.KindFace && m.Conflict:
		return Signal{Code: "duplicate_face_other_identity", Severity: fraud.High, Check: CheckDuplicate,
			Message:   "The same face was verified before with another document (" + m.ID + ").",
			MessageFR: "Le même visage a déjà été vérifié avec un autre document (" + m.ID + ")."}, true
	case m.Kind == duplicate.KindDocument && m.Conflict:
		return Signal{Code: "duplicate_document_other_face", Severity: fraud.Critical, Check: CheckDuplicate,
			Message:   "This document was verified before with another face (" + m.ID + ").",
			MessageFR: "Ce document a déjà été vérifié avec un autre visage (" + m.ID + ")."}, true
	case m.Kind == duplicate.KindImage:
		return Signal{Code: "duplicate_image_reused", Severity: fraud.High, Check: CheckDuplicate,
			Message:   "A picture of this verification was already submitted (" + m.ID + ", " + m.ImageKind + ").",
			MessageFR: "Une image de cette vérification a déjà été soumise (" + m.ID + ", " + m.ImageKind + ")."}, true
	}
	return Signal{}, false
}

// Facts is what the duplicate index keeps of a verification: its face template, document key
// and image hashes.
func Facts(j *Job) (duplicate.Entry, error) {
	e := duplicate.Entry{ID: j.V.ID, Hashes: map[string]uint64{}}
	if len(j.FaceTemplate) == duplicate.Dim {
		e.Face = append([]float32(nil), j.FaceTemplate...)
	}
	if j.MRZ != nil {
		if k := duplicate.DocKey(j.MRZ.IssuingState, j.MRZ.DocumentNumber); k != "" {
			e.DocKeys = append(e.DocKeys, k)
		}
	}
	if d := j.V.ExtractedData; d != nil && d.DocumentNumber != nil {
		country, _ := fraud.Alpha3(j.In.Country)
		if k := duplicate.DocKey(country, *d.DocumentNumber); k != "" && (len(e.DocKeys) == 0 || e.DocKeys[0] != k) {
			e.DocKeys = append(e.DocKeys, k)
		}
	}
	hashes, err := imageHashes(j)
	if err != nil {
		return e, err
	}
	e.Hashes = maps.Clone(hashes)
	return e, nil
}

// Prepare hashes the images (they need no other check's result) while the first stage runs.
func (Duplicate) Prepare(_ context.Context, j *Job) {
	imageHashes(j) // kept in the job; Run reports its error
}

// imageHashes are the perceptual hashes of the job's images by kind, computed once.
func imageHashes(j *Job) (map[string]uint64, error) {
	return j.hashes.get(func() (map[string]uint64, error) {
		out := map[string]uint64{}
		for _, im := range []struct {
			kind string
			img  *imageio.Image
		}{{"document_front", j.In.Front}, {"document_back", j.In.Back}, {"selfie", j.In.Selfie}} {
			if im.img == nil {
				continue
			}
			h, err := duplicate.PHash(im.img.Mat)
			if err != nil {
				return nil, fmt.Errorf("hashing %s: %w", im.kind, err)
			}
			out[im.kind] = h
		}
		return out, nil
	})
}

// Staged returns (and forgets) what the check learned of verification id, for the daemon to
// persist and index after storing it.
func (c Duplicate) Staged(id string) (duplicate.Entry, bool) { return c.stage.take(id) }

// stage holds the entries of verifications that ran but are not stored yet. It is bounded:
// a verification that is never stored (timed out) is forgotten after maxStaged others.
type stage struct {
	mu      sync.Mutex
	entries map[string]duplicate.Entry
	order   []string
}

const maxStaged = 1024

func (s *stage) put(e duplicate.Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.entries[e.ID]; !ok {
		s.order = append(s.order, e.ID)
	}
	s.entries[e.ID] = e
	for len(s.order) > maxStaged {
		delete(s.entries, s.order[0])
		s.order = s.order[1:]
	}
}

func (s *stage) take(id string) (duplicate.Entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[id]
	delete(s.entries, id)
	return e, ok
}

// DuplicateConfig is the index configuration matching engine/face's calibrated threshold.
func DuplicateConfig() duplicate.Config {
	return duplicate.Config{FaceRadius: face.DistanceForSimilarity(face.DefaultThreshold), HashRadius: hashRadius, Similarity: face.Similarity}
}

// hashRadius is the Hamming distance within which two 64-bit image hashes are the same image.
// Measured on 200 generated documents: a photo re-encoded at q70 and shrunk to 0.8× stays at
// 0–2; distinct documents start at 4 (6 of 19,900 pairs at 4, 22 within 6). 3 separates both.
const hashRadius = 3
