package engine

import (
	"testing"

	"github.com/kycd/kycd/engine/document"
	"github.com/kycd/kycd/engine/mrz"
)

func TestConfusedName(t *testing.T) {
	for _, tt := range []struct {
		read, printed, want string
		ok                  bool
	}{
		{"AHMEO", "AHMED", "AHMED", true},       // D read O
		{"BOUZIOI", "BOUZIDI", "BOUZIDI", true}, //
		{"HAMIA", "HAMZA", "HAMZA", true},       // Z read I
		{"AHMED", "AHMED", "", false},           // nothing to fix
		{"AHMED", "AHMAD", "", false},           // E and A are no confusion: another spelling
		{"OOOOO", "DDDDD", "", false},           // too many letters: another name
		{"EL IDRISSI", "ELIDRISSI", "", false},  // another length
		{"EL IORISSI", "EL IDRISSI", "EL IDRISSI", true},
	} {
		got, ok := confusedName(tt.read, tt.printed)
		if got != tt.want || ok != tt.ok {
			t.Errorf("confusedName(%q, %q) = %q, %v; want %q, %v", tt.read, tt.printed, got, ok, tt.want, tt.ok)
		}
	}
}

// TestFixMRZNames: the MRZ's names, its lines and the names taken from it follow a sure printed
// spelling that differs by confused letters only; a doubtful printed reading changes nothing.
func TestFixMRZNames(t *testing.T) {
	const lines = "P<MARBOUZIOI<<AHMEO<<<<<<<<<<<<<<<<<<<<<<<<<\nUU15260385MAR9705272M2909163<<<<<<<<<<<<<<<8"
	front := map[string]document.Value{"last_name": {Text: "BOUZIDI", Conf: 0.95}, "first_name": {Text: "AHMED", Conf: 0.93}}
	d := &ExtractedData{MRZ: ptr(lines), LastName: ptr("BOUZIOI"), FirstName: ptr("AHMEO")}
	m := mrzNames{last: "BOUZIOI", first: "AHMEO", format: mrz.TD3}
	fixMRZNames(d, &m, front)
	want := "P<MARBOUZIDI<<AHMED<<<<<<<<<<<<<<<<<<<<<<<<<\nUU15260385MAR9705272M2909163<<<<<<<<<<<<<<<8"
	if *d.MRZ != want || *d.LastName != "BOUZIDI" || *d.FirstName != "AHMED" || m.first != "AHMED" {
		t.Errorf("got %q %q %q", *d.MRZ, *d.LastName, *d.FirstName)
	}
	front["first_name"] = document.Value{Text: "AHMED", Conf: 0.5}
	d = &ExtractedData{MRZ: ptr(lines), FirstName: ptr("AHMEO")}
	fixMRZNames(d, &mrzNames{first: "AHMEO", format: mrz.TD3}, front)
	if *d.MRZ != lines || *d.FirstName != "AHMEO" {
		t.Errorf("a doubtful printed reading corrected the MRZ: %q %q", *d.MRZ, *d.FirstName)
	}
	// A TD1 prints its names on its third line, from its first position.
	td1 := "IDMARAB1234560<<<<<<<<<<<<<<<\n9001011M3001012MAR<<<<<<<<<<<8\nNACIRI<<HAMIA<<<<<<<<<<<<<<<<<"
	d = &ExtractedData{MRZ: ptr(td1)}
	fixMRZNames(d, &mrzNames{last: "NACIRI", first: "HAMIA", format: mrz.TD1}, map[string]document.Value{"first_name": {Text: "HAMZA", Conf: 0.9}})
	if got := *d.MRZ; got != "IDMARAB1234560<<<<<<<<<<<<<<<\n9001011M3001012MAR<<<<<<<<<<<8\nNACIRI<<HAMZA<<<<<<<<<<<<<<<<<" {
		t.Errorf("TD1: %q", got)
	}
}
