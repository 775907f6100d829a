package main

import (
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("org.sfnotes.app")
	w := a.NewWindow("sfnotes")
	w.SetContent(widget.NewLabel("sfnotes"))
	w.ShowAndRun()
}
