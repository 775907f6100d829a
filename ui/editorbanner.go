package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The editor's conflict banner: what a conflicted copy is, and the ways out
// (compare, keep this one, keep the other, keep both).

// showBanner explains a conflicted copy and offers the ways out.
func (e *editor) showBanner() {
	e.banner.Objects = nil
	if e.note.ConflictOf != "" {
		other := "a note that no longer exists"
		if o, err := e.w.notes.GetNote(e.note.ConflictOf); err == nil {
			other = "“" + orUntitled(o.Title) + "”"
		}
		msg := widget.NewLabel("⚠ Conflicted copy of " + other + ": the same note was changed in two places (two devices, or the command line and this window).")
		msg.Wrapping = fyne.TextWrapWord
		uuid := e.note.UUID
		compare := widget.NewButton("Compare…", func() { e.w.openCompare(uuid) })
		compare.Importance = widget.HighImportance
		keepThis := widget.NewButton("Keep this one", e.keepThis)
		keepOther := widget.NewButton("Keep the other", e.keepOther)
		keepBoth := widget.NewButton("Keep both", e.keepBoth)
		e.banner.Add(container.NewVBox(msg, container.NewHBox(compare, keepThis, keepOther, keepBoth), widget.NewSeparator()))
	} else if cp := e.w.copyOf(e.note.UUID); cp != "" {
		msg := widget.NewLabel("⚠ This note was also changed elsewhere (another device, the command line or another window): that version is a conflicted copy.")
		msg.Wrapping = fyne.TextWrapWord
		compare := widget.NewButton("Compare…", func() { e.w.openCompare(cp) })
		compare.Importance = widget.HighImportance
		e.banner.Add(container.NewVBox(msg, container.NewHBox(compare), widget.NewSeparator()))
	}
	e.banner.Refresh()
}
