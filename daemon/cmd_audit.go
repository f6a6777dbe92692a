package daemon

import (
	"context"
	"errors"
	"fmt"

	"github.com/kycd/kycd/storage"
)

// cmdAudit is `kycd audit verify`: walk the hash-chained audit log and say whether it is intact.
// Exit 0 with "OK <n> events", or exit 1 naming the first event that does not verify.
func cmdAudit(_ context.Context, args []string, s stdio) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(s.err, "usage: kycd audit verify [--config FILE] [--data DIR]")
		return 2
	}
	cfg, _, err := loadConfig("audit verify", args[1:], s.err)
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
	n, err := db.VerifyAudit()
	switch {
	case err == nil:
		fmt.Fprintf(s.out, "OK %d events\n", n)
		return 0
	case errors.Is(err, storage.ErrAuditBroken):
		// VerifyAudit verified n events in order: the first bad one is the next.
		fmt.Fprintf(s.out, "BROKEN at seq %d (%d events verified before it): %v\n", n+1, n, err)
		return 1
	}
	fmt.Fprintln(s.err, "kycd: verifying the audit chain:", err)
	return 1
}
