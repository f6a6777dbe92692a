package engine

// The verification object, field for field as in the cloud API (../shared/seed and API.md).
// Pointers mark values that are null when unknown: the engine never invents a value.

// Verification statuses.
const (
	StatusPending  = "pending"
	StatusVerified = "verified"
	StatusRejected = "rejected"
	StatusReview   = "review"
	StatusExpired  = "expired"
	StatusError    = "error"
)

// Check statuses.
const (
	CheckPassed  = "passed"
	CheckFailed  = "failed"
	CheckReview  = "review"
	CheckErrored = "error"
)

// Check names, as accepted in the request's "checks" array.
const (
	CheckOCR       = "ocr"
	CheckFaceMatch = "face_match"
	CheckLiveness  = "liveness"
	CheckFraud     = "fraud"
	CheckDuplicate = "duplicate"
)

// AllChecks lists every check name in the order the pipeline runs them: the fraud check reads
// what ocr extracted, so ocr comes first.
var AllChecks = []string{CheckOCR, CheckFaceMatch, CheckLiveness, CheckFraud, CheckDuplicate}

// DocumentTypes and severities accepted by the API.
var (
	DocumentTypes = []string{"cin", "cni", "passport", "permit", "residence_card"}
	Severities    = []string{"low", "medium", "high", "critical"}
)

// Verification is the JSON object returned by the API and stored.
type Verification struct {
	ID            string         `json:"id"`
	Object        string         `json:"object"`
	CreatedAt     string         `json:"created_at"`
	UpdatedAt     string         `json:"updated_at"`
	Status        string         `json:"status"`
	DocumentType  string         `json:"document_type"`
	Country       string         `json:"country"`
	ExtractedData *ExtractedData `json:"extracted_data"`
	Checks        Checks         `json:"checks"`
	RiskScore     int            `json:"risk_score"`
	RiskLevel     string         `json:"risk_level"`
	RiskBreakdown []Contribution `json:"risk_breakdown"`
	FraudSignals  []Signal       `json:"fraud_signals"`
	Metadata      map[string]any `json:"metadata"`
	Review        *Review        `json:"review,omitempty"`
	Deleted       bool           `json:"deleted,omitempty"`
}

// ExtractedData holds what the ocr check read. Absent values are null.
type ExtractedData struct {
	DocumentNumber   *string            `json:"document_number"`
	CardNumber       *string            `json:"card_number,omitempty"`
	FirstName        *string            `json:"first_name"`
	LastName         *string            `json:"last_name"`
	FirstNameArabic  *string            `json:"first_name_arabic"`
	LastNameArabic   *string            `json:"last_name_arabic"`
	DateOfBirth      *string            `json:"date_of_birth"`
	Gender           *string            `json:"gender"`
	Nationality      *string            `json:"nationality"`
	IssueDate        *string            `json:"issue_date"`
	ExpiryDate       *string            `json:"expiry_date"`
	Address          *string            `json:"address"`
	PlaceOfBirth     *string            `json:"place_of_birth"`
	MRZ              *string            `json:"mrz"`
	FieldConfidences map[string]float64 `json:"field_confidences"`
}

// Checks holds the result of every check that ran; the others are absent.
type Checks struct {
	OCR       *OCRCheck       `json:"ocr,omitempty"`
	FaceMatch *FaceMatchCheck `json:"face_match,omitempty"`
	Liveness  *LivenessCheck  `json:"liveness,omitempty"`
	Fraud     *FraudCheck     `json:"fraud,omitempty"`
	Duplicate *DuplicateCheck `json:"duplicate,omitempty"`
}

// CheckResult is the part every check shares.
type CheckResult struct {
	Status     string  `json:"status"`
	Confidence float64 `json:"confidence"`
	// Message explains an error or review status to a person; empty when passed.
	Message string `json:"message,omitempty"`
}

type OCRCheck struct {
	CheckResult
}

type FaceMatchCheck struct {
	CheckResult
	SimilarityScore float64 `json:"similarity_score"`
	Threshold       float64 `json:"threshold"`
}

type LivenessCheck struct {
	CheckResult
	IsLive           bool    `json:"is_live"`
	SpoofProbability float64 `json:"spoof_probability"`
}

type FraudCheck struct {
	CheckResult
	TamperingDetected bool     `json:"tampering_detected"`
	Signals           []string `json:"signals"`
}

type DuplicateCheck struct {
	CheckResult
	// Matches lists up to 20 earlier verifications, those that raised a signal first.
	Matches []DuplicateMatch `json:"matches"`
	// MatchesTotal counts every earlier verification that matched, listed or not.
	MatchesTotal int `json:"matches_total"`
}

// DuplicateMatch names an earlier verification that shares a face, document or image.
type DuplicateMatch struct {
	VerificationID string  `json:"verification_id"`
	Kind           string  `json:"kind"`
	Score          float64 `json:"score"`
}

// Signal is one reason for risk, with a stable code an auditor can look up.
type Signal struct {
	Code      string `json:"code"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	MessageFR string `json:"message_fr,omitempty"`
	// Check names the check that raised it.
	Check string `json:"check,omitempty"`
}

// Contribution is one signal's share of the risk score, so the score explains itself.
type Contribution struct {
	Code   string `json:"code"`
	Points int    `json:"points"`
}

// Review records a person's decision on a verification that needed one.
type Review struct {
	Decision   string `json:"decision"`
	Reason     string `json:"reason"`
	ReviewedBy string `json:"reviewed_by"`
	ReviewedAt string `json:"reviewed_at"`
	// PreviousStatus is the status the engine gave before the review.
	PreviousStatus string `json:"previous_status"`
}
