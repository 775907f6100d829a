package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
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

// keysClose makes d close on Escape (and on Enter too when enter is set)
// while it is open. As with confirmKeys, Fyne 2.8's dialogs take no keys of
// their own: the canvas takes them, and the focus is released so that no
// field under the dialog gets them instead.
func (w *Window) keysClose(d dialog.Dialog, enter bool) {
	cnv := w.win.Canvas()
	prev := cnv.OnTypedKey()
	cnv.Unfocus()
	cnv.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch {
		case k.Name == fyne.KeyEscape, enter && (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter):
			d.Hide()
		case prev != nil:
			prev(k)
		}
	})
	d.SetOnClosed(func() { cnv.SetOnTypedKey(prev) })
}

// showInfo shows a message that Enter or Escape closes.
func (w *Window) showInfo(title, msg string) {
	d := dialog.NewInformation(title, msg, w.win)
	w.keysClose(d, true)
	d.Show()
}

// errorKeys shows an error that Enter or Escape closes (showError maps
// the error to its words first).
func (w *Window) errorKeys(err error) {
	d := dialog.NewError(err, w.win)
	w.keysClose(d, true)
	d.Show()
}

// escapeList is a list that hands Escape to onEscape (its dialog's Close).
// A dialog whose list has the keyboard (History, for the arrow keys) would
// otherwise never see Escape: the focused list takes every key and drops
// the ones it does not use.
type escapeList struct {
	widget.List
	onEscape func()
}

func newEscapeList(onEscape func(), length func() int, create func() fyne.CanvasObject,
	update func(widget.ListItemID, fyne.CanvasObject)) *escapeList {
	l := &escapeList{onEscape: onEscape}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey closes on Escape; every other key is the list's.
func (l *escapeList) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && l.onEscape != nil {
		l.onEscape()
		return
	}
	l.List.TypedKey(k)
}
