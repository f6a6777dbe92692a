package daemon

import (
	"strings"
	"testing"
)

// TestServiceConfigUsesHardenedUnit: `kycd install` must write the shipped unit, not
// kardianos' default (Type=simple, root, no sandbox).
func TestServiceConfigUsesHardenedUnit(t *testing.T) {
	cfg := serviceConfig([]string{"--config", "/etc/kycd/config.yaml"})
	script, _ := cfg.Option["SystemdScript"].(string)
	for _, want := range []string{"Type=notify", "User=kycd", "ProtectSystem=strict", "{{Path | cmdEscape}}"} {
		if !strings.Contains(script, want) {
			t.Errorf("SystemdScript lacks %q", want)
		}
	}
	if got := strings.Join(cfg.Arguments, " "); got != "run --config /etc/kycd/config.yaml" {
		t.Errorf("arguments %q", got)
	}
}
