package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

// TestTagDialogsKeyboard: New tag and Rename tag open with the name field
// focused, Enter confirms, Escape cancels, and the field is wide enough for
// a long name.
func TestTagDialogsKeyboard(t *testing.T) {
	f := newFixture(t, nil)
	c := f.w.win.Canvas()
	f.w.sidebar.newTag()
	e := f.w.nameEntry
	if c.Focused() != e {
		t.Fatalf("focus on %T, want the name field", c.Focused())
	}
	if e.Size().Width < 300 {
		t.Fatalf("the name field is %.0f px wide", e.Size().Width)
	}
	test.Type(e, "A rather long tag name for the holidays")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tags, _ := f.store.ListTags()
	if len(tags) != 1 || tags[0].Title != "A rather long tag name for the holidays" || c.Overlays().Top() != nil {
		t.Fatalf("after Enter: tags %+v, overlay %v", tags, c.Overlays().Top())
	}
	// Escape closes without creating anything.
	f.w.sidebar.newTag()
	test.Type(f.w.nameEntry, "not wanted")
	f.w.nameEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tags, _ := f.store.ListTags(); len(tags) != 1 || c.Overlays().Top() != nil {
		t.Fatalf("after Escape: %d tags, overlay %v", len(tags), c.Overlays().Top())
	}
	// Rename starts from the current name.
	if f.w.query.View != model.ViewTag {
		t.Fatal("the new tag is not selected")
	}
	f.w.sidebar.renameTag()
	if f.w.nameEntry.Text != "A rather long tag name for the holidays" || c.Focused() != f.w.nameEntry {
		t.Fatalf("rename field %q", f.w.nameEntry.Text)
	}
	f.w.nameEntry.SetText("Holidays")
	f.w.nameEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if tags, _ := f.store.ListTags(); len(tags) != 1 || tags[0].Title != "Holidays" {
		t.Fatalf("after rename: %+v", tags)
	}
}

// TestRenameToExistingTagMerges: renaming a tag to the name of another
// offers to merge them; confirmed, one tag holds both tags' notes.
func TestRenameToExistingTagMerges(t *testing.T) {
	f := newFixture(t, seedNotes) // Home: Groceries; Work: Standup
	f.w.Reload()
	work, _ := f.store.TagByTitle("Work")
	f.w.SelectView(model.ViewTag, work.UUID)
	f.w.sidebar.renameTag()
	f.w.nameEntry.SetText("home")
	f.w.nameEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d := f.w.sidebar.mergeDialog
	if d == nil {
		t.Fatal("no merge was offered")
	}
	if tags, _ := f.store.ListTags(); len(tags) != 2 {
		t.Fatalf("renamed before the merge was confirmed: %+v", tags)
	}
	d.Confirm()
	tags, _ := f.store.ListTags()
	if len(tags) != 1 || tags[0].Title != "Home" || tags[0].Count != 2 {
		t.Fatalf("after the merge: %+v", tags)
	}
	if f.w.query.View != model.ViewTag || f.w.query.Tag != tags[0].UUID {
		t.Fatal("the merged tag is not the one shown")
	}
	if got := f.rows(); len(got) != 2 {
		t.Fatalf("the tag lists %q", got)
	}
}
