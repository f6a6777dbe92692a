package mrz

import "gocv.io/x/gocv"

// bandQueue yields the candidate bands of a photo lazily, likeliest first: the text locator's
// along the dominant text direction, then along the second one; then the text locator's again
// on a mask of dark ink only (inkOffset), then the black-hat locator's (a fallback for prints
// whose characters touch and so never chain). Reading stops at the first trusted result, so
// most photos never pay for the later stages, and a later stage's band that overlaps one
// already read is skipped.
type bandQueue struct {
	gray    gocv.Mat
	texts   []*textLocator // by offset, as their stages are reached
	stage   int            // next stage: an index into the directions of texts, in order
	dark    bool           // whether the dark-ink locator has been added
	hat     bool           // whether the black-hat locator has run
	pending []band
	seen    []band
}

// maxBands bounds the bands read per photo: a photo without a readable MRZ costs at most this.
const maxBands = 4

func newBandQueue(gray gocv.Mat) *bandQueue {
	return &bandQueue{gray: gray, texts: []*textLocator{newTextLocator(gray, textOffset)}}
}

func (q *bandQueue) close() {
	for _, t := range q.texts {
		t.close()
	}
}

// next returns the next band not overlapping one already returned.
func (q *bandQueue) next() (band, bool) {
	for len(q.seen) < maxBands {
		for len(q.pending) > 0 {
			b := q.pending[0]
			q.pending = q.pending[1:]
			if !overlapsAny(b, q.seen) {
				q.seen = append(q.seen, b)
				return b, true
			}
		}
		if !q.refill() {
			return band{}, false
		}
	}
	return band{}, false
}

// refill loads the next stage's bands into pending; false when every stage has run.
func (q *bandQueue) refill() bool {
	i := q.stage
	for _, t := range q.texts {
		if i < len(t.angles) {
			q.pending = t.bands(i)
			q.stage++
			return true
		}
		i -= len(t.angles)
	}
	switch {
	case !q.dark:
		q.dark = true
		q.texts = append(q.texts, newTextLocator(q.gray, inkOffset))
		return true
	case !q.hat:
		q.hat = true
		q.pending = locate(q.gray)
		return true
	}
	return false
}
