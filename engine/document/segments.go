package document

import (
	"image"
	"slices"
	"sort"

	"gocv.io/x/gocv"
)

// segment is a run of text on one line of the rectified document: words closer than about a
// character height apart. Fields on one row (a label and its value, an Arabic value far to the
// right, a second field) are separate segments when the gap between them is wide.
type segment struct {
	box  image.Rectangle
	text string  // OCR result, trimmed
	conf float64 // Tesseract's mean confidence, 0..1
	ara  bool    // read as Arabic
	line int     // index of the text line it belongs to
	// valueX is where the value starts in a short caption joined to it (joinCaptions), 0 in
	// a run not joined.
	valueX int
}

// Segmentation tuning, relative to the rectified height (638 px for ID-1): characters of
// printed fields are 1.5–5 % of the card height; a passport page's bilingual captions
// ("Nom / Surname" without descenders) are as small as 1.1 %, and were dropped at 1.4 %, so
// their values lost their captions.
const (
	minTextH = 0.010
	maxTextH = 0.09
)

// findSegments locates dark text on the rectified gray document: a black-hat keeps strokes
// thinner than the kernel (text, not the portrait), Otsu binarises, a horizontal closing joins
// letters into words, and words are merged into segments along each line.
func findSegments(gray gocv.Mat) []segment {
	h := float64(gray.Rows())
	hatK := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(int(h*0.035)|1, int(h*0.035)|1))
	defer hatK.Close()
	hat := gocv.NewMat()
	defer hat.Close()
	gocv.MorphologyEx(gray, &hat, gocv.MorphBlackhat, hatK)
	bin := gocv.NewMat()
	defer bin.Close()
	gocv.Threshold(hat, &bin, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	joinK := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(int(h*0.014)|1, 3))
	defer joinK.Close()
	gocv.MorphologyEx(bin, &bin, gocv.MorphClose, joinK)
	contours := gocv.FindContours(bin, gocv.RetrievalExternal, gocv.ChainApproxSimple)
	defer contours.Close()
	var words []image.Rectangle
	for i := range contours.Size() {
		r := gocv.BoundingRect(contours.At(i))
		if float64(r.Dy()) < minTextH*h || float64(r.Dy()) > maxTextH*h || r.Dx() < 3 {
			continue
		}
		words = append(words, r)
	}
	return mergeWords(words)
}

// mergeWords groups word boxes into lines (vertical overlap) and, along each line, into
// segments separated by gaps wider than joinGap.
func mergeWords(words []image.Rectangle) []segment {
	sort.Slice(words, func(i, j int) bool { return words[i].Min.X < words[j].Min.X })
	var segs []segment
	used := make([]bool, len(words))
	for i, w := range words {
		if used[i] {
			continue
		}
		used[i] = true
		box := w
		for changed := true; changed; {
			changed = false
			for j, o := range words {
				if used[j] || !sameLine(box, o) {
					continue
				}
				gap := max(o.Min.X-box.Max.X, box.Min.X-o.Max.X)
				if gap < joinGap(box, o) {
					box = box.Union(o)
					used[j] = true
					changed = true
				}
			}
		}
		segs = append(segs, segment{box: box})
	}
	return assignLines(segs)
}

// joinGap is the widest gap bridged between a segment and a word: the smaller of the two
// heights, so that a caption joins its value (a space of about half a letter height) while
// separate fields on one row (gaps of two or more heights) stay apart. Using the smaller
// height keeps a tall blob of portrait texture from swallowing the text beside it.
func joinGap(a, b image.Rectangle) int {
	lo, hi := min(a.Dy(), b.Dy()), max(a.Dy(), b.Dy())
	if hi > 2*lo {
		return 0 // text beside a blob twice its height: portrait texture, never joined
	}
	return lo
}

// sameLine: the boxes overlap vertically by more than half the smaller height.
func sameLine(a, b image.Rectangle) bool {
	ov := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	return 2*ov > min(a.Dy(), b.Dy())
}

// levelRun: b's vertical centre lies within a's rows, or a's within b's and b is a run of text
// (two and a half times as wide as tall: a value's print beside a small caption or speck on
// its line, not a blob of portrait texture).
func levelRun(b, a image.Rectangle) bool {
	cb, ca := (b.Min.Y+b.Max.Y)/2, (a.Min.Y+a.Max.Y)/2
	return cb >= a.Min.Y && cb <= a.Max.Y || ca >= b.Min.Y && ca <= b.Max.Y && 2*b.Dx() >= 5*b.Dy()
}

// assignLines numbers the text lines top to bottom and orders segments by line, then x.
// Lines are formed by the text runs; marks (runs narrower than about a letter and a half:
// specks, a lone "M", portrait texture) join the line they sit on or stand alone, so a speck
// can neither split a caption from its value nor merge two lines.
func assignLines(segs []segment) []segment {
	sort.Slice(segs, func(i, j int) bool { return segs[i].box.Min.Y+segs[i].box.Max.Y < segs[j].box.Min.Y+segs[j].box.Max.Y })
	isMark := func(b image.Rectangle) bool { return b.Dx() < b.Dy()*13/10 }
	var heights []int
	for _, s := range segs {
		if !isMark(s.box) {
			heights = append(heights, s.box.Dy())
		}
	}
	slices.Sort(heights)
	// The tallest text-sized run stands for its line; a blob over twice the median height
	// (portrait texture) must not pull two text lines into one.
	textSized := func(b image.Rectangle) bool { return len(heights) == 0 || b.Dy() <= 2*heights[len(heights)/2] }
	id := make([]int, len(segs))
	lines := 0
	var cur image.Rectangle
	for i, s := range segs {
		id[i] = -1
		if isMark(s.box) {
			continue
		}
		switch {
		case lines == 0 || !sameLine(cur, s.box):
			lines++
			cur = s.box
		case textSized(s.box) && (!textSized(cur) || s.box.Dy() > cur.Dy() && levelRun(s.box, cur)):
			// A taller run stands for the line only when level with it: one reaching down
			// from it (a blob of portrait texture under twice the median height) took the
			// stacked value under a licence's "PRÉNOM" into the caption's line.
			cur = s.box
		}
		id[i] = lines - 1
	}
	for i, s := range segs {
		if id[i] >= 0 {
			continue
		}
		for j, t := range segs {
			if id[j] >= 0 && !isMark(t.box) && sameLine(t.box, s.box) {
				id[i] = id[j]
				break
			}
		}
		if id[i] < 0 {
			id[i] = lines
			lines++
		}
	}
	// Renumber the lines top to bottom by their first run.
	top := make([]int, lines)
	for i := range top {
		top[i] = -1
	}
	for i, s := range segs {
		if c := s.box.Min.Y + s.box.Max.Y; top[id[i]] < 0 || c < top[id[i]] {
			top[id[i]] = c
		}
	}
	order := make([]int, lines)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return top[order[a]] < top[order[b]] })
	rank := make([]int, lines)
	for r, l := range order {
		rank[l] = r
	}
	for i := range segs {
		segs[i].line = rank[id[i]]
	}
	sort.SliceStable(segs, func(i, j int) bool {
		if segs[i].line != segs[j].line {
			return segs[i].line < segs[j].line
		}
		return segs[i].box.Min.X < segs[j].box.Min.X
	})
	return segs
}

// joinCaptions joins a short segment to the wider one that follows it closely on its line: a
// short caption ("à", "N°", the licence's "1.", "4a.") is read far better with its value than
// alone, and extract splits the two again.
func joinCaptions(segs []segment) []segment {
	var out []segment
	for i := 0; i < len(segs); i++ {
		s := segs[i]
		if i+1 < len(segs) && leadsValue(s, segs[i+1]) {
			s.box, s.valueX = s.box.Union(segs[i+1].box), segs[i+1].box.Min.X
			i++
		}
		out = append(out, s)
	}
	return out
}

// leadsValue: a is short, n follows on the same line within about a letter height, is much
// wider and of a similar height (not a blob of portrait texture).
func leadsValue(a, n segment) bool {
	b, nb := a.box, n.box
	if a.line != n.line || b.Dx() > 5*b.Dy()/2 || nb.Dx() < 2*b.Dx() {
		return false
	}
	// A caption is printed no larger than its value, on about its baseline; a taller short
	// run, or one standing higher, is a mark of the portrait's edge (its corner took the
	// licence's last line, "5. 7/093839", for its value, and the run read as Arabic).
	lo, hi := min(b.Dy(), nb.Dy()), max(b.Dy(), nb.Dy())
	return nb.Min.X-b.Max.X < 2*hi && hi < 9*lo/4 && 4*b.Dy() <= 5*nb.Dy() && 3*abs(b.Max.Y-nb.Max.Y) <= nb.Dy()
}
