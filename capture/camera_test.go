package capture

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"gocv.io/x/gocv"
)

func quietOpts() Options {
	return Options{Ladder: []time.Duration{100 * time.Millisecond, 300 * time.Millisecond},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func TestParseSource(t *testing.T) {
	tests := []struct {
		in   string
		kind Kind
		bad  bool
	}{
		{"doc=0", KindDevice, false},
		{"doc=/dev/video2", KindDevice, false},
		{"selfie=rtsp://u:p@10.0.0.5/stream", KindURL, false},
		{"selfie=http://127.0.0.1:8081/cam.mjpeg", KindURL, false},
		{"demo=/tmp/demo.avi", KindFile, false},
		{"novalue", "", true},
		{"Bad Name=0", "", true},
		{"x=ftp://host/file", "", true},
		{"x=", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s, err := ParseSource(tt.in)
			if (err != nil) != tt.bad {
				t.Fatalf("err = %v, want bad=%v", err, tt.bad)
			}
			if !tt.bad && s.Kind() != tt.kind {
				t.Errorf("kind %s, want %s", s.Kind(), tt.kind)
			}
		})
	}
	if r := (Source{Name: "a", Spec: "rtsp://u:secret@h/s"}).Redacted(); r != "rtsp://u:xxxxx@h/s" {
		t.Errorf("redacted %q", r)
	}
}

func TestLadder(t *testing.T) {
	want := []time.Duration{time.Second, 5 * time.Second, 10 * time.Second, time.Minute, time.Minute}
	for i, w := range want {
		if d := ladderDelay(DefaultLadder, i); d != w {
			t.Errorf("attempt %d: %s, want %s", i, d, w)
		}
	}
}

// A file source loops at its recorded rate and consumers get copies of the latest frame.
func TestFileLoopsAndPaces(t *testing.T) {
	p := writeTestVideo(t, 10, 25)
	set, err := NewSet([]Source{{Name: "f", Spec: p}}, quietOpts())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- set.Run(ctx) }()
	cam, _ := set.Camera("f")
	dst := gocv.NewMat()
	defer dst.Close()
	var last uint64
	start := time.Now()
	for time.Since(start) < 1500*time.Millisecond {
		fi, err := cam.Next(ctx, last, &dst)
		if err != nil {
			t.Fatal(err)
		}
		last = fi.Seq
	}
	h := cam.Health()
	cancel()
	<-done
	if h.State != StateStreaming || h.Loops < 2 || h.Width != 320 {
		t.Errorf("health %+v", h)
	}
	// 25 fps for 1.5 s ≈ 37 frames: paced, not read as fast as the disk allows.
	if last < 25 || last > 50 {
		t.Errorf("%d frames in 1.5 s at 25 fps", last)
	}
	if cam.Health().State != StateStopped {
		t.Errorf("state after stop: %s", cam.Health().State)
	}
}

func TestMissingFileReconnects(t *testing.T) {
	set, err := NewSet([]Source{{Name: "gone", Spec: "/nonexistent/x.avi"}}, quietOpts())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	set.Run(ctx)
	h := set.Health()[0]
	if h.Errors < 2 || h.Reconnects < 1 || h.LastError == "" || h.State != StateStopped {
		t.Errorf("health %+v", h)
	}
}
