package face

import (
	"context"
	"image"
	"path/filepath"
	"testing"

	"gocv.io/x/gocv"

	"github.com/kycd/kycd/engine/internal/benchcpu"
)

// selfie1280 is a shared photo resized to a 1280×720 camera frame.
func selfie1280(b *testing.B, name string) gocv.Mat {
	b.Helper()
	src := gocv.IMRead(filepath.Join(facesDir(b), name), gocv.IMReadColor)
	defer src.Close()
	if src.Empty() {
		b.Fatalf("reading %s", name)
	}
	out := gocv.NewMat()
	gocv.Resize(src, &out, image.Pt(1280, 720), 0, 0, gocv.InterpolationArea)
	return out
}

func BenchmarkLoad(b *testing.B) {
	dir := modelsDir(b)
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		m, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		m.Close()
	}
}

// BenchmarkDescriptorPass is one pass of the 128-d network on a 150×150 chip.
func BenchmarkDescriptorPass(b *testing.B) {
	m := loadModels(b)
	chip := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(90, 120, 160, 0), descriptorInput, descriptorInput, gocv.MatTypeCV8UC3)
	defer chip.Close()
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		if _, err := m.embed(chip); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDescriptor is the configured descriptor step (alignment + flip-averaged passes).
func BenchmarkDescriptor(b *testing.B) {
	m := loadModels(b)
	img := selfie1280(b, "obama/obama-3.jpg")
	defer img.Close()
	a, err := m.Analyze(context.Background(), img)
	if err != nil || a.Main == nil {
		b.Fatal("no face", err)
	}
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		if _, err := m.descriptor(img, &a.Main.Landmarks); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDetect1280x720(b *testing.B) {
	m := loadModels(b)
	img := selfie1280(b, "obama/obama-3.jpg")
	defer img.Close()
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		if _, err := m.detectFaces(img); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDetectLandmarks1280x720(b *testing.B) {
	m := loadModels(b)
	img := selfie1280(b, "obama/obama-3.jpg")
	defer img.Close()
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		dets, err := m.detectFaces(img)
		if err != nil || len(dets) == 0 {
			b.Fatal("no face", err)
		}
		l, err := m.landmarks(img, dets[0].Box)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.landmarks(img, l.squareAround(m.cfg.RefineLandmarks)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDetectLandmarksSmallFace1280x720 is a frame whose face is too small for the
// coarse detector pass to decide alone (as on a photographed document): both passes run.
func BenchmarkDetectLandmarksSmallFace1280x720(b *testing.B) {
	m := loadModels(b)
	img := selfie1280(b, "obama/obama-4.jpg")
	defer img.Close()
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		dets, err := m.detectFaces(img)
		if err != nil || len(dets) == 0 {
			b.Fatal("no face", err)
		}
		l, err := m.landmarks(img, dets[0].Box)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.landmarks(img, l.squareAround(m.cfg.RefineLandmarks)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatch is a whole in-process comparison of two photos (both analyzed).
func BenchmarkMatch(b *testing.B) {
	m := loadModels(b)
	doc := selfie1280(b, "obama/obama-1.jpg")
	defer doc.Close()
	selfie := selfie1280(b, "obama/obama-2.jpg")
	defer selfie.Close()
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		if _, err := m.Match(context.Background(), doc, selfie); err != nil {
			b.Fatal(err)
		}
	}
}
