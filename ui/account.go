package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// busy shows a modal progress dialog while fn runs off the UI thread, then
// calls done with its error on the UI thread.
func (w *Window) busy(title, msg string, fn func() error, done func(error)) {
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewLabel(msg), bar), w.win)
	d.Show()
	w.pending.Add(1)
	go func() {
		defer w.pending.Done()
		err := fn()
		onUIWait(func() {
			bar.Stop()
			d.Hide()
			done(err)
		})
	}()
}

// accountDialog is Sync ▸ Account…: sign in or register when signed out;
// "sign in again" when the server no longer accepts the session; otherwise
// the account, Sync now, Change password and Sign out.
func (w *Window) accountDialog() {
	a := w.svc.Account()
	switch {
	case !a.SignedIn:
		w.openAccountForm(false, a)
	case w.sync.State == StateAuth:
		w.openAccountForm(true, a)
	default:
		w.signedInDialog(a)
	}
}

func (w *Window) signedInDialog(a Account) {
	last := "never"
	if !a.LastSync.IsZero() {
		last = a.LastSync.Local().Format("Jan 2 15:04")
	}
	info := widget.NewForm(widget.NewFormItem("Email", widget.NewLabel(a.Email)),
		widget.NewFormItem("Server", widget.NewLabel(a.Server)),
		widget.NewFormItem("Last sync", widget.NewLabel(last)),
		widget.NewFormItem("Keys kept in", widget.NewLabel(a.Secrets)),
		widget.NewFormItem("Encryption", widget.NewLabel(protocolText(a.Protocol))))
	var d dialog.Dialog
	buttons := container.NewHBox(
		widget.NewButton("Sync now", func() { d.Hide(); w.svc.SyncNow() }),
		widget.NewButton("Change password…", func() { d.Hide(); w.changePasswordDialog(a.Protocol) }))
	if a.Protocol == "004" {
		buttons.Add(widget.NewButton("Sessions…", func() { d.Hide(); w.sessionsDialog() }))
	}
	if canUpgrade(a.Protocol) {
		buttons.Add(widget.NewButton("Upgrade to 004…", func() { d.Hide(); w.upgradeDialog() }))
	}
	buttons.Add(widget.NewButton("Sign out…", func() { d.Hide(); w.signOut(a) }))
	buttons.Add(widget.NewButton("Close", func() { d.Hide() }))
	d = dialog.NewCustomWithoutButtons("Account", container.NewVBox(info, buttons), w.win)
	d.Show()
}

func (w *Window) changePasswordDialog(protocol string) {
	cur, next, again := newEscPassword(), newEscPassword(), newEscPassword()
	d := dialog.NewForm("Change password", "Change", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Current password", cur), widget.NewFormItem("New password", next),
		widget.NewFormItem("New password again", again)}, func(ok bool) {
		if !ok {
			return
		}
		if next.Text == "" || next.Text != again.Text {
			w.showError(errors.New("the new passwords are empty or do not match"))
			return
		}
		c, n := cur.Text, next.Text
		work, done := "Deriving new keys and re-encrypting every note…", "Every note is re-encrypted with the new keys and uploaded."
		if protocol == "004" {
			work, done = "Deriving the new key (Argon2id, 64 MiB) and re-encrypting the items keys…",
				"The items keys that encrypt your notes are re-encrypted with the new key and uploaded."
		}
		w.busy("Change password", work, func() error {
			return w.svc.ChangePassword(context.Background(), c, n)
		}, func(err error) {
			if err != nil {
				w.showError(err)
				return
			}
			w.svc.SyncNow()
			w.showInfo("Password changed", done+"\nOther devices will ask you to sign in again.")
		})
	}, w.win)
	// Enter in the last field submits; in the others it moves on.
	cur.OnSubmitted = func(string) { w.win.Canvas().Focus(next) }
	next.OnSubmitted = func(string) { w.win.Canvas().Focus(again) }
	again.OnSubmitted = func(string) { d.Submit() }
	for _, e := range []*escEntry{cur, next, again} {
		e.onEscape = d.Hide
	}
	d.Resize(fyne.NewSize(min(460, w.win.Canvas().Size().Width-20), 0)) // else the fields shrink to a few dots
	d.Show()
	w.win.Canvas().Focus(cur)
}

// signOut asks first; the safe choice (stay signed in) is the default
// button, and unsynced changes are counted in the question.
func (w *Window) signOut(a Account) {
	msg := "Sign out? Local notes and keys are removed from this computer; they stay in your account."
	if a.Dirty > 0 {
		first := "Choose Sync now first to keep them."
		if w.sync.State == StateAuth {
			first = "Sign in again first (Sync ▸ Account…) to keep them."
		}
		msg = fmt.Sprintf("%s not synced yet will be LOST if you sign out now.\n%s\n\nSign out anyway?",
			countText(a.Dirty, "change", "changes"), first)
	}
	var d dialog.Dialog
	out := &widget.Button{Text: "Sign out", Importance: widget.DangerImportance, OnTapped: func() {
		d.Hide()
		if err := w.svc.SignOut(); err != nil {
			w.showError(err)
			return
		}
		w.selected = ""
		w.SetSyncStatus(SyncStatus{State: StateNoAccount})
		w.Reload()
	}}
	stay := &widget.Button{Text: "Stay signed in", Importance: widget.HighImportance, OnTapped: func() { d.Hide() }}
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons("Sign out", container.NewVBox(label, container.NewCenter(container.NewHBox(out, stay))), w.win)
	d.Resize(fyne.NewSize(min(480, w.win.Canvas().Size().Width-20), 0))
	d.Show()
	w.win.Canvas().Focus(stay)
	w.signOutDialog = d
}

// countText is "1 change" or "3 changes".
func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return model.Thousands(n) + " " + many
}
