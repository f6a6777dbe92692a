package liveness

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gocv.io/x/gocv"
)

// evalSample is one judged image of the evaluation.
type evalSample struct {
	name, kind string // kind: "genuine" or an attack kind
	holdout    bool
	res        Result
}

// genuinePhotos are the bona fide images: the shared labelled faces (when present) and
// face-api's demo photos. The held-out half is chosen by a hash of the file name, so it
// does not move when images are added.
func genuinePhotos(t *testing.T) []string {
	root := repoRoot(t)
	var files []string
	for _, pat := range []string{
		filepath.Join(root, "..", "shared", "testdata", "faces", "*", "*"),
		filepath.Join(root, "models", "face-api", "demo", "*.jpg"),
	} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skip("no genuine photos: ../shared/testdata/faces and models/face-api/demo are absent")
	}
	sort.Strings(files)
	return files
}

func heldOut(name string) bool {
	h := fnv.New32a()
	h.Write([]byte(filepath.Base(name)))
	return h.Sum32()%2 == 1
}

// TestEvalPassive measures BPCER on genuine photos and APCER per rendered attack, on the
// tuning and held-out halves. Thresholds were set on the tuning half only.
func TestEvalPassive(t *testing.T) {
	// ~75 s on two cores: opt-in, so CI stays within its time budget.
	if os.Getenv("KYCD_EVAL_LIVENESS") == "" {
		t.Skip("set KYCD_EVAL_LIVENESS=1 to run the liveness evaluation")
	}
	fm, p := loadAll(t)
	ctx := context.Background()
	var samples []evalSample
	judge := func(name, kind string, img gocv.Mat) {
		a, err := fm.Analyze(ctx, img)
		if err != nil {
			t.Fatalf("%s %s: %v", name, kind, err)
		}
		r, err := p.Analyze(ctx, img, a)
		if err != nil {
			t.Fatalf("%s %s: %v", name, kind, err)
		}
		samples = append(samples, evalSample{name: filepath.Base(name), kind: kind, holdout: heldOut(name), res: r})
	}
	for i, f := range genuinePhotos(t) {
		img := gocv.IMRead(f, gocv.IMReadColor)
		if img.Empty() {
			t.Fatalf("cannot read %s", f)
		}
		judge(f, "genuine", img)
		a, err := fm.Analyze(ctx, img)
		if err == nil && a.Main != nil && len(a.Detections) == 1 {
			for j, kind := range AttackKinds {
				att, err := SimulateAttack(kind, img, landmarkRect(&a.Main.Landmarks), uint64(i*7+j))
				if err != nil {
					t.Fatal(err)
				}
				if os.Getenv("LIVENESS_EVAL_SAVE") != "" {
					gocv.IMWrite(filepath.Join(os.Getenv("LIVENESS_EVAL_SAVE"), fmt.Sprintf("%s_%s.jpg", filepath.Base(f), kind)), att)
				}
				judge(f, kind, att)
				att.Close()
			}
		}
		img.Close()
	}
	if os.Getenv("LIVENESS_EVAL_DUMP") != "" {
		for _, s := range samples {
			c := s.res.Cues
			t.Logf("%-28s %-8s hold=%-5v p=%.3f live=%-5v as=%.3f lv=%.3f per=%.2f glare=%.3f sharp=%.0f sat=%.2f fw=%.2f ear=%.2f n=%d clo=%.2f dark=%.3f %v",
				s.name, s.kind, s.holdout, s.res.SpoofProbability, s.res.IsLive, s.res.Nets.Antispoof, s.res.Nets.Liveness,
				c.Periodicity, c.Glare, c.Sharpness, c.Saturation, c.FaceWidth, c.EyeAspect, c.Faces, c.Closure, c.DarkLevel, s.res.Signals)
		}
	}
	if os.Getenv("LIVENESS_EVAL_FIT") != "" {
		// Refit on the tuning half and judge every sample again with the new weights.
		cfg := p.Config
		cfg.Weights = fitLogistic(cfg, samples)
		t.Logf("fitted weights (tuning half only): %#v", cfg.Weights)
		for i := range samples {
			if samples[i].res.Cues.Faces > 0 {
				samples[i].res = cfg.decide(samples[i].res.Nets, samples[i].res.Cues)
			}
		}
	}
	var b strings.Builder
	bpcer, apcer := writeEvalTable(&b, samples)
	t.Log("\n" + b.String())
	if bpcer > 0.05 {
		t.Errorf("held-out BPCER %.1f%% > 5%%", 100*bpcer)
	}
	for kind, v := range apcer {
		if v > 0.10 {
			t.Errorf("held-out APCER %s %.1f%% > 10%%", kind, 100*v)
		}
	}
}

// writeEvalTable prints error rates per kind and split; it returns the held-out BPCER and
// APCER per attack.
func writeEvalTable(b *strings.Builder, samples []evalSample) (float64, map[string]float64) {
	type cell struct{ n, wrong, noFace int }
	cells := map[string]*[2]cell{}
	for _, s := range samples {
		c, ok := cells[s.kind]
		if !ok {
			c = &[2]cell{}
			cells[s.kind] = c
		}
		i := 0
		if s.holdout {
			i = 1
		}
		c[i].n++
		if (s.kind == "genuine") != s.res.IsLive {
			c[i].wrong++
		}
		if s.res.Cues.Faces == 0 {
			c[i].noFace++
		}
	}
	rate := func(c cell) float64 {
		if c.n == 0 {
			return 0
		}
		return float64(c.wrong) / float64(c.n)
	}
	fmt.Fprintf(b, "| set | metric | tuning | held-out | all | no face found (all) |\n|---|---|---|---|---|---|\n")
	apcer := map[string]float64{}
	var bpcer float64
	for _, kind := range append([]string{"genuine"}, AttackKinds...) {
		c, ok := cells[kind]
		if !ok {
			continue
		}
		metric := "APCER"
		if kind == "genuine" {
			metric = "BPCER"
			bpcer = rate(c[1])
		} else {
			apcer[kind] = rate(c[1])
		}
		all := cell{c[0].n + c[1].n, c[0].wrong + c[1].wrong, c[0].noFace + c[1].noFace}
		fmt.Fprintf(b, "| %s | %s | %d/%d (%.0f%%) | %d/%d (%.0f%%) | %d/%d (%.1f%%) | %d |\n", kind, metric,
			c[0].wrong, c[0].n, 100*rate(c[0]), c[1].wrong, c[1].n, 100*rate(c[1]), all.wrong, all.n, 100*rate(all), all.noFace)
	}
	return bpcer, apcer
}
