package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// uiMu serialises the UI updates that goroutines hand to fyne.Do. With the
// real driver fyne.Do only queues the function for the UI goroutine, so the
// lock is held for an instant; with Fyne's test driver fyne.Do runs the
// function on the caller's goroutine, and the lock keeps two goroutines from
// touching widgets at once there.
var uiMu sync.Mutex

// onUI runs fn on the UI goroutine from a background goroutine.
func onUI(fn func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	fyne.Do(fn)
}

// onUIWait is onUI that returns once fn has run.
func onUIWait(fn func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	fyne.DoAndWait(fn)
}

// WaitIdle waits until the window's background work (searches, imports,
// exports, sign-ins) has finished and been applied. For tests and shutdown.
func (w *Window) WaitIdle() { w.pending.Wait() }
