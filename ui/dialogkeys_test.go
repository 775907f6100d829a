package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
)

// pressOnCanvas sends a key as the window would when no field has the focus.
func pressOnCanvas(w *Window, name fyne.KeyName) {
	if h := w.win.Canvas().OnTypedKey(); h != nil {
		h(&fyne.KeyEvent{Name: name})
	}
}

// TestDialogsAnswerKeys: an information or error message closes on Enter
// and on Escape; the History dialog closes on Escape; the window's own key
// handling comes back afterwards.
func TestDialogsAnswerKeys(t *testing.T) {
	f := newFixture(t, nil)
	w := f.w
	before := w.win.Canvas().OnTypedKey()
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		w.showInfo("Import finished", "3 notes")
		if w.win.Canvas().Overlays().Top() == nil {
			t.Fatal("no message shown")
		}
		pressOnCanvas(w, key)
		if w.win.Canvas().Overlays().Top() != nil {
			t.Fatalf("%s did not close the message", key)
		}
	}
	w.errorKeys(errors.New("the disk is full"))
	pressOnCanvas(w, fyne.KeyEscape)
	if w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape did not close the error")
	}
	n, _ := f.store.CreateNote("Draft", "text")
	w.Reload()
	w.selectNote(n.UUID)
	w.openHistory()
	if w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no history shown")
	}
	pressOnCanvas(w, fyne.KeyEscape)
	if w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape did not close the history")
	}
	if (w.win.Canvas().OnTypedKey() == nil) != (before == nil) {
		t.Fatal("the window's own key handling did not come back")
	}
}
