package main

import (
	"strings"
	"testing"
)

func TestWindowSectionReadsBenchmarks(t *testing.T) {
	lines := []string{
		"BenchmarkLongNote5000/open-2         	      10	  61027533 ns/op	 123 B/op",
		"BenchmarkSwitchViewUIThread10k-2       	      20	  7042737 ns/op",
	}
	s := windowSection(lines)
	if !strings.Contains(s, "| 61.0 ms | < 100 ms: met |") || !strings.Contains(s, "| 7.0 ms | < 16 ms: met |") ||
		!strings.Contains(s, "`BenchmarkLongNote1MB/open` | not measured") {
		t.Fatal(s)
	}
}
