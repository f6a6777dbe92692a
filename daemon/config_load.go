package daemon

import (
	"flag"
	"fmt"
	"github.com/kycd/kycd/capture"
	"io"
	"os"
)

var errEOF = io.EOF

// configFlags registers --config and every setting on fs and returns a function that builds
// the final Config once fs has parsed: defaults → file → env → the flags actually given.
func configFlags(fs *flag.FlagSet, getenv func(string) string) func() (Config, error) {
	configPath := fs.String("config", "", "YAML config file (env KYCD_CONFIG)")
	values := make(map[string]*string, len(settings))
	for _, s := range settings {
		values[s.flag] = fs.String(s.flag, "", s.usage+" (env "+s.env+")")
	}
	cams := &cameraFlags{}
	fs.Var(cams, "camera", "a kiosk camera NAME=SOURCE (device index, /dev/videoN, video file, rtsp/http URL); repeatable")
	return func() (Config, error) {
		c := DefaultConfig()
		path := *configPath
		if path == "" {
			path = getenv("KYCD_CONFIG")
		}
		if path != "" {
			if err := c.loadFile(path); err != nil {
				return c, err
			}
		}
		if err := c.applyEnv(getenv); err != nil {
			return c, err
		}
		var err error
		fs.Visit(func(f *flag.Flag) {
			for _, s := range settings {
				if s.flag == f.Name && err == nil {
					if e := s.set(&c, *values[s.flag]); e != nil {
						err = fmt.Errorf("--%s: %w", s.flag, e)
					}
				}
			}
		})
		if err != nil {
			return c, err
		}
		if cams.list != nil {
			c.Cameras = cams.list
		}
		if err := validateCameras(c.Cameras); err != nil {
			return c, fmt.Errorf("invalid configuration: %w", err)
		}
		if err := c.Validate(); err != nil {
			return c, fmt.Errorf("invalid configuration: %w", err)
		}
		return c, nil
	}
}

// loadConfig is configFlags for commands that take no other flags.
func loadConfig(name string, args []string, stderr io.Writer) (Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	build := configFlags(fs, os.Getenv)
	if err := fs.Parse(args); err != nil {
		return Config{}, nil, err
	}
	c, err := build()
	return c, fs.Args(), err
}

// cameraFlags collects the repeatable --camera NAME=SOURCE flag.
type cameraFlags struct{ list []capture.Source }

func (f *cameraFlags) String() string { return "" }

func (f *cameraFlags) Set(v string) error {
	src, err := capture.ParseSource(v)
	if err != nil {
		return err
	}
	f.list = append(f.list, src)
	return nil
}

// validateCameras checks every camera and that names are unique.
func validateCameras(cams []capture.Source) error {
	seen := map[string]bool{}
	for _, c := range cams {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("cameras: %w", err)
		}
		if seen[c.Name] {
			return fmt.Errorf("cameras: %s is configured twice", c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}
