package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

func TestArchiveAndStarFromTheEditor(t *testing.T) {
	f := newFixture(t, seedNotes)
	l, _ := f.store.ListNotes(model.NoteQuery{})
	target := l[0].UUID
	f.w.selectNote(target)
	test.Tap(f.w.editor.star)
	if n, _ := f.store.GetNote(target); !n.Starred || f.w.editor.star.Text != "Unstar" {
		t.Fatalf("after Star: starred %v, button %q", n.Starred, f.w.editor.star.Text)
	}
	items := f.w.editor.moreItems()
	if items[0].Label != "Archive" {
		t.Fatalf("menu: %q", items[0].Label)
	}
	items[0].Action()
	if n, _ := f.store.GetNote(target); !n.Archived {
		t.Fatal("not archived")
	}
	for _, row := range f.rows() {
		if row == l[0].Title {
			t.Fatalf("the archived note is still in All notes: %q", f.rows())
		}
	}
	if c := f.w.sidebar.items[f.sidebarRow("Archived")].count; c != 1 {
		t.Fatalf("Archived count %d", c)
	}
	if c := f.w.sidebar.items[f.sidebarRow("Starred")].count; c != 0 {
		t.Fatalf("Starred count %d (an archived note is not counted)", c)
	}
	f.w.SelectView(model.ViewArchived, "")
	if got := f.rows(); len(got) != 1 || got[0] != l[0].Title {
		t.Fatalf("Archived view: %q", got)
	}
	f.w.selectNote(target)
	if items := f.w.editor.moreItems(); items[0].Label != "Unarchive" {
		t.Fatalf("menu on an archived note: %q", items[0].Label)
	}
}

// A locked note opens read-only with Unlock; typing changes nothing; the
// trash asks first; Unlock makes it editable again.
func TestLockedNoteReadOnlyUntilUnlocked(t *testing.T) {
	f := newFixture(t, seedNotes)
	l, _ := f.store.ListNotes(model.NoteQuery{})
	target := l[0].UUID
	yes := true
	if err := f.store.EditNote(target, model.NoteEdit{Locked: &yes}); err != nil {
		t.Fatal(err)
	}
	before, _ := f.store.Get(target)
	f.w.selectNote(target)
	e := f.w.editor
	if !e.title.Disabled() || !e.body.Disabled() || !e.unlock.Visible() || !e.reason.Visible() {
		t.Fatalf("locked note: title disabled %v, body disabled %v, unlock shown %v", e.title.Disabled(), e.body.Disabled(), e.unlock.Visible())
	}
	test.Type(e.title, "x")
	test.Type(e.body, "y")
	e.toggleTrash() // asks; nothing is confirmed
	if after, _ := f.store.Get(target); after.Content != before.Content {
		t.Fatalf("a locked note changed: %s", after.Content)
	}
	test.Tap(e.unlock)
	if e.title.Disabled() || e.body.Disabled() || e.unlock.Visible() {
		t.Fatal("still read-only after Unlock")
	}
	test.Type(e.body, "z")
	if n, _ := f.store.GetNote(target); n.Locked || n.Text[0] != 'z' {
		t.Fatalf("after Unlock: locked %v, text %q", n.Locked, n.Text)
	}
}
