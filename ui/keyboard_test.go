package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// TestTitleMovesOnToBody: after Ctrl+N the title has the keyboard; Enter, Tab
// and Down each move on to the body, so what is typed next is the note's text
// and never a tag. Shift+Tab goes back to the note list.
func TestTitleMovesOnToBody(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyTab, fyne.KeyDown} {
		f := newFixture(t, nil)
		f.w.NewNote()
		c := f.w.win.Canvas()
		if c.Focused() != f.w.editor.title {
			t.Fatalf("after a new note the focus is on %T", c.Focused())
		}
		test.Type(f.w.editor.title, "Plans")
		f.w.editor.title.TypedKey(&fyne.KeyEvent{Name: key})
		if c.Focused() != f.w.editor.body {
			t.Fatalf("%s in the title: focus on %T, want the body", key, c.Focused())
		}
		test.Type(c.Focused().(fyne.Focusable), "first line of the body")
		n, err := f.store.GetNote(f.w.selected)
		if err != nil {
			t.Fatal(err)
		}
		if n.Title != "Plans" || n.Text != "first line of the body" || len(n.Tags) != 0 || f.w.editor.addTag.Text != "" {
			t.Fatalf("%s: title %q, text %q, tags %v, tag field %q", key, n.Title, n.Text, n.Tags, f.w.editor.addTag.Text)
		}
	}
	f := newFixture(t, nil)
	f.w.NewNote()
	ti := f.w.editor.title
	ti.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	ti.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	ti.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if got := f.w.win.Canvas().Focused(); got != f.w.noteList.list {
		t.Fatalf("Shift+Tab in the title focused %T, want the note list", got)
	}
}
