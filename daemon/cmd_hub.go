package daemon

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"text/tabwriter"
	"time"

	"github.com/kycd/kycd/daemon/api"
	"github.com/kycd/kycd/daemon/hub"
)

// cmdHub is `kycd hub`: the same binary receiving upstream syncs from many kiosks.
func cmdHub(ctx context.Context, args []string, s stdio) int {
	if len(args) > 0 && args[0] == "device" {
		return cmdHubDevice(args[1:], s)
	}
	fs := flag.NewFlagSet("hub", flag.ContinueOnError)
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
	if err := runHub(ctx, cfg, log, s.out); err != nil && !errors.Is(err, context.Canceled) {
		log.Error("kycd hub stopped with an error", "err", err)
		return 1
	}
	return 0
}

// runHub serves the sync ingest endpoint and the read API until ctx ends, then stops
// accepting, finishes in-flight batches and closes the database last.
func runHub(ctx context.Context, cfg Config, log *slog.Logger, out io.Writer) error {
	db, err := openDB(cfg)
	if err != nil {
		return err
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("closing the database", "err", err)
		}
	}()
	if err := (&App{cfg: cfg, log: log, out: out, db: db}).bootstrapKey(); err != nil {
		return err
	}
	srv := api.New(api.Deps{DB: db, Log: log, Version: Version, Hub: hub.NewReceiver(db, log),
		Limits: api.Limits{Images: cfg.Images, MetadataMaxBytes: cfg.MetadataMaxBytes, VerifyTimeout: cfg.VerifyTimeout}})
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Listen, err)
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "version", Version, "role", "hub")
	notify("READY=1")
	select {
	case <-ctx.Done():
	case err = <-serveErr:
		err = fmt.Errorf("serving: %w", err)
	}
	notify("STOPPING=1")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil {
		log.Error("shutting down the hub API", "err", serr)
	}
	log.Info("stopped")
	return err
}

// cmdHubDevice is `kycd hub device add --name NAME | list`, on the hub's data directory.
func cmdHubDevice(args []string, s stdio) int {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(s.err, "usage: kycd hub device add --data DIR --name NAME | kycd hub device list --data DIR")
		return 2
	}
	fs := flag.NewFlagSet("hub device "+args[0], flag.ContinueOnError)
	fs.SetOutput(s.err)
	build := configFlags(fs, os.Getenv)
	name := fs.String("name", "", "a name for the device (where it stands)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	cfg, err := build()
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 2
	}
	db, err := openDB(cfg)
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 1
	}
	defer db.Close()
	if args[0] == "list" {
		devs, err := db.ListDevices()
		if err != nil {
			fmt.Fprintln(s.err, "kycd: listing devices:", err)
			return 1
		}
		tw := tabwriter.NewWriter(s.out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tLAST SEEN\tLAST SEQ\tAPPLIED\tDUPLICATES\tREJECTED")
		for _, d := range devs {
			seen := "-"
			if !d.LastSeen.IsZero() {
				seen = d.LastSeen.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\n", d.ID, d.Name, seen, d.LastSeq, d.Applied, d.Duplicates, d.Rejected)
		}
		tw.Flush()
		return 0
	}
	if *name == "" {
		fmt.Fprintln(s.err, "kycd hub device add: --name is required")
		return 2
	}
	d, secret, err := db.CreateDevice(*name)
	if err != nil {
		fmt.Fprintln(s.err, "kycd: adding device:", err)
		return 1
	}
	// "ID SECRET" alone on the first line, for scripts.
	fmt.Fprintf(s.out, "%s %s\n", d.ID, secret)
	fmt.Fprintf(s.err, "added device %s (%s); the secret is shown only this once.\n"+
		"On the kiosk: kycd run --upstream URL --device-id %s --device-secret SECRET (or sync: in the config file)\n", d.ID, d.Name, d.ID)
	return 0
}
