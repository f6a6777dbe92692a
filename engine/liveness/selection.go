package liveness

// nthElement reorders s so that s[k] is the element a full sort by less would put there,
// with no element before k greater and none after it smaller (quickselect, average O(n)).
// The cues need one order statistic of thousands of edge pixels, not their whole order.
func nthElement[T any](s []T, k int, less func(a, b T) bool) {
	lo, hi := 0, len(s)-1
	for hi > lo {
		// Median of three as the pivot, moved to hi.
		mid := lo + (hi-lo)/2
		if less(s[mid], s[lo]) {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if less(s[hi], s[lo]) {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if less(s[mid], s[hi]) {
			s[mid], s[hi] = s[hi], s[mid]
		}
		pivot := s[hi]
		// Three-way partition: [lo,lt) < pivot, [lt,gt] == pivot, (gt,hi] > pivot; runs of
		// equal values (flat image regions) cost one pass instead of a quadratic descent.
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch {
			case less(s[i], pivot):
				s[lt], s[i] = s[i], s[lt]
				lt++
				i++
			case less(pivot, s[i]):
				s[i], s[gt] = s[gt], s[i]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt - 1
		case k > gt:
			lo = gt + 1
		default:
			return
		}
	}
}
