package fraud

import (
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// icaoSpecial is the codes ICAO 9303 adds to ISO 3166-1 alpha-3 (DOCUMENTS.md §1).
var icaoSpecial = strings.Fields(`D GBD GBN GBO GBS GBP RKS XXK EUE UNO UNA UNK XBA XIM XCC XCE
XCO XEC XPO XES XOM XDC XXA XXB XXC XXX UTO`)

// KnownStateCode reports whether code is an ISO 3166-1 alpha-3 country code or an ICAO
// special code.
func KnownStateCode(code string) bool {
	if slices.Contains(icaoSpecial, code) {
		return true
	}
	if len(code) != 3 {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry() && r.ISO3() == code
}

// Alpha3 maps an ISO 3166-1 alpha-2 code to alpha-3 ("MA" → "MAR"); ok is false for an
// unknown code.
func Alpha3(alpha2 string) (string, bool) {
	if len(alpha2) != 2 {
		return "", false
	}
	r, err := language.ParseRegion(alpha2)
	if err != nil || !r.IsCountry() {
		return "", false
	}
	return r.ISO3(), true
}

// issuerCodes lists the MRZ codes a state of alpha-2 code may issue under: its alpha-3 code
// and the ICAO variants (Germany's D, the British classes, Kosovo).
func issuerCodes(alpha2 string) []string {
	a3, ok := Alpha3(alpha2)
	if !ok {
		return nil
	}
	switch alpha2 {
	case "DE":
		return []string{a3, "D"}
	case "GB":
		return []string{a3, "GBD", "GBN", "GBO", "GBS", "GBP"}
	case "XK":
		return []string{a3, "RKS", "XXK"}
	}
	return []string{a3}
}

// sameState reports whether two MRZ codes name the same state (D and DEU, GBR and GBD…).
func sameState(a, b string) bool {
	norm := func(c string) string {
		switch {
		case c == "D":
			return "DEU"
		case strings.HasPrefix(c, "GB"):
			return "GBR"
		case c == "RKS" || c == "XXK" || c == "XKK":
			return "XKK"
		}
		return c
	}
	return norm(a) == norm(b)
}

// stateRules: codes must be known; cin/cni/passport holders are nationals of the issuer and
// residence-card holders are not; the issuer must be the request's country.
func stateRules(d Document, _ time.Time) []Finding {
	var out []Finding
	if d.IssuingState != "" && !KnownStateCode(d.IssuingState) {
		out = append(out, newFinding("state_code_unknown", "issuing state", d.IssuingState))
	}
	if d.Nationality != "" && !KnownStateCode(d.Nationality) {
		out = append(out, newFinding("state_code_unknown", "nationality", d.Nationality))
	}
	if d.IssuingState != "" && d.Nationality != "" && d.IssuingState != "UTO" {
		switch d.Type {
		case "cin", "cni", "passport":
			if !sameState(d.Nationality, d.IssuingState) {
				out = append(out, newFinding("nationality_mismatch", d.Type, d.Nationality, d.IssuingState))
			}
		case "residence_card":
			if sameState(d.Nationality, d.IssuingState) {
				out = append(out, newFinding("residence_card_own_national", d.IssuingState, d.Nationality))
			}
		}
	}
	if codes := issuerCodes(d.Country); d.IssuingState != "" && d.IssuingState != "UTO" && codes != nil &&
		!slices.Contains(codes, d.IssuingState) {
		out = append(out, newFinding("issuing_state_mismatch", d.IssuingState, d.Country))
	}
	return out
}
