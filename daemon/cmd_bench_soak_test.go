package daemon

import (
	"maps"
	"testing"
)

func TestParseMetrics(t *testing.T) {
	tests := []struct {
		name, page string
		want       map[string]float64
	}{
		{"empty", "", map[string]float64{}},
		{"samples", "# HELP a x\n# TYPE a gauge\na 12\nb 1.5e+06\n", map[string]float64{"a": 12, "b": 1.5e6}},
		{"labels and junk skipped", "c{x=\"1\"} 3\nd notanumber\ne\n  f 7  \n", map[string]float64{"f": 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseMetrics(tt.page); !maps.Equal(got, tt.want) {
				t.Errorf("parseMetrics = %v, want %v", got, tt.want)
			}
		})
	}
}
