package ui

import (
	"image/color"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// Whole-note operations on a paged note (pagedbody.go). Each page is its own
// Entry, so the Entry's own Select all, Copy and Cut saw one page: Ctrl+A,
// Ctrl+C copied 100 lines of a 5,000-line note and said nothing of the rest
// (issue 18). Here Select all selects the note: the whole text shows
// selected, and until the cursor moves, Copy, Cut, Paste, typing, Backspace
// and Delete act on the whole text. A change of the whole text, or a paste of
// many lines, re-pages the note (reset), so no page grows past what one Entry
// draws quickly. Those changes, and a join of two pages by Backspace or
// Delete, are undone as one step (wholeEdit); the Entry's own undo keeps the
// typing inside a page.

// maxWholeUndo bounds the whole-note undo steps kept: each holds the note's
// text twice.
const maxWholeUndo = 20

// wholeEdit is one change of the whole text, for undo and redo.
type wholeEdit struct {
	before, after string
	at, atAfter   int // the cursor (in runes) before and after
}

// selectAll selects the whole note. It shows as one shade over all the
// pages: a page's own selection shows only while it has the keyboard.
func (p *pagedBody) selectAll() {
	p.all = true
	// Coloured, not shown: a rectangle shown after being hidden was drawn
	// only at the next repaint in the real window (after a mouse move).
	p.shade.FillColor = theme.Color(theme.ColorNameSelection)
	p.shade.Refresh()
}

// clearAll ends a whole-note selection.
func (p *pagedBody) clearAll() {
	if !p.all {
		return
	}
	p.all = false
	p.shade.FillColor = color.Transparent
	p.shade.Refresh()
}

// pageStart is the offset, in runes of the whole text, where page i starts.
func (p *pagedBody) pageStart(i int) int {
	n := 0
	for _, t := range p.texts[:i] {
		n += utf8.RuneCountInString(t) + 1
	}
	return n
}

// locate is the page holding the rune offset at of the whole text, and the
// offset within that page.
func (p *pagedBody) locate(at int) (page, off int) {
	for i, t := range p.texts {
		n := utf8.RuneCountInString(t)
		if at <= n || i == len(p.texts)-1 {
			return i, min(at, n)
		}
		at -= n + 1
	}
	return 0, 0
}

// replace makes text the whole text, as one undoable step, with the
// cursor after at runes.
func (p *pagedBody) replace(text string, at, atAfter int) {
	p.pushUndo(wholeEdit{before: p.Text(), after: text, at: at, atAfter: atAfter})
	p.reset(text, atAfter)
	p.onChanged(p.Text())
}

// pushUndo records a whole-note change; a new change ends what Redo could
// bring back.
func (p *pagedBody) pushUndo(u wholeEdit) {
	p.undo = append(p.undo, u)
	if len(p.undo) > maxWholeUndo {
		p.undo = p.undo[1:]
	}
	p.redo = nil
}

// reset shows text as fresh pages with the keyboard after at runes.
func (p *pagedBody) reset(text string, at int) {
	p.clearAll()
	p.split(text)
	p.box.Objects = nil
	for _, s := range p.slots {
		p.box.Add(s)
	}
	p.box.Refresh()
	i, off := p.locate(at)
	e := p.build(i)
	e.setCursorIndex(off)
	e.fit()
	if c := p.canvas(); c != nil {
		c.Focus(e)
	}
	p.follow(e)
	p.buildVisible()
}

// undoWhole undoes the last whole-note change if the text is still what it
// made (typing since is undone by the page first); false: not ours.
func (p *pagedBody) undoWhole() bool {
	n := len(p.undo)
	if n == 0 || p.Text() != p.undo[n-1].after {
		return false
	}
	u := p.undo[n-1]
	p.undo = p.undo[:n-1]
	p.redo = append(p.redo, u)
	p.reset(u.before, u.at)
	p.onChanged(p.Text())
	return true
}

// redoWhole redoes the last whole-note change undone, if the text is what
// it was undone to.
func (p *pagedBody) redoWhole() bool {
	n := len(p.redo)
	if n == 0 || p.Text() != p.redo[n-1].before {
		return false
	}
	r := p.redo[n-1]
	p.redo = p.redo[:n-1]
	p.undo = append(p.undo, r)
	p.reset(r.after, r.atAfter)
	p.onChanged(p.Text())
	return true
}

// typeOverAll replaces a whole-note selection with s (typing, Enter,
// Backspace and Delete with s == "", a paste).
func (p *pagedBody) typeOverAll(s string) {
	p.replace(s, 0, utf8.RuneCountInString(s))
}

// bigPaste reports whether a paste is re-paged rather than given to a page.
func bigPaste(s string) bool {
	return len(s) >= longBytes || strings.Count(s, "\n") >= pageLines
}

// pasteBig inserts s at the cursor of page e (after deleting its
// selection) and re-pages the note.
func (p *pagedBody) pasteBig(e *pageEntry, s string) {
	if e.SelectedText() != "" {
		e.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete}) // erases the selection, saved as typing
	}
	i := p.indexOf(e)
	if i < 0 {
		return
	}
	at := p.pageStart(i) + e.CursorTextOffset()
	text := p.Text()
	b := byteOffset(text, at)
	p.replace(text[:b]+s+text[b:], at, at+utf8.RuneCountInString(s))
}

// byteOffset is the byte offset of rune offset n in s.
func byteOffset(s string, n int) int {
	for b := range s {
		if n == 0 {
			return b
		}
		n--
	}
	return len(s)
}

// TypedShortcut gives Select all, Copy, Cut, Paste, Undo and Redo the whole
// note where they concern it, and Ctrl+Home/End its start and end.
func (e *pageEntry) TypedShortcut(s fyne.Shortcut) {
	p := e.p
	if p.off && changesText(s) {
		return // Fyne 2.8.1's Entry pastes into itself even when disabled
	}
	switch s := s.(type) {
	case *fyne.ShortcutSelectAll:
		p.selectAll()
		return
	case *fyne.ShortcutCopy:
		if p.all && s.Clipboard != nil {
			s.Clipboard.SetContent(p.Text())
			return
		}
	case *fyne.ShortcutCut:
		if p.all && s.Clipboard != nil && !p.off {
			s.Clipboard.SetContent(p.Text())
			p.typeOverAll("")
			return
		}
	case *fyne.ShortcutPaste:
		if s.Clipboard == nil || p.off {
			break
		}
		if text := s.Clipboard.Content(); p.all {
			p.typeOverAll(text)
			return
		} else if bigPaste(text) {
			p.pasteBig(e, text)
			return
		}
	case *fyne.ShortcutUndo:
		if !p.off && p.undoWhole() {
			return
		}
	case *fyne.ShortcutRedo:
		if !p.off && p.redoWhole() {
			return
		}
	case *desktop.CustomShortcut:
		if e.jump(s) {
			return
		}
	}
	p.clearAll()
	e.Entry.TypedShortcut(s)
}

// changesText reports whether a shortcut edits the text.
func changesText(s fyne.Shortcut) bool {
	switch s.(type) {
	case *fyne.ShortcutCut, *fyne.ShortcutPaste, *fyne.ShortcutUndo, *fyne.ShortcutRedo:
		return true
	}
	return false
}

// jump handles Ctrl+Home and Ctrl+End: the note's first and last character.
func (e *pageEntry) jump(s *desktop.CustomShortcut) bool {
	if s.Modifier != fyne.KeyModifierShortcutDefault || (s.KeyName != fyne.KeyHome && s.KeyName != fyne.KeyEnd) {
		return false
	}
	p := e.p
	p.clearAll()
	if s.KeyName == fyne.KeyHome {
		p.scroll.ScrollToTop()
		p.focusPage(0, 0, 0)
	} else {
		p.scroll.ScrollToBottom()
		p.focusPage(len(p.texts)-1, -1, 0)
	}
	return true
}

// wholeKey handles a key typed over a whole-note selection; false: the key
// ended the selection and goes on to the page.
func (e *pageEntry) wholeKey(k *fyne.KeyEvent) bool {
	p := e.p
	if !p.all {
		return false
	}
	switch k.Name {
	case fyne.KeyBackspace, fyne.KeyDelete:
		if !p.off {
			p.typeOverAll("")
			return true
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if !p.off {
			p.typeOverAll("\n")
			return true
		}
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd,
		fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyTab, fyne.KeyEscape:
		p.clearAll()
	}
	// Other keys (Ctrl and Shift pressed alone reach here in the real
	// window, before the C of Ctrl+C) leave the selection as it is.
	return false
}

// TypedRune over a whole-note selection replaces the note.
func (e *pageEntry) TypedRune(r rune) {
	if e.p.all && !e.p.off {
		e.p.typeOverAll(string(r))
		return
	}
	e.Entry.TypedRune(r)
}

// MouseDown and Tapped end a whole-note selection, as in one text.
func (e *pageEntry) MouseDown(m *desktop.MouseEvent) {
	e.p.clearAll()
	e.Entry.MouseDown(m)
}

func (e *pageEntry) Tapped(ev *fyne.PointEvent) {
	e.p.clearAll()
	e.Entry.Tapped(ev)
}

// rowLength is the number of runes in wrapped row row of the page (without
// its newline); rows are the Entry's, read as setCursorIndex does.
func (e *pageEntry) rowLength(row int) int {
	r, c := e.CursorRow, e.CursorColumn
	defer func() { e.CursorRow, e.CursorColumn = r, c }()
	e.CursorRow, e.CursorColumn = row, 0
	start := e.CursorTextOffset()
	e.CursorRow = row + 1
	next := e.CursorTextOffset()
	runes := []rune(e.Text)
	if next <= start {
		return len(runes) - start
	}
	n := next - start
	if runes[next-1] == '\n' {
		n--
	}
	return n
}

// pageMove handles PageUp (dir -1) and PageDown (dir 1): the view moves by
// its height and the cursor with it, across pages.
func (p *pagedBody) pageMove(e *pageEntry, dir float32) {
	i := p.indexOf(e)
	view := p.scroll.Size().Height
	if i < 0 || view <= 0 {
		return
	}
	row := fyne.MeasureText("Mg", theme.Current().Size(theme.SizeNameText), fyne.TextStyle{}).Height
	y := p.slots[i].Position().Y + e.CursorPosition().Y + row/2 + dir*view
	y = max(0, min(y, p.box.Size().Height-1))
	p.scroll.ScrollToOffset(fyne.NewPos(0, max(0, min(p.scroll.Offset.Y+dir*view, p.box.Size().Height-view))))
	j := 0
	for k, s := range p.slots {
		if s.Position().Y <= y {
			j = k
		}
	}
	t := p.build(j)
	r := t.rowAt(y - p.slots[j].Position().Y)
	switch {
	case dir > 0 && j == len(p.slots)-1 && y >= p.box.Size().Height-1:
		p.focusPage(j, -1, 0) // PageDown on the last screen: the end
		return
	case dir < 0 && j == 0 && y <= 0:
		p.focusPage(0, 0, 0)
		return
	}
	r = max(0, min(r, t.rows-1))
	p.focusPage(j, r, min(e.CursorColumn, t.rowLength(r)))
}

// rowAt is the row of the page at height y within it, by the Entry's own
// row positions rather than a height measured from the font, which need
// not be the Entry's.
func (e *pageEntry) rowAt(y float32) int {
	r, c := e.CursorRow, e.CursorColumn
	defer func() { e.CursorRow, e.CursorColumn = r, c }()
	e.CursorRow, e.CursorColumn = 0, 0
	top := e.CursorPosition().Y
	e.CursorRow = 1
	h := e.CursorPosition().Y - top
	if h <= 0 {
		return 0
	}
	return int((y - top) / h)
}
