package main

import (
	"strings"
	"testing"
	"time"
)

// The report renders with every part missing or failed (a partial machine)
// and with figures, and names each of issue 9's goals.
func TestReportRenders(t *testing.T) {
	empty := (&report{started: time.Now()}).markdown(options{})
	r := &report{started: time.Now(), sync: []syncResult{{notes: 3000, goFirst: time.Second, goSignIn: time.Second,
		srvFirstCPU: time.Second,
		jsFirst:     jsRun{d: 10 * time.Second, signIn: time.Second, finished: true, items: 3000}}},
		usage: usageResult{err: "no Xvfb"}, uploadWin: uploadWinResult{err: "no Xvfb"}, cold: coldResult{err: "no Xvfb"}}
	full := r.markdown(options{})
	for _, want := range []string{"1. first sync of 3000", "2. 5,000-line", "3. UI thread", "4. search", "5.5x", "alone give 5.5x"} {
		if !strings.Contains(full, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if !strings.Contains(empty, "Issue 9's goals") {
		t.Error("an empty report lacks the goals section")
	}
}
