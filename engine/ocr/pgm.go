package ocr

import "strconv"

// PGM wraps 8-bit gray pixels (row-major, width×height) in a binary PGM header. Tesseract's
// image loader reads PGM without decompression, so this is the cheapest way to hand it pixels
// through gosseract's SetImageFromBytes.
func PGM(pix []byte, width, height int) []byte {
	header := "P5\n" + strconv.Itoa(width) + " " + strconv.Itoa(height) + "\n255\n"
	out := make([]byte, 0, len(header)+len(pix))
	return append(append(out, header...), pix...)
}
