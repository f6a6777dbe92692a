package engine

import (
	"context"
	"testing"

	"github.com/kycd/kycd/engine/imageio"
	"github.com/kycd/kycd/engine/internal/benchcpu"
	"github.com/kycd/kycd/engine/specimen"
)

// BenchmarkFraudCheck runs the fraud check (consistency rules and image forensics) on a clean
// synthetic MA CIN, front and back photographed at 1600×1200, as `kycd bench` does. Profile with
// go test ./engine -run '^$' -bench FraudCheck -cpuprofile cpu.out.
func BenchmarkFraudCheck(b *testing.B) {
	g, err := specimen.NewDocGenerator("../models/face-api/demo")
	if err != nil {
		b.Skipf("document generator unavailable: %v", err)
	}
	s, err := g.Document(1, "cin", "MA", false)
	if err != nil {
		b.Fatal(err)
	}
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
	check := Fraud{Forensics: newAnalyzer(b)}
	// The machine is shared: wall time depends on the load, CPU time much less.
	defer benchcpu.Start(b, "cpu-ms/op")()
	for b.Loop() {
		j := &Job{In: &Input{DocumentType: "cin", Country: "MA", Front: front, Back: back, Now: fraudNow}, V: &Verification{}}
		if err := check.Run(context.Background(), j); err != nil {
			b.Fatal(err)
		}
		if j.V.Checks.Fraud == nil {
			b.Fatal("no fraud result")
		}
	}
}
