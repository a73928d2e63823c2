package placement

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestSpread(t *testing.T) {
	tests := []struct {
		name        string
		regencies   string // candidates in priority order, one letter per regency
		room, limit int
		taken       map[string]int
		want        string // picks in order, + past the cap
		read        int    // candidates read
	}{
		{"under the cap", "AABBC", 4, 2, nil, "0 1 2 3", 4},
		{"others wait", "AAAABC", 4, 2, nil, "0 1 4 5", 6},
		{"past the cap, one more per regency at a time", "AAAAABBB", 6, 2, nil, "0 1 5 6 2+ 7+", 8},
		{"one regency only", "AAAA", 3, 1, nil, "0 1+ 2+", 4},
		{"places already taken count", "AABC", 3, 2, map[string]int{"A": 1}, "0 2 3", 4},
		{"cap off", "AAAB", 3, CapLimit(0, 3), nil, "0 1 2", 3},
		{"no room", "AB", 0, 1, nil, "", 0},
		{"more room than candidates", "AB", 5, 1, nil, "0 1", 2},
		{"the unknown regency is a group of its own", "..A", 2, 1, nil, "0 2", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read := 0
			seq := func(yield func(int) bool) {
				for i := range tt.regencies {
					read++
					if !yield(i) {
						return
					}
				}
			}
			regency := func(i int) string {
				if tt.regencies[i] == '.' {
					return ""
				}
				return tt.regencies[i : i+1]
			}
			var got []string
			for _, p := range Spread(seq, regency, tt.room, tt.limit, tt.taken) {
				got = append(got, fmt.Sprint(p.Item)+map[bool]string{true: "+"}[p.PastCap])
			}
			if !slices.Equal(got, strings.Fields(tt.want)) {
				t.Errorf("picks %v, want %s", got, tt.want)
			}
			if read != tt.read {
				t.Errorf("read %d candidates, want %d", read, tt.read)
			}
		})
	}
}
