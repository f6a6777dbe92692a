package daemon

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/kycd/kycd/storage"
)

// runCLI runs one kycd command in-process and returns exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

// seedDB stores n verifications with an image, a template and an audit event each.
func seedDB(t *testing.T, data string, n int) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.DataDir = data
	db, err := openDB(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range n {
		id := "ver_seed" + strings.Repeat("0", 7) + string(rune('a'+i))
		err := db.PutVerification(context.Background(), storage.Record{ID: id, Status: "verified", Body: []byte(`{}`)},
			storage.WriteOptions{Blobs: map[string][]byte{"selfie": []byte("img" + id)}, Template: []byte("t"),
				Audit: &storage.AuditEvent{Action: "verification.create"}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditVerifyCommand(t *testing.T) {
	data := t.TempDir()
	seedDB(t, data, 3)
	code, out, _ := runCLI(t, "audit", "verify", "--data", data)
	if code != 0 || strings.TrimSpace(out) != "OK 3 events" {
		t.Fatalf("intact chain: exit %d, %q", code, out)
	}
	// Rewrite event 2's action behind the database's back.
	bdb, err := bolt.Open(filepath.Join(data, "kycd.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit"))
		k := binary.BigEndian.AppendUint64(nil, 2)
		v := bytes.Replace(b.Get(k), []byte("verification.create"), []byte("verification.delete"), 1)
		return b.Put(k, v)
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, "audit", "verify", "--data", data)
	if code != 1 || !strings.HasPrefix(out, "BROKEN at seq 2 ") {
		t.Fatalf("tampered chain: exit %d, %q", code, out)
	}
	if code, _, _ := runCLI(t, "audit"); code != 2 {
		t.Errorf("bare audit: exit %d, want 2", code)
	}
}

func TestKeyfileRotateCommand(t *testing.T) {
	data := t.TempDir()
	seedDB(t, data, 2)
	keyFile := filepath.Join(data, "kycd.key")
	before, _ := os.ReadFile(keyFile)

	code, out, errOut := runCLI(t, "keyfile", "rotate", "--data", data)
	if code != 0 || !strings.Contains(out, "OK dropped 1 older key(s)") || !strings.Contains(errOut, "resealed 4 value(s)") {
		t.Fatalf("rotate: exit %d, out %q, err %q", code, out, errOut)
	}
	after, _ := os.ReadFile(keyFile)
	if len(after) != 32 || bytes.Equal(after, before) {
		t.Fatalf("key file after rotate: %d bytes, changed=%v", len(after), !bytes.Equal(after, before))
	}
	if st, _ := os.Stat(keyFile); st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %s", st.Mode().Perm())
	}
	code, out, _ = runCLI(t, "keyfile", "status", "--data", data)
	if code != 0 || !strings.Contains(out, "1 key(s); 0 stored value(s)") {
		t.Errorf("status: exit %d, %q", code, out)
	}
	// Everything still opens with the new key alone, and the rotation is audited.
	cfg := DefaultConfig()
	cfg.DataDir = data
	db, err := openDB(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := db.GetBlob("ver_seed0000000b", "selfie"); err != nil || string(b) != "imgver_seed0000000b" {
		t.Errorf("blob after rotate: %q %v", b, err)
	}
	if n, err := db.VerifyAudit(); err != nil || n != 3 {
		t.Errorf("audit after rotate: %d %v", n, err)
	}
	db.Close()

	// --keep-old keeps both keys.
	if code, out, _ := runCLI(t, "keyfile", "rotate", "--keep-old", "--data", data); code != 0 || !strings.Contains(out, "2 key(s) kept") {
		t.Errorf("rotate --keep-old: exit %d, %q", code, out)
	}
}
