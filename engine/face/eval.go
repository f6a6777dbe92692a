package face

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"gocv.io/x/gocv"
)

// EvalImage is one face of an evaluation set.
type EvalImage struct {
	Path  string
	Label string // identity: the folder name for labelled photos, "" for unknown people
	Face  int    // index of the face in its photo (largest first)
	Kind  EvalKind
	Faces int         // faces detected in the photo
	Desc  *Descriptor // nil when no face was found
}

// EvalKind says which pairs a face can take part in.
type EvalKind int

const (
	// Labelled: the main face of a photo in dir/<label>/; pairs with every labelled face.
	Labelled EvalKind = iota
	// Group: a face of a group photo in dir/_*/; the people are unnamed, so it pairs only
	// with the other faces of the same photo (different people standing together, the
	// hardest impostors).
	Group
	// Stranger: a face from a photo of people known to be absent from the labelled set;
	// impostor against every labelled face and the other faces of its photo.
	Stranger
)

// EvalPair is one compared pair: genuine when both faces carry the same label.
type EvalPair struct {
	A, B     string
	Genuine  bool
	Labelled bool // both faces come from the labelled folders
	Distance float64
}

// EvalReport is the outcome of Eval: every face and every comparable pair.
type EvalReport struct {
	Images []EvalImage
	Pairs  []EvalPair
}

// Eval describes the main face of every photo under dir/<label>/, every face of the group
// photos under dir/_*/ and of the photos in the stranger directories, and compares every
// pair whose ground truth is known (see EvalKind).
func (m *Models) Eval(ctx context.Context, dir string, strangers ...string) (EvalReport, error) {
	var r EvalReport
	paths, err := imageFiles(filepath.Join(dir, "*", "*"))
	if err != nil {
		return EvalReport{}, err
	}
	for _, p := range paths {
		label := filepath.Base(filepath.Dir(p))
		kind := Labelled
		if strings.HasPrefix(label, "_") {
			kind, label = Group, ""
		}
		faces, err := m.evalImage(ctx, p, label, kind)
		if err != nil {
			return EvalReport{}, err
		}
		r.Images = append(r.Images, faces...)
	}
	for _, sd := range strangers {
		paths, err := imageFiles(filepath.Join(sd, "*"))
		if err != nil {
			return EvalReport{}, err
		}
		for _, p := range paths {
			faces, err := m.evalImage(ctx, p, "", Stranger)
			if err != nil {
				return EvalReport{}, err
			}
			r.Images = append(r.Images, faces...)
		}
	}
	for i, a := range r.Images {
		for _, b := range r.Images[i+1:] {
			genuine, ok := pairTruth(a, b)
			if !ok || a.Desc == nil || b.Desc == nil {
				continue
			}
			r.Pairs = append(r.Pairs, EvalPair{A: a.name(), B: b.name(), Genuine: genuine,
				Labelled: a.Kind == Labelled && b.Kind == Labelled, Distance: Distance(a.Desc, b.Desc)})
		}
	}
	return r, nil
}

// pairTruth reports whether a and b are the same person and whether that is known.
func pairTruth(a, b EvalImage) (genuine, known bool) {
	switch {
	case a.Kind == Labelled && b.Kind == Labelled:
		return a.Label == b.Label, true
	case a.Path == b.Path: // two faces of one photo are two people
		return false, a.Kind != Labelled
	case a.Kind == Stranger && b.Kind == Labelled, a.Kind == Labelled && b.Kind == Stranger:
		return false, true
	}
	return false, false
}

func (im EvalImage) name() string {
	if im.Kind == Labelled {
		return im.Path
	}
	return fmt.Sprintf("%s#%d", im.Path, im.Face)
}

func imageFiles(pattern string) ([]string, error) {
	all, err := filepath.Glob(pattern)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", pattern, err)
	}
	var out []string
	for _, p := range all {
		switch strings.ToLower(filepath.Ext(p)) {
		case ".jpg", ".jpeg", ".png":
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out, nil
}

// evalImage describes the main face of a labelled photo, or every face of another photo.
func (m *Models) evalImage(ctx context.Context, path, label string, kind EvalKind) ([]EvalImage, error) {
	img := gocv.IMRead(path, gocv.IMReadColor)
	defer img.Close()
	if img.Empty() {
		return nil, fmt.Errorf("reading %s: %w", path, ErrEmptyImage)
	}
	if kind == Labelled {
		a, err := m.Analyze(ctx, img)
		if err != nil {
			return nil, fmt.Errorf("analyzing %s: %w", path, err)
		}
		im := EvalImage{Path: path, Label: label, Kind: kind, Faces: len(a.Detections)}
		if a.Main != nil {
			d := a.Main.Descriptor
			im.Desc = &d
		}
		return []EvalImage{im}, nil
	}
	faces, err := m.AnalyzeAll(ctx, img)
	if err != nil {
		return nil, fmt.Errorf("analyzing %s: %w", path, err)
	}
	var out []EvalImage
	for i := range faces {
		d := faces[i].Descriptor
		out = append(out, EvalImage{Path: path, Face: i, Kind: kind, Faces: len(faces), Desc: &d})
	}
	return out, nil
}

// ROCPoint is the best true-accept rate whose false-accept rate stays within FAR.
type ROCPoint struct {
	FAR       float64 // target false-accept rate
	Distance  float64 // accept when distance ≤ this
	TAR       float64 // measured true-accept rate
	GotFAR    float64 // measured false-accept rate
	Impostors int     // number of impostor pairs (FAR resolution is 1/Impostors)
}

// ROC returns, for each target FAR, the largest distance threshold that keeps the
// measured FAR at or below it, and the TAR there.
func (r EvalReport) ROC(fars ...float64) []ROCPoint {
	gen, imp := r.split()
	var out []ROCPoint
	for _, far := range fars {
		allowed := int(math.Floor(far * float64(len(imp))))
		th := 0.0
		switch {
		case len(imp) == 0:
			th = math.Inf(1)
		case allowed >= len(imp):
			th = imp[len(imp)-1]
		default: // accept strictly below the (allowed+1)-th closest impostor
			th = math.Nextafter(imp[allowed], 0)
		}
		out = append(out, ROCPoint{FAR: far, Distance: th, TAR: fracAtMost(gen, th), GotFAR: fracAtMost(imp, th), Impostors: len(imp)})
	}
	return out
}

// split returns the sorted genuine and impostor distances.
func (r EvalReport) split() (gen, imp []float64) {
	for _, p := range r.Pairs {
		if p.Genuine {
			gen = append(gen, p.Distance)
		} else {
			imp = append(imp, p.Distance)
		}
	}
	sort.Float64s(gen)
	sort.Float64s(imp)
	return gen, imp
}

func fracAtMost(sorted []float64, th float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	n := sort.Search(len(sorted), func(i int) bool { return sorted[i] > th })
	return float64(n) / float64(len(sorted))
}

// WriteTable prints the distance distributions, the ROC and the errors at threshold
// (a similarity_score) as plain-text tables.
func (r EvalReport) WriteTable(w io.Writer, threshold float64) {
	gen, imp := r.split()
	fmt.Fprintf(w, "faces %d, genuine pairs %d, impostor pairs %d\n", len(r.Images), len(gen), len(imp))
	for _, im := range r.Images {
		if im.Desc == nil {
			fmt.Fprintf(w, "no face: %s\n", im.Path)
		}
	}
	fmt.Fprintf(w, "\n(impostor = folders: two labelled folders; group: faces of one group photo, or demo strangers vs labelled)\n%-9s %5s %7s %7s %7s %7s %7s\n", "distance", "n", "min", "p5", "median", "p95", "max")
	var impL, impH []float64
	for _, p := range r.Pairs {
		switch {
		case p.Genuine:
		case p.Labelled:
			impL = append(impL, p.Distance)
		default:
			impH = append(impH, p.Distance)
		}
	}
	sort.Float64s(impL)
	sort.Float64s(impH)
	for _, s := range []struct {
		name string
		d    []float64
	}{{"genuine", gen}, {"impostor", imp}, {"  folders", impL}, {"  group", impH}} {
		if len(s.d) == 0 {
			continue
		}
		fmt.Fprintf(w, "%-9s %5d %7.3f %7.3f %7.3f %7.3f %7.3f\n", s.name, len(s.d), s.d[0],
			quantile(s.d, 0.05), quantile(s.d, 0.5), quantile(s.d, 0.95), s.d[len(s.d)-1])
	}
	fmt.Fprintf(w, "\n%-8s %-10s %-10s %-8s %-8s\n", "FAR", "distance≤", "similarity", "TAR", "got FAR")
	for _, p := range r.ROC(0.01, 0.001) {
		fmt.Fprintf(w, "%-8.3f %-10.4f %-10.4f %-8.4f %-8.4f\n", p.FAR, p.Distance, Similarity(p.Distance), p.TAR, p.GotFAR)
	}
	maxD := DistanceForSimilarity(threshold)
	fmt.Fprintf(w, "\nthreshold similarity %.3f (distance %.4f): TAR %.4f, FAR %.4f\n",
		threshold, maxD, fracAtMost(gen, maxD), fracAtMost(imp, maxD))
}

func quantile(sorted []float64, q float64) float64 {
	i := int(math.Round(q * float64(len(sorted)-1)))
	return sorted[i]
}
