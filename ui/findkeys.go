package ui

import (
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// F3 and Shift+F3 find the next and previous match from the note's text as
// well as from the find bar. The menu cannot carry them: the driver tries
// menu shortcuts only for keys pressed with Ctrl (or Alt, Super), and gives
// F3 alone to the focused widget. So the note's text fields take F3
// themselves, and Shift is followed by KeyDown and KeyUp (the test driver
// has no desktop.Driver to ask).

// noteEntry is the text of a note that is not paged: an Entry that takes
// F3.
type noteEntry struct {
	widget.Entry
	shift bool
	onF3  func(back bool)
}

func newNoteEntry(onF3 func(back bool)) *noteEntry {
	e := &noteEntry{onF3: onF3}
	e.MultiLine = true
	e.ExtendBaseWidget(e)
	return e
}

func (e *noteEntry) KeyDown(k *fyne.KeyEvent) {
	e.shift = e.shift || isShift(k)
	e.Entry.KeyDown(k)
}

func (e *noteEntry) KeyUp(k *fyne.KeyEvent) {
	e.shift = e.shift && !isShift(k)
	e.Entry.KeyUp(k)
}

func (e *noteEntry) FocusLost() {
	e.shift = false
	e.Entry.FocusLost()
}

func (e *noteEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyF3 && e.onF3 != nil {
		e.onF3(e.shift)
		return
	}
	e.Entry.TypedKey(k)
}

// KeyDown and KeyUp follow Shift on a page of a long note, for Shift+F3.
func (e *pageEntry) KeyDown(k *fyne.KeyEvent) {
	e.shift = e.shift || isShift(k)
	e.Entry.KeyDown(k)
}

func (e *pageEntry) KeyUp(k *fyne.KeyEvent) {
	e.shift = e.shift && !isShift(k)
	e.Entry.KeyUp(k)
}

func isShift(k *fyne.KeyEvent) bool {
	return k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight
}

// again finds the next (dir 1) or previous (-1) match from wherever the
// keyboard is: F3 and Ctrl+G. From the note's text the keyboard stays in
// the text, in the page that holds the match; with nothing to find yet
// the bar opens to ask for it.
func (f *findBar) again(dir int) {
	if !f.e.loaded {
		return
	}
	if f.field.Text == "" {
		f.open()
		return
	}
	inText := f.e.textFocused()
	if !f.root.Visible() {
		f.root.Show()
		f.noteShown()
		f.fromCursor(dir)
	}
	f.find(dir)
	if inText && f.shown != nil {
		f.focusEntry(f.shown)
	}
}

// findAgain is F3 (back: Shift+F3) in the note's text.
func (e *editor) findAgain(back bool) {
	if back {
		e.find.again(-1)
	} else {
		e.find.again(1)
	}
}

// fromCursor starts finding from the cursor in the note's text, when the
// keyboard is there: forward at or after it, backward before it; a
// selection counts as the current match.
func (f *findBar) fromCursor(dir int) {
	c := fyne.CurrentApp().Driver().CanvasForObject(f.e.title)
	if c == nil || !f.e.textFocused() {
		return
	}
	var in *widget.Entry
	start := 0
	switch x := c.Focused().(type) {
	case *noteEntry:
		in = &x.Entry
	case *pageEntry:
		in = &x.Entry
		start = x.p.pageStart(x.p.indexOf(x))
	default:
		return
	}
	at := start + in.CursorTextOffset()
	switch sel := utf8.RuneCountInString(in.SelectedText()); {
	case sel > 0:
		f.at = at - sel
	case dir > 0:
		f.at = at - 1
	default:
		f.at = at
	}
}

// textFocused reports whether the keyboard is in the note's text.
func (e *editor) textFocused() bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(e.title)
	if c == nil {
		return false
	}
	switch x := c.Focused().(type) {
	case *noteEntry:
		return x == e.body
	case *pageEntry:
		return e.long != nil && x.p == e.long
	}
	return false
}

// focusEntry gives the keyboard to the note's Entry in (the body, or a page).
func (f *findBar) focusEntry(in *widget.Entry) {
	if f.e.long != nil {
		if p := f.e.long.pageOf(in); p != nil {
			f.e.focus(p)
			return
		}
		f.e.focusBody()
		return
	}
	f.e.focus(f.e.body)
}

// FocusLost forgets Shift: its KeyUp goes to the widget with the keyboard.
func (e *pageEntry) FocusLost() {
	e.shift = false
	e.Entry.FocusLost()
}
