package mrz

// Result is a parsed MRZ; the JSON form is the `kycd mrz parse` contract (API.md). Absent
// values are null, never invented: the French card has no expiry or nationality in its MRZ,
// a sex of `<` is unspecified.
type Result struct {
	Format         Format          `json:"format"`
	Valid          bool            `json:"valid"`
	DocumentCode   string          `json:"document_code"`
	IssuingState   string          `json:"issuing_state"`
	DocumentNumber string          `json:"document_number"`
	OptionalData   string          `json:"optional_data"`
	OptionalData2  string          `json:"optional_data_2,omitempty"` // TD1 line 2 only
	DateOfBirth    *string         `json:"date_of_birth"`
	Sex            *string         `json:"sex"`
	ExpiryDate     *string         `json:"expiry_date"`
	IssueDate      *string         `json:"issue_date,omitempty"` // FR_ID only, YYYY-MM
	Nationality    *string         `json:"nationality"`
	LastName       string          `json:"last_name"`
	FirstName      string          `json:"first_name"`
	CheckDigits    map[string]bool `json:"check_digits"`
	Corrections    []Correction    `json:"corrections"`
	Warnings       []string        `json:"warnings"`
	Lines          []string        `json:"lines"` // the MRZ after repairs
}

// Zone is where an MRZ was read in the photo: the corners of its lines' cells, top-left,
// top-right, bottom-right, bottom-left as the MRZ reads, in photo pixels (x, y).
type Zone [4][2]float64

// ChecksPassed counts the check digits that pass.
func (r Result) ChecksPassed() int {
	n := 0
	for _, ok := range r.CheckDigits {
		if ok {
			n++
		}
	}
	return n
}

func strPtr(s string) *string { return &s }
