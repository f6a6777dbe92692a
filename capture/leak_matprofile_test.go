//go:build matprofile

package capture

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"gocv.io/x/gocv"
)

// TestNoMatLeak streams a looping file to three preview viewers and a Mat consumer for
// KYCD_SOAK seconds (default 20) and checks that every Mat made on the way was closed.
// Run: go test -tags matprofile -run NoMatLeak ./capture/ (KYCD_SOAK=600 for the soak).
func TestNoMatLeak(t *testing.T) {
	secs := 20
	if v, err := strconv.Atoi(os.Getenv("KYCD_SOAK")); err == nil && v > 0 {
		secs = v
	}
	p := writeTestVideo(t, 50, 25)
	before := gocv.MatProfile.Count()
	set, err := NewSet([]Source{{Name: "f", Spec: p}}, quietOpts())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(secs)*time.Second)
	defer cancel()
	cam, _ := set.Camera("f")
	var wg sync.WaitGroup
	frames := make([]int, 4)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := cam.Watch()
			defer v.Close()
			for {
				if _, err := v.Next(ctx, time.Second); err != nil {
					return
				}
				frames[i]++
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		dst := gocv.NewMat()
		defer dst.Close()
		var last uint64
		for {
			fi, err := cam.Next(ctx, last, &dst)
			if err != nil {
				return
			}
			last = fi.Seq
			frames[3]++
		}
	}()
	set.Run(ctx)
	wg.Wait()
	after := gocv.MatProfile.Count()
	t.Logf("%d s: frames per consumer %v, MatProfile before %d after %d", secs, frames, before, after)
	if after != before {
		t.Errorf("Mat leak: %d Mats alive after streaming, %d before", after, before)
	}
}
