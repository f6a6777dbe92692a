package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/kardianos/service"

	"github.com/kycd/kycd/systemd"
)

// program adapts the daemon to kardianos/service: Start must not block, Stop signals and waits.
type program struct {
	cfg    Config
	log    *slog.Logger
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

func (p *program) Start(service.Service) error {
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.done = make(chan error, 1)
	go func() { p.done <- runDaemon(ctx, p.cfg, p.log, os.Stdout) }()
	return nil
}

func (p *program) Stop(service.Service) error {
	var err error
	p.once.Do(func() {
		p.cancel()
		err = <-p.done
	})
	return err
}

func serviceConfig(args []string) *service.Config {
	return &service.Config{
		Name:        "kycd",
		DisplayName: "kycd identity verification",
		Description: "Offline identity verification: document OCR and MRZ, face match, liveness, fraud checks.",
		Arguments:   append([]string{"run"}, args...),
		Dependencies: []string{
			"After=network.target",
		},
		Option: service.KeyValue{
			"Restart": "on-failure",
			// The hardened unit the .deb ships (Type=notify, kycd user in group video, sandbox),
			// with ExecStart pointing at this binary and the install arguments. Other service
			// managers (Windows, launchd) ignore it.
			"SystemdScript": systemd.Template(),
		},
	}
}

// serviceCommand runs install|uninstall|start|stop|restart|status on the OS service manager.
// Flags given to install (e.g. --config /etc/kycd/config.yaml) are passed to `kycd run`.
func serviceCommand(action string) func(context.Context, []string, stdio) int {
	return func(_ context.Context, args []string, s stdio) int {
		svc, err := service.New(&program{}, serviceConfig(args))
		if err != nil {
			fmt.Fprintln(s.err, "kycd:", err)
			return 1
		}
		if action == "status" {
			st, err := svc.Status()
			if err != nil {
				fmt.Fprintln(s.err, "kycd: service status:", err)
				return 1
			}
			fmt.Fprintln(s.out, map[service.Status]string{service.StatusRunning: "running", service.StatusStopped: "stopped"}[st])
			if st != service.StatusRunning {
				return 3
			}
			return 0
		}
		if err := service.Control(svc, action); err != nil {
			fmt.Fprintf(s.err, "kycd %s: %v\n", action, err)
			return 1
		}
		fmt.Fprintf(s.err, "kycd: %s done\n", action)
		return 0
	}
}
