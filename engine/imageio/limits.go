package imageio

// Limits bound the work an image may cause. The defaults follow API.md.
type Limits struct {
	MaxBytes  int `yaml:"max_bytes"`  // encoded size
	MaxSide   int `yaml:"max_side"`   // pixels on either side
	MaxPixels int `yaml:"max_pixels"` // width × height
}

// DefaultLimits: 10 MiB, 12,000 px per side, 40 Mpx.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 10 << 20, MaxSide: 12000, MaxPixels: 40_000_000}
}
