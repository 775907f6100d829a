package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

// openNote makes a note, opens it and returns its uuid.
func (f *fixture) openNote(title, text string) string {
	f.t.Helper()
	n, err := f.store.CreateNote(title, text)
	if err != nil {
		f.t.Fatal(err)
	}
	f.w.Reload()
	f.w.selectNote(n.UUID)
	return n.UUID
}

// key types k into the focused widget, with Shift held if shift.
func (f *fixture) key(k fyne.KeyName, shift bool) {
	f.t.Helper()
	o, ok := f.w.win.Canvas().Focused().(interface {
		fyne.Focusable
		desktop.Keyable
	})
	if !ok {
		f.t.Fatalf("the keyboard is in %T", f.w.win.Canvas().Focused())
	}
	if shift {
		o.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		defer o.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
	o.TypedKey(&fyne.KeyEvent{Name: k})
}

// TestFindInNote: Ctrl+F puts the keyboard in the find bar; typing, Enter,
// Shift+Enter and F3 move through the matches with a count, the match is
// selected in the text (and shown as selected though the keyboard is in the
// field), the case option narrows them, and Escape gives the keyboard back
// to the text with the match still selected.
func TestFindInNote(t *testing.T) {
	f := newFixture(t, nil)
	f.openNote("Pets", "one cat, two Cat\nthree CAT and a dog")
	fb := f.w.editor.find
	menuItem(t, f.w, "Edit", "Find in note").Action()
	if !fb.root.Visible() || f.w.win.Canvas().Focused() != fyne.Focusable(fb.field) {
		t.Fatalf("Ctrl+F: bar shown %v, keyboard in %T", fb.root.Visible(), f.w.win.Canvas().Focused())
	}
	body := f.w.editor.body
	step := func(what, count, sel string) {
		t.Helper()
		if fb.count.Text != count || body.SelectedText() != sel {
			t.Fatalf("%s: count %q, selected %q; want %q, %q", what, fb.count.Text, body.SelectedText(), count, sel)
		}
	}
	test.Type(fb.field, "cat")
	step("typed", "1 of 3", "cat")
	f.key(fyne.KeyReturn, false)
	step("Enter", "2 of 3", "Cat")
	f.key(fyne.KeyF3, false)
	step("F3", "3 of 3", "CAT")
	f.key(fyne.KeyReturn, false)
	step("Enter at the last", "1 of 3", "cat")
	f.key(fyne.KeyReturn, true)
	step("Shift+Enter at the first", "3 of 3", "CAT")
	menuItem(t, f.w, "Edit", "Find previous").Action()
	step("Find previous", "2 of 3", "Cat")
	test.Tap(fb.matchCase)
	step("case-sensitive", "1 of 1", "cat")
	test.Type(fb.field, "s")
	step("no match", "No matches", "cat")
	if f.w.win.Canvas().Focused() != fyne.Focusable(fb.field) {
		t.Fatal("finding took the keyboard from the field")
	}
	f.key(fyne.KeyBackspace, false)
	f.key(fyne.KeyEscape, false)
	if fb.root.Visible() || f.w.win.Canvas().Focused() != fyne.Focusable(body) || body.SelectedText() != "cat" {
		t.Fatalf("Escape: bar shown %v, keyboard in %T, selected %q", fb.root.Visible(), f.w.win.Canvas().Focused(), body.SelectedText())
	}
	// Ctrl+Shift+F is the search of all notes.
	menuItem(t, f.w, "Edit", "Search all notes").Action()
	if f.w.win.Canvas().Focused() != fyne.Focusable(f.w.noteList.search) {
		t.Fatalf("Ctrl+Shift+F: keyboard in %T", f.w.win.Canvas().Focused())
	}
}

// TestFindInLongNote: in a paged note the matches are counted over the whole
// text, and the current one is selected in the page that holds it, which is
// scrolled into view.
func TestFindInLongNote(t *testing.T) {
	f := newFixture(t, nil)
	text := strings.Replace(longText(500), "Line 00250 of", "Line 00250 needle of", 1)
	text = strings.Replace(text, "Line 00460 of", "Line 00460 NEEDLE of", 1)
	f.openNote("Long", text)
	p := f.w.editor.long
	if p == nil {
		t.Fatal("not paged")
	}
	fb := f.w.editor.find
	fb.open()
	test.Type(fb.field, "needle")
	check := func(count string, page int, sel string) {
		t.Helper()
		e := p.entries[page]
		if fb.count.Text != count || e == nil || e.SelectedText() != sel {
			t.Fatalf("count %q, page %d built %v", fb.count.Text, page, e != nil)
		}
		y := p.slots[page].Position().Y + e.CursorPosition().Y
		if y < p.scroll.Offset.Y || y > p.scroll.Offset.Y+p.scroll.Size().Height {
			t.Fatalf("match at y %v, view %v + %v", y, p.scroll.Offset.Y, p.scroll.Size().Height)
		}
	}
	check("1 of 2", 2, "needle")
	f.key(fyne.KeyReturn, false)
	check("2 of 2", 4, "NEEDLE")
	f.key(fyne.KeyEscape, false)
	if f.w.win.Canvas().Focused() != fyne.Focusable(p.entries[4]) {
		t.Fatalf("Escape: keyboard in %T, not the match's page", f.w.win.Canvas().Focused())
	}
}

// TestReplaceAllIsOneEdit: Replace all changes every match in one save, and
// one Undo brings the text back; Replace changes the current match only.
func TestReplaceAllIsOneEdit(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openNote("Pets", "cat and cat and Cat")
	fb := f.w.editor.find
	fb.open()
	test.Type(fb.field, "cat")
	test.Type(fb.with, "dog")
	before := f.svc.edited
	test.Tap(fb.all)
	if got := f.storedText(uuid); got != "dog and dog and dog" {
		t.Fatalf("after Replace all: %q", got)
	}
	if f.svc.edited-before != 1 || fb.count.Text != "Replaced 3" {
		t.Fatalf("%d saves, count %q", f.svc.edited-before, fb.count.Text)
	}
	f.w.win.Canvas().Focus(f.w.editor.body)
	menuItem(t, f.w, "Edit", "Undo").Action()
	if got := f.storedText(uuid); got != "cat and cat and Cat" {
		t.Fatalf("after Undo: %q", got)
	}
	menuItem(t, f.w, "Edit", "Redo").Action()
	menuItem(t, f.w, "Edit", "Undo").Action()
	// Replace: the first press finds, the next replaces and moves on.
	fb.open()
	f.key(fyne.KeyReturn, false)
	test.Tap(fb.one)
	if got := f.storedText(uuid); got != "cat and dog and Cat" || fb.count.Text != "2 of 2" {
		t.Fatalf("after Replace: %q, count %q", got, fb.count.Text)
	}
}

// TestReplaceInLongNote: Replace all in a paged note changes every page and
// is undone in one step.
func TestReplaceInLongNote(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openLong(450)
	fb := f.w.editor.find
	fb.open()
	test.Type(fb.field, "lorem")
	if fb.count.Text != "1 of 450" {
		t.Fatalf("count %q", fb.count.Text)
	}
	test.Type(fb.with, "LOREM")
	test.Tap(fb.all)
	want := strings.ReplaceAll(longText(450), "lorem", "LOREM")
	if got := f.storedText(uuid); got != want {
		t.Fatal("Replace all did not change every page")
	}
	f.w.editor.focusBody()
	menuItem(t, f.w, "Edit", "Undo").Action()
	if got := f.storedText(uuid); got != longText(450) {
		t.Fatal("one Undo did not bring the text back")
	}
}

// TestReadOnlyNoteIsFoundNotReplaced: a note in the Trash can be searched,
// and nothing replaces its text.
func TestReadOnlyNoteIsFoundNotReplaced(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openNote("Old", "cat cat")
	yes := true
	if err := f.store.EditNote(uuid, model.NoteEdit{Trashed: &yes}); err != nil {
		t.Fatal(err)
	}
	f.w.SelectView(model.ViewTrash, "")
	f.w.selectNote(uuid)
	fb := f.w.editor.find
	fb.open()
	test.Type(fb.field, "cat")
	if fb.count.Text != "1 of 2" || f.w.editor.body.SelectedText() != "cat" {
		t.Fatalf("count %q, selected %q", fb.count.Text, f.w.editor.body.SelectedText())
	}
	if !fb.all.Disabled() || !fb.one.Disabled() || !fb.with.Disabled() {
		t.Fatal("replacing is offered in a read-only note")
	}
	fb.replaceAll()
	if got := f.storedText(uuid); got != "cat cat" {
		t.Fatalf("a trashed note's text was replaced: %q", got)
	}
}

// TestWordCountInStatus: the editor's status counts words and characters and
// follows the typing.
func TestWordCountInStatus(t *testing.T) {
	f := newFixture(t, nil)
	f.openNote("Count", "two words")
	if !strings.Contains(f.w.editor.times.Text, "2 words · 9 characters") {
		t.Fatalf("status %q", f.w.editor.times.Text)
	}
	f.w.editor.focusBody()
	test.Type(f.w.editor.body, "and three ")
	if !strings.Contains(f.w.editor.times.Text, "4 words · 19 characters") {
		t.Fatalf("status after typing %q", f.w.editor.times.Text)
	}
}

// TestSearchMovesIntoResults: Down or Enter in the search field put the
// keyboard in the list of results, the first one open.
func TestSearchMovesIntoResults(t *testing.T) {
	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyReturn} {
		f := newFixture(t, seedNotes)
		f.w.selectNote("")
		menuItem(t, f.w, "Edit", "Search all notes").Action()
		test.Type(f.w.noteList.search, "sync")
		f.key(k, false)
		if f.w.win.Canvas().Focused() != fyne.Focusable(f.w.noteList.list) {
			t.Fatalf("%s: keyboard in %T, not the results", k, f.w.win.Canvas().Focused())
		}
		if f.w.editor.title.Text != "Standup" {
			t.Fatalf("%s: the open note is %q", k, f.w.editor.title.Text)
		}
	}
}

// TestFindBarTabOrder: Tab goes from the find field to the replacement and
// on to Replace; Shift+Tab comes back.
func TestFindBarTabOrder(t *testing.T) {
	f := newFixture(t, nil)
	f.openNote("Pets", "cat")
	fb := f.w.editor.find
	fb.open()
	c := f.w.win.Canvas()
	f.key(fyne.KeyTab, false)
	if c.Focused() != fyne.Focusable(fb.with) {
		t.Fatalf("Tab in the find field: keyboard in %T", c.Focused())
	}
	f.key(fyne.KeyTab, true)
	if c.Focused() != fyne.Focusable(fb.field) {
		t.Fatalf("Shift+Tab in the replacement: keyboard in %T", c.Focused())
	}
	f.key(fyne.KeyTab, false)
	f.key(fyne.KeyTab, false)
	if c.Focused() != fyne.Focusable(fb.one) {
		t.Fatalf("Tab in the replacement: keyboard in %T", c.Focused())
	}
}

// TestFindAgainFromText: F3 and Shift+F3 in the note's text (and Ctrl+G
// with the bar closed) go to the next and previous match and leave the
// keyboard in the text; in a long note, in the page that holds the match.
func TestFindAgainFromText(t *testing.T) {
	f := newFixture(t, nil)
	f.openNote("Pets", "cat one, cat two, cat three")
	fb := f.w.editor.find
	fb.open()
	test.Type(fb.field, "cat")
	f.key(fyne.KeyEscape, false)
	c := f.w.win.Canvas()
	body := f.w.editor.body
	f.key(fyne.KeyF3, false)
	if c.Focused() != fyne.Focusable(body) || fb.count.Text != "2 of 3" || body.SelectedText() != "cat" {
		t.Fatalf("F3 in the text: keyboard in %T, count %q", c.Focused(), fb.count.Text)
	}
	f.key(fyne.KeyF3, true)
	// With Shift held the Entry extends a selection: the match is selected
	// anew, not joined to the last one (seen in the real window).
	if c.Focused() != fyne.Focusable(body) || fb.count.Text != "1 of 3" || body.SelectedText() != "cat" {
		t.Fatalf("Shift+F3 in the text: keyboard in %T, count %q, selected %q", c.Focused(), fb.count.Text, body.SelectedText())
	}
	fb.close()
	menuItem(t, f.w, "Edit", "Find previous").Action()
	if c.Focused() != fyne.Focusable(body) || fb.count.Text != "3 of 3" || !fb.root.Visible() {
		t.Fatalf("Ctrl+Shift+G in the text: keyboard in %T, count %q", c.Focused(), fb.count.Text)
	}

	text := strings.Replace(longText(500), "Line 00010 of", "Line 00010 needle of", 1)
	text = strings.Replace(text, "Line 00420 of", "Line 00420 needle of", 1)
	f.openNote("Long", text)
	p := f.w.editor.long
	fb.open()
	test.Type(fb.field, "needle")
	f.key(fyne.KeyEscape, false)
	if c.Focused() != fyne.Focusable(p.entries[0]) {
		t.Fatalf("Escape: keyboard in %T", c.Focused())
	}
	f.key(fyne.KeyF3, false)
	if c.Focused() != fyne.Focusable(p.entries[4]) || fb.count.Text != "2 of 2" || p.entries[4].SelectedText() != "needle" {
		t.Fatalf("F3 in a page: keyboard in %T, count %q", c.Focused(), fb.count.Text)
	}
}
