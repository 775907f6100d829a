package app

import (
	"fyne.io/fyne/v2"

	"sfnotes/ui"
)

// RunGUI shows the main window on fa and blocks until it closes.
func (a *App) RunGUI(fa fyne.App) error {
	w := ui.NewMainWindow(fa, a.Store)
	w.ShowAndRun()
	return nil
}
