package ui

import (
	"fmt"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// The find bar (Edit ▸ Find in note, Ctrl+F) sits above the note's text. It
// finds with the pure functions of findtext.go over the text as shown (a
// long note's whole text, across its pages; a typed note's readable text)
// and selects the current match in the Entry that holds it. An Entry draws
// its selection only while it has the keyboard, and the keyboard stays in
// the find field for the next keystroke, so the Entry holding the match is
// told it has the focus (FocusGained) without taking it from the canvas:
// the match shows selected, with the text cursor after it, as in the
// editors people know. Replacing changes the note as one edit (one save,
// one Undo step: the paged body's whole-note undo, or bodyUndo below).
type findBar struct {
	e         *editor
	field     *findEntry // what to find
	with      *findEntry // what to replace it with
	count     *widget.Label
	matchCase *widget.Check
	one, all  *widget.Button
	root      *fyne.Container
	// at is the rune offset of the current match's start (-1: none yet).
	at    int
	shown *widget.Entry // the Entry told it has the focus, to show the match
}

func newFindBar(e *editor) *findBar {
	f := &findBar{e: e, at: -1}
	f.field = newFindEntry()
	f.field.SetPlaceHolder("Find in note")
	f.field.OnChanged = func(string) { f.find(0) }
	f.field.onEnter = func(back bool) {
		if back {
			f.find(-1)
		} else {
			f.find(1)
		}
	}
	f.field.onEscape = f.close
	// Tab goes on to the replacement, not to the buttons between them;
	// Shift+Tab back to the text.
	f.field.onTab = func(back bool) {
		switch {
		case back:
			f.close()
		case f.with.Disabled():
			f.e.focus(f.matchCase)
		default:
			f.e.focus(f.with)
		}
	}
	f.with = newFindEntry()
	f.with.SetPlaceHolder("Replace with")
	f.with.onEnter = func(bool) { f.replaceOne() }
	f.with.onEscape = f.close
	f.with.onTab = func(back bool) {
		if back {
			f.e.focus(f.field)
		} else {
			f.e.focus(f.one)
		}
	}
	f.count = widget.NewLabel("")
	// The keyboard goes back to the field, for Enter to find the next.
	f.matchCase = widget.NewCheck("Aa", func(bool) {
		f.find(0)
		f.e.focus(f.field)
	})
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.find(-1) })
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.find(1) })
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), f.close)
	for _, b := range []*widget.Button{prev, next, closeBtn} {
		b.Importance = widget.LowImportance
	}
	f.one = widget.NewButton("Replace", f.replaceOne)
	f.all = widget.NewButton("Replace all", f.replaceAll)
	findRow := container.NewBorder(nil, nil, nil, container.NewHBox(f.count, f.matchCase, prev, next, closeBtn), f.field)
	replaceRow := container.NewBorder(nil, nil, nil, container.NewHBox(f.one, f.all), f.with)
	f.root = container.NewVBox(findRow, replaceRow)
	f.root.Hide()
	return f
}

// open shows the bar with the keyboard in the find field, its text selected
// so that typing starts a new search.
func (f *findBar) open() {
	if !f.e.loaded {
		return
	}
	f.root.Show()
	f.noteShown()
	f.fromCursor(0)
	f.e.focus(f.field)
	f.field.TypedShortcut(&fyne.ShortcutSelectAll{})
	if f.field.Text != "" {
		f.find(0)
	}
}

// close hides the bar and gives the keyboard back to the text, where the
// current match stays selected.
func (f *findBar) close() {
	f.root.Hide()
	shown := f.shown
	f.unshow()
	if shown != nil {
		f.focusEntry(shown)
		return
	}
	f.e.focusBody()
}

// noteShown starts afresh on the note now shown: replacing only where its
// text may be edited.
func (f *findBar) noteShown() {
	f.at = -1
	f.unshow()
	f.count.SetText("")
	setEnabled(f.e.loaded && !f.e.textReadOnly(), f.with, f.one, f.all)
}

// unshow ends the borrowed focus of the Entry that showed a match, unless
// the Entry has the keyboard by now.
func (f *findBar) unshow() {
	if f.shown == nil {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(f.e.title); c == nil || !isFocused(c, f.shown) {
		f.shown.FocusLost()
	}
	f.shown = nil
}

// isFocused reports whether o (an Entry, perhaps inside a page) has the
// keyboard of c.
func isFocused(c fyne.Canvas, o *widget.Entry) bool {
	switch x := c.Focused().(type) {
	case *noteEntry:
		return &x.Entry == o
	case *pageEntry:
		return &x.Entry == o
	}
	return false
}

// find moves to the next match (dir 1), the previous one (-1), or the first
// at or after the current one (0: the search changed).
func (f *findBar) find(dir int) {
	if !f.root.Visible() {
		f.open()
		if dir == 0 {
			return
		}
	}
	ms := findAll(f.e.findText(), f.field.Text, f.matchCase.Checked)
	i := matchFrom(ms, f.at, dir)
	switch {
	case f.field.Text == "":
		f.count.SetText("")
	case i < 0:
		f.count.SetText("No matches")
	default:
		f.count.SetText(fmt.Sprintf("%s of %s", model.Thousands(i+1), model.Thousands(len(ms))))
	}
	if i < 0 {
		f.unshow()
		return
	}
	f.at = ms[i].start
	f.show(ms[i])
}

// show selects m in the text and scrolls to it.
func (f *findBar) show(m textMatch) {
	var in *widget.Entry
	switch {
	case f.e.long != nil && f.e.slot.Objects[0] == f.e.long.scroll:
		in = f.e.long.selectRange(m.start, m.end)
	case f.e.slot.Objects[0] == f.e.body:
		in = &f.e.body.Entry
		selectRange(in, m.start, m.end)
	default:
		// A short typed note's readable text is a label: no selection
		// to make, the count says where the match is.
		f.unshow()
		return
	}
	if f.shown != in {
		f.unshow()
	}
	f.shown = in
	in.FocusGained()
}

// replaceOne replaces the current match and moves to the next one; with no
// current match it finds one first.
func (f *findBar) replaceOne() {
	if f.e.textReadOnly() {
		return
	}
	text := f.e.findText()
	for _, m := range findAll(text, f.field.Text, f.matchCase.Checked) {
		if m.start == f.at && f.shown != nil {
			n := utf8.RuneCountInString(f.with.Text)
			f.e.replaceText(replaceMatches(text, []textMatch{m}, f.with.Text), m.start+n)
			f.at = m.start + n - 1
			f.find(1)
			return
		}
	}
	f.find(1)
}

// replaceAll replaces every match as one edit of the note.
func (f *findBar) replaceAll() {
	if f.e.textReadOnly() {
		return
	}
	text := f.e.findText()
	ms := findAll(text, f.field.Text, f.matchCase.Checked)
	if len(ms) == 0 {
		f.count.SetText("No matches")
		return
	}
	f.unshow()
	f.e.replaceText(replaceMatches(text, ms, f.with.Text), 0)
	f.at = -1
	f.count.SetText(fmt.Sprintf("Replaced %s", model.Thousands(len(ms))))
}

// findText is the text the find bar searches: what the note shows.
func (e *editor) findText() string {
	if !e.loaded || e.protectedHidden(e.note) {
		return ""
	}
	switch e.slot.Objects[0] {
	case e.body:
		return e.body.Text
	case e.reading.scroll:
		return e.reading.label.Text
	}
	if e.long != nil {
		return e.long.Text()
	}
	return ""
}

// countedText is the text the status counts the words of: the note's as
// stored (a long note's pages are not joined again for it), its readable
// text where that is what is shown, nothing while it is hidden.
func (e *editor) countedText() string {
	n := e.note
	switch {
	case e.protectedHidden(n):
		return ""
	case (!n.TextEditable || n.Locked) && n.DecryptError == "":
		return n.Readable
	}
	return n.Text
}

// textReadOnly reports whether the note's text may not be changed: it
// cannot be decrypted, is in the Trash, is typed or locked, or is hidden.
func (e *editor) textReadOnly() bool {
	n := e.note
	return n.DecryptError != "" || n.Trashed || !n.TextEditable || n.Locked || e.protectedHidden(n)
}

// replaceText makes text the note's text as one edit, one save and one Undo
// step, with the cursor after at runes; the keyboard stays where it was.
func (e *editor) replaceText(text string, at int) {
	c := fyne.CurrentApp().Driver().CanvasForObject(e.title)
	var had fyne.Focusable
	if c != nil {
		had = c.Focused()
	}
	if e.long != nil {
		e.long.replace(text, at, at) // re-paged, undone by the page's Undo
	} else {
		e.bodyUndo = append(e.bodyUndo, wholeEdit{before: e.body.Text, after: text})
		if len(e.bodyUndo) > maxWholeUndo {
			e.bodyUndo = e.bodyUndo[1:]
		}
		e.bodyRedo = nil
		e.body.SetText(text) // saved by OnChanged
	}
	if c != nil && had != nil {
		c.Focus(had)
	}
}

// undoBody undoes (or redoes) a replacement in the note's Entry when it has
// the keyboard and its text is still what the replacement made; false: the
// Entry's own Undo applies. SetText, the only way to change an Entry's text
// in one step, clears the Entry's own undo, so the editor keeps this one.
func (e *editor) undoBody(redo bool) bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(e.title)
	if c == nil || c.Focused() != fyne.Focusable(e.body) || e.textReadOnly() {
		return false
	}
	from, to := &e.bodyUndo, &e.bodyRedo
	if redo {
		from, to = to, from
	}
	n := len(*from)
	if n == 0 {
		return false
	}
	u := (*from)[n-1]
	want, set := u.after, u.before
	if redo {
		want, set = u.before, u.after
	}
	if e.body.Text != want {
		return false
	}
	*from = (*from)[:n-1]
	*to = append(*to, u)
	e.body.SetText(set)
	return true
}

// selectRange selects runes [from, to) of e's text, with the cursor at to.
// Entry has no call for it: the cursor is put at from, and a Right typed
// with Shift held from to-1 makes the selection. A disabled Entry (a
// read-only note) takes no keys, so it is enabled for the while.
func selectRange(e *widget.Entry, from, to int) {
	if to <= from {
		return
	}
	if e.Disabled() {
		e.Enable()
		defer e.Disable()
	}
	// Shift may be held (Shift+F3): the Entry would extend the old
	// selection from its anchor. Released first, Left ends the selection.
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	e.KeyUp(shift)
	if e.SelectedText() != "" {
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	}
	cursorToIndex(e, from)
	e.KeyDown(shift)
	cursorToIndex(e, to-1)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	e.KeyUp(shift)
}

// selectRange selects runes [from, to) of the whole note in the page that
// holds from (a match across pages is selected to its page's end), scrolls
// it into the middle of the view, and returns the page's Entry.
func (p *pagedBody) selectRange(from, to int) *widget.Entry {
	p.clearAll()
	i, off := p.locate(from)
	e := p.build(i)
	end := min(off+to-from, utf8.RuneCountInString(p.texts[i]))
	e.quiet = true // no following: the page does not have the keyboard
	selectRange(&e.Entry, off, end)
	e.quiet = false
	if view := p.scroll.Size().Height; view > 0 {
		y := p.slots[i].Position().Y + e.CursorPosition().Y
		p.following = true
		p.scroll.ScrollToOffset(fyne.NewPos(0, max(0, min(y-view/2, p.box.Size().Height-view))))
		p.following = false
		p.buildVisible()
	}
	return &e.Entry
}

// pageOf is the page whose Entry is e (nil: none).
func (p *pagedBody) pageOf(e *widget.Entry) *pageEntry {
	for _, x := range p.entries {
		if x != nil && &x.Entry == e {
			return x
		}
	}
	return nil
}

// findEntry is a one-line field of the find bar: Enter and F3 find the next
// match, with Shift the previous one; Escape closes the bar.
type findEntry struct {
	widget.Entry
	shift    bool
	onEnter  func(back bool)
	onTab    func(back bool)
	onEscape func()
}

// AcceptsTab takes Tab from the window's focus order when the bar has a
// place for it to go.
func (e *findEntry) AcceptsTab() bool { return e.onTab != nil }

func newFindEntry() *findEntry {
	e := &findEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *findEntry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(k)
}

func (e *findEntry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(k)
}

func (e *findEntry) FocusLost() {
	e.shift = false
	e.Entry.FocusLost()
}

func (e *findEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyF3:
		if e.onEnter != nil {
			e.onEnter(e.shift)
		}
	case fyne.KeyEscape:
		if e.onEscape != nil {
			e.onEscape()
		}
	case fyne.KeyTab:
		if e.onTab != nil {
			e.onTab(e.shift)
		}
	default:
		e.Entry.TypedKey(k)
	}
}
