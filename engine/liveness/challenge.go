package liveness

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"time"
)

// Challenge is one action the person at the kiosk is asked to perform.
type Challenge string

// Challenges the kiosk can ask for.
const (
	Blink     Challenge = "blink"
	TurnLeft  Challenge = "turn_left"  // the person's own left
	TurnRight Challenge = "turn_right" // the person's own right
	OpenMouth Challenge = "open_mouth"
)

var allChallenges = []Challenge{Blink, TurnLeft, TurnRight, OpenMouth}

// Timing of the active step: a lead-in to look at the camera (the neutral baseline), then
// one slot per challenge. The kiosk shows the challenge of the current slot, so prompts and
// evaluation agree without a round trip per frame.
const (
	DefaultLeadIn = 1500 * time.Millisecond
	DefaultSlot   = 3 * time.Second
	// DefaultChallengeCount: 3 distinct challenges out of 4 give 24 orders, so a replayed
	// video matches the asked order once in 24 at best.
	DefaultChallengeCount = 3
)

// NewChallenges draws n distinct challenges in a random order from r (crypto/rand.Reader
// in production, so the order cannot be predicted and pre-recorded).
func NewChallenges(r io.Reader, n int) ([]Challenge, error) {
	if r == nil {
		r = rand.Reader
	}
	if n < 1 || n > len(allChallenges) {
		return nil, fmt.Errorf("%w: %d challenges (1..%d)", ErrBadInput, n, len(allChallenges))
	}
	pool := append([]Challenge(nil), allChallenges...)
	for i := len(pool) - 1; i > 0; i-- { // Fisher–Yates
		j, err := rand.Int(r, big.NewInt(int64(i+1)))
		if err != nil {
			return nil, fmt.Errorf("drawing challenges: %w", err)
		}
		pool[i], pool[j.Int64()] = pool[j.Int64()], pool[i]
	}
	return pool[:n], nil
}

// Schedule places challenges in time from the start of the recording.
type Schedule struct {
	Challenges []Challenge
	LeadIn     time.Duration
	Slot       time.Duration
}

// NewSchedule is the default timing for the challenges.
func NewSchedule(ch []Challenge) Schedule {
	return Schedule{Challenges: ch, LeadIn: DefaultLeadIn, Slot: DefaultSlot}
}

// Total is the recording length the schedule needs.
func (s Schedule) Total() time.Duration { return s.LeadIn + time.Duration(len(s.Challenges))*s.Slot }

// At returns the index of the challenge due at elapsed (-1 in the lead-in, len when over).
func (s Schedule) At(elapsed time.Duration) int {
	if elapsed < s.LeadIn || s.Slot <= 0 {
		return -1
	}
	return min(int((elapsed-s.LeadIn)/s.Slot), len(s.Challenges))
}
