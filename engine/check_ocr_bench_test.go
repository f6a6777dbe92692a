package engine

import (
	"context"
	"os"
	"testing"

	"github.com/kycd/kycd/engine/document"
	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/internal/benchcpu"
	"github.com/kycd/kycd/engine/mrz"
	"github.com/kycd/kycd/engine/ocr"
	"github.com/kycd/kycd/engine/specimen"
)

// BenchmarkOCRCheckCIN runs the ocr check on a clean synthetic MA CIN, front and back, photographed
// at 1600×1200. Run with OMP_THREAD_LIMIT=1 (the kycd binary sets it itself).
func BenchmarkOCRCheckCIN(b *testing.B) {
	g, err := specimen.NewDocGenerator("../models/face-api/demo")
	if err != nil {
		b.Skipf("document generator unavailable: %v", err)
	}
	s, err := g.Document(1, "cin", "MA", false)
	if err != nil {
		b.Fatal(err)
	}
	var pools []*ocr.Pool
	for _, l := range []string{"eng", "fra", "ara"} {
		p, err := ocr.NewPool(ocr.Config{Languages: []string{l}, Size: 2})
		if err != nil {
			b.Fatal(err)
		}
		defer p.Close()
		pools = append(pools, p)
	}
	check := OCR{Reader: mrz.NewReader(pools[0], mrz.Options{}), Printed: document.NewReader(pools[1], pools[2])}
	front, err := imageio.Decode(s.Front, imageio.DefaultLimits())
	if err != nil {
		b.Fatal(err)
	}
	defer front.Close()
	back, err := imageio.Decode(s.Back, imageio.DefaultLimits())
	if err != nil {
		b.Fatal(err)
	}
	defer back.Close()
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		b.Log("OMP_THREAD_LIMIT is not set: Tesseract may oversubscribe the cores")
	}
	run := func() {
		j := &Job{In: &Input{DocumentType: "cin", Country: "MA", Front: front, Back: back}, V: &Verification{}}
		if err := check.Run(context.Background(), j); err != nil {
			b.Fatal(err)
		}
		if j.V.ExtractedData.FirstName == nil {
			b.Fatal("first name not read")
		}
	}
	run() // creates the Tesseract clients, which a running daemon already has
	// The machine is shared: wall time depends on the load, CPU time much less.
	b.ResetTimer()
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		run()
	}
}
