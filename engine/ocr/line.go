package ocr

import (
	"context"
	"fmt"
	"strings"
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
	err := p.with(ctx, s, func(c *client) error {
		if err := c.setGray(pix, width, height); err != nil {
			return fmt.Errorf("loading image into tesseract: %w", err)
		}
		found, err := c.words()
		if err != nil {
			return fmt.Errorf("recognising text: %w", err)
		}
		words := make([]string, 0, len(found))
		sum := 0.0
		for _, w := range found {
			if t := strings.TrimSpace(w.text); t != "" {
				words = append(words, t)
				sum += w.conf
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

// ReadGrayText OCRs 8-bit gray pixels with the settings s and returns Tesseract's page text,
// one line per text line it found.
func (p *Pool) ReadGrayText(ctx context.Context, s Settings, pix []byte, width, height int) (string, error) {
	var text string
	err := p.with(ctx, s, func(c *client) error {
		if err := c.setGray(pix, width, height); err != nil {
			return fmt.Errorf("loading image into tesseract: %w", err)
		}
		var err error
		text, err = c.text()
		return err
	})
	return text, err
}
