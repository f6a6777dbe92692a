package document

import (
	"image"
	"testing"
)

func TestTitleOnOneLine(t *testing.T) {
	segs := []Segment{
		{Box: image.Rect(314, 48, 739, 81), Text: "RÉPUBLIQUE FRANÇAISE", Line: 0},
		{Box: image.Rect(52, 117, 106, 130), Text: "CARTE", Line: 1},
		{Box: image.Rect(120, 117, 219, 130), Text: "NATIONALE", Line: 1},
		{Box: image.Rect(234, 114, 344, 130), Text: "D'IDENTITÉ", Line: 1},
		{Box: image.Rect(52, 400, 344, 430), Text: "CARTE NATIONALE", Line: 2}, // low on the card: no title
	}
	if got := titleKind(segs, 638); got != "identity_card" {
		t.Errorf("kind %q, want identity_card", got)
	}
	if got := headerIssuer(segs, 638); got != "FRA" {
		t.Errorf("issuer %q, want FRA", got)
	}
	if got := titleKind(segs[4:], 638); got != "" {
		t.Errorf("kind %q from a line low on the card", got)
	}
}
