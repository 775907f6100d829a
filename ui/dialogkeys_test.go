package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"

	"sfnotes/model"
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
	later := "later text" // replaced wholesale: the first text is kept in the history
	if err := f.store.EditNote(n.UUID, model.NoteEdit{Text: &later}); err != nil {
		t.Fatal(err)
	}
	w.Reload()
	w.selectNote(n.UUID)
	w.openHistory()
	if w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no history shown")
	}
	// The history's list has the keyboard (for the arrow keys): Escape there.
	if w.win.Canvas().Focused() != w.history.list {
		t.Fatal("the history's list does not have the keyboard")
	}
	w.history.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape did not close the history")
	}
	if (w.win.Canvas().OnTypedKey() == nil) != (before == nil) {
		t.Fatal("the window's own key handling did not come back")
	}
}
