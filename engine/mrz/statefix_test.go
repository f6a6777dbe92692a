package mrz

import "testing"

// scoredCell is a cell whose characters score as given (the rest -1).
func scoredCell(scores map[byte]float32) cell {
	var c cell
	for i := range c.scores {
		c.scores[i] = -1
	}
	for ch, s := range scores {
		c.scores[alphaIndex[ch]] = s
	}
	return c
}

func TestFixCode(t *testing.T) {
	tests := []struct {
		name   string
		layout layout
		line   string
		cells  []map[byte]float32
		want   string
	}{
		{"licence code misread, near miss", frDLLayout(), "KIFRA92HJ310445380307GARCIA<<0",
			[]map[byte]float32{{'K': 0.60, 'D': 0.55}, {'I': 0.80, '1': 0.75}}, "D1"},
		{"licence code unreadable", frDLLayout(), "KTFRA92HJ310445380307GARCIA<<0",
			[]map[byte]float32{{'K': 0.43, '<': 0.42}, {'T': 0.76, 'I': 0.71}}, "D1"},
		{"names line read as a licence keeps its letters", frDLLayout(), "OUSSAOUI<<AYOUB<<<<<<<<<<<<<<",
			[]map[byte]float32{{'O': 0.45}, {'U': 0.45}}, "OU"},
		{"licence code read well stays", frDLLayout(), "KTFRA92HJ310445380307GARCIA<<0",
			[]map[byte]float32{{'K': 0.90, 'D': 0.30}, {'T': 0.90, '1': 0.20}}, "KT"},
		{"expected code untouched", frDLLayout(), "D1FRA92HJ310445380307GARCIA<<0",
			[]map[byte]float32{{'D': 0.90, 'O': 0.89}, {'1': 0.90, 'I': 0.89}}, "D1"},
		{"old French card O for D", frIDLayout(), "IOFRAMARTIN<<<<<<<<<<<<<<<<<<<123456",
			[]map[byte]float32{{'I': 0.90}, {'O': 0.80, 'D': 0.70}}, "ID"},
		{"identity card O for D", td1Layout(td1Lines), td1Lines[0],
			[]map[byte]float32{{'I': 0.90}, {'O': 0.80, 'D': 0.70}}, "ID"},
		{"identity card O without a D near miss", td1Layout(td1Lines), td1Lines[0],
			[]map[byte]float32{{'I': 0.90}, {'O': 0.90, 'D': 0.40}}, "IO"},
		{"identity card R stays", td1Layout(td1Lines), "IRMARHV41522509C807305<<<<<<<<",
			[]map[byte]float32{{'I': 0.90}, {'R': 0.80, 'D': 0.75}}, "IR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reads := []lineRead{{cells: make([]cell, len(tc.line))}}
			for i := range reads[0].cells {
				reads[0].cells[i] = scoredCell(map[byte]float32{tc.line[i]: 0.9})
			}
			for i, sc := range tc.cells {
				reads[0].cells[i] = scoredCell(sc)
			}
			lines := [][]byte{[]byte(tc.line)}
			fixCode(tc.layout, reads, lines)
			if got := string(lines[0][:2]); got != tc.want {
				t.Errorf("code %q, want %q", got, tc.want)
			}
		})
	}
}

// td1Lines is a TD1 whose code reads IO.
var td1Lines = []string{"IOMARHV41522509C807305<<<<<<<<", "7704215F3504015MAR<<<<<<<<<<<9", "CHRAIBI<<FATIMA<<<<<<<<<<<<<<<"}
