package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

// openLong opens a note of lines lines in the window and returns its uuid.
func (f *fixture) openLong(lines int) string {
	n, err := f.store.CreateNote("Long", longText(lines))
	if err != nil {
		f.t.Fatal(err)
	}
	f.w.Reload()
	f.w.selectNote(n.UUID)
	if f.w.editor.long == nil {
		f.t.Fatal("a long note got the plain editor")
	}
	return n.UUID
}

func (f *fixture) storedText(uuid string) string {
	n, err := f.store.GetNote(uuid)
	if err != nil {
		f.t.Fatal(err)
	}
	return n.Text
}

func (f *fixture) focusedPage() *pageEntry {
	p, ok := f.w.win.Canvas().Focused().(*pageEntry)
	if !ok {
		f.t.Fatalf("the keyboard is in %T, not a page", f.w.win.Canvas().Focused())
	}
	return p
}

// TestPagedBodyKeepsText: typing, Backspace and Delete at page boundaries,
// and the arrow keys across them, edit the text exactly as one Entry would;
// the store always holds the pages joined.
func TestPagedBodyKeepsText(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openLong(450)
	p := f.w.editor.long
	if len(p.texts) != 5 || p.Text() != longText(450) {
		t.Fatalf("%d pages; text kept: %v", len(p.texts), p.Text() == longText(450))
	}
	want := longText(450)
	f.w.editor.focusBody()
	test.Type(f.focusedPage(), "X")
	want = "X" + want
	if got := f.storedText(uuid); got != want {
		t.Fatalf("after typing: %q…", got[:40])
	}
	// Down from the last row of page 0 goes to page 1.
	page0 := f.focusedPage()
	page0.moveToEnd()
	page0.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	page0.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	page0.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if f.focusedPage() == page0 || p.indexOf(f.focusedPage()) != 1 {
		t.Fatalf("Down at the end of page 0 went to page %d", p.indexOf(f.focusedPage()))
	}
	// Backspace at the start of page 1 joins it to page 0 (the newline
	// between line 99 and line 100 goes).
	page1 := f.focusedPage()
	page1.CursorRow, page1.CursorColumn = 0, 0
	page1.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	lines := strings.SplitAfter(want, "\n")
	want = strings.Join(lines[:99], "") + strings.TrimSuffix(lines[99], "\n") + strings.Join(lines[100:], "")
	if got := f.storedText(uuid); got != want {
		t.Fatal("Backspace at a page start did not join the lines exactly")
	}
	if len(p.texts) != 4 || p.indexOf(f.focusedPage()) != 0 {
		t.Fatalf("%d pages, keyboard in page %d", len(p.texts), p.indexOf(f.focusedPage()))
	}
	test.Type(f.focusedPage(), "|")
	at := strings.Index(want, "Line 00100")
	want = want[:at] + "|" + want[at:]
	if got := f.storedText(uuid); got != want {
		t.Fatal("typing at the join went elsewhere")
	}
	// Delete at the end of page 0 joins page 1 onto it.
	page0 = f.focusedPage()
	page0.moveToEnd()
	page0.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if got := f.storedText(uuid); got != p.Text() || len(p.texts) != 3 {
		t.Fatalf("Delete at a page end: %d pages, stored = shown: %v", len(p.texts), got == p.Text())
	}
	if strings.Count(f.storedText(uuid), "\n") != strings.Count(want, "\n")-1 {
		t.Fatal("Delete at a page end removed more or less than one newline")
	}
	// Right at the end of a page, Left at the start of the next.
	page0.moveToEnd()
	page0.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if p.indexOf(f.focusedPage()) != 1 {
		t.Fatal("Right at a page end stayed")
	}
	f.focusedPage().TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if p.indexOf(f.focusedPage()) != 0 || !f.focusedPage().atEnd() {
		t.Fatal("Left at a page start did not go to the end of the page before")
	}
}

// TestPagedBodyReadOnlyAndSwitch: an undecryptable long note's pages are
// disabled; a short note after a long one gets the plain editor back, and a
// change from elsewhere re-pages the text.
func TestPagedBodyReadOnlyAndSwitch(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openLong(1000)
	short, _ := f.store.CreateNote("Short", "one line")
	f.w.Reload()
	f.w.selectNote(short.UUID)
	if f.w.editor.long != nil || f.w.editor.body.Text != "one line" {
		t.Fatal("a short note after a long one is not in the plain editor")
	}
	f.w.selectNote(uuid)
	cli := f.otherWriter()
	text := longText(600) + "appended elsewhere"
	cli.EditNote(uuid, modelEdit(text))
	f.w.ExternalChange()
	if f.w.editor.long == nil || f.w.editor.long.Text() != text {
		t.Fatal("a change from elsewhere did not reach the paged editor")
	}
	f.w.editor.long.SetEnabled(false)
	for _, e := range f.w.editor.long.entries {
		if e != nil && !e.Disabled() {
			t.Fatal("a page stayed enabled")
		}
	}
}

func modelEdit(text string) model.NoteEdit { return model.NoteEdit{Text: &text} }
