package capture

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// Kind is what a source spec names.
type Kind string

// Source kinds.
const (
	KindDevice Kind = "device"
	KindFile   Kind = "file"
	KindURL    Kind = "url"
)

// Source is one configured camera: a name used in the API and what to open.
type Source struct {
	Name string `yaml:"name" json:"name"`
	// Spec is a device index ("0"), a device path ("/dev/video0"), a video file path, or an
	// rtsp://, http:// or https:// URL.
	Spec string `yaml:"source" json:"source"`
}

var (
	validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
	devPath   = regexp.MustCompile(`^/dev/video([0-9]+)$`)
)

// ParseSource parses the --camera flag value NAME=SOURCE.
func ParseSource(v string) (Source, error) {
	name, spec, ok := strings.Cut(v, "=")
	if !ok {
		return Source{}, fmt.Errorf("camera %q: want NAME=SOURCE (e.g. document=/dev/video0)", v)
	}
	s := Source{Name: strings.TrimSpace(name), Spec: strings.TrimSpace(spec)}
	return s, s.Validate()
}

// Validate checks the name and that the spec is one of the supported kinds.
func (s Source) Validate() error {
	if !validName.MatchString(s.Name) {
		return fmt.Errorf("camera name %q: want 1-32 lowercase letters, digits, - or _", s.Name)
	}
	if s.Spec == "" {
		return fmt.Errorf("camera %s: empty source", s.Name)
	}
	if s.Kind() == KindURL {
		u, err := url.Parse(s.Spec)
		if err != nil || u.Host == "" {
			return fmt.Errorf("camera %s: invalid URL %q", s.Name, s.Redacted())
		}
		switch u.Scheme {
		case "rtsp", "rtsps", "http", "https":
		default:
			return fmt.Errorf("camera %s: unsupported URL scheme %q (want rtsp, http or https)", s.Name, u.Scheme)
		}
	}
	return nil
}

// Kind classifies the spec.
func (s Source) Kind() Kind {
	if _, ok := s.device(); ok {
		return KindDevice
	}
	if strings.Contains(s.Spec, "://") {
		return KindURL
	}
	return KindFile
}

// device returns the V4L2 index for "0" or "/dev/video0".
func (s Source) device() (int, bool) {
	if n, err := strconv.Atoi(s.Spec); err == nil && n >= 0 {
		return n, true
	}
	if m := devPath.FindStringSubmatch(s.Spec); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, true
	}
	return 0, false
}

// Redacted is the spec with any URL password hidden, for logs and the API.
func (s Source) Redacted() string {
	u, err := url.Parse(s.Spec)
	if err != nil || u.User == nil {
		return s.Spec
	}
	return u.Redacted()
}

// exists reports whether a file source is present, to give a clear error before OpenCV's.
func (s Source) exists() error {
	if s.Kind() != KindFile {
		return nil
	}
	if _, err := os.Stat(s.Spec); err != nil {
		return fmt.Errorf("opening %s: %w", s.Spec, err)
	}
	return nil
}
