package duplicate

import (
	"math"
	"runtime"
	"sync"
)

// Dim is the length of a face template (face-api's 128-d descriptor).
const Dim = 128

// Templates are stored quantized to int8: q = round(v·quantScale), clamped to ±127. face-api
// descriptor values stay within ±0.45, so nothing clips; the rounding error (±1/512 per value)
// moves a distance near the 0.525 decision radius by less than 0.01 (TestQuantizedDistance;
// measured worst 0.0054 over 2,000 pairs), far inside the genuine/impostor gap of engine/face.
// A row is 128 bytes instead of 512, which is what makes 1,000,000 templates fit a search in
// memory bandwidth: the scan reads each row once.
const quantScale = 256

func quantize(v []float32, dst []int8) {
	for i, x := range v[:Dim] {
		q := math.Round(float64(x) * quantScale)
		dst[i] = int8(max(-127, min(127, q)))
	}
}

// faceSlab holds templates back to back (row i is vecs[i*Dim:(i+1)*Dim]) so a search is one
// linear pass over contiguous memory. Rows belong to index slots (owners); rowOf maps a slot
// back to its row, -1 for none. Removal swaps the last row in: order is not kept.
type faceSlab struct {
	owners []uint32
	vecs   []int8
	rowOf  []int32
}

func newFaceSlab() *faceSlab { return &faceSlab{} }

func (s *faceSlab) len() int { return len(s.owners) }

// row is the row of slot's template, -1 when it has none.
func (s *faceSlab) row(slot uint32) int {
	if int(slot) >= len(s.rowOf) {
		return -1
	}
	return int(s.rowOf[slot])
}

// put adds or replaces the template of slot.
func (s *faceSlab) put(slot uint32, v []float32) {
	for int(slot) >= len(s.rowOf) {
		s.rowOf = append(s.rowOf, -1)
	}
	i := s.rowOf[slot]
	if i < 0 {
		i = int32(len(s.owners))
		s.rowOf[slot] = i
		s.owners = append(s.owners, slot)
		s.vecs = append(s.vecs, make([]int8, Dim)...)
	}
	quantize(v, s.vecs[int(i)*Dim:(int(i)+1)*Dim])
}

func (s *faceSlab) remove(slot uint32) {
	i := s.row(slot)
	if i < 0 {
		return
	}
	last := len(s.owners) - 1
	if i != last {
		s.owners[i] = s.owners[last]
		copy(s.vecs[i*Dim:(i+1)*Dim], s.vecs[last*Dim:])
		s.rowOf[s.owners[i]] = int32(i)
	}
	s.owners = s.owners[:last]
	s.vecs = s.vecs[:last*Dim]
	s.rowOf[slot] = -1
}

// faceHit is one template within the search radius.
type faceHit struct {
	slot  uint32
	dist2 float32
}

// search returns every template whose squared L2 distance to q is at most max2. The slab is
// split across the cores; each part abandons a row as soon as its partial sum passes max2,
// which for unrelated faces (distance ≈ 0.9 vs a radius ≈ 0.5) happens within the first half
// of the row.
func (s *faceSlab) search(q []float32, max2 float32) []faceHit {
	n := len(s.owners)
	var qq [Dim]int8
	quantize(q, qq[:])
	limit := int32(math.Ceil(float64(max2) * quantScale * quantScale))
	parts := min(runtime.GOMAXPROCS(0), max(1, n/16384))
	results := make([][]rowHit, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*n/parts, (p+1)*n/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[p] = scanRows(s.vecs[lo*Dim:hi*Dim], &qq, limit, lo)
		}()
	}
	wg.Wait()
	var out []faceHit
	for _, r := range results {
		for _, h := range r {
			out = append(out, faceHit{slot: s.owners[h.row], dist2: float32(h.dist2) / (quantScale * quantScale)})
		}
	}
	return out
}

type rowHit struct {
	row   int
	dist2 int32
}

// scanRows is the hot loop over int8 rows, 16 values per step with independent accumulators so
// the CPU overlaps the multiplies; a row is abandoned as soon as it passes limit.
func scanRows(vecs []int8, q *[Dim]int8, limit int32, base int) []rowHit {
	var out []rowHit
	for r := 0; r+Dim <= len(vecs); r += Dim {
		row := (*[Dim]int8)(vecs[r : r+Dim])
		var sum int32
		for c := 0; c < Dim; c += 16 {
			sum += chunk16((*[16]int8)(row[c:c+16]), (*[16]int8)(q[c:c+16]))
			if sum > limit {
				break
			}
		}
		if sum <= limit {
			out = append(out, rowHit{row: base + r/Dim, dist2: sum})
		}
	}
	return out
}

func chunk16(a, b *[16]int8) int32 {
	var s0, s1, s2, s3 int32
	for i := 0; i < 16; i += 4 {
		d0, d1 := int32(a[i])-int32(b[i]), int32(a[i+1])-int32(b[i+1])
		d2, d3 := int32(a[i+2])-int32(b[i+2]), int32(a[i+3])-int32(b[i+3])
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	return (s0 + s1) + (s2 + s3)
}

// distance is the euclidean distance between the stored row i and q.
func (s *faceSlab) distance(i int, q []float32) float64 {
	var qq [Dim]int8
	quantize(q, qq[:])
	row := (*[Dim]int8)(s.vecs[i*Dim : (i+1)*Dim])
	var sum int32
	for c := 0; c < Dim; c += 16 {
		sum += chunk16((*[16]int8)(row[c:c+16]), (*[16]int8)(qq[c:c+16]))
	}
	return math.Sqrt(float64(sum)) / quantScale
}

// bytes is the memory the slab takes.
func (s *faceSlab) bytes() int { return cap(s.vecs) + 4*cap(s.owners) + 4*cap(s.rowOf) }
