// Package capturetest makes camera inputs for tests without a camera: video files rendered in
// the test (a card sliding onto a table, a face moving into view) and an MJPEG HTTP source
// (github.com/hybridgroup/mjpeg) that can be stopped and restarted.
package capturetest
