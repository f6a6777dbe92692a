package daemon

import (
	"reflect"
	"testing"
)

// TestExampleConfigIsTheDefault keeps config.example.yaml honest: loading it gives exactly the
// defaults (apart from the paths that depend on the machine).
func TestExampleConfigIsTheDefault(t *testing.T) {
	want := DefaultConfig()
	got := DefaultConfig()
	if err := got.loadFile("../config.example.yaml"); err != nil {
		t.Fatal(err)
	}
	got.DataDir, got.ModelsDir = want.DataDir, want.ModelsDir
	// An empty YAML list and a nil slice mean the same.
	if len(got.Webhooks.Allow) == 0 && len(want.Webhooks.Allow) == 0 {
		got.Webhooks.Allow = want.Webhooks.Allow
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("config.example.yaml differs from the defaults:\n got %+v\nwant %+v", got, want)
	}
}
