package capture

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Device is a local video device as the kernel lists it.
type Device struct {
	Path string `json:"path"`
	Name string `json:"name"` // from sysfs, e.g. "HD Pro Webcam C920"; empty if unknown
}

// ListDevices lists /dev/video* with their sysfs names. Many webcams expose two nodes (one
// for metadata); both are listed, since only trying tells which one streams.
func ListDevices() []Device {
	paths, _ := filepath.Glob("/dev/video*")
	sort.Strings(paths)
	out := []Device{}
	for _, p := range paths {
		d := Device{Path: p}
		if b, err := os.ReadFile(filepath.Join("/sys/class/video4linux", filepath.Base(p), "name")); err == nil {
			d.Name = strings.TrimSpace(string(b))
		}
		out = append(out, d)
	}
	return out
}
