package systemd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnitSettings pins the settings the kiosk depends on: losing one of them either breaks
// the service (notify, state directory, camera) or silently weakens its sandbox.
func TestUnitSettings(t *testing.T) {
	for _, want := range []string{
		"Type=notify", "StateDirectory=kycd", "User=kycd", "SupplementaryGroups=video",
		"Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
		"PrivateTmp=yes", "ProtectKernelTunables=yes", "ProtectKernelModules=yes",
		"ProtectKernelLogs=yes", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
		"DevicePolicy=closed", "DeviceAllow=char-video4linux rw", "SystemCallFilter=@system-service",
		"ExecStart=/usr/bin/kycd run --config /etc/kycd/config.yaml",
	} {
		if !hasLine(Unit, want) {
			t.Errorf("kycd.service lacks %q", want)
		}
	}
	if hasLine(Unit, "PrivateDevices=yes") {
		t.Error("PrivateDevices=yes hides /dev/video*: the camera would not open")
	}
}

func TestTemplate(t *testing.T) {
	tmpl := Template()
	if !hasLine(tmpl, execStartTemplate) {
		t.Fatalf("template has no kardianos ExecStart:\n%s", tmpl)
	}
	if strings.Count(tmpl, "{{") != strings.Count(execStartTemplate, "{{") {
		t.Error("template has {{ outside ExecStart: kardianos would try to interpret it")
	}
	// Everything but ExecStart is the shipped unit, line for line.
	a, b := strings.Split(Unit, "\n"), strings.Split(tmpl, "\n")
	if len(a) != len(b) {
		t.Fatalf("template has %d lines, unit %d", len(b), len(a))
	}
	for i := range a {
		if a[i] != b[i] && !strings.HasPrefix(a[i], "ExecStart=") {
			t.Errorf("line %d: %q became %q", i+1, a[i], b[i])
		}
	}
}

// TestSystemdAnalyzeVerify runs `systemd-analyze verify` on the unit, with ExecStart pointing
// at an executable that exists here (verify checks it).
func TestSystemdAnalyzeVerify(t *testing.T) {
	bin, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed (apt-get install systemd): unit not verified")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	unit := strings.Replace(Unit, "ExecStart=/usr/bin/kycd", "ExecStart="+self, 1)
	path := filepath.Join(t.TempDir(), "kycd.service")
	if err := os.WriteFile(path, []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "verify", path).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}

func hasLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}
