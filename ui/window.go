// Package ui is sfnotes' Fyne window. It depends only on Fyne and the model's
// types, and reaches the store through the small interfaces declared here, so
// it never imports GORM, net/http or the sync engine, and it builds and tests
// without cgo (it does not import fyne.io/fyne/v2/app).
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// Notes is what the window reads from the store.
type Notes interface {
	ListNotes(q model.NoteQuery) ([]model.NoteSummary, error)
}

// NewMainWindow builds the main window over notes.
func NewMainWindow(fa fyne.App, notes Notes) fyne.Window {
	w := fa.NewWindow("sfnotes")
	list, err := notes.ListNotes(model.NoteQuery{})
	var content fyne.CanvasObject
	switch {
	case err != nil:
		content = widget.NewLabel("Cannot read notes: " + err.Error())
	case len(list) == 0:
		content = container.NewCenter(widget.NewLabel("No notes yet."))
	default:
		content = widget.NewList(
			func() int { return len(list) },
			func() fyne.CanvasObject { return widget.NewLabel("") },
			func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(list[i].Title) })
	}
	w.SetContent(content)
	w.Resize(fyne.NewSize(900, 600))
	return w
}
