package storage

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestDecodeRecordVersions(t *testing.T) {
	good, err := encodeRecord(Record{ID: "ver_a", CreatedAt: time.Unix(1, 5).UTC(), UpdatedAt: time.Unix(2, 0).UTC(), Status: "verified", Version: 3, Body: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"good", good, nil},
		{"empty", nil, ErrCorrupt},
		{"version 2", append([]byte{2}, good[1:]...), ErrUnknownVersion},
		{"version 0", append([]byte{0}, good[1:]...), ErrUnknownVersion},
		{"bad json", []byte("\x01{"), ErrCorrupt},
		{"no id", []byte(`` + "\x01" + `{"created_at":"2020-01-01T00:00:00Z"}`), ErrCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeRecord(tc.data)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("decodeRecord = %v, want %v", err, tc.want)
			}
		})
	}
}

func FuzzDecodeRecord(f *testing.F) {
	good, _ := encodeRecord(Record{ID: "ver_a", CreatedAt: time.Unix(1, 5), Status: "verified", Version: 3, Body: []byte(`{"x":1}`)})
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Add([]byte("\x01null"))
	f.Add([]byte("\x02{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := decodeRecord(data)
		if err != nil {
			return
		}
		// Whatever decodes must survive a round trip unchanged.
		again, err := encodeRecord(rec)
		if err != nil {
			t.Fatalf("re-encoding: %v", err)
		}
		back, err := decodeRecord(again)
		if err != nil {
			t.Fatalf("decoding re-encoded record: %v", err)
		}
		if !reflect.DeepEqual(normalize(back), normalize(rec)) {
			t.Fatalf("round trip changed the record:\n%+v\n%+v", rec, back)
		}
	})
}

// normalize makes nil and empty bodies equal (JSON cannot tell them apart).
func normalize(r Record) Record {
	if len(r.Body) == 0 {
		r.Body = nil
	}
	return r
}
