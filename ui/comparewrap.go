package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Compare wraps long lines (issue 18: in prose a paragraph is one line, and
// cut with "…" its difference did not show). A list row is as tall as the
// taller of its two wrapped sides; the heights are counted again when the
// list's width changes. Only lines wider than a column are measured wrapped,
// so a long note of short lines costs one text measurement a line.

// fitRows sets the height of every row whose text wraps at list width w.
func (v *compareView) fitRows(w float32) {
	pad := theme.Size(theme.SizeNamePadding)
	inner := theme.Size(theme.SizeNameInnerPadding)
	col := (w-pad)/2 - theme.Size(theme.SizeNameScrollBar)
	avail := col - 2*inner
	if avail <= 0 {
		return
	}
	size := theme.Size(theme.SizeNameText)
	scratch := widget.NewLabel("")
	scratch.Wrapping = fyne.TextWrapWord
	oneRow := scratch.MinSize().Height
	for i, r := range v.rows {
		h := oneRow
		for _, text := range []string{r.Left, r.Right} {
			if fyne.MeasureText(text, size, fyne.TextStyle{}).Width <= avail {
				continue
			}
			scratch.SetText(text)
			scratch.Resize(fyne.NewSize(col, oneRow))
			h = max(h, scratch.MinSize().Height)
		}
		v.list.SetItemHeight(i, h)
	}
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
