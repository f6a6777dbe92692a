package engine

import (
	"strings"
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
		got, ok := confusedName(tt.read, tt.printed, false)
		if got != tt.want || ok != tt.ok {
			t.Errorf("confusedName(%q, %q) = %q, %v; want %q, %v", tt.read, tt.printed, got, ok, tt.want, tt.ok)
		}
	}
	// Any pair, when the Arabic spelling chose: still the same length, spaces and at most
	// two letters.
	for _, tt := range []struct {
		read, printed, want string
		ok                  bool
	}{
		{"MQUSSAOUI", "MOUSSAOUI", "MOUSSAOUI", true},
		{"AHMED", "AHMAD", "AHMAD", true},
		{"ELIDRISSI", "EL DRISSI", "", false},
		{"BOUZIDI", "BENNANI", "", false},
	} {
		got, ok := confusedName(tt.read, tt.printed, true)
		if got != tt.want || ok != tt.ok {
			t.Errorf("confusedName(%q, %q, any pair) = %q, %v; want %q, %v", tt.read, tt.printed, got, ok, tt.want, tt.ok)
		}
	}
}

// TestFixMRZNamesByArabic: a doubtful printed surname corrects the MRZ's at a letter the font
// does not confuse when the sure Arabic spelling has its consonants and not the MRZ's; a
// doubtful Arabic reading, or one both spellings meet, changes nothing.
func TestFixMRZNamesByArabic(t *testing.T) {
	const lines = "IDMARAB1234560<<<<<<<<<<<<<<<\n9001011M3001012MAR<<<<<<<<<<<8\nMQUSSAOUI<<HASSAN<<<<<<<<<<<<<"
	for _, tt := range []struct {
		arabic document.Value
		want   string
	}{
		{document.Value{Text: "الموساوي", Conf: 0.91}, "MOUSSAOUI"},
		{document.Value{Text: "الموساوي", Conf: 0.6}, "MQUSSAOUI"},
		{document.Value{Text: "", Conf: 0.95}, "MQUSSAOUI"},
	} {
		front := map[string]document.Value{"last_name": {Text: "MOUSSAOUI", Conf: 0.66}, "last_name_arabic": tt.arabic}
		d := &ExtractedData{MRZ: ptr(lines), LastName: ptr("MQUSSAOUI")}
		fixMRZNames(d, &mrzNames{last: "MQUSSAOUI", first: "HASSAN", format: mrz.TD1}, front)
		if *d.LastName != tt.want || !strings.Contains(*d.MRZ, tt.want+"<<") {
			t.Errorf("Arabic %q at %.2f: %q, MRZ %q; want %q", tt.arabic.Text, tt.arabic.Conf, *d.LastName, *d.MRZ, tt.want)
		}
	}
	front := map[string]document.Value{"first_name": {Text: "AHMED", Conf: 0.66}, "first_name_arabic": {Text: "أحمد", Conf: 0.95}}
	d := &ExtractedData{MRZ: ptr(lines), FirstName: ptr("AHMAD")}
	fixMRZNames(d, &mrzNames{last: "MQUSSAOUI", first: "AHMAD", format: mrz.TD1}, front)
	if *d.FirstName != "AHMAD" {
		t.Errorf("an Arabic spelling both readings meet chose %q", *d.FirstName)
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
