package document

import (
	"image"
	"testing"
)

// TestResidenceBackFallback: on a residence card's back whose captions were lost, the line
// above the address is the place of birth and the date below it the issue date; a misread
// caption in small print is no place, and a front (a holder's name read) is left alone.
func TestResidenceBackFallback(t *testing.T) {
	seg := func(line, y, h int, text string) Segment {
		return Segment{Box: image.Rect(60, y, 60+10*len(text), y+h), Line: line, Text: text, Conf: 0.96}
	}
	tests := []struct {
		name       string
		segs       []Segment
		known      map[string]string
		wantPlace  string
		wantIssued string
	}{
		{"captions lost (second generator, 1175 px)", []Segment{
			seg(0, 116, 22, "NANTES"), seg(1, 208, 27, "94 PLACE DU MARCHÉ"), seg(2, 246, 22, "31078 GRENOBLE"), seg(3, 343, 22, "16.02.2024"),
		}, map[string]string{"address": "94 PLACE DU MARCHÉ 31078 GRENOBLE"}, "NANTES", "2024-02-16"},
		{"a misread caption between the place and the address", []Segment{
			seg(0, 95, 21, "STRASBOURG"), seg(1, 141, 12, "Adre 65e"), seg(2, 167, 23, "9 RUE DE LA PAIX 03109 STRASBOURG"), seg(3, 213, 11, "Date de"), seg(4, 239, 21, "16.11.2021"),
		}, map[string]string{"address": "9 RUE DE LA PAIX 03109 STRASBOURG"}, "STRASBOURG", "2021-11-16"},
		{"only a small-print caption above", []Segment{
			seg(0, 141, 12, "Lieu de naiss"), seg(1, 167, 23, "9 RUE DE LA PAIX 03109 STRASBOURG"),
		}, map[string]string{"address": "9 RUE DE LA PAIX 03109 STRASBOURG"}, "", ""},
		{"a front is left alone", []Segment{
			seg(0, 116, 22, "NANTES"), seg(1, 208, 27, "94 PLACE DU MARCHÉ"), seg(2, 343, 22, "16.02.2024"),
		}, map[string]string{"address": "94 PLACE DU MARCHÉ", "last_name": "MARTIN"}, "", ""},
		{"no address, nothing to place the lines by", []Segment{
			seg(0, 116, 22, "NANTES"), seg(1, 343, 22, "16.02.2024"),
		}, map[string]string{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := map[string]Value{}
			for k, v := range tt.known {
				out[k] = Value{Text: v, Conf: 0.9}
			}
			residenceBackFallback(out, tt.segs, make([]bool, len(tt.segs)))
			if got := out["place_of_birth"].Text; got != tt.wantPlace {
				t.Errorf("place_of_birth = %q, want %q", got, tt.wantPlace)
			}
			if got := out["issue_date"].Text; got != tt.wantIssued {
				t.Errorf("issue_date = %q, want %q", got, tt.wantIssued)
			}
		})
	}
}

// The 2021 identity card's back prints one date under the address, its issue date; the old
// model's prints the expiry first, and no date is taken by its place.
func TestCNIBackFallback(t *testing.T) {
	segs := func(dates ...string) []Segment {
		s := []Segment{
			{Box: image.Rect(41, 92, 518, 117), Text: "47 BOULEVARD VOLTAIRE", Conf: 0.96, Line: 1},
			{Box: image.Rect(44, 128, 371, 152), Text: "13081 BORDEAUX", Conf: 0.96, Line: 2},
		}
		for i, d := range dates {
			s = append(s, Segment{Box: image.Rect(44, 208+60*i, 239, 232+60*i), Text: d, Conf: 0.96, Line: 4 + 2*i})
		}
		return s
	}
	for _, tt := range []struct {
		name         string
		dates        []string
		issue, until string
	}{
		{"one date", []string{"10 03 2023"}, "2023-03-10", ""},
		// The old model's validity, then its issue: told apart by time.
		{"two dates", []string{"10 03 2033", "10 03 2023"}, "2023-03-10", "2033-03-10"},
		{"two equal dates", []string{"10 03 2023", "10 03 2023"}, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := segs(tt.dates...)
			out := map[string]Value{"address": {"47 BOULEVARD VOLTAIRE 13081 BORDEAUX", 0.8}}
			cniBackFallback(out, s, make([]bool, len(s)))
			if got := out["issue_date"].Text; got != tt.issue {
				t.Errorf("issue_date %q, want %q", got, tt.issue)
			}
			if got := out["expiry_date"].Text; got != tt.until {
				t.Errorf("expiry_date %q, want %q", got, tt.until)
			}
		})
	}
}
