package session

// Feedback codes the kiosk shows to the customer (translated by the UI).
const (
	FbNoDocument   = "no_document"
	FbMoveCloser   = "move_closer"
	FbMoveFarther  = "move_farther"
	FbHoldStill    = "hold_still"
	FbTooBlurry    = "too_blurry"
	FbTooMuchGlare = "too_much_glare"
	FbTooDark      = "too_dark"
	FbNoFace       = "no_face"
	FbSeveralFaces = "several_faces"
	FbCenterFace   = "center_face"
	FbEyesClosed   = "eyes_closed"
	FbNoSignal     = "no_signal" // the camera delivers no frames
	FbTimeout      = "timeout"
)
