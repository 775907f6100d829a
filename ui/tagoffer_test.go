package ui

import (
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

// countingNotes counts the store's tag listings.
type countingNotes struct {
	*model.Store
	listTags int
}

func (c *countingNotes) ListTags() ([]model.TagSummary, error) {
	c.listTags++
	return c.Store.ListTags()
}

// Opening a note offers the tags it does not have without asking the store
// (the window's own snapshot has them), and a tag made elsewhere is offered
// once a snapshot brings it.
func TestOpeningANoteOffersTagsWithoutTheStore(t *testing.T) {
	st, err := model.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, err := st.CreateNote("A", "text")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := st.CreateNote("B", "text")
	if _, err := st.CreateTag("home"); err != nil {
		t.Fatal(err)
	}
	notes := &countingNotes{Store: st}
	w := New(test.NewTempApp(t), notes, &fakeServices{})
	before := notes.listTags
	for range 3 {
		w.selectNote(a.UUID)
		w.selectNote(b.UUID)
	}
	if notes.listTags != before {
		t.Fatalf("opening notes listed the tags %d times on the UI thread", notes.listTags-before)
	}
	if !slices.Contains(w.editor.offered, "home") {
		t.Fatalf("offered %v, want home", w.editor.offered)
	}
	if _, err := st.CreateTag("work"); err != nil {
		t.Fatal(err)
	}
	w.applySnapshot(w.readSnapshot(w.query, w.selected))
	if !slices.Contains(w.editor.offered, "work") {
		t.Fatalf("a tag made elsewhere is not offered after a snapshot: %v", w.editor.offered)
	}
}
