package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

// TestSearchEscapeCountAndClear: while searching, a count shows and a clear
// button appears; Escape in the field clears the search.
func TestSearchEscapeCountAndClear(t *testing.T) {
	f := newFixture(t, seedNotes)
	l := f.w.noteList
	if l.count.Visible() || l.clear.Visible() {
		t.Fatal("count or clear button shown without a search")
	}
	test.Type(l.search, "the")
	if !l.count.Visible() || l.count.Text != "1 note matches" || !l.clear.Visible() {
		t.Fatalf("count %q visible %v, clear %v", l.count.Text, l.count.Visible(), l.clear.Visible())
	}
	l.search.SetText("e")
	if l.count.Text != "3 notes match" {
		t.Fatalf("count %q", l.count.Text)
	}
	l.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if l.search.Text != "" || f.w.query.Search != "" || l.count.Visible() || len(f.rows()) != 3 {
		t.Fatalf("after Escape: %q, %d rows", l.search.Text, len(f.rows()))
	}
	test.Type(l.search, "zzz")
	if l.count.Text != "No note matches" {
		t.Fatalf("count %q", l.count.Text)
	}
	test.Tap(l.clear)
	if l.search.Text != "" || len(f.rows()) != 3 {
		t.Fatal("the clear button did not clear")
	}
}

// TestRestoreFromTrashMovesOn: restoring the open note while the Trash is
// shown takes it out of the list and out of the editor.
func TestRestoreFromTrashMovesOn(t *testing.T) {
	f := newFixture(t, seedNotes)
	yes := true
	l, _ := f.store.ListNotes(model.NoteQuery{})
	f.store.EditNote(l[0].UUID, model.NoteEdit{Trashed: &yes})
	f.w.Reload()
	f.w.SelectView(model.ViewTrash, "")
	if f.w.selected != l[0].UUID {
		t.Fatalf("the trashed note is not open: %q", f.w.selected)
	}
	test.Tap(f.w.editor.trash) // "Restore" in the Trash
	if len(f.w.list) != 0 || f.w.selected != "" || f.w.editor.loaded {
		t.Fatalf("after restore: %d listed, selected %q, editor loaded %v", len(f.w.list), f.w.selected, f.w.editor.loaded)
	}
}

// TestUntouchedNewNoteVanishes: Ctrl+N then moving away leaves nothing
// behind; a note with a title stays.
func TestUntouchedNewNoteVanishes(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.w.NewNote()
	empty := f.w.selected
	f.w.selectNote(f.w.list[1].UUID)
	if _, err := f.store.GetNote(empty); err == nil {
		t.Fatal("the untouched new note is still there")
	}
	if len(f.rows()) != 3 {
		t.Fatalf("rows %q", f.rows())
	}
	f.w.NewNote()
	kept := f.w.selected
	test.Type(f.w.editor.title, "Kept")
	f.w.NewNote() // a second new note: the first, written in, stays
	f.w.SelectView(model.ViewTrash, "")
	if _, err := f.store.GetNote(kept); err != nil {
		t.Fatalf("a note with a title was dropped: %v", err)
	}
	if n, _ := f.store.CountNotes(model.NoteQuery{}); n != 4 {
		t.Fatalf("%d notes, want the 3 seeded and Kept", n)
	}
}
