package mrz

import (
	"testing"
	"time"
)

// The Moroccan CNIE's CIN in the optional data: a digit's lookalike among its digits is the
// digit, even when the check digits cannot tell; its letters and other states' data are kept.
func TestRepairShaped(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, line1, want string
	}{
		{"two O's the composite cannot see", "IDMARPY59114292T71O3O9<<<<<<<<", "T710309"},
		{"digits already", "IDMARPY59114292T710309<<<<<<<<", "T710309"},
		{"another state's data kept", "IDESPPY59114292T71O3O9<<<<<<<<", "T71O3O9"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseLines([]string{tt.line1, "6111151M2812265MAR<<<<<<<<<<<5", "TOUZANI<<AHMED<<<<<<<<<<<<<<<<"}, Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if r.OptionalData != tt.want {
				t.Errorf("optional data %q, want %q", r.OptionalData, tt.want)
			}
		})
	}
}
