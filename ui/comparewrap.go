package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Compare wraps long lines (issue 18: in prose a paragraph is one line, and
// cut with "…" its difference did not show). A list row is as tall as the
// taller of its two wrapped sides; the heights are counted again when the
// list's width changes. A changed row is measured exactly, by a wrapped
// label; an unchanged one by counting words into rows, with one row to
// spare, which costs a text measurement per word (measuring every row with a
// label took 4 s for a 5,000-line note at each width). Only rows whose
// height changes are set; when many change, on a new list.

// fitRows sets the rows' heights for list width w.
func (v *compareView) fitRows(w float32) {
	pad := theme.Size(theme.SizeNamePadding)
	inner := theme.Size(theme.SizeNameInnerPadding)
	col := (w-pad)/2 - theme.Size(theme.SizeNameScrollBar)
	avail := col - 2*inner
	if avail <= 0 {
		return
	}
	scratch := widget.NewLabel("")
	scratch.Wrapping = fyne.TextWrapWord
	oneRow := scratch.MinSize().Height
	scratch.SetText("a\nb")
	rowH := scratch.MinSize().Height - oneRow
	size := theme.Size(theme.SizeNameText)
	if len(v.heights) != len(v.rows) {
		v.heights = make([]float32, len(v.rows))
	}
	var changed []int
	for i, r := range v.rows {
		h := oneRow
		for _, text := range []string{r.Left, r.Right} {
			if fyne.MeasureText(text, size, fyne.TextStyle{}).Width <= avail {
				continue
			}
			if r.Changed {
				scratch.SetText(text)
				scratch.Resize(fyne.NewSize(col, oneRow))
				h = max(h, scratch.MinSize().Height)
			} else {
				h = max(h, oneRow+float32(wrappedRows(text, 0.95*avail, size))*rowH)
			}
		}
		if h != v.heights[i] && (v.heights[i] != 0 || h != oneRow) {
			changed = append(changed, i)
		}
		v.heights[i] = h
	}
	if len(changed) <= rebuildRows {
		for _, i := range changed {
			v.list.SetItemHeight(i, v.heights[i])
		}
		return
	}
	// Many rows: a new list, its heights set before it is drawn (where
	// setting one costs nothing), in place of the old one.
	l := v.newList()
	for i, h := range v.heights {
		if h != oneRow {
			l.SetItemHeight(i, h)
		}
	}
	l.ScrollToOffset(v.list.GetScrollOffset())
	v.list = l
	v.rowsBox.Objects[0] = l
}

// rebuildRows is how many row heights fitRows sets one by one: each redraws
// the visible rows (0.25 ms), and a new list costs about 50.
const rebuildRows = 50

// wrappedRows counts the rows text takes wrapped at width avail by words
// (a word wider than a row is counted by its width), plus one to spare: a
// row too few would hide text, a row too many only leaves a gap.
func wrappedRows(text string, avail, size float32) int {
	space := fyne.MeasureText(" ", size, fyne.TextStyle{}).Width
	rows, x := 1, float32(0)
	for _, word := range strings.Fields(text) {
		ww := fyne.MeasureText(word, size, fyne.TextStyle{}).Width
		switch {
		case x == 0:
			x = ww
		case x+space+ww <= avail:
			x += space + ww
		default:
			rows++
			x = ww
		}
		for x > avail { // a word longer than a row
			rows++
			x -= avail
		}
	}
	return rows // the first row is oneRow; rows-1 more, plus one to spare
}

// widthWatch lays out one object over its whole area and calls onWidth
// first whenever the width changes.
type widthWatch struct {
	width   float32
	onWidth func(float32)
}

func (l *widthWatch) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width != l.width {
		l.width = size.Width
		l.onWidth(size.Width)
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *widthWatch) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
