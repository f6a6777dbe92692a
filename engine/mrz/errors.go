package mrz

import (
	"errors"
	"fmt"
)

// Sentinel errors; a *ParseError wraps one of them so callers can use errors.Is.
var (
	ErrEmpty         = errors.New("empty input")
	ErrLineCount     = errors.New("wrong number of lines")
	ErrLineLength    = errors.New("wrong line length")
	ErrCharacter     = errors.New("character outside the MRZ set")
	ErrUnknownFormat = errors.New("unknown MRZ format")
	ErrNotFound      = errors.New("no MRZ found")
)

// ParseError says why a text is not an MRZ. Code is stable and machine-readable (it becomes the
// CLI's JSON error code); Line and Column are 1-based and zero when they do not apply.
type ParseError struct {
	Code   string
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	switch {
	case e.Column > 0:
		return fmt.Sprintf("%v at line %d, column %d", e.Err, e.Line, e.Column)
	case e.Line > 0:
		return fmt.Sprintf("%v at line %d", e.Err, e.Line)
	}
	return e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }
