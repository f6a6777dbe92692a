package mrz

import "gocv.io/x/gocv"

// bandQueue yields the candidate bands of a photo lazily, likeliest first: the text locator's
// along the dominant text direction, then along the second one, then the black-hat locator's
// (a fallback for prints whose characters touch and so never chain). Reading stops at the
// first trusted result, so most photos never pay for the later stages.
type bandQueue struct {
	gray    gocv.Mat
	text    *textLocator
	stage   int
	pending []band
	seen    []band
}

// maxBands bounds the bands read per photo: a photo without a readable MRZ costs at most this.
const maxBands = 4

func newBandQueue(gray gocv.Mat) *bandQueue {
	return &bandQueue{gray: gray, text: newTextLocator(gray)}
}

func (q *bandQueue) close() { q.text.close() }

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
		switch {
		case q.stage < len(q.text.angles):
			q.pending = q.text.bands(q.stage)
		case q.stage == len(q.text.angles):
			q.pending = locate(q.gray)
		default:
			return band{}, false
		}
		q.stage++
	}
	return band{}, false
}
