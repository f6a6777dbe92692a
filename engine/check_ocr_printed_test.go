package engine

import (
	"testing"

	"github.com/kycd/kycd/engine/document"
)

func TestFillFromPrinted(t *testing.T) {
	tests := []struct {
		name      string
		docType   string
		mrzFirst  string // from the MRZ, confidence 0.7
		printed   map[string]document.Value
		kind      string
		issuer    string
		wantFirst string
		wantNat   string
	}{
		{name: "truncated MRZ name takes the printed one", docType: "cni", mrzFirst: "FRANCOIS HELE",
			printed:   map[string]document.Value{"first_name": {Text: "FRANÇOIS HÉLÈNE", Conf: 0.6}},
			wantFirst: "FRANÇOIS HÉLÈNE"},
		{name: "better printed reading replaces an unprotected MRZ name", docType: "cin", mrzFirst: "IMANE O",
			printed:   map[string]document.Value{"first_name": {Text: "IMANE", Conf: 0.95}},
			wantFirst: "IMANE"},
		{name: "identity card header gives the nationality", docType: "cin", mrzFirst: "IMANE",
			printed: map[string]document.Value{}, kind: "identity_card", issuer: "MAR", wantFirst: "IMANE", wantNat: "MAR"},
		{name: "a passport header does not", docType: "passport", mrzFirst: "IMANE",
			printed: map[string]document.Value{}, kind: "passport", issuer: "MAR", wantFirst: "IMANE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &ExtractedData{FirstName: ptr(tt.mrzFirst), FieldConfidences: map[string]float64{"first_name": 0.7}}
			j := &Job{In: &Input{DocumentType: tt.docType, Country: "MA"}, V: &Verification{ExtractedData: d}}
			fillFromPrinted(j, printedSides{front: document.Side{Found: true, Fields: tt.printed, Kind: tt.kind, Issuer: tt.issuer}})
			if got := *d.FirstName; got != tt.wantFirst {
				t.Errorf("first_name %q, want %q", got, tt.wantFirst)
			}
			got := ""
			if d.Nationality != nil {
				got = *d.Nationality
			}
			if got != tt.wantNat {
				t.Errorf("nationality %q, want %q", got, tt.wantNat)
			}
		})
	}
}

// TestAccentedNames: a name without accents takes the accented spelling of a printed run that
// is the same name, and only that.
func TestAccentedNames(t *testing.T) {
	seg := func(text string) document.Segment { return document.Segment{Text: text} }
	p := printedSides{front: document.Side{Segments: []document.Segment{seg("RICHARD"), seg(" ÉLODIE "), seg("Élodie"), seg("HÉLÈNE")}}}
	d := &ExtractedData{FirstName: ptr("ELODIE"), LastName: ptr("RICHARD")}
	accentedNames(d, p)
	if *d.FirstName != "ÉLODIE" || *d.LastName != "RICHARD" {
		t.Errorf("got %q %q, want ÉLODIE RICHARD", *d.FirstName, *d.LastName)
	}
	// Marks read beside a name are no accents: the MRZ's spelling stays.
	p = printedSides{front: document.Side{Segments: []document.Segment{seg("» HUGO"), seg("£ MANON"), seg("« JÉRÔME »"), seg("pntnoms) : LÉA"), seg("Nom : ÉLÉONORE née")}}}
	for _, tt := range []struct{ mrz, want string }{{"HUGO", "HUGO"}, {"MANON", "MANON"}, {"JEROME", "JÉRÔME"},
		{"LEA", "LÉA"},           // the end of a run whose caption was misread
		{"ELEONORE", "ELEONORE"}, // a run that does not end with it
	} {
		d = &ExtractedData{FirstName: ptr(tt.mrz)}
		accentedNames(d, p)
		if *d.FirstName != tt.want {
			t.Errorf("MRZ %q: got %q, want %q", tt.mrz, *d.FirstName, tt.want)
		}
	}
	d = &ExtractedData{FirstName: ptr("HELENA")}
	accentedNames(d, p)
	if *d.FirstName != "HELENA" {
		t.Errorf("another name's spelling taken: %q", *d.FirstName)
	}
}
