package storage_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// rssFileKB is the process's file-backed resident memory (/proc/self/status RssFile).
func rssFileKB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "RssFile:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	t.Skip("no RssFile line")
	return 0
}

// Reading stored images maps the database's pages into the process; releasing the mapping
// gives that resident memory back, and every image still reads back intact afterwards.
func TestReleaseMappedPages(t *testing.T) {
	db := storagetest.MustOpenWith(t, t.TempDir()+"/kycd.db", storage.Options{})
	imgs := map[string][]byte{}
	for i := range 40 {
		img := make([]byte, 512<<10)
		rand.Read(img)
		id := fmt.Sprintf("ver_map%03d", i)
		imgs[id] = img
		if err := db.PutVerification(context.Background(), storage.Record{ID: id, Status: "verified", Body: []byte(`{}`)},
			storage.WriteOptions{Blobs: map[string][]byte{"selfie": img}}); err != nil {
			t.Fatal(err)
		}
	}
	readAll := func() {
		t.Helper()
		for id, want := range imgs {
			got, err := db.GetBlob(id, "selfie")
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s: %d bytes, %v", id, len(got), err)
			}
		}
	}
	before := rssFileKB(t)
	readAll() // 20 MB through the mmap
	mapped := rssFileKB(t)
	if mapped-before < 10<<10 {
		t.Skipf("reading 20 MB mapped only %d kB more (page cache evicted?)", mapped-before)
	}
	size, err := db.ReleaseMappedPages()
	if err != nil {
		t.Fatal(err)
	}
	after := rssFileKB(t)
	t.Logf("RssFile %d kB → %d kB after reading → %d kB after releasing %d MB", before, mapped, after, size>>20)
	if after > before+(mapped-before)/4 {
		t.Errorf("RssFile %d kB after the release, want near %d kB", after, before)
	}
	readAll()
}
