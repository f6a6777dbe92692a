package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/kycd/kycd/engine"
)

// cmdVerify runs one verification offline, in-process, and prints the verification object
// (the API's JSON). Nothing is stored.
func cmdVerify(ctx context.Context, args []string, s stdio) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(s.err)
	build := configFlags(fs, os.Getenv)
	front := fs.String("front", "", "image of the document front (required)")
	back := fs.String("back", "", "image of the document back")
	selfie := fs.String("selfie", "", "selfie image")
	docType := fs.String("type", "", "document type: cin, cni, passport, permit, residence_card (required)")
	country := fs.String("country", "", "ISO 3166-1 alpha-2 country (required)")
	checks := fs.String("checks", "", "comma-separated checks (default: every check the images allow)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *front == "" || *docType == "" || *country == "" {
		fmt.Fprintln(s.err, "usage: kycd verify --front F [--back B] [--selfie S] --type T --country CC [--checks a,b]")
		return 2
	}
	cfg, err := build()
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 2
	}
	log := newLogger(cfg, s.err)
	set, err := loadChecks(cfg, log)
	if err != nil {
		fmt.Fprintln(s.err, "kycd: loading checks:", err)
		return 1
	}
	defer set.close()
	eng, err := engine.New(cfg.Risk, set.list...)
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 1
	}

	in := &engine.Input{DocumentType: *docType, Country: *country, Now: time.Now().UTC()}
	images := make([][]byte, 3)
	for i, path := range []string{*front, *back, *selfie} {
		if path == "" {
			continue
		}
		if images[i], err = os.ReadFile(path); err != nil {
			fmt.Fprintln(s.err, "kycd:", err)
			return 1
		}
	}
	if err := in.DecodeImages(cfg.Images, images[0], images[1], images[2]); err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 1
	}
	defer in.Close()
	plan, err := eng.Plan(in, splitList(*checks))
	if err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		if errors.Is(err, engine.ErrCheckNotAvailable) {
			return 3
		}
		return 1
	}
	now := in.Now.Format(time.RFC3339)
	v := &engine.Verification{ID: "ver_offline", Object: "identity.verification", CreatedAt: now, UpdatedAt: now,
		DocumentType: *docType, Country: *country, Metadata: map[string]any{}}
	if err := eng.Verify(ctx, in, plan, v); err != nil {
		fmt.Fprintln(s.err, "kycd:", err)
		return 1
	}
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	enc.Encode(v)
	return 0
}
