package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A long note is edited as pages: Fyne 2.8.1's Entry redraws its whole text
// on every change and converts all of it to runes once per row, so its cost
// grows with the square of the length (a 5,000-line note took 8.9 s to open
// and 2.6 s a keystroke). pagedBody splits the text into pages of pageLines
// lines, each its own Entry, stacked in one scroll; only the pages scrolled
// into view are built. Typing redraws one page. The arrow keys, Backspace
// and Delete cross page boundaries as if the text were one; Select all
// selects the whole note and Copy, Cut, Paste and Delete then act on all of
// it (pagedwhole.go). A selection made with Shift or the mouse stays within
// a page.
//
// The text is always exactly the pages joined by "\n": no edit is lost or
// duplicated by the paging (TestPagedBodyKeepsText).

const (
	pageLines = 100
	// A note is long from longLines lines or longBytes bytes on.
	longLines = 400
	longBytes = 48 << 10
)

// isLong reports whether text gets the paged editor.
func isLong(text string) bool {
	return len(text) >= longBytes || strings.Count(text, "\n") >= longLines
}

type pagedBody struct {
	texts   []string     // each page's text: the source of truth
	entries []*pageEntry // nil until the page is built
	slots   []*fyne.Container
	box     *fyne.Container
	scroll  *container.Scroll
	wrap    fyne.TextWrap
	off     bool // disabled (a note that cannot be decrypted)
	// all is set while the whole note is selected (pagedwhole.go).
	all        bool
	shade      *canvas.Rectangle // shows it, over every page
	undo, redo []wholeEdit
	// following is set while follow scrolls.
	following bool
	canvas    func() fyne.Canvas
	// onChanged gets the whole text after an edit.
	onChanged func(string)
	// onF3 is F3 in a page (back: with Shift): find again (findkeys.go).
	onF3 func(back bool)
}

// newPagedBody shows text, paged.
func newPagedBody(text string, wrap fyne.TextWrap, cnv func() fyne.Canvas, onChanged func(string)) *pagedBody {
	p := &pagedBody{wrap: wrap, canvas: cnv, onChanged: onChanged}
	p.split(text)
	p.box = container.New(rowsLayout{overlap: seamGap()}, slotObjects(p.slots)...)
	p.shade = canvas.NewRectangle(color.Transparent)
	p.scroll = container.NewVScroll(seamless(p.box, p.shade))
	p.scroll.OnScrolled = func(fyne.Position) { p.buildVisible() }
	// Two pages (200 lines, 3,800 pixels or more) fill the tallest screen;
	// buildVisible builds the others as they scroll near. Opening a note
	// redraws only these.
	for i := 0; i < len(p.texts) && i < 2; i++ {
		p.build(i)
	}
	return p
}

// split cuts text into pages, none built yet.
func (p *pagedBody) split(text string) {
	lines := strings.Split(text, "\n")
	p.texts = nil
	for start := 0; start < len(lines); start += pageLines {
		p.texts = append(p.texts, strings.Join(lines[start:min(start+pageLines, len(lines))], "\n"))
	}
	p.entries = make([]*pageEntry, len(p.texts))
	p.slots = make([]*fyne.Container, len(p.texts))
	for i, t := range p.texts {
		p.slots[i] = container.NewStack(placeholder(t))
	}
}

func slotObjects(slots []*fyne.Container) []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(slots))
	for i, s := range slots {
		objs[i] = s
	}
	return objs
}

// placeholder stands in for an unbuilt page, as tall as its lines.
func placeholder(text string) fyne.CanvasObject {
	th := theme.Current()
	row := fyne.MeasureText("Mg", th.Size(theme.SizeNameText), fyne.TextStyle{}).Height
	lines := strings.Count(text, "\n") + 1
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(10, float32(lines)*row+2*seamGap()))
	return r
}

// Text is the whole text.
func (p *pagedBody) Text() string { return strings.Join(p.texts, "\n") }

// build makes page i an Entry.
func (p *pagedBody) build(i int) *pageEntry {
	if p.entries[i] != nil {
		return p.entries[i]
	}
	e := newPageEntry(p)
	e.Wrapping = p.wrap
	e.Scroll = fyne.ScrollNone
	// Rows first, while the text is empty: each call redraws the page, and
	// a page of text costs a redraw far more than an empty one.
	e.SetMinRowsVisible(strings.Count(p.texts[i], "\n") + 1) // until fit knows the wrapped rows
	e.SetText(p.texts[i])
	e.OnChanged = func(s string) {
		if j := p.indexOf(e); j >= 0 {
			p.texts[j] = s
			e.fit()
			p.onChanged(p.Text())
		}
	}
	e.OnCursorChanged = func() {
		if !e.quiet {
			p.follow(e)
		}
	}
	if p.off {
		e.Disable()
	}
	p.entries[i] = e
	p.slots[i].Objects = []fyne.CanvasObject{e, newWheel(p.scroll)}
	p.slots[i].Refresh()
	return e
}

// buildVisible builds the pages within a screen of what is shown.
func (p *pagedBody) buildVisible() {
	top := p.scroll.Offset.Y - p.scroll.Size().Height
	bottom := p.scroll.Offset.Y + 2*p.scroll.Size().Height
	for i, s := range p.slots {
		y := s.Position().Y
		if y+s.Size().Height >= top && y <= bottom {
			p.build(i)
		}
	}
}

func (p *pagedBody) indexOf(e *pageEntry) int {
	for i, x := range p.entries {
		if x == e {
			return i
		}
	}
	return -1
}

// follow scrolls so that the cursor of e stays in view. Scrolling redraws
// the pages, which reports the cursor again: that report is ignored. Only the
// page with the keyboard is followed: every page reports its cursor when it
// is redrawn, and following those reports made opening a long note redraw
// all built pages once per page.
func (p *pagedBody) follow(e *pageEntry) {
	i := p.indexOf(e)
	if p.following || i < 0 || p.scroll.Size().Height <= 0 {
		return
	}
	if c := p.canvas(); c == nil || c.Focused() != fyne.Focusable(e) {
		return
	}
	row := fyne.MeasureText("Mg", theme.Current().Size(theme.SizeNameText), fyne.TextStyle{}).Height
	y := p.slots[i].Position().Y + e.CursorPosition().Y
	view := p.scroll.Size().Height
	target := p.scroll.Offset.Y
	switch {
	case y < target || view < 3*row:
		target = y
	case y+2*row > target+view:
		target = y + 2*row - view
	default:
		return
	}
	p.following = true
	defer func() { p.following = false }()
	// ScrollToOffset moves the view without redrawing every built page, as
	// Refresh did (~30 ms a page move in a 1,000-line note).
	p.scroll.ScrollToOffset(fyne.NewPos(p.scroll.Offset.X, target))
	p.buildVisible()
}

// focusPage puts the keyboard in page i at (row, col), or at its end when
// row < 0.
func (p *pagedBody) focusPage(i, row, col int) {
	e := p.build(i)
	if row < 0 {
		e.moveToEnd()
	} else {
		e.CursorRow, e.CursorColumn = row, col
	}
	e.Refresh()
	if c := p.canvas(); c != nil {
		// The page losing the keyboard reports its cursor while it still
		// has it: followed, that scrolled the view back to where PageUp
		// had just moved it from.
		p.following = true
		c.Focus(e)
		p.following = false
	}
	p.follow(e)
}

// Focus puts the keyboard in the first page.
func (p *pagedBody) Focus() { p.focusPage(0, 0, 0) }

// merge joins page i+1 onto page i (a newline deleted at their boundary)
// and puts the cursor at the join.
func (p *pagedBody) merge(i int) {
	at := len([]rune(p.texts[i]))
	// Undone as a whole-note change (pagedwhole.go): setting the joined
	// page's text clears that page's own undo, so Ctrl+Z did nothing.
	join := p.pageStart(i) + at
	p.pushUndo(wholeEdit{before: p.Text(), at: join + 1, atAfter: join})
	p.texts[i] += p.texts[i+1]
	p.texts = append(p.texts[:i+1], p.texts[i+2:]...)
	p.entries = append(p.entries[:i+1], p.entries[i+2:]...)
	p.box.Remove(p.slots[i+1])
	p.slots = append(p.slots[:i+1], p.slots[i+2:]...)
	e := p.build(i)
	e.setTextQuietly(p.texts[i])
	// The page is now as long as both: sized for one, it hid the other's
	// lines until the note was opened again (issue 18).
	e.fit()
	e.setCursorIndex(at)
	if c := p.canvas(); c != nil {
		c.Focus(e)
	}
	p.undo[len(p.undo)-1].after = p.Text()
	p.onChanged(p.Text())
	p.follow(e)
}

// SetEnabled enables or disables every page.
func (p *pagedBody) SetEnabled(on bool) {
	p.off = !on
	for _, e := range p.entries {
		if e == nil {
			continue
		}
		if on {
			e.Enable()
		} else {
			e.Disable()
		}
	}
}

// pageEntry is one page: an Entry whose arrow keys, Backspace and Delete
// cross into the neighbouring pages at its edges, as tall as its text.
type pageEntry struct {
	widget.Entry
	p     *pagedBody
	quiet bool
	shift bool    // Shift is held (findkeys.go)
	width float32 // the width rows were last counted at
	rows  int     // the rows it is sized for
}

// Resize counts the wrapped rows again when the width changes.
func (e *pageEntry) Resize(size fyne.Size) {
	e.Entry.Resize(size)
	if size.Width != e.width {
		e.width = size.Width
		e.fit()
	}
}

// fit makes the page as tall as its rows. A wrapped Entry always scrolls
// inside itself, showing a fixed number of rows: set to all of them, the
// page shows its whole text and only the note's scroll moves.
func (e *pageEntry) fit() {
	row, col := e.CursorRow, e.CursorColumn
	n := 1
	for ; ; n++ {
		e.CursorRow, e.CursorColumn = n, 0
		if e.CursorTextOffset() == 0 {
			break
		}
	}
	e.CursorRow, e.CursorColumn = row, col
	if n != e.rows {
		e.rows = n
		e.SetMinRowsVisible(n)
	}
}

func newPageEntry(p *pagedBody) *pageEntry {
	e := &pageEntry{p: p}
	e.MultiLine = true
	e.ExtendBaseWidget(e)
	return e
}

func (e *pageEntry) setTextQuietly(s string) {
	e.quiet = true
	on := e.OnChanged
	e.OnChanged = nil
	e.SetText(s)
	e.OnChanged = on
	e.quiet = false
}

// setCursorIndex puts the cursor after n runes of the page's text.
func (e *pageEntry) setCursorIndex(n int) { cursorToIndex(&e.Entry, n) }

// cursorToIndex puts e's cursor after n runes of its text. Rows are wrapped
// rows, which only the Entry knows; CursorTextOffset reads a row's start
// without redrawing, so the row is found by reading them.
func cursorToIndex(e *widget.Entry, n int) {
	row := 0
	for {
		e.CursorRow, e.CursorColumn = row+1, 0
		next := e.CursorTextOffset()
		if next == 0 || next > n { // no such row, or it starts after n
			break
		}
		row++
	}
	e.CursorRow, e.CursorColumn = row, 0
	e.CursorColumn = n - e.CursorTextOffset()
	e.Refresh()
}

// moveToEnd puts the cursor after the last character.
func (e *pageEntry) moveToEnd() { e.setCursorIndex(len([]rune(e.Text))) }

// TypedKey crosses page edges; everything else is the Entry's.
func (e *pageEntry) TypedKey(k *fyne.KeyEvent) {
	if e.wholeKey(k) {
		return
	}
	if k.Name == fyne.KeyF3 && e.p.onF3 != nil {
		e.p.onF3(e.shift)
		return
	}
	i := e.p.indexOf(e)
	row, col := e.CursorRow, e.CursorColumn
	none := e.SelectedText() == ""
	atStart := none && e.CursorTextOffset() == 0
	atEnd := none && e.atEnd()
	switch {
	case k.Name == fyne.KeyBackspace && atStart && i > 0:
		e.p.merge(i - 1)
		return
	case k.Name == fyne.KeyDelete && atEnd && i >= 0 && i < len(e.p.texts)-1:
		e.p.merge(i)
		return
	case k.Name == fyne.KeyLeft && atStart && i > 0:
		e.p.focusPage(i-1, -1, 0)
		return
	case k.Name == fyne.KeyRight && atEnd && i >= 0 && i < len(e.p.texts)-1:
		e.p.focusPage(i+1, 0, 0)
		return
	case k.Name == fyne.KeyPageDown:
		e.p.pageMove(e, 1)
		return
	case k.Name == fyne.KeyPageUp:
		e.p.pageMove(e, -1)
		return
	}
	e.Entry.TypedKey(k)
	if e.CursorRow != row || (k.Name != fyne.KeyUp && k.Name != fyne.KeyDown) {
		return
	}
	// Up on the first row or Down on the last: on to the next page.
	if k.Name == fyne.KeyUp && i > 0 {
		e.p.focusPage(i-1, -1, 0)
	} else if k.Name == fyne.KeyDown && i >= 0 && i < len(e.p.texts)-1 {
		e.p.focusPage(i+1, 0, min(col, len([]rune(strings.SplitN(e.p.texts[i+1], "\n", 2)[0]))))
	}
}

// atEnd reports whether the cursor is after the last character.
func (e *pageEntry) atEnd() bool { return e.CursorTextOffset() == len([]rune(e.Text)) }

// wheel lies over a page and hands the mouse wheel to the note's scroll: a
// wrapped Entry's own scroll would take it and stay put. It is not
// tappable, hoverable or focusable, so clicks, drags and the pointer shape
// still reach the page below.
type wheel struct {
	widget.BaseWidget
	to *container.Scroll
}

func newWheel(to *container.Scroll) *wheel {
	w := &wheel{to: to}
	w.ExtendBaseWidget(w)
	return w
}

func (w *wheel) Scrolled(ev *fyne.ScrollEvent) { w.to.Scrolled(ev) }

func (w *wheel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
