package storage_test

import (
	"fmt"
	"testing"

	"github.com/kycd/kycd/storage"
	"github.com/kycd/kycd/storage/storagetest"
)

// TestSpaceShowsErasedImagesAsFree: erased images leave free pages under the high-water
// mark, and the file covers the mark.
func TestSpaceShowsErasedImagesAsFree(t *testing.T) {
	const n, imageSize = 8, 256 << 10
	db := storagetest.MustOpen(t)
	var ids []string
	for i := range n {
		id := fmt.Sprintf("ver_space%02d", i)
		ids = append(ids, id)
		mustPut(t, db, storage.Record{ID: id, Status: "verified", Body: []byte(`{}`)}, storage.WriteOptions{
			Blobs: map[string][]byte{"selfie": randBytes(imageSize)}})
	}
	before, err := db.Space()
	if err != nil {
		t.Fatal(err)
	}
	if before.UsedBytes < n*imageSize || before.FileBytes < before.UsedBytes {
		t.Fatalf("after %d images of %d bytes: %+v", n, imageSize, before)
	}
	for _, id := range ids[:n/2] {
		if _, err := db.EraseImages(id, nil); err != nil {
			t.Fatal(err)
		}
	}
	after, err := db.Space()
	if err != nil {
		t.Fatal(err)
	}
	if after.FreeBytes < n/2*imageSize {
		t.Errorf("after erasing %d images of %d bytes: free %d bytes, want at least %d", n/2, imageSize, after.FreeBytes, n/2*imageSize)
	}
	if after.UsedBytes != before.UsedBytes {
		t.Errorf("erasing moved the high-water mark: %d → %d", before.UsedBytes, after.UsedBytes)
	}
}
