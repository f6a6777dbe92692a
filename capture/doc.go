// Package capture reads cameras: a V4L2 device (index or /dev/videoN), a video file (looped,
// paced at its frame rate) or an RTSP/HTTP URL. Each camera has one reader goroutine that owns
// the capture handle; consumers never block it — they wait for "a frame newer than the one I
// saw" and copy the latest frame out (latest-frame semantics: a slow consumer skips frames).
// A lost source reconnects on a capped ladder (1 s, 5 s, 10 s, 1 min) and its state is visible
// in Health. Preview JPEGs are encoded once per frame per camera, only while someone watches.
package capture
