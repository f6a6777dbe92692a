package daemon

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Version is set at build time with -ldflags "-X github.com/kycd/kycd/daemon.Version=…".
var Version = "dev"

// command is one CLI verb.
type command struct {
	name, usage string
	run         func(ctx context.Context, args []string, io stdio) int
}

// stdio is the command's view of the terminal, so tests can drive commands in-process.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

func commands() []command {
	return []command{
		{"run", "run the daemon in the foreground", cmdRun},
		{"version", "print the version", cmdVersion},
		{"keys", "create|list|revoke API keys", cmdKeys},
		{"keyfile", "status|rotate|reseal the at-rest encryption key file (not API keys)", cmdKeyfile},
		{"audit", "verify the hash-chained audit log", cmdAudit},
		{"cameras", "list local video devices and configured cameras", cmdCameras},
		{"hub", "receive upstream syncs from many kiosks; hub device add|list", cmdHub},
		{"verify", "verify one document offline and print the verification JSON", cmdVerify},
		{"mrz", "mrz parse (MRZ text on stdin) | mrz read IMAGE…", func(ctx context.Context, a []string, s stdio) int { return cmdMRZ(ctx, a, s.in, s.out, s.err) }},
		{"specimen", "specimen --type T --country C --n N --seed S --out DIR [--degrade] | specimen eval DIR", func(ctx context.Context, a []string, s stdio) int { return cmdSpecimen(ctx, a, s.out, s.err) }},
		{"face", "face compare A B [C…] | face eval DIR", func(ctx context.Context, a []string, s stdio) int { return cmdFace(ctx, a, s.out, s.err) }},
		{"bench", "end-to-end verification benchmark (-json); bench mrz DIR; bench compare OLD NEW", cmdBench},
		{"install", "install kycd as an OS service", serviceCommand("install")},
		{"uninstall", "remove the OS service", serviceCommand("uninstall")},
		{"start", "start the OS service", serviceCommand("start")},
		{"stop", "stop the OS service", serviceCommand("stop")},
		{"restart", "restart the OS service", serviceCommand("restart")},
		{"status", "show the OS service status", serviceCommand("status")},
	}
}

// Main runs the kycd command line and returns the process exit code.
func Main(args []string) int {
	pinNativeEnv()
	return run(args, stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
}

func run(args []string, s stdio) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(s.err)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	// SIGTERM and SIGINT cancel the context: every command stops cleanly, the daemon drains.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], s)
		}
	}
	fmt.Fprintf(s.err, "kycd: unknown command %q\n\n", args[0])
	usage(s.err)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "kycd — offline identity verification\n\nUsage: kycd COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.usage)
	}
	fmt.Fprintln(w, "\nRun 'kycd COMMAND -h' for the flags of a command.")
}

func cmdVersion(_ context.Context, _ []string, s stdio) int {
	fmt.Fprintf(s.out, "kycd %s\n", Version)
	return 0
}
