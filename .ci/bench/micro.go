package main

import (
	"os/exec"
	"strings"
)

// microBenchmarks runs the Go benchmarks that back the other figures (crypto,
// store, window) and returns their result lines.
func microBenchmarks() []string {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchtime", "10x", "-benchmem",
		"./syncengine/sfcrypto", "./model", "./ui")
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	must(err, "go test -bench: "+string(out))
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Benchmark") || strings.HasPrefix(l, "pkg:") {
			lines = append(lines, l)
		}
	}
	return lines
}
