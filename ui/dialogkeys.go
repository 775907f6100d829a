package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// confirmKeys shows a confirmation that answers the keyboard: Enter confirms,
// Escape dismisses. Fyne 2.8's confirm dialog takes no keys of its own (they
// go to the window's canvas, or to whichever field under it had the focus),
// so while it is open the canvas takes them and the focus is released.
func (w *Window) confirmKeys(title, msg, yes, no string, done func(bool)) *dialog.ConfirmDialog {
	cnv := w.win.Canvas()
	prev := cnv.OnTypedKey()
	var d *dialog.ConfirmDialog
	answered := false
	answer := func(ok bool) {
		if answered {
			return
		}
		answered = true
		cnv.SetOnTypedKey(prev)
		d.Hide()
		done(ok)
	}
	d = dialog.NewConfirm(title, msg, answer, w.win)
	d.SetConfirmText(yes)
	d.SetDismissText(no)
	d.SetOnClosed(func() { cnv.SetOnTypedKey(prev) })
	cnv.Unfocus()
	cnv.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			answer(true)
		case fyne.KeyEscape:
			answer(false)
		default:
			if prev != nil {
				prev(k)
			}
		}
	})
	d.Show()
	return d
}
