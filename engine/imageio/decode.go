package imageio

import (
	"fmt"

	"gocv.io/x/gocv"
)

// Image is a decoded image, upright (EXIF orientation applied), in BGR. The encoded bytes are
// kept so the original can be stored without re-encoding. Close releases the pixels.
type Image struct {
	Info
	Bytes  []byte
	Mat    gocv.Mat
	closed bool
}

// Close frees the pixel buffer; safe to call twice and on nil.
func (im *Image) Close() error {
	if im == nil || im.closed {
		return nil
	}
	im.closed = true
	return im.Mat.Close()
}

// Decode probes the header against the limits, then decodes the pixels once.
func Decode(data []byte, lim Limits) (*Image, error) {
	info, err := Probe(data, lim)
	if err != nil {
		return nil, err
	}
	mat, err := gocv.IMDecode(data, gocv.IMReadColor|gocv.IMReadIgnoreOrientation)
	if err != nil {
		return nil, unsupported("decoding the %s image: %v", info.Format, err)
	}
	if mat.Empty() {
		mat.Close()
		return nil, unsupported("the %s image could not be decoded (corrupt or truncated)", info.Format)
	}
	if mat.Cols() != info.Width || mat.Rows() != info.Height {
		mat.Close()
		return nil, unsupported("the %s image decodes to %d×%d but its header says %d×%d", info.Format, mat.Cols(), mat.Rows(), info.Width, info.Height)
	}
	upright, err := orient(mat, info.Orientation)
	if err != nil {
		mat.Close()
		return nil, fmt.Errorf("applying EXIF orientation %d: %w", info.Orientation, err)
	}
	if upright.Ptr() != mat.Ptr() {
		mat.Close()
	}
	info.Width, info.Height = upright.Cols(), upright.Rows()
	return &Image{Info: info, Bytes: data, Mat: upright}, nil
}

// orient returns the image turned upright for an EXIF orientation; for 1 it returns m itself.
func orient(m gocv.Mat, o int) (gocv.Mat, error) {
	if o <= 1 || o > 8 {
		return m, nil
	}
	out := gocv.NewMat()
	switch o {
	case 2:
		gocv.Flip(m, &out, 1)
	case 3:
		gocv.Rotate(m, &out, gocv.Rotate180Clockwise)
	case 4:
		gocv.Flip(m, &out, 0)
	case 5: // transpose
		gocv.Transpose(m, &out)
	case 6:
		gocv.Rotate(m, &out, gocv.Rotate90Clockwise)
	case 7: // transverse: transpose then flip both axes
		tmp := gocv.NewMat()
		defer tmp.Close()
		gocv.Transpose(m, &tmp)
		gocv.Flip(tmp, &out, -1)
	case 8:
		gocv.Rotate(m, &out, gocv.Rotate90CounterClockwise)
	}
	if out.Empty() {
		out.Close()
		return gocv.Mat{}, fmt.Errorf("rotation produced an empty image")
	}
	return out, nil
}
