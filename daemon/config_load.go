package daemon

import (
	"flag"
	"fmt"
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
