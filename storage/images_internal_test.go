package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestScanImagesResumes: Reseal's flat view of the images bucket lists (id, kind) pairs in that
// order and resumes after any key, also one that is gone meanwhile.
func TestScanImagesResumes(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "kycd.db"), Options{Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	images := map[string][]string{
		"ver_a":  {"document_back", "document_front", "selfie"},
		"ver_a-": {"selfie"}, // "ver_a-/selfie" < "ver_a/…" as bytes, but ver_a < ver_a- as ids
		"ver_a0": {"a", "b"},
		"ver_b":  {"selfie"},
	}
	for i, id := range []string{"ver_a", "ver_a-", "ver_a0", "ver_b"} {
		w := WriteOptions{Blobs: map[string][]byte{}}
		for _, kind := range images[id] {
			w.Blobs[kind] = []byte(id + "/" + kind)
		}
		if err := db.PutVerification(context.Background(), Record{ID: id, Status: "verified", Body: []byte(`{}`)}, w); err != nil {
			t.Fatal(i, err)
		}
	}
	all := []string{"ver_a/document_back", "ver_a/document_front", "ver_a/selfie", "ver_a-/selfie", "ver_a0/a", "ver_a0/b", "ver_b/selfie"}
	scan := func(after []byte, limit int) (keys []string, end bool) {
		db.view(func(tx *bolt.Tx) error {
			end = scanImages(tx, after, func(k, v []byte) bool {
				if len(keys) == limit {
					return false
				}
				if !strings.HasSuffix(string(v), string(k)) { // NoopSealer: a scheme byte, then the plain bytes
					t.Errorf("key %s holds %q", k, v)
				}
				keys = append(keys, string(k))
				return true
			})
			return nil
		})
		return keys, end
	}
	tests := []struct {
		after string // "" = from the start
		limit int
		want  []string
		end   bool
	}{
		{"", 100, all, true},
		{"", 2, all[:2], false},
		{"", 6, all[:6], false},
		{"", 7, all, true},
		{"ver_a/selfie", 1, all[3:4], false},
		{"ver_a-/selfie", 100, all[4:], true},
		{"ver_a0/a", 100, all[5:], true},
		{"ver_a/document_c", 100, all[1:], true}, // kinds gone meanwhile
		{"ver_a/document_g", 100, all[2:], true},
		{"ver_a00/x", 100, all[6:], true}, // an id gone meanwhile
		{"ver_b/selfie", 100, nil, true},
		{"ver_z/x", 100, nil, true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("after %q limit %d", tc.after, tc.limit), func(t *testing.T) {
			var after []byte
			if tc.after != "" {
				after = []byte(tc.after)
			}
			got, end := scan(after, tc.limit)
			if !slices.Equal(got, tc.want) || end != tc.end {
				t.Errorf("scan = %v, end %v; want %v, end %v", got, end, tc.want, tc.end)
			}
		})
	}
	if err := db.Check(); err != nil {
		t.Error(err)
	}
}
