package daemon

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kycd/kycd/capture"
)

// cmdCameras is `kycd cameras`: the local video devices and the configured sources, as JSON,
// so an installer can see which /dev/video node to put in the config.
func cmdCameras(_ context.Context, args []string, s stdio) int {
	cfg, _, err := loadConfig("cameras", args, s.err)
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 2
	}
	type configured struct {
		Name   string       `json:"name"`
		Kind   capture.Kind `json:"kind"`
		Source string       `json:"source"`
	}
	out := struct {
		Devices    []capture.Device `json:"devices"`
		Configured []configured     `json:"configured"`
	}{Devices: capture.ListDevices(), Configured: []configured{}}
	for _, c := range cfg.Cameras {
		out.Configured = append(out.Configured, configured{Name: c.Name, Kind: c.Kind(), Source: c.Redacted()})
	}
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return 1
	}
	return 0
}
