package liveness

/*
#cgo !windows pkg-config: opencv4
#cgo CXXFLAGS: --std=c++11
#include <stdlib.h>
#include "brisque_shim.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"unsafe"

	"gocv.io/x/gocv"
)

// BRISQUE (Mittal, Moorthy & Bovik 2012) is a no-reference image quality score: natural
// images have mean-subtracted contrast-normalised (MSCN) coefficients whose distribution,
// and that of their neighbour products, fits generalised Gaussians with typical shapes;
// blur, noise, JPEG blocking, a halftone screen or a screen's pixel grid bend those shapes.
// The score is OpenCV's own: cv::quality::QualityBRISQUE (opencv_contrib's quality module,
// installed with libopencv-contrib-dev, which libopencv-dev depends on) with the LIVE-trained
// SVM that opencv-data ships. gocv v0.31 wraps none of it, so a small C++ shim
// (brisque_shim.cpp) calls it. Re-implementing the 36 features and the RBF SVR in Go would
// duplicate that code and its YAML model parser for no gain: the shim uses the library
// that the rest of the stack already links (pkg-config opencv4 lists opencv_quality).

// brisqueDirs are searched in order for brisque_model_live.yml and brisque_range_live.yml.
var brisqueDirs = []string{"/usr/share/opencv4/quality", "/usr/local/share/opencv4/quality"}

// ErrNoBrisqueModel: opencv-data's BRISQUE files were not found.
var ErrNoBrisqueModel = errors.New("BRISQUE model not found (apt install opencv-data)")

// brisque is a loaded BRISQUE model. Scoring is serialised (QualityBRISQUE keeps state
// in the object); a score takes ~1–3 ms on a face crop.
type brisque struct {
	mu sync.Mutex
	m  C.BrisqueModel
}

// loadBrisque loads the LIVE model from the first of dirs that holds both files.
func loadBrisque(dirs []string) (*brisque, error) {
	for _, d := range dirs {
		model, rng := filepath.Join(d, "brisque_model_live.yml"), filepath.Join(d, "brisque_range_live.yml")
		if _, err := os.Stat(model); err != nil {
			continue
		}
		if _, err := os.Stat(rng); err != nil {
			continue
		}
		cm, cr := C.CString(model), C.CString(rng)
		defer C.free(unsafe.Pointer(cm))
		defer C.free(unsafe.Pointer(cr))
		var msg [256]C.char
		m := C.brisque_load(cm, cr, &msg[0], C.int(len(msg)))
		if m == nil {
			return nil, fmt.Errorf("loading BRISQUE from %s: %s", d, C.GoString(&msg[0]))
		}
		return &brisque{m: m}, nil
	}
	return nil, fmt.Errorf("%w in %v", ErrNoBrisqueModel, dirs)
}

func (b *brisque) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m != nil {
		C.brisque_free(b.m)
		b.m = nil
	}
}

// grayData checks that gray is a continuous 8-bit single-channel image large enough for
// BRISQUE's two scales and returns its pixels.
func grayData(gray gocv.Mat) ([]byte, error) {
	if gray.Type() != gocv.MatTypeCV8U || !gray.IsContinuous() || gray.Rows() < 16 || gray.Cols() < 16 {
		return nil, fmt.Errorf("%w: BRISQUE wants a continuous 8-bit gray image of 16×16 or more", ErrBadInput)
	}
	p, err := gray.DataPtrUint8()
	if err != nil {
		return nil, fmt.Errorf("reading pixels: %w", err)
	}
	return p, nil
}

// Score is the BRISQUE score of gray: 0 best … 100 worst (values outside occur on images
// unlike the LIVE set).
func (b *brisque) Score(gray gocv.Mat) (float64, error) {
	p, err := grayData(gray)
	if err != nil {
		return 0, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		return 0, fmt.Errorf("%w: BRISQUE model closed", ErrBadInput)
	}
	var msg [256]C.char
	var s C.double
	if C.brisque_score(b.m, (*C.uchar)(unsafe.Pointer(&p[0])), C.int(gray.Rows()), C.int(gray.Cols()), &s, &msg[0], C.int(len(msg))) != 0 {
		return 0, fmt.Errorf("scoring BRISQUE: %s", C.GoString(&msg[0]))
	}
	return float64(s), nil
}

// brisqueFeatures are the 36 BRISQUE features of gray: per scale (full, half), the MSCN
// GGD shape and variance, then for the four neighbour products (horizontal, vertical, two
// diagonals) the AGGD shape, mean, left and right variances.
func brisqueFeatures(gray gocv.Mat) ([36]float32, error) {
	var out [36]float32
	p, err := grayData(gray)
	if err != nil {
		return out, err
	}
	var msg [256]C.char
	if C.brisque_features((*C.uchar)(unsafe.Pointer(&p[0])), C.int(gray.Rows()), C.int(gray.Cols()),
		(*C.float)(unsafe.Pointer(&out[0])), &msg[0], C.int(len(msg))) != 0 {
		return out, fmt.Errorf("computing BRISQUE features: %s", C.GoString(&msg[0]))
	}
	return out, nil
}
