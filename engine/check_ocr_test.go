package engine

import (
	"testing"

	"github.com/kycd/kycd/engine/mrz"
)

// TestFormatPrinted: the licence's one-line MRZ is taken on a licence (or an undeclared
// type) only; the other formats on every type.
func TestFormatPrinted(t *testing.T) {
	tests := []struct {
		docType string
		f       mrz.Format
		want    bool
	}{
		{"permit", mrz.FRDL, true},
		{"", mrz.FRDL, true},
		{"residence_card", mrz.FRDL, false},
		{"cni", mrz.FRDL, false},
		{"passport", mrz.FRDL, false},
		{"residence_card", mrz.TD1, true},
		{"permit", mrz.TD1, true},
		{"passport", mrz.TD3, true},
	}
	for _, tt := range tests {
		if got := formatPrinted(&Input{DocumentType: tt.docType}, tt.f); got != tt.want {
			t.Errorf("formatPrinted(%q, %s) = %v, want %v", tt.docType, tt.f, got, tt.want)
		}
	}
}
