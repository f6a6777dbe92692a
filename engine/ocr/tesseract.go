package ocr

/*
#cgo pkg-config: tesseract
#include <stdlib.h>
#include <tesseract/capi.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// client is one Tesseract engine, called through Tesseract's C API. gosseract (v2.4.1, and
// upstream since) never frees the strings Tesseract returns (GetUTF8Text of the page and of
// every word), so each recognition leaked its text: measured in a soak as the C heap growing
// with every verification. Here every returned string is copied into Go and given back with
// TessDeleteText. A client is not safe for concurrent use (the Pool lends it to one user).
type client struct {
	h *C.TessBaseAPI
}

// tesseractResolution is the resolution Tesseract assumes for an image without one (it warns
// and uses 70 dpi); said explicitly, the warning is not printed on every line.
const tesseractResolution = 70

// newClient creates an engine loaded with langs ("eng", "fra+ara" style joined by +) from
// prefix, or the system tessdata directory when prefix is empty.
func newClient(prefix string, langs string) (*client, error) {
	h := C.TessBaseAPICreate()
	if h == nil {
		return nil, errors.New("creating a tesseract engine")
	}
	var cPrefix *C.char
	if prefix != "" {
		cPrefix = C.CString(prefix)
		defer C.free(unsafe.Pointer(cPrefix))
	}
	cLang := C.CString(langs)
	defer C.free(unsafe.Pointer(cLang))
	if C.TessBaseAPIInit3(h, cPrefix, cLang) != 0 {
		C.TessBaseAPIDelete(h)
		return nil, fmt.Errorf("loading tesseract language %q (is its traineddata installed?)", langs)
	}
	return &client{h: h}, nil
}

// close ends the engine and frees it.
func (c *client) close() {
	if c.h != nil {
		C.TessBaseAPIEnd(c.h)
		C.TessBaseAPIDelete(c.h)
		c.h = nil
	}
}

func (c *client) setPageSegMode(psm int) {
	C.TessBaseAPISetPageSegMode(c.h, C.TessPageSegMode(psm))
}

func (c *client) setVariable(name, value string) error {
	cName, cValue := C.CString(name), C.CString(value)
	defer C.free(unsafe.Pointer(cName))
	defer C.free(unsafe.Pointer(cValue))
	if C.TessBaseAPISetVariable(c.h, cName, cValue) == 0 {
		return fmt.Errorf("tesseract has no variable %q", name)
	}
	return nil
}

// setGray gives the engine 8-bit gray pixels, row-major; Tesseract copies them.
func (c *client) setGray(pix []byte, width, height int) error {
	if width <= 0 || height <= 0 || len(pix) < width*height {
		return fmt.Errorf("gray image %d×%d with %d bytes", width, height, len(pix))
	}
	data := C.CBytes(pix[:width*height])
	defer C.free(data)
	C.TessBaseAPISetImage(c.h, (*C.uchar)(data), C.int(width), C.int(height), 1, C.int(width))
	C.TessBaseAPISetSourceResolution(c.h, tesseractResolution)
	return nil
}

// word is one recognised word and Tesseract's confidence in it (0..100).
type word struct {
	text string
	conf float64
}

// words recognises the image and returns its words in reading order.
func (c *client) words() ([]word, error) {
	if C.TessBaseAPIRecognize(c.h, nil) != 0 {
		return nil, errors.New("tesseract could not recognise the image")
	}
	it := C.TessBaseAPIGetIterator(c.h)
	if it == nil {
		return nil, nil // nothing found
	}
	defer C.TessResultIteratorDelete(it)
	var out []word
	for {
		if t := C.TessResultIteratorGetUTF8Text(it, C.RIL_WORD); t != nil {
			out = append(out, word{text: C.GoString(t), conf: float64(C.TessResultIteratorConfidence(it, C.RIL_WORD))})
			C.TessDeleteText(t)
		}
		if C.TessResultIteratorNext(it, C.RIL_WORD) == 0 {
			return out, nil
		}
	}
}

// text recognises the image and returns its text, lines ended by newlines.
func (c *client) text() (string, error) {
	t := C.TessBaseAPIGetUTF8Text(c.h)
	if t == nil {
		return "", errors.New("tesseract could not recognise the image")
	}
	defer C.TessDeleteText(t)
	return C.GoString(t), nil
}
