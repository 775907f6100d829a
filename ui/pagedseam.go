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
// separate boxes with gaps between them). Inside the pages the theme has no
// input background or inner padding (seamTheme), a page draws no border
// (flatRenderer), the pages are laid out touching (rowsLayout), and one
// background and one inset surround them all, so line 100 follows line 99
// almost at the ordinary line spacing.

// seamPad is the pages' inner padding: with the border's width on each
// side, the rows of two pages are 4 pixels further apart than within one.
const seamPad = 0

// seamTheme is the app's theme, read at each call, without what draws an
// Entry as a box. It reads the app's setting, not theme.Current(): while an
// override renders, that is the override itself.
type seamTheme struct{}

func appTheme() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (seamTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameInputBackground || n == theme.ColorNameInputBorder {
		return color.Transparent
	}
	return appTheme().Color(n, v)
}

func (seamTheme) Font(s fyne.TextStyle) fyne.Resource     { return appTheme().Font(s) }
func (seamTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return appTheme().Icon(n) }

func (seamTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInputRadius:
		return 0
	case theme.SizeNameInnerPadding:
		return seamPad
	}
	// The input border's size stays: it is also the cursor's width (at 0
	// the cursor vanished); flatRenderer hides the border itself.
	return appTheme().Size(n)
}

// rowsLayout stacks objects at their minimum heights with no gap, each as
// wide as the container.
type rowsLayout struct{}

func (rowsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

func (rowsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	return s
}

// seamless wraps the pages' box in one inset and one input background,
// with shade over all of it (the whole-note selection, pagedwhole.go).
// Each page has seamTheme as its own override (build): one override over
// the box redrew every built page each time a page was built, and opening
// a 5,000-line note took 1.7 times as long.
func seamless(box *fyne.Container, shade fyne.CanvasObject) fyne.CanvasObject {
	pad := theme.Current().Size(theme.SizeNameInnerPadding) - seamPad
	inner := container.New(insetLayout{pad}, box)
	return container.NewStack(newInputBack(), inner, shade)
}

// insetLayout keeps its one object d inside its edges.
type insetLayout struct{ d float32 }

func (l insetLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(l.d, l.d))
		o.Resize(fyne.NewSize(size.Width-2*l.d, size.Height-2*l.d))
	}
}

func (l insetLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.AddWidthHeight(2*l.d, 2*l.d)
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

// CreateRenderer draws the page as an Entry without its border.
func (e *pageEntry) CreateRenderer() fyne.WidgetRenderer {
	r := &flatRenderer{WidgetRenderer: e.Entry.CreateRenderer()}
	r.unbox()
	return r
}

// flatRenderer is an Entry's renderer whose border (the one rectangle
// with a stroke: grey, or the primary colour while focused) is transparent.
type flatRenderer struct{ fyne.WidgetRenderer }

func (r *flatRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.unbox()
}

func (r *flatRenderer) unbox() {
	for _, o := range r.Objects() {
		if b, ok := o.(*canvas.Rectangle); ok && b.StrokeWidth > 0 && b.StrokeColor != color.Transparent {
			b.StrokeColor = color.Transparent
			b.Refresh()
		}
	}
}
