package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type coldResult struct {
	firstFrame time.Duration
	rssMB      float64
	err        string
}

// benchColdStart runs the real app with 10,000 notes on an Xvfb display: the
// time from exec to its window being mapped and visible (xdotool), and the
// resident memory 3 s later. Median of 3 runs. Needs xvfb and xdotool
// (`make screenshot-deps`); without them it says so in the report.
func benchColdStart(o options) coldResult {
	dir, err := os.MkdirTemp("", "sfnotes-cold-")
	must(err, "temp dir")
	defer os.RemoveAll(dir)
	data := filepath.Join(dir, "data")
	seedStore(data, 10000).Close()

	x, err := startXvfb()
	if err != nil {
		return coldResult{err: err.Error()}
	}
	defer x.stop()
	display := x.display

	var frames []time.Duration
	var rss []float64
	for i := 0; i < 3; i++ {
		home := filepath.Join(dir, "home"+strconv.Itoa(i))
		run := filepath.Join(dir, "run"+strconv.Itoa(i))
		must(os.MkdirAll(home, 0o700), "home")
		must(os.MkdirAll(run, 0o700), "runtime dir")
		cmd := exec.Command(o.app, "--data", data)
		cmd.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home, "XDG_RUNTIME_DIR="+run, "SFNOTES_KEYRING=off")
		start := time.Now()
		must(cmd.Start(), "start the app")
		found := false
		for time.Since(start) < 60*time.Second {
			xd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^sfnotes$")
			xd.Env = append(os.Environ(), "DISPLAY="+display)
			out, _ := xd.Output()
			if strings.TrimSpace(string(out)) != "" {
				found = true
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		frames = append(frames, time.Since(start))
		time.Sleep(3 * time.Second)
		rss = append(rss, rssMB(cmd.Process.Pid))
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if !found {
			return coldResult{err: "the window did not appear within 60 s"}
		}
	}
	return coldResult{firstFrame: median(frames), rssMB: medianF(rss)}
}

func rssMB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func medianF(xs []float64) float64 {
	ds := make([]time.Duration, len(xs))
	for i, x := range xs {
		ds[i] = time.Duration(x * 1000)
	}
	return float64(median(ds)) / 1000
}
