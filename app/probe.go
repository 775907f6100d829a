package app

import (
	"encoding/json"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
)

// ProbeLine is one second of the window's life as startProbe records it.
// The bench (`make bench`) reads these lines to report resident memory and
// what makes it up, and how long input would have waited for the UI thread.
type ProbeLine struct {
	At time.Time `json:"at"`
	// From /proc/self/status: resident memory, its anonymous and file-backed
	// parts (the file-backed part is the binary and the shared libraries).
	RSSMB, AnonMB, FileMB float64
	// From the Go runtime: heap in use, goroutine stacks, and all memory the
	// Go runtime holds from the OS (resident or not).
	HeapMB, StackMB, GoSysMB float64
	NumGC                    uint32
	// UIWaitMaxMs is the longest a no-op handed to the UI thread waited to
	// run in this second (sampled every 50 ms): how long a key press or a
	// click would have waited. UISamples is how many samples ran.
	UIWaitMaxMs float64
	UISamples   int
}

// startProbe writes a ProbeLine a second to path (SFNOTES_PROBE) until stop
// is called or the process ends. It is off unless asked for: ReadMemStats
// stops the world for a moment each second.
func startProbe(path string) (stop func()) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return func() {}
	}
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		defer f.Close()
		enc := json.NewEncoder(f)
		sample := time.NewTicker(50 * time.Millisecond)
		defer sample.Stop()
		line := ProbeLine{}
		next := time.Now().Add(time.Second)
		for {
			select {
			case <-quit:
				return
			case <-sample.C:
			}
			asked := time.Now()
			fyne.DoAndWait(func() {})
			if w := float64(time.Since(asked)) / float64(time.Millisecond); w > line.UIWaitMaxMs {
				line.UIWaitMaxMs = w
			}
			line.UISamples++
			if time.Now().Before(next) {
				continue
			}
			fillMemory(&line)
			_ = enc.Encode(line)
			line, next = ProbeLine{}, time.Now().Add(time.Second)
		}
	}()
	return func() { close(quit); <-done }
}

func fillMemory(l *ProbeLine) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	const mb = 1 << 20
	l.At = time.Now()
	l.HeapMB, l.StackMB, l.GoSysMB, l.NumGC = float64(m.HeapInuse)/mb, float64(m.StackInuse)/mb, float64(m.Sys)/mb, m.NumGC
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return // not Linux: memory from the Go runtime only
	}
	for _, ln := range strings.Split(string(b), "\n") {
		f := strings.Fields(ln)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			l.RSSMB = kb / 1024
		case "RssAnon:":
			l.AnonMB = kb / 1024
		case "RssFile:":
			l.FileMB = kb / 1024
		}
	}
}
