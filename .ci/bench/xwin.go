package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"sfnotes/app"
)

// xserver is an Xvfb display for the real window.
type xserver struct {
	display string
	cmd     *exec.Cmd
}

func startXvfb() (*xserver, error) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is not installed (make screenshot-deps)", tool)
		}
	}
	display := ""
	for n := 90; n < 200 && display == ""; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); os.IsNotExist(err) {
			display = ":" + strconv.Itoa(n)
		}
	}
	x := &xserver{display: display, cmd: exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")}
	if err := x.cmd.Start(); err != nil {
		return nil, err
	}
	time.Sleep(time.Second)
	if x.cmd.ProcessState != nil {
		return nil, fmt.Errorf("Xvfb did not start on %s", display)
	}
	return x, nil
}

func (x *xserver) stop() { _ = x.cmd.Process.Kill(); _ = x.cmd.Wait() }

// xdo runs xdotool on the display.
func (x *xserver) xdo(args ...string) string {
	c := exec.Command("xdotool", args...)
	c.Env = append(os.Environ(), "DISPLAY="+x.display)
	out, _ := c.Output()
	return strings.TrimSpace(string(out))
}

// window is the real app running on an xserver with the probe on.
type window struct {
	cmd   *exec.Cmd
	probe string
	wid   string
}

// launch starts the app on data and waits (up to limit) for its window,
// which it sizes to 1280x800 (there is no window manager).
func (x *xserver) launch(o options, dir, data string, limit time.Duration) (*window, error) {
	home, run := filepath.Join(dir, "home"), filepath.Join(dir, "run")
	for _, d := range []string{home, run} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	w := &window{probe: filepath.Join(dir, "probe.jsonl")}
	w.cmd = exec.Command(o.app, "--data", data)
	w.cmd.Env = append(os.Environ(), "DISPLAY="+x.display, "HOME="+home, "XDG_RUNTIME_DIR="+run,
		"SFNOTES_KEYRING=off", "SFNOTES_PROBE="+w.probe)
	if err := w.cmd.Start(); err != nil {
		return nil, err
	}
	for start := time.Now(); time.Since(start) < limit; time.Sleep(20 * time.Millisecond) {
		if w.wid = x.xdo("search", "--onlyvisible", "--name", "^sfnotes$"); w.wid != "" {
			w.wid = strings.Fields(w.wid)[0]
			time.Sleep(1500 * time.Millisecond) // a resize sent before the window settles is lost
			x.xdo("windowsize", w.wid, "1280", "800")
			return w, nil
		}
	}
	w.close()
	return nil, fmt.Errorf("the window did not appear within %s", limit)
}

func (w *window) close() {
	_ = w.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = w.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = w.cmd.Process.Kill()
		<-done
	}
}

// lines reads what the probe has written so far.
func (w *window) lines() []app.ProbeLine {
	f, err := os.Open(w.probe)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []app.ProbeLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l app.ProbeLine
		if json.Unmarshal(sc.Bytes(), &l) == nil {
			out = append(out, l)
		}
	}
	return out
}

// uiWaits summarises the per-second longest UI-thread waits of lines: the
// median second, the 99th percentile second and the worst.
func uiWaits(lines []app.ProbeLine) (p50, p99, worst float64) {
	if len(lines) == 0 {
		return 0, 0, 0
	}
	ws := make([]float64, len(lines))
	for i, l := range lines {
		ws[i] = l.UIWaitMaxMs
	}
	sort.Float64s(ws)
	return ws[len(ws)/2], ws[min(len(ws)-1, len(ws)*99/100)], ws[len(ws)-1]
}

// between returns the lines recorded in [from, to).
func between(lines []app.ProbeLine, from, to time.Time) []app.ProbeLine {
	var out []app.ProbeLine
	for _, l := range lines {
		if !l.At.Before(from) && l.At.Before(to) {
			out = append(out, l)
		}
	}
	return out
}

// shot saves the screen into $SFNOTES_BENCH_SHOTS/name when that is set: to
// look at what the scripted use did.
func (x *xserver) shot(name string) {
	d := os.Getenv("SFNOTES_BENCH_SHOTS")
	if d == "" {
		return
	}
	c := exec.Command("import", "-window", "root", filepath.Join(d, name))
	c.Env = append(os.Environ(), "DISPLAY="+x.display)
	_ = c.Run()
}

// keepProbe copies the window's probe lines into $SFNOTES_BENCH_SHOTS too.
func (x *xserver) keepProbe(w *window, name string) {
	d := os.Getenv("SFNOTES_BENCH_SHOTS")
	if d == "" {
		return
	}
	if b, err := os.ReadFile(w.probe); err == nil {
		_ = os.WriteFile(filepath.Join(d, name), b, 0o600)
	}
}
