package daemon

import (
	"testing"

	"gocv.io/x/gocv"
)

// TestNativeHeap: glibc's counters are read, and OpenCV's allocations show in them.
func TestNativeHeap(t *testing.T) {
	inUse, held := nativeHeap()
	if inUse == 0 || held < inUse {
		t.Fatalf("nativeHeap() = in use %d, held %d", inUse, held)
	}
	m := gocv.NewMatWithSize(2048, 2048, gocv.MatTypeCV8UC3) // 12 MB from malloc
	defer m.Close()
	after, _ := nativeHeap()
	if after < inUse+12<<20 {
		t.Errorf("a 12 MB Mat moved the C heap's in-use bytes by %d", int64(after)-int64(inUse))
	}
}
