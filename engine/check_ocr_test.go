package engine

import (
	"testing"

	"github.com/kycd/kycd/engine/document"
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

// TestIssuerNationality: an identity card's nationality is its issuer's, from the printed
// header or else from a valid MRZ's issuing state; never from an invalid MRZ, and never on
// another document type.
func TestIssuerNationality(t *testing.T) {
	header := printedSides{front: document.Side{Kind: "identity_card", Issuer: "MAR"}}
	tests := []struct {
		name     string
		docType  string
		validMRZ bool
		m        *mrz.Result
		p        printedSides
		want     string
	}{
		{"header", "cin", false, nil, header, "MAR"},
		{"valid MRZ, header misread", "cni", true, &mrz.Result{DocumentCode: "ID", IssuingState: "FRA"}, printedSides{}, "FRA"},
		{"invalid MRZ", "cni", false, &mrz.Result{DocumentCode: "ID", IssuingState: "FRA"}, printedSides{}, ""},
		{"not an identity card's MRZ", "cni", true, &mrz.Result{DocumentCode: "P", IssuingState: "FRA"}, printedSides{}, ""},
		{"a residence card", "residence_card", true, &mrz.Result{DocumentCode: "IR", IssuingState: "FRA"}, printedSides{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &ExtractedData{FieldConfidences: map[string]float64{}}
			if tt.validMRZ {
				d.MRZ = ptr("…")
			}
			j := &Job{In: &Input{DocumentType: tt.docType}, V: &Verification{ExtractedData: d}, MRZ: tt.m}
			issuerNationality(j, tt.p)
			got := ""
			if d.Nationality != nil {
				got = *d.Nationality
			}
			if got != tt.want {
				t.Errorf("nationality %q, want %q", got, tt.want)
			}
		})
	}
}
