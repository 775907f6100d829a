package ui

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

const superUUID = "5c0ffee0-0000-4000-8000-000000000001"

// seedSuper stores a Super note as the official app writes it (the Lexical
// JSON of model/testdata), beside a plain one.
func seedSuper(t *testing.T) func(s *model.Store) {
	return func(s *model.Store) {
		lex, err := os.ReadFile("../model/testdata/super-note.lexical.json")
		if err != nil {
			t.Fatal(err)
		}
		c, _ := json.Marshal(map[string]any{"title": "Garden", "text": string(lex), "noteType": "super",
			"editorIdentifier": "com.standardnotes.super-editor", "references": []any{},
			"appData": map[string]any{"org.standardnotes.sn": map[string]any{"client_updated_at": "2026-11-20T10:00:00.000Z"}}})
		if err := s.Update(func(tx *model.Tx) error {
			return tx.PutLocal(superUUID, model.TypeNote, string(c), "")
		}); err != nil {
			t.Fatal(err)
		}
		s.CreateNote("Plain", "older")
	}
}

// Typing into a Super note, wherever the keyboard is (the text shown, the
// body after Enter in the title), changes nothing in the store: its
// Lexical JSON would be replaced by plain text the official app cannot read.
func TestTypingIntoSuperNoteChangesNothing(t *testing.T) {
	f := newFixture(t, seedSuper(t))
	before, err := f.store.Get(superUUID)
	if err != nil {
		t.Fatal(err)
	}
	f.w.selectNote(superUUID)
	c := f.w.win.Canvas()
	if fo, ok := f.w.editor.slot.Objects[0].(fyne.Focusable); ok {
		c.Focus(fo)
	}
	typeIfFocused(c, "typed over")
	f.w.editor.focusBody()
	typeIfFocused(c, "more")
	test.Type(f.w.editor.body, "and more")
	after, err := f.store.Get(superUUID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Content != before.Content || after.Dirty != before.Dirty {
		t.Fatalf("typing changed the Super note:\n%.200s\nwas\n%.200s", after.Content, before.Content)
	}
}

// The note is shown as readable text, the reason is given, and the
// plain-text copy opens as an editable note with the same tags.
func TestSuperNoteReadableAndPlainCopy(t *testing.T) {
	f := newFixture(t, seedSuper(t))
	tag, _ := f.store.CreateTag("Garden")
	if err := f.store.AddTag(superUUID, tag.UUID); err != nil {
		t.Fatal(err)
	}
	f.w.Reload()
	f.w.selectNote(superUUID)
	e := f.w.editor
	if e.slot.Objects[0] != e.reading.scroll || !strings.HasPrefix(e.reading.label.Text, "# Garden plan\n") ||
		!strings.Contains(e.reading.label.Text, "- [x] Order the shed") {
		t.Fatalf("shown: %.80q", e.reading.label.Text)
	}
	if !e.reason.Visible() || !strings.Contains(e.reason.Text, "Super note") || !e.plain.Visible() {
		t.Fatalf("reason %q (visible %v), copy button visible %v", e.reason.Text, e.reason.Visible(), e.plain.Visible())
	}
	// A title edit is fine and leaves the readable text in place.
	test.Type(e.title, "!")
	if e.slot.Objects[0] != e.reading.scroll {
		t.Fatal("a title edit showed the raw text")
	}
	test.Tap(e.plain)
	if f.w.selected == superUUID || e.note.Title != "!Garden"+model.PlainCopySuffix {
		t.Fatalf("after the copy: selected %s, %q", f.w.selected, e.note.Title)
	}
	if e.plain.Visible() || e.slot.Objects[0] != e.body || !strings.HasPrefix(e.body.Text, "# Garden plan\n") {
		t.Fatalf("the copy is not editable text: %.40q", e.body.Text)
	}
	test.Type(e.body, "✓")
	cp, _ := f.store.GetNote(f.w.selected)
	if !strings.HasPrefix(cp.Text, "✓# Garden plan") || len(cp.Tags) != 1 || cp.Tags[0].Title != "Garden" {
		t.Fatalf("copy in the store: %q %+v", cp.Text[:20], cp.Tags)
	}
	orig, _ := f.store.GetNote(superUUID)
	if orig.NoteType != model.NoteTypeSuper || !strings.HasPrefix(orig.Text, `{"root":`) {
		t.Fatalf("the original changed: %.40q", orig.Text)
	}
	// Back to the Super note: the readable view again, not the copy's body.
	f.w.selectNote(superUUID)
	if e.slot.Objects[0] != e.reading.scroll || !e.plain.Visible() {
		t.Fatal("the Super note is not shown read-only after the copy")
	}
}

// typeIfFocused types on the canvas into whatever has the keyboard, if
// anything does (a read-only text may take none).
func typeIfFocused(c fyne.Canvas, s string) {
	if fo := c.Focused(); fo != nil {
		test.Type(fo, s)
	}
}

// A Super note's earlier versions read as text in the history too, and
// restoring one puts its Lexical JSON back as it was.
func TestSuperNoteHistoryReadable(t *testing.T) {
	lex, err := os.ReadFile("../model/testdata/super-note.lexical.json")
	if err != nil {
		t.Fatal(err)
	}
	content := func(text string) string {
		c, _ := json.Marshal(map[string]any{"title": "Garden", "text": text, "noteType": "super", "references": []any{}})
		return string(c)
	}
	newer := `{"root":{"type":"root","children":[{"type":"paragraph","children":[{"type":"text","text":"rewritten"}]}]}}`
	f := newFixture(t, func(s *model.Store) {
		for _, text := range []string{string(lex), newer} {
			if err := s.Update(func(tx *model.Tx) error {
				_, err := tx.ApplyRemote(model.Remote{UUID: superUUID, ContentType: model.TypeNote, Content: content(text),
					CreatedAt: "2026-11-01T09:00:00.000Z", UpdatedAt: "2026-11-20T10:00:00.000Z"})
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
	})
	f.w.selectNote(superUUID)
	if f.w.editor.reading.label.Text != "rewritten" {
		t.Fatalf("shown: %q", f.w.editor.reading.label.Text)
	}
	f.w.openHistory()
	h := f.w.history
	if h == nil || len(h.revs) == 0 || !strings.HasPrefix(h.shown.Text, "# Garden plan\n") {
		t.Fatalf("history shows %.60q", h.shown.Text)
	}
	test.Tap(h.restore)
	n, _ := f.store.GetNote(superUUID)
	if n.Text != string(lex) || n.NoteType != model.NoteTypeSuper {
		t.Fatalf("restored: %.60q", n.Text)
	}
}

// The Note menu reaches the same actions: a plain-text copy of the Super
// note, and star on a plain note (nothing on the copy command there).
func TestNoteMenu(t *testing.T) {
	f := newFixture(t, seedSuper(t))
	f.w.selectNote(superUUID)
	menuItem(t, f.w, "Note", "Make a plain-text copy").Action()
	if f.w.selected == superUUID || f.w.editor.note.Title != "Garden"+model.PlainCopySuffix {
		t.Fatalf("after the menu's copy: %q", f.w.editor.note.Title)
	}
	copyUUID := f.w.selected
	menuItem(t, f.w, "Note", "Make a plain-text copy").Action() // a plain note: nothing
	menuItem(t, f.w, "Note", "Star / Unstar").Action()
	n, _ := f.store.GetNote(copyUUID)
	if f.w.selected != copyUUID || !n.Starred {
		t.Fatalf("star from the menu: selected %s, starred %v", f.w.selected, n.Starred)
	}
}
