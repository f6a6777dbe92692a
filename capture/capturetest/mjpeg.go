package capturetest

import (
	"fmt"
	"image"
	"image/color"
	"net"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/hybridgroup/mjpeg"
	"gocv.io/x/gocv"
)

const helperEnv = "KYCD_TEST_MJPEG_ADDR"

// MaybeServeMJPEG turns the test binary into the MJPEG source when started by StartMJPEG;
// call it first in TestMain. The source runs in its own process because mjpeg.Stream shares
// one frame buffer between writer and clients (a data race -race would report), and because
// killing a process is the most honest "camera went down".
func MaybeServeMJPEG() {
	addr := os.Getenv(helperEnv)
	if addr == "" {
		return
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	st := mjpeg.NewStream()
	st.FrameInterval = 0
	// mjpeg.Stream writes its whole frame buffer, which is twice the first frame's size, so
	// every part would be followed by stale bytes. Fix the buffer size with a first dummy frame
	// and pad each real JPEG (zeros after EOI are ignored by decoders) to fill it exactly.
	st.UpdateJPEG(make([]byte, 32<<10))
	size := 2 * (len(fmt.Sprintf(mjpegHeader, 32<<10)) + 32<<10)
	go func() {
		m := gocv.NewMatWithSize(240, 320, gocv.MatTypeCV8UC3)
		for i := 0; ; i++ {
			m.SetTo(gocv.NewScalar(40, 40, 40, 0))
			gocv.PutText(&m, fmt.Sprint(i), image.Pt(100, 130), gocv.FontHersheySimplex, 1.5, color.RGBA{240, 240, 240, 0}, 2)
			buf, err := gocv.IMEncode(gocv.JPEGFileExt, m)
			if err == nil {
				st.UpdateJPEG(pad(buf.GetBytes(), size))
				buf.Close()
			}
			time.Sleep(40 * time.Millisecond)
		}
	}()
	http.Serve(ln, st)
	os.Exit(0)
}

// MJPEGSource is a running MJPEG HTTP source in a child process.
type MJPEGSource struct {
	Addr string
	cmd  *exec.Cmd
}

// URL is the stream's address.
func (s *MJPEGSource) URL() string { return "http://" + s.Addr + "/" }

// StartMJPEG starts the source on addr ("127.0.0.1:0" picks a port) and waits until it accepts.
func StartMJPEG(t testing.TB, addr string) *MJPEGSource {
	t.Helper()
	if addr == "" || addr == "127.0.0.1:0" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr = ln.Addr().String()
		ln.Close()
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &MJPEGSource{Addr: addr, cmd: cmd}
	t.Cleanup(s.Stop)
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return s
		}
	}
	t.Fatalf("MJPEG source on %s did not start", addr)
	return nil
}

// Stop kills the source; safe to call twice.
func (s *MJPEGSource) Stop() {
	if s.cmd.Process != nil && s.cmd.ProcessState == nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
}

// mjpegHeader is mjpeg's part header (its headerf), to compute the padding.
const mjpegHeader = "\r\n--MJPEGBOUNDARY\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\nX-Timestamp: 0.000000\r\n\r\n"

// pad returns jpeg with zeros appended so header and body together are exactly size bytes.
func pad(jpeg []byte, size int) []byte {
	n := size - len(fmt.Sprintf(mjpegHeader, len(jpeg)))
	for len(fmt.Sprintf(mjpegHeader, n))+n != size {
		n--
	}
	out := make([]byte, n)
	copy(out, jpeg)
	return out
}
