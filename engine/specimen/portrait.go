package specimen

import (
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"sort"

	xdraw "golang.org/x/image/draw"
)

// loadPortraits decodes the portrait photos (face-api's demo samples) once per generator.
func loadPortraits(dir string) ([]image.Image, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "sample*.jpg"))
	if err != nil {
		return nil, fmt.Errorf("listing portraits: %w", err)
	}
	sort.Strings(paths)
	var out []image.Image
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("opening portrait: %w", err)
		}
		img, err := jpeg.Decode(f)
		_ = f.Close()
		if err != nil {
			return nil, fmt.Errorf("decoding portrait %s: %w", p, err)
		}
		out = append(out, img)
	}
	return out, nil
}

// portrait draws a 3:4 centre crop of src into r, in muted colours as printed portraits are;
// with no photo it draws a grey silhouette block.
func (c *canvas) portrait(src image.Image, r image.Rectangle, ghost bool) {
	if src == nil {
		c.rect(r, color.RGBA{150, 150, 155, 255})
		return
	}
	b := src.Bounds()
	cw := min(b.Dx(), b.Dy()*3/4)
	ch := cw * 4 / 3
	crop := image.Rect(b.Min.X+(b.Dx()-cw)/2, b.Min.Y+(b.Dy()-ch)/2, b.Min.X+(b.Dx()+cw)/2, b.Min.Y+(b.Dy()+ch)/2)
	tmp := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	xdraw.ApproxBiLinear.Scale(tmp, tmp.Rect, src, crop, xdraw.Src, nil)
	for i := 0; i < len(tmp.Pix); i += 4 {
		gray := (int(tmp.Pix[i])*30 + int(tmp.Pix[i+1])*59 + int(tmp.Pix[i+2])*11) / 100
		for ch := range 3 {
			v := (int(tmp.Pix[i+ch]) + 2*gray) / 3
			if ghost { // the small "ghost" copy is faint, printed over the background
				v = 255 - (255-v)/4
			}
			tmp.Pix[i+ch] = uint8(v)
		}
	}
	xdraw.Draw(c.img, r, tmp, image.Point{}, xdraw.Src)
}
