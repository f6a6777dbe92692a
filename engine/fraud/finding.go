package fraud

import "fmt"

// Severities, as the API names them.
const (
	Low      = "low"
	Medium   = "medium"
	High     = "high"
	Critical = "critical"
)

// Finding is one reason for risk. Code is stable (documented in the catalog below); Tampering
// marks findings that mean the document or image was altered, which sets tampering_detected.
type Finding struct {
	Code      string
	Severity  string
	Message   string
	MessageFR string
	Tampering bool
}

// rule is one catalog entry: the severity and the message templates of a code.
type rule struct {
	severity  string
	tampering bool
	en, fr    string
}

// catalog lists every code the rules raise. Messages are fmt templates; the arguments are
// given where the finding is raised. [U] facts of DOCUMENTS.md are low severity on purpose.
var catalog = map[string]rule{
	"date_invalid":                {High, true, "The %s in the MRZ is not a real calendar date (%s).", "La %s de la MRZ n'est pas une date valide (%s)."},
	"birth_in_future":             {High, true, "The date of birth %s is in the future.", "La date de naissance %s est dans le futur."},
	"expiry_before_birth":         {High, true, "The expiry date %s is before the date of birth %s.", "La date d'expiration %s précède la date de naissance %s."},
	"issue_before_birth":          {High, true, "The issue date %s is before the date of birth %s.", "La date de délivrance %s précède la date de naissance %s."},
	"issue_after_expiry":          {High, true, "The issue date %s is after the expiry date %s.", "La date de délivrance %s est postérieure à la date d'expiration %s."},
	"validity_period_unexpected":  {Medium, false, "The validity period (%s) does not match a %s (%s).", "La durée de validité (%s) ne correspond pas à un(e) %s (%s)."},
	"validity_period_uncertain":   {Low, false, "The validity period (%s) is unusual for a %s (%s, not firmly documented).", "La durée de validité (%s) est inhabituelle pour un(e) %s (%s, règle incertaine)."},
	"expiry_too_far":              {Medium, false, "The expiry date %s is more than %s ahead.", "La date d'expiration %s est à plus de %s."},
	"document_likely_expired":     {Medium, false, "Issued %s, this card is past its %d-year validity.", "Délivrée en %s, cette carte a dépassé sa validité de %d ans."},
	"nationality_mismatch":        {Medium, false, "For a %s the nationality (%s) should be the issuing state (%s).", "Pour un(e) %s la nationalité (%s) devrait être l'État émetteur (%s)."},
	"residence_card_own_national": {Medium, false, "A residence card issued by %s names a national of %s.", "Une carte de résidence délivrée par %s désigne un ressortissant de %s."},
	"issuing_state_mismatch":      {Medium, false, "The document was issued by %s but the request says country %s.", "Le document a été délivré par %s mais la demande indique le pays %s."},
	"state_code_unknown":          {High, true, "The %s code %q is neither ISO 3166-1 alpha-3 nor an ICAO code.", "Le code %s %q n'est ni un code ISO 3166-1 alpha-3 ni un code OACI."},
	"specimen_document":           {Critical, true, "The document matches a published specimen (%s %s).", "Le document correspond à un spécimen publié (%s %s)."},
	"mrz_sex_x":                   {Low, false, "The MRZ gives the sex as X (unspecified).", "La MRZ indique le sexe X (non précisé)."},
	"name_has_digits":             {Medium, true, "The MRZ name contains digits.", "Le nom de la MRZ contient des chiffres."},
	"name_without_separator":      {Low, false, "The MRZ name has no '<<' between surname and given names.", "Le nom de la MRZ n'a pas de « << » entre nom et prénoms."},
	"holder_under_age":            {Low, false, "The holder is %d, under the age of %d for a %s (a minor's card is possible).", "Le titulaire a %d ans, moins que l'âge de %d ans pour un(e) %s (une carte de mineur est possible)."},
	"holder_age_implausible":      {Medium, true, "The date of birth %s gives an implausible age of %d.", "La date de naissance %s donne un âge invraisemblable de %d ans."},
	"document_type_mismatch":      {Medium, false, "The MRZ (%s, code %s) is not that of a %s.", "La MRZ (%s, code %s) n'est pas celle d'un(e) %s."},
	"office_code_mismatch":        {Medium, true, "The office code of MRZ line 1 differs from the one in the card number.", "Le code de bureau de la ligne 1 de la MRZ diffère de celui du numéro de carte."},
	"mrz_printed_mismatch":        {High, true, "The MRZ and the printed zone disagree on %s (%q vs %q).", "La MRZ et la zone imprimée divergent sur %s (%q / %q)."},
	"front_back_mismatch":         {High, true, "The front and the back of the card disagree on %s (%q vs %q).", "Le recto et le verso de la carte divergent sur %s (%q / %q)."},
}

// newFinding builds the finding of a catalog code; an unknown code is a programming error.
func newFinding(code string, args ...any) Finding {
	r, ok := catalog[code]
	if !ok {
		panic("fraud: unknown finding code " + code)
	}
	return Finding{Code: code, Severity: r.severity, Tampering: r.tampering,
		Message: fmt.Sprintf(r.en, args...), MessageFR: fmt.Sprintf(r.fr, args...)}
}

// withSeverity returns f at another severity (a rule that is firm for one document and
// uncertain for another).
func (f Finding) withSeverity(s string) Finding { f.Severity = s; return f }
