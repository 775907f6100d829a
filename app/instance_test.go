package app

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestSecondStartRaisesTheWindow: a second start on the same data directory
// brings the running window to the front and opens nothing; a record left by
// a crashed window, or one with the wrong token, does not stop a start.
func TestSecondStartRaisesTheWindow(t *testing.T) {
	dir := t.TempDir()
	first, err := claimWindow(dir)
	if err != nil {
		t.Fatal(err)
	}
	var raised atomic.Int32
	first.OnRaise(func() { raised.Add(1) })
	if fi, err := os.Stat(filepath.Join(dir, windowFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("window record: %v %v", fi, err)
	}
	if _, err := claimWindow(dir); err != errWindowRaised {
		t.Fatalf("second start: %v", err)
	}
	if raised.Load() != 1 {
		t.Fatalf("raised %d times", raised.Load())
	}
	// Another directory is another window.
	other, err := claimWindow(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	// A crashed window: its port answers no more.
	first.ln.Close()
	again, err := claimWindow(dir)
	if err != nil {
		t.Fatalf("after the first window died: %v", err)
	}
	defer again.Close()
	// A forged record (wrong token) is not obeyed.
	b, _ := os.ReadFile(filepath.Join(dir, windowFile))
	forged := strings.Fields(string(b))[0] + " 00000000\n"
	again.OnRaise(func() { raised.Add(1) })
	os.WriteFile(filepath.Join(dir, windowFile), []byte(forged), 0o600)
	if ok, _ := raiseRunning(filepath.Join(dir, windowFile)); ok || raised.Load() != 1 {
		t.Fatalf("a wrong token raised the window (%v, %d)", ok, raised.Load())
	}
}
