package capture

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Several viewers share one encoded JPEG per frame, and a viewer that stops reading does not
// slow the reader or the others.
func TestViewersShareFrames(t *testing.T) {
	p := writeTestVideo(t, 20, 25)
	set, _ := NewSet([]Source{{Name: "f", Spec: p}}, quietOpts())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- set.Run(ctx) }()
	cam, _ := set.Camera("f")
	stalled := cam.Watch() // never reads
	var wg sync.WaitGroup
	counts := make([]int, 3)
	var first [3][]byte
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := cam.Watch()
			defer v.Close()
			vctx, vcancel := context.WithTimeout(ctx, time.Second)
			defer vcancel()
			for {
				b, err := v.Next(vctx, 500*time.Millisecond)
				if err != nil {
					return
				}
				if first[i] == nil {
					first[i] = b
				}
				counts[i]++
			}
		}()
	}
	wg.Wait()
	if cam.Health().Viewers != 1 {
		t.Errorf("viewers %d, want 1 (the stalled one)", cam.Health().Viewers)
	}
	stalled.Close()
	cancel()
	<-done
	for i, n := range counts {
		if n < 18 {
			t.Errorf("viewer %d got %d frames in 1 s at 25 fps", i, n)
		}
	}
}
