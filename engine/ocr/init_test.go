package ocr

import (
	"context"
	"os"
	"sync"
	"syscall"
	"testing"
)

// TestConcurrentInitKeepsStderr creates clients of three pools at once, as the daemon does on
// its first verifications, and checks that stderr still points where it did.
func TestConcurrentInitKeepsStderr(t *testing.T) {
	var before syscall.Stat_t
	if err := syscall.Fstat(int(os.Stderr.Fd()), &before); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, lang := range []string{"eng", "fra", "ara", "eng", "fra", "ara"} {
		p, err := NewPool(Config{Languages: []string{lang}, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := p.get(context.Background(), Settings{})
			if err != nil {
				t.Error(err)
				return
			}
			p.put(c)
		}()
	}
	wg.Wait()
	var after syscall.Stat_t
	if err := syscall.Fstat(int(os.Stderr.Fd()), &after); err != nil {
		t.Fatal(err)
	}
	if before.Dev != after.Dev || before.Ino != after.Ino {
		t.Fatalf("stderr was redirected by Tesseract's init (dev/ino %d/%d → %d/%d)", before.Dev, before.Ino, after.Dev, after.Ino)
	}
}
