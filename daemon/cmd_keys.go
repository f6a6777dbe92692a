package daemon

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kycd/kycd/storage"
)

func cmdKeys(_ context.Context, args []string, s stdio) int {
	if len(args) == 0 {
		fmt.Fprintln(s.err, "usage: kycd keys create --name NAME [--scopes verify,read,review,admin] | list | revoke ID")
		return 2
	}
	sub := args[0]
	fs := flag.NewFlagSet("keys "+sub, flag.ContinueOnError)
	fs.SetOutput(s.err)
	build := configFlags(fs, os.Getenv)
	name := fs.String("name", "", "a name for the key (who uses it)")
	scopes := fs.String("scopes", "verify,read", "comma-separated scopes: verify, read, review, admin")
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

	switch sub {
	case "create":
		if *name == "" {
			fmt.Fprintln(s.err, "kycd keys create: --name is required")
			return 2
		}
		plain, info, err := db.CreateKey(*name, splitList(*scopes))
		if err != nil {
			fmt.Fprintln(s.err, "kycd: creating key:", err)
			return 1
		}
		// The key alone on the first line, so scripts can take it with `head -1`.
		fmt.Fprintln(s.out, plain)
		fmt.Fprintf(s.err, "created %s (%s) with scopes %s — it is shown only this once\n", info.ID, info.Name, strings.Join(info.Scopes, ","))
		return 0
	case "list":
		keys, err := db.ListKeys()
		if err != nil {
			fmt.Fprintln(s.err, "kycd: listing keys:", err)
			return 1
		}
		tw := tabwriter.NewWriter(s.out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tPREFIX\tSCOPES\tCREATED\tREVOKED")
		for _, k := range keys {
			revoked := "-"
			if k.RevokedAt != nil {
				revoked = k.RevokedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Prefix, strings.Join(k.Scopes, ","), k.CreatedAt.UTC().Format(time.RFC3339), revoked)
		}
		tw.Flush()
		return 0
	case "revoke":
		if fs.NArg() != 1 {
			fmt.Fprintln(s.err, "usage: kycd keys revoke ID")
			return 2
		}
		if err := db.RevokeKey(fs.Arg(0)); err != nil {
			if errors.Is(err, storage.ErrNotFound) {
				fmt.Fprintf(s.err, "kycd: no key %s\n", fs.Arg(0))
				return 1
			}
			fmt.Fprintln(s.err, "kycd: revoking key:", err)
			return 1
		}
		fmt.Fprintf(s.err, "revoked %s\n", fs.Arg(0))
		return 0
	}
	fmt.Fprintf(s.err, "kycd keys: unknown subcommand %q (create, list, revoke)\n", sub)
	return 2
}
