package storage_test

import (
	"fmt"
	"testing"

	"github.com/kycd/kycd/storage"
)

func TestOutboxOrderAndAck(t *testing.T) {
	db := openTicking(t)
	for i := range 5 {
		mustPut(t, db, rec(fmt.Sprintf("ver_%d", i), i, "verified"), storage.WriteOptions{Outbox: true})
	}
	mustPut(t, db, rec("ver_1", 1, "rejected"), storage.WriteOptions{Outbox: true})
	mustPut(t, db, rec("ver_x", 9, "verified"), storage.WriteOptions{}) // no outbox item
	if err := db.DeleteVerification("ver_2", nil, storage.WriteOptions{Outbox: true}); err != nil {
		t.Fatal(err)
	}

	items, err := db.OutboxPeek(100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, it := range items {
		if it.Seq != uint64(i+1) {
			t.Errorf("item %d has seq %d", i, it.Seq)
		}
		got = append(got, fmt.Sprintf("%s@%d/%s", it.VerificationID, it.Version, it.Kind))
	}
	want := "[ver_0@1/upsert ver_1@1/upsert ver_2@1/upsert ver_3@1/upsert ver_4@1/upsert ver_1@2/upsert ver_2@2/delete]"
	if fmt.Sprint(got) != want {
		t.Errorf("outbox = %v\nwant     %v", got, want)
	}

	tests := []struct {
		name      string
		ack       []uint64
		wantDepth int
		wantFirst uint64
	}{
		{"ack none", nil, 7, 1},
		{"ack head", []uint64{1, 2}, 5, 3},
		{"ack middle", []uint64{5}, 4, 3},
		{"ack again and unknown", []uint64{1, 5, 99}, 4, 3},
		{"ack rest", []uint64{3, 4, 6, 7}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := db.OutboxAck(tc.ack...); err != nil {
				t.Fatal(err)
			}
			if n, err := db.OutboxDepth(); err != nil || n != tc.wantDepth {
				t.Errorf("OutboxDepth = %d, %v, want %d", n, err, tc.wantDepth)
			}
			head, err := db.OutboxPeek(2)
			if err != nil {
				t.Fatal(err)
			}
			var first uint64
			if len(head) > 0 {
				first = head[0].Seq
			}
			if first != tc.wantFirst || len(head) > 2 {
				t.Errorf("OutboxPeek(2) = %+v, want first seq %d", head, tc.wantFirst)
			}
		})
	}
	mustPut(t, db, rec("ver_0", 0, "review"), storage.WriteOptions{Outbox: true})
	if items, _ := db.OutboxPeek(1); len(items) != 1 || items[0].Seq != 8 {
		t.Errorf("seqs must not be reused after acks: %+v", items)
	}
}
