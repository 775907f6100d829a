package ui

import (
	"runtime"
	"testing"
)

// TestLongNoteQuickSavesKeepNoCopy: a keystroke in a long note right after
// a background save finished, before the window heard of it, is based on
// what that save stored. It was based on the text before it, and the store
// kept the user's own previous text as a conflicted copy (seen typing fast
// in the real window).
func TestLongNoteQuickSavesKeepNoCopy(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openLong(450)
	f.w.searchDelay = 0 // the app's asynchronous mode: saves run off the UI thread
	e := f.w.editor
	var conflicts int
	var err error
	asUI(func() {
		// Held here, the UI thread cannot show the first save's outcome
		// before the second keystroke.
		e.saveInBackground(longText(450) + "a")
		e.flush()
		e.saveInBackground(longText(450) + "ab")
		e.flush()
		conflicts, err = f.store.ConflictCount()
	})
	for done := false; !done; runtime.Gosched() {
		asUI(func() { done = e.saver.shown >= 2 })
	}
	if err != nil || conflicts != 0 {
		t.Fatalf("%d conflicted copies of the user's own typing (%v)", conflicts, err)
	}
	if got := f.storedText(uuid); got != longText(450)+"ab" {
		t.Fatalf("stored %q…", got[len(got)-10:])
	}
}
