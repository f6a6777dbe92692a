package daemon

import (
	"encoding/binary"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/kycd/kycd/engine"
	"github.com/kycd/kycd/engine/duplicate"
	"github.com/kycd/kycd/storage"
)

// dupIndex keeps the engine's in-memory duplicate index in step with storage: loaded at start,
// fed after each stored verification, emptied of deleted ones. Templates are stored sealed
// with the record (WriteOptions.Template); document keys and image hashes in the phashes and
// docnums buckets.
type dupIndex struct {
	idx   *duplicate.Index
	check engine.Duplicate
	db    *storage.DB
	log   *slog.Logger

	mu      sync.Mutex
	pending map[string]duplicate.Entry // ran and about to be stored
}

func newDupIndex(log *slog.Logger) (*dupIndex, error) {
	idx, err := duplicate.New(engine.DuplicateConfig())
	if err != nil {
		return nil, err
	}
	return &dupIndex{idx: idx, check: engine.NewDuplicate(idx), log: log, pending: map[string]duplicate.Entry{}}, nil
}

// load fills the index from db and keeps db for later writes.
func (d *dupIndex) load(db *storage.DB) error {
	d.db = db
	start := time.Now()
	entries := map[string]*duplicate.Entry{}
	get := func(id string) *duplicate.Entry {
		if entries[id] == nil {
			entries[id] = &duplicate.Entry{ID: id}
		}
		return entries[id]
	}
	err := db.ForEachTemplate(func(id string, t []byte) error {
		f, err := decodeTemplate(t)
		if err != nil {
			return fmt.Errorf("template of %s: %w", id, err)
		}
		get(id).Face = f
		return nil
	})
	if err != nil {
		return fmt.Errorf("loading face templates: %w", err)
	}
	err = db.ForEachDupEntry(func(id string, e storage.DupEntry) error {
		en := get(id)
		en.DocKeys, en.Hashes = e.DocKeys, e.Hashes
		return nil
	})
	if err != nil {
		return fmt.Errorf("loading the duplicate index: %w", err)
	}
	for _, e := range entries {
		if err := d.idx.Put(*e); err != nil {
			return err
		}
	}
	st := d.idx.Stats()
	d.log.Info("duplicate index loaded", "faces", st.Faces, "documents", st.DocKeys, "image_hashes", st.Hashes,
		"face_bytes", st.FaceBytes, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// BeforeStore adds the sealed face template of verification id to its write.
func (d *dupIndex) BeforeStore(id string, w *storage.WriteOptions) {
	e, ok := d.check.Staged(id)
	if !ok {
		return
	}
	if e.Face != nil {
		w.Template = encodeTemplate(e.Face)
	}
	d.mu.Lock()
	d.pending[id] = e
	d.mu.Unlock()
}

// AfterStore persists the document keys and hashes and makes the verification searchable. A
// failure is logged, not returned: the verification is stored, only its duplicate search
// entry is missing.
func (d *dupIndex) AfterStore(id string) {
	d.mu.Lock()
	e, ok := d.pending[id]
	delete(d.pending, id)
	d.mu.Unlock()
	if !ok {
		return
	}
	if d.db != nil {
		if err := d.db.PutDupEntry(id, storage.DupEntry{DocKeys: e.DocKeys, Hashes: e.Hashes}); err != nil {
			d.log.Error("storing duplicate index entry", "id", id, "err", err)
		}
	}
	if err := d.idx.Put(e); err != nil {
		d.log.Error("indexing verification", "id", id, "err", err)
	}
}

// StoreFailed drops what BeforeStore kept for a verification that was not stored.
func (d *dupIndex) StoreFailed(id string) {
	d.mu.Lock()
	delete(d.pending, id)
	d.mu.Unlock()
}

// Forget removes a deleted verification from the index (storage erased its entry and template
// with the record).
func (d *dupIndex) Forget(id string) { d.idx.Remove(id) }

// Templates are stored as 128 little-endian float32.
func encodeTemplate(f []float32) []byte {
	out := make([]byte, 0, 4*len(f))
	for _, v := range f {
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(v))
	}
	return out
}

func decodeTemplate(b []byte) ([]float32, error) {
	if len(b) != 4*duplicate.Dim {
		return nil, fmt.Errorf("%d bytes, want %d", len(b), 4*duplicate.Dim)
	}
	out := make([]float32, duplicate.Dim)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out, nil
}
