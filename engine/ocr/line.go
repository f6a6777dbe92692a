package ocr

import (
	"context"
	"fmt"
	"strings"

	"github.com/otiai10/gosseract/v2"
)

// Reading is what Tesseract read in one image, with its own mean word confidence (0..1).
type Reading struct {
	Text string
	Conf float64
}

// ReadGray OCRs 8-bit gray pixels (row-major, width×height) with the settings s. The text is
// assembled from Tesseract's words (one recognition: asking for the text and then the word
// boxes would recognise twice), joined by spaces; Conf is the mean word confidence.
func (p *Pool) ReadGray(ctx context.Context, s Settings, pix []byte, width, height int) (Reading, error) {
	var r Reading
	err := p.With(ctx, s, func(c *gosseract.Client) error {
		if err := c.SetImageFromBytes(PGM(pix, width, height)); err != nil {
			return fmt.Errorf("loading image into tesseract: %w", err)
		}
		boxes, err := c.GetBoundingBoxes(gosseract.RIL_WORD)
		if err != nil {
			return fmt.Errorf("recognising text: %w", err)
		}
		words := make([]string, 0, len(boxes))
		sum := 0.0
		for _, b := range boxes {
			if w := strings.TrimSpace(b.Word); w != "" {
				words = append(words, w)
				sum += b.Confidence
			}
		}
		r.Text = strings.Join(words, " ")
		if len(words) > 0 {
			r.Conf = sum / float64(len(words)) / 100
		}
		return nil
	})
	return r, err
}
