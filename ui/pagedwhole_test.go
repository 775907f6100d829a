package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// selectAllCopy does Edit ▸ Select all, then Edit ▸ Copy, and returns the
// clipboard.
func (f *fixture) selectAllCopy() string {
	f.t.Helper()
	menuItem(f.t, f.w, "Edit", "Select all").Action()
	menuItem(f.t, f.w, "Edit", "Copy").Action()
	return f.w.fa.Clipboard().Content()
}

// TestPagedBodyCopiesWholeNote: Select all then Copy in a 5,000-line note
// copies the whole note, not the page with the cursor (issue 18: 98% of the
// note was silently left out); Cut takes all of it to the clipboard and
// leaves the note (and the store) empty.
func TestPagedBodyCopiesWholeNote(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openLong(5000)
	f.w.editor.focusBody()
	if got := f.selectAllCopy(); got != longText(5000) {
		t.Fatalf("copied %d of %d lines", strings.Count(got, "\n"), 5000)
	}
	// The same from the keyboard, from a page further down.
	f.focusedPage().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // ends the selection
	f.w.editor.long.focusPage(3, 5, 0)
	f.w.fa.Clipboard().SetContent("")
	page := f.focusedPage()
	page.TypedShortcut(&fyne.ShortcutSelectAll{})
	// The real window types Ctrl itself as a key before the X of Ctrl+X.
	page.TypedKey(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	page.TypedShortcut(&fyne.ShortcutCut{Clipboard: f.w.fa.Clipboard()})
	if got := f.w.fa.Clipboard().Content(); got != longText(5000) {
		t.Fatalf("cut %d of %d lines", strings.Count(got, "\n"), 5000)
	}
	if got := f.storedText(uuid); got != "" || f.w.editor.long.Text() != "" {
		t.Fatalf("after Cut the store holds %d bytes, the editor %d", len(got), len(f.w.editor.long.Text()))
	}
}

// TestPagedBodySelectAllDelete: Select all then Delete empties the whole
// note and the store (it cleared one page); Undo brings all of it back as
// one step, Redo empties it again; typing over a whole-note selection
// replaces it.
func TestPagedBodySelectAllDelete(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openLong(5000)
	f.w.editor.focusBody()
	page := f.focusedPage()
	page.TypedShortcut(&fyne.ShortcutSelectAll{})
	page.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if got := f.storedText(uuid); got != "" {
		t.Fatalf("Select all + Delete left %d of %d lines in the store", strings.Count(got, "\n"), 5000)
	}
	if got := f.w.editor.long.Text(); got != "" {
		t.Fatalf("Select all + Delete left %d lines in the editor", strings.Count(got, "\n"))
	}
	f.focusedPage().TypedShortcut(&fyne.ShortcutUndo{})
	if got := f.storedText(uuid); got != longText(5000) {
		t.Fatalf("Undo brought back %d of 5000 lines", strings.Count(got, "\n"))
	}
	f.focusedPage().TypedShortcut(&fyne.ShortcutRedo{})
	if got := f.storedText(uuid); got != "" {
		t.Fatal("Redo did not delete again")
	}
	f.focusedPage().TypedShortcut(&fyne.ShortcutUndo{})
	f.focusedPage().TypedShortcut(&fyne.ShortcutSelectAll{})
	f.focusedPage().TypedRune('x')
	if got := f.storedText(uuid); got != "x" {
		t.Fatalf("typing over Select all stored %d bytes, want \"x\"", len(got))
	}
}

// TestPagedBodyBackspaceShowsEveryLine: Backspace at the start of a page's
// first line joins the two pages, and the joined page is sized for all of
// its lines: it stayed sized for one page's, hiding the next ~99 lines until
// the note was opened again (issue 18).
func TestPagedBodyBackspaceShowsEveryLine(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openLong(450)
	p := f.w.editor.long
	p.focusPage(1, 0, 0)
	f.focusedPage().TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if got := f.storedText(uuid); got != p.Text() || strings.Count(got, "\n") != 449 {
		t.Fatal("Backspace at a page start did not remove exactly one newline")
	}
	row := fyne.MeasureText("Mg", theme.Current().Size(theme.SizeNameText), fyne.TextStyle{}).Height
	for i, e := range p.entries {
		if e == nil {
			continue
		}
		lines := strings.Count(p.texts[i], "\n") + 1
		if e.Text != p.texts[i] {
			t.Fatalf("page %d shows other text than it holds", i)
		}
		if h := e.MinSize().Height; h < float32(lines)*row {
			t.Fatalf("page %d has %d lines but room for %.0f: the rest are hidden", i, lines, h/row)
		}
	}
	// Undo puts the newline back; Redo takes it away again.
	f.focusedPage().TypedShortcut(&fyne.ShortcutUndo{})
	if got := f.storedText(uuid); got != longText(450) {
		t.Fatal("Undo after a join at a page boundary did not bring the text back")
	}
	f.focusedPage().TypedShortcut(&fyne.ShortcutRedo{})
	if got := f.storedText(uuid); strings.Count(got, "\n") != 449 {
		t.Fatal("Redo did not join the lines again")
	}
}

// TestPagedBodyKeysCoverWholeNote: Ctrl+End goes to the note's last
// character and Ctrl+Home to its first; PageDown goes on past a page's end
// to the note's end.
func TestPagedBodyKeysCoverWholeNote(t *testing.T) {
	f := newFixture(t, nil)
	f.openLong(1000)
	p := f.w.editor.long
	f.w.editor.focusBody()
	ctrl := func(k fyne.KeyName) *desktop.CustomShortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}
	f.focusedPage().TypedShortcut(ctrl(fyne.KeyEnd))
	if e := f.focusedPage(); p.indexOf(e) != len(p.texts)-1 || !e.atEnd() {
		t.Fatalf("Ctrl+End went to page %d of %d", p.indexOf(e), len(p.texts))
	}
	f.focusedPage().TypedShortcut(ctrl(fyne.KeyHome))
	if e := f.focusedPage(); p.indexOf(e) != 0 || e.CursorTextOffset() != 0 {
		t.Fatalf("Ctrl+Home went to page %d", p.indexOf(e))
	}
	last, presses := 0, 0
	for ; presses < 200 && !(last == len(p.texts)-1 && f.focusedPage().atEnd()); presses++ {
		f.focusedPage().TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
		i := p.indexOf(f.focusedPage())
		if i < last {
			t.Fatalf("PageDown went back from page %d to %d", last, i)
		}
		last = i
	}
	if presses == 200 || presses < 2 {
		t.Fatalf("%d PageDowns, stopped at page %d of %d", presses, last, len(p.texts))
	}
	t.Logf("%d PageDowns from the start to the end", presses)
	f.focusedPage().TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageUp})
	if p.indexOf(f.focusedPage()) == len(p.texts)-1 && f.focusedPage().atEnd() {
		t.Fatal("PageUp did not move")
	}
}

// TestPagedBodyPastesMegabytes: a paste of many lines goes in at the cursor
// exactly and is re-paged, so no page holds more than a page of lines.
func TestPagedBodyPastesMegabytes(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openLong(450)
	p := f.w.editor.long
	p.focusPage(2, 0, 4)                                                     // after "Line" of line 200
	big := strings.Repeat("pasted line, about forty bytes long ok\n", 30000) // 1.2 MB
	f.w.fa.Clipboard().SetContent(big)
	f.focusedPage().TypedShortcut(&fyne.ShortcutPaste{Clipboard: f.w.fa.Clipboard()})
	orig := longText(450)
	at := strings.Index(orig, "Line 00200") + 4
	want := orig[:at] + big + orig[at:]
	if got := f.storedText(uuid); got != want {
		t.Fatalf("stored %d bytes, want %d", len(got), len(want))
	}
	for i, s := range p.texts {
		if n := strings.Count(s, "\n") + 1; n > pageLines {
			t.Fatalf("page %d holds %d lines", i, n)
		}
	}
	e := f.focusedPage()
	before := strings.Join(p.texts[:p.indexOf(e)], "\n")
	if p.indexOf(e) > 0 {
		before += "\n"
	}
	if len([]rune(before))+e.CursorTextOffset() != len([]rune(orig[:at]+big)) {
		t.Fatal("the cursor is not after the pasted text")
	}
}

// TestPagedBodyPageUpMovesAScreen: in a narrow window, where every line
// wraps, each PageUp from the note's end moves the view by about a screen.
// The page that lost the keyboard scrolled the view back to its cursor, so
// the first PageUp moved it by one line.
func TestPagedBodyPageUpMovesAScreen(t *testing.T) {
	f := newFixture(t, nil)
	f.w.win.Resize(fyne.NewSize(800, 500))
	f.openLong(5000)
	p := f.w.editor.long
	f.w.editor.focusBody()
	f.focusedPage().TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnd, Modifier: fyne.KeyModifierShortcutDefault})
	view := p.scroll.Size().Height
	for i := 0; i < 3; i++ {
		before := p.scroll.Offset.Y
		f.focusedPage().TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageUp})
		if moved := before - p.scroll.Offset.Y; moved < 0.8*view {
			t.Fatalf("PageUp %d moved the view %.0f of %.0f pixels", i+1, moved, view)
		}
	}
}

// TestPagedBodyReadOnlyCopiesButKeeps: in a read-only long note (one that
// cannot be decrypted, or in the Trash) Select all and Copy still copy the
// whole note; Delete, Cut, Paste and typing change nothing.
func TestPagedBodyReadOnlyCopiesButKeeps(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openLong(1000)
	p := f.w.editor.long
	f.w.editor.focusBody()
	p.SetEnabled(false)
	clip := f.w.fa.Clipboard()
	page := f.focusedPage()
	page.TypedShortcut(&fyne.ShortcutSelectAll{})
	page.TypedShortcut(&fyne.ShortcutCopy{Clipboard: clip})
	if clip.Content() != longText(1000) {
		t.Fatal("Copy of a read-only note did not copy all of it")
	}
	page.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	page.TypedRune('x')
	page.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	page.TypedShortcut(&fyne.ShortcutCut{Clipboard: clip})
	if p.Text() != longText(1000) || f.storedText(uuid) != longText(1000) {
		t.Fatal("a read-only note changed")
	}
}
