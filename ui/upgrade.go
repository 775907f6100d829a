package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// protocolText names an account's encryption for the account dialog.
func protocolText(v string) string {
	switch v {
	case "004":
		return "Protocol 004 (Argon2id, XChaCha20, items keys)"
	case "":
		return "unknown"
	default:
		return "Protocol " + v + " (PBKDF2, AES-CBC)"
	}
}

// canUpgrade: 001-003 accounts can move to 004.
func canUpgrade(v string) bool { return v == "001" || v == "002" || v == "003" }

// upgradeDialog moves a 003 account to 004 with the same password. The
// derivation (Argon2id, 64 MiB, about half a second) runs in busy's
// goroutine, never on the UI thread.
func (w *Window) upgradeDialog() {
	pw := newEscPassword()
	note := widget.NewLabel("Your account moves to protocol 004, the one the official apps use today: a memory-hard " +
		"key (Argon2id) and items keys. Your password stays the same. Nothing is re-encrypted now: notes move " +
		"to 004 as they are edited. Other devices signed in to this account will ask you to sign in again.")
	note.Wrapping = fyne.TextWrapWord
	d := dialog.NewForm("Upgrade to protocol 004", "Upgrade", "Cancel", []*widget.FormItem{
		widget.NewFormItem("", note), widget.NewFormItem("Password", pw)}, func(ok bool) {
		if !ok {
			return
		}
		p := pw.Text
		w.busy("Upgrade", "Deriving the 004 key (Argon2id, 64 MiB) and updating the account…", func() error {
			return w.svc.Upgrade(context.Background(), p)
		}, func(err error) {
			if err != nil {
				w.showError(err)
				return
			}
			w.svc.SyncNow()
			w.showInfo("Upgraded", "This account now uses protocol 004.\n"+
				"Other devices will ask you to sign in again.")
		})
	}, w.win)
	pw.OnSubmitted = func(string) { d.Submit() } // Enter upgrades, as the button does
	pw.onEscape = d.Hide
	d.Resize(fyne.NewSize(min(520, w.win.Canvas().Size().Width-20), 0))
	d.Show()
	w.win.Canvas().Focus(pw)
}
