package app

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// The probe writes a line a second with memory from the Go runtime and, on
// Linux, the resident set; every sample handed to the UI thread ran.
func TestProbeWritesMemoryAndUIWaits(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "probe.jsonl")
	stop := startProbe(path)
	defer stop()
	var lines []ProbeLine
	for deadline := time.Now().Add(10 * time.Second); len(lines) < 2 && time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		lines = readProbe(t, path)
	}
	if len(lines) < 2 {
		t.Fatalf("%d probe lines after 10 s", len(lines))
	}
	l := lines[1]
	if l.HeapMB <= 0 || l.GoSysMB < l.HeapMB || l.UISamples < 5 {
		t.Fatalf("implausible probe line %+v", l)
	}
	if runtime.GOOS == "linux" && (l.RSSMB <= 0 || l.AnonMB+l.FileMB > l.RSSMB+1) {
		t.Fatalf("resident memory not read: %+v", l)
	}
}

func readProbe(t *testing.T, path string) []ProbeLine {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []ProbeLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l ProbeLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("probe line %q: %v", sc.Text(), err)
		}
		out = append(out, l)
	}
	return out
}
