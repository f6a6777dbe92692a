package daemon

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/kycd/kycd/storage"
)

// cmdKeyfile manages the at-rest encryption key file (not API keys: that is `kycd keys`).
//
//	status   how many keys the file holds and how many stored values an older key sealed
//	rotate   prepend a fresh key, reseal every image, template and device secret with it, and
//	         drop the older keys (--keep-old keeps them) — what they sealed, including erased
//	         images left in the database's free pages, can then no longer be decrypted
//	reseal   finish an interrupted rotate: reseal, then drop the older keys
//
// The daemon must be stopped (the database is opened exclusively).
func cmdKeyfile(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 {
		fmt.Fprintln(s.err, "usage: kycd keyfile status|rotate [--keep-old]|reseal [--keep-old] [--config FILE] [--data DIR]")
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("keyfile "+sub, flag.ContinueOnError)
	fs.SetOutput(s.err)
	build := configFlags(fs, os.Getenv)
	keepOld := fs.Bool("keep-old", false, "keep the older keys in the file after resealing")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	cfg, err := build()
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 2
	}
	var run func() error
	switch sub {
	case "status":
		run = func() error { return keyfileStatus(cfg, s) }
	case "rotate":
		run = func() error { return keyfileRotate(ctx, cfg, *keepOld, s) }
	case "reseal":
		run = func() error { return keyfileReseal(ctx, cfg, *keepOld, s) }
	default:
		fmt.Fprintf(s.err, "kycd keyfile: unknown subcommand %q (status, rotate, reseal)\n", sub)
		return 2
	}
	if err := run(); err != nil {
		fmt.Fprintln(s.err, "kycd keyfile "+sub+":", err)
		return 1
	}
	return 0
}

func keyfileStatus(cfg Config, s stdio) error {
	db, sealer, err := openSealed(cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	stale, err := db.StaleSealed()
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "key file %s: %d key(s); %d stored value(s) sealed with an older key\n", cfg.KeyFile(), sealer.Keys(), stale)
	return nil
}

func keyfileRotate(ctx context.Context, cfg Config, keepOld bool, s stdio) error {
	// Take the database lock first: rotating under a running daemon would leave it sealing with
	// a key the file no longer leads with.
	db, _, err := openSealed(cfg)
	if err != nil {
		return err
	}
	db.Close()
	if err := storage.RotateAESGCMKey(cfg.KeyFile()); err != nil {
		return err
	}
	fmt.Fprintf(s.err, "added a new key to %s\n", cfg.KeyFile())
	return keyfileReseal(ctx, cfg, keepOld, s)
}

func keyfileReseal(ctx context.Context, cfg Config, keepOld bool, s stdio) error {
	db, sealer, err := openSealed(cfg)
	if err != nil {
		return fmt.Errorf("%w (the new key is in place; run kycd keyfile reseal once the database is free)", err)
	}
	defer db.Close()
	n, err := db.Reseal(ctx)
	if err != nil {
		return fmt.Errorf("resealed %d value(s), then: %w (run kycd keyfile reseal again)", n, err)
	}
	fmt.Fprintf(s.err, "resealed %d value(s) with the newest key\n", n)
	stale, err := db.StaleSealed()
	if err != nil {
		return err
	}
	if keepOld || sealer.Keys() == 1 {
		fmt.Fprintf(s.out, "OK %d key(s) kept\n", sealer.Keys())
		return nil
	}
	if stale > 0 {
		return fmt.Errorf("%d value(s) still sealed with an older key: keys not dropped", stale)
	}
	dropped, err := storage.DropOldAESGCMKeys(cfg.KeyFile())
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "OK dropped %d older key(s)\n", dropped)
	_, err = db.AppendAudit(storage.AuditEvent{Action: "keyfile.rotate", Details: map[string]string{
		"resealed": fmt.Sprint(n), "dropped_keys": fmt.Sprint(dropped)}})
	return err
}

// openSealed is openDB that also returns the AES-GCM sealer it opened the database with.
func openSealed(cfg Config) (*storage.DB, *storage.AESGCMSealer, error) {
	db, err := openDB(cfg)
	if err != nil {
		return nil, nil, err
	}
	sealer, err := storage.NewAESGCMSealer(cfg.KeyFile())
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, sealer, nil
}
