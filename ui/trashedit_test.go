package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

// TestTrashedNoteIsReadOnly: a note in the Trash cannot be edited until it
// is restored (text typed into it was saved, issue 18); the editor says so,
// and Restore stays available.
func TestTrashedNoteIsReadOnly(t *testing.T) {
	f := newFixture(t, nil)
	n, err := f.store.CreateNote("Old", "text")
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	if err := f.store.EditNote(n.UUID, model.NoteEdit{Trashed: &yes}); err != nil {
		t.Fatal(err)
	}
	f.w.Reload()
	f.w.SelectView(model.ViewTrash, "")
	f.w.selectNote(n.UUID)
	test.Type(f.w.editor.body, "x")
	test.Type(f.w.editor.title, "y")
	// Fyne's Entry pastes even when disabled; nothing of it may be saved.
	f.w.fa.Clipboard().SetContent("pasted")
	f.w.editor.body.TypedShortcut(&fyne.ShortcutPaste{Clipboard: f.w.fa.Clipboard()})
	if got, _ := f.store.GetNote(n.UUID); got.Text != "text" || got.Title != "Old" {
		t.Fatalf("typing into a trashed note saved %q %q", got.Title, got.Text)
	}
	if !f.w.editor.reason.Visible() || f.w.editor.trash.Disabled() {
		t.Fatal("the editor does not say why, or Restore is disabled")
	}
	test.Tap(f.w.editor.trash) // Restore
	f.w.SelectView(model.ViewAll, "")
	f.w.selectNote(n.UUID)
	f.w.editor.body.CursorRow, f.w.editor.body.CursorColumn = 0, 0
	test.Type(f.w.editor.body, "x")
	if got := f.storedText(n.UUID); got != "xtext" {
		t.Fatalf("after Restore typing stored %q", got)
	}
}
