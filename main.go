// Command sfnotes is an offline-first notes app whose notes are end-to-end
// encrypted and synced through a Standard File server. With no arguments it
// opens the window; with a subcommand it runs headless (see `sfnotes help`).
package main

import (
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"sfnotes/app"
)

func main() {
	gui := func(a *app.App) error { return a.RunGUI(fyneapp.NewWithID(app.ID)) }
	os.Exit(app.Main(os.Args[1:], app.StdIO(), gui))
}
