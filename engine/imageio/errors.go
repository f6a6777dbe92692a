package imageio

import "fmt"

// Error codes, as the API reports them.
const (
	CodeUnsupported = "unsupported_image"
	CodeTooLarge    = "image_too_large"
)

// Error is a refusal of an image, with a code the API can pass on.
type Error struct {
	Code string
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func unsupported(format string, args ...any) error {
	return &Error{Code: CodeUnsupported, Msg: fmt.Sprintf(format, args...)}
}

func tooLarge(format string, args ...any) error {
	return &Error{Code: CodeTooLarge, Msg: fmt.Sprintf(format, args...)}
}
