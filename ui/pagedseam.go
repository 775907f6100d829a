package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The pages of a long note are drawn as one text (issue 18: they showed as
// separate boxes with gaps between them). A page draws neither its border
// nor its background (flatRenderer); one background lies behind all pages;
// and the pages are laid out overlapping by one page's edge (the input
// border and inner padding), so the bottom margin of one page and the top
// margin of the next take the room of one. Between the last line of a page
// and the first of the next there are seamGap more pixels than between two
// lines of a page. Overlapping by both margins would close that too, but
// then a click on the lower half of a page's last line would reach the next
// page, above it.
//
// A theme override without padding closes the gap but costs more than the
// editor may: each override resets Fyne's theme caches (internal/cache
// ResetThemeCaches), and opening a 5,000-line note took 60-90 ms instead of
// 30-50 (BenchmarkLongNote5000).

// seamGap is the extra room between pages: an Entry's edge, border and
// inner padding.
func seamGap() float32 {
	return theme.Size(theme.SizeNameInputBorder) + theme.Size(theme.SizeNameInnerPadding)
}

// rowsLayout stacks objects, each as wide as the container, overlapping
// each one's top by overlap with the bottom of the one before; later
// objects lie above earlier ones.
type rowsLayout struct{ overlap float32 }

func (l rowsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - l.overlap
	}
}

func (l rowsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		if i > 0 {
			s.Height -= l.overlap
		}
	}
	return s
}

// seamless puts one input background behind the pages' box, and shade
// over all of it (the whole-note selection, pagedwhole.go).
func seamless(box *fyne.Container, shade fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(newInputBack(), box, shade)
}

// inputBack is the input background, following theme changes.
type inputBack struct{ widget.BaseWidget }

func newInputBack() *inputBack {
	b := &inputBack{}
	b.ExtendBaseWidget(b)
	return b
}

func (b *inputBack) CreateRenderer() fyne.WidgetRenderer {
	r := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	r.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	return &inputBackRenderer{WidgetRenderer: widget.NewSimpleRenderer(r), r: r}
}

type inputBackRenderer struct {
	fyne.WidgetRenderer
	r *canvas.Rectangle
}

func (r *inputBackRenderer) Refresh() {
	r.r.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.r.Refresh()
}

// CreateRenderer draws the page as an Entry without its box.
func (e *pageEntry) CreateRenderer() fyne.WidgetRenderer {
	r := &flatRenderer{WidgetRenderer: e.Entry.CreateRenderer()}
	r.unbox()
	return r
}

// flatRenderer is an Entry's renderer whose box and border (the rectangles
// among its own objects; the cursor and selection are its content's) are
// transparent: the border was grey, or the primary colour while focused.
type flatRenderer struct{ fyne.WidgetRenderer }

func (r *flatRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.unbox()
}

func (r *flatRenderer) unbox() {
	for _, o := range r.Objects() {
		if b, ok := o.(*canvas.Rectangle); ok && (b.StrokeColor != color.Transparent || b.FillColor != color.Transparent) {
			b.StrokeColor, b.FillColor = color.Transparent, color.Transparent
			b.Refresh()
		}
	}
}
