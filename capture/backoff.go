package capture

import "time"

// DefaultLadder is the reconnect schedule (go2rtc's): quick first retries for a blip, then
// once a minute so a camera unplugged for the night costs nothing.
var DefaultLadder = []time.Duration{time.Second, 5 * time.Second, 10 * time.Second, time.Minute}

// ladderDelay is the wait before retry number attempt (0-based), capped at the last rung.
func ladderDelay(ladder []time.Duration, attempt int) time.Duration {
	if len(ladder) == 0 {
		return time.Second
	}
	return ladder[min(attempt, len(ladder)-1)]
}
