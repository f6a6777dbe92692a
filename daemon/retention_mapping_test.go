package daemon

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// A retention pass leaves few of the database's pages mapped into the process: erasing
// images reads pages through bbolt's mmap, and a pass over many verifications mapped tens of
// MB at once until the periodic releaser ran (the soak's peaks).
func TestRetentionReleasesMappedPages(t *testing.T) {
	db := storagetest.MustOpenWith(t, t.TempDir()+"/kycd.db", storage.Options{})
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	const n = 96
	for i := range n {
		img := make([]byte, 384<<10)
		rand.Read(img)
		err := db.PutVerification(context.Background(), storage.Record{
			ID: fmt.Sprintf("ver_ret%05d", i), CreatedAt: now.Add(-time.Hour), Status: "verified", Body: []byte(`{}`),
		}, storage.WriteOptions{Blobs: map[string][]byte{"selfie": img, "document_front": img[:128<<10]}})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ReleaseMappedPages(); err != nil {
		t.Fatal(err)
	}
	before := mappedKB(t, db)
	r := &retention{
		cfg: RetentionConfig{Images: time.Minute, Interval: time.Minute}, db: db,
		log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: func() time.Time { return now },
	}
	counts, err := r.purge(context.Background())
	if err != nil || counts[storage.PurgeImages] != n {
		t.Fatalf("purged %v, %v; want %d images", counts, err, n)
	}
	after := mappedKB(t, db)
	t.Logf("database pages mapped: %d kB before the pass, %d kB after erasing the images of %d verifications (48 MB)", before, after, n)
	if after-before > 2<<10 {
		t.Errorf("the pass left %d kB of the database mapped, want under 2 MB", after-before)
	}
}

// mappedKB is the resident size of the process's mapping of db's file (/proc/self/smaps).
func mappedKB(t *testing.T, db *storage.DB) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	path := db.Path()
	total, in := 0, false
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			in = len(f) >= 6 && f[len(f)-1] == path
			continue
		}
		if v, ok := strings.CutPrefix(l, "Rss:"); ok && in {
			k, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			total += k
		}
	}
	return total
}
