package fraud

import (
	"slices"
	"strings"
	"time"
)

// Specimen blocklist of DOCUMENTS.md §4: published sample documents that must never pass.
var (
	specimenNames = []string{"MUSTERMANN<<ERIKA", "ERIKSSON<<ANNA<MARIA", "UK<SPECIMEN",
		"ESPANOLA<ESPANOLA<<CARMEN", "OSPELT<BECK<<MARISA", "MARTIN<<MAELYS<GAELLE<MARIE",
		"BERTHIER<<CORINNE"}
	// specimenWords are name parts that alone mark a specimen.
	specimenWords   = []string{"SPECIMEN", "TEST"}
	specimenNumbers = []string{"L898902C3", "D23145890", "X4RTBPFW4", "K682T8YLO", "13AA00002"}
)

// specimenRules: a blocklisted name, number or the fictional state Utopia (UTO). One finding
// per document: a specimen is critical once.
func specimenRules(d Document, _ time.Time) []Finding {
	if what, value, ok := specimenMatch(d); ok {
		return []Finding{newFinding("specimen_document", what, value)}
	}
	return nil
}

func specimenMatch(d Document) (what, value string, ok bool) {
	if d.IssuingState == "UTO" {
		return "issuing state", "UTO", true
	}
	if d.Nationality == "UTO" {
		return "nationality", "UTO", true
	}
	if slices.Contains(specimenNumbers, strings.TrimRight(d.Number, "<")) {
		return "number", d.Number, true
	}
	name := d.NameField
	for _, s := range specimenNames {
		// Given names may continue or be truncated: compare the shared prefix.
		if name == s || strings.HasPrefix(name, s+"<") {
			return "name", s, true
		}
	}
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '<' }) {
		if slices.Contains(specimenWords, part) {
			return "name", part, true
		}
	}
	return "", "", false
}
