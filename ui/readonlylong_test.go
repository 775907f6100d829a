package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

// A long read-only text (a locked note, a long Super note) is shown in the
// paged body, disabled: a label took 7.6 s to show 5,000 lines. Typing into
// its pages changes nothing.
func TestLongReadOnlyTextsArePaged(t *testing.T) {
	f := newFixture(t, nil)
	text := strings.Repeat("a line of some ordinary words in a long note\n", 5000)
	locked, _ := f.store.CreateNote("Long", text)
	yes := true
	_ = f.store.EditNote(locked.UUID, model.NoteEdit{Locked: &yes})
	para := `{"type":"paragraph","children":[{"type":"text","text":"words of a long Super note"}]}`
	lex := `{"root":{"type":"root","children":[` + strings.Repeat(para+",", 4999) + para + `]}}`
	c, _ := json.Marshal(map[string]any{"title": "Long Super", "text": lex, "noteType": "super"})
	if err := f.store.Update(func(tx *model.Tx) error { return tx.PutLocal("long-super", model.TypeNote, string(c), "") }); err != nil {
		t.Fatal(err)
	}
	f.w.Reload()
	for _, uuid := range []string{locked.UUID, "long-super"} {
		before, _ := f.store.Get(uuid)
		f.w.selectNote(uuid)
		e := f.w.editor
		if e.long == nil || e.slot.Objects[0] != e.long.scroll || !e.long.off {
			t.Fatalf("%s: not shown paged and disabled", uuid)
		}
		want := e.note.Readable
		if e.long.Text() != want {
			t.Fatalf("%s: shows %.40q", uuid, e.long.Text())
		}
		for _, p := range e.long.entries {
			if p != nil {
				test.Type(p, "typed")
			}
		}
		if after, _ := f.store.Get(uuid); after.Content != before.Content {
			t.Fatalf("%s changed by typing", uuid)
		}
	}
}
