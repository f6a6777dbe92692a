package daemon

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

func cmdRun(ctx context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(s.err)
	build := configFlags(fs, os.Getenv)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := build()
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 2
	}
	log := newLogger(cfg, s.err)
	if err := runDaemon(ctx, cfg, log, s.out); err != nil {
		log.Error("kycd stopped with an error", "err", err)
		return 1
	}
	return 0
}

// runDaemon builds and runs the app until ctx ends.
func runDaemon(ctx context.Context, cfg Config, log *slog.Logger, out io.Writer) error {
	app, err := NewApp(cfg, log, out)
	if err != nil {
		return err
	}
	if err := app.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel)))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
