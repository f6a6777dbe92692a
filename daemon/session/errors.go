package session

import "errors"

var (
	// ErrNotFound: no live session with that id (never existed, expired or submitted long ago).
	ErrNotFound = errors.New("capture session not found")
	// ErrUnknownStep: the step is not document_front, document_back, selfie or liveness.
	ErrUnknownStep = errors.New("unknown capture step")
	// ErrConflict: the session is being submitted, or was already.
	ErrConflict = errors.New("capture session already submitted")
	// ErrNotReady: submit before the required steps are captured.
	ErrNotReady = errors.New("capture session not ready")
	// ErrNoCamera: the step needs a camera the session was not given or that does not exist.
	ErrNoCamera = errors.New("no camera for this step")
	// ErrGateUnavailable: a quality gate cannot run in this installation (missing cascades).
	ErrGateUnavailable = errors.New("capture gate not available")
	// ErrUploadNotAllowed: the liveness step records a sequence; a single upload cannot stand in.
	ErrUploadNotAllowed = errors.New("this step cannot be uploaded")
)
