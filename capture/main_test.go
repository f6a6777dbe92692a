package capture

import (
	"os"
	"testing"

	"github.com/kycd/kycd/capture/capturetest"
)

func TestMain(m *testing.M) {
	capturetest.MaybeServeMJPEG()
	os.Exit(m.Run())
}
