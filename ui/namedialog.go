package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// escEntry is an Entry that reports Escape (a focused Entry otherwise keeps
// it, so a dialog around it could not be dismissed from the keyboard).
type escEntry struct {
	widget.Entry
	onEscape func()
	onDown   func() // Down, if set (the search moves into its results)
}

func newEscEntry() *escEntry {
	e := &escEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// newEscPassword is a password field that reports Escape.
func newEscPassword() *escEntry {
	e := &escEntry{}
	e.Password = true
	e.Wrapping = fyne.TextWrapOff
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey closes on Escape.
func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	if k.Name == fyne.KeyDown && e.onDown != nil {
		e.onDown()
		return
	}
	e.Entry.TypedKey(k)
}

// nameDialog asks for one name: the field has the keyboard, Enter confirms,
// Escape cancels, and it is wide enough for long names. ok gets the text.
func (w *Window) nameDialog(title, confirm, initial string, ok func(string)) *dialog.FormDialog {
	entry := newEscEntry()
	entry.SetPlaceHolder("Tag name")
	entry.SetText(initial)
	d := dialog.NewForm(title, confirm, "Cancel", []*widget.FormItem{widget.NewFormItem("Name", entry)}, func(yes bool) {
		if yes {
			ok(entry.Text)
		}
	}, w.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	entry.onEscape = d.Hide
	d.Resize(fyne.NewSize(min(440, w.win.Canvas().Size().Width-20), 0))
	d.Show()
	w.win.Canvas().Focus(entry)
	entry.CursorColumn = len([]rune(initial))
	entry.Refresh()
	w.nameEntry = entry
	return d
}
