// Package systemd holds the kycd systemd unit: the file the .deb ships and, with its ExecStart
// turned into a kardianos/service template, the unit `kycd install` writes. One source for both,
// so the packaged and the self-installed service are hardened the same way.
package systemd

import (
	_ "embed"
	"strings"
)

// Unit is systemd/kycd.service as shipped in the .deb (ExecStart=/usr/bin/kycd …).
//
//go:embed kycd.service
var Unit string

// execStartTemplate is kardianos/service's ExecStart: the path of the installing binary and
// the arguments given to `kycd install`, quoted by its template functions.
const execStartTemplate = "ExecStart={{Path | cmdEscape}}{{range Arguments}} {{. | cmd}}{{end}}"

// Template is Unit as a kardianos/service SystemdScript: the ExecStart line is replaced, every
// other line is kept verbatim. kardianos' mini template engine only interprets {{…}}, which
// the unit does not otherwise contain.
func Template() string {
	lines := strings.Split(Unit, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "ExecStart=") {
			lines[i] = execStartTemplate
		}
	}
	return strings.Join(lines, "\n")
}
