package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
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
// the account, Sync now, Change password and Sign out when signed in.
func (w *Window) accountDialog() {
	if a := w.svc.Account(); a.SignedIn {
		w.signedInDialog(a)
		return
	}
	server := widget.NewEntry()
	server.SetPlaceHolder("https://sync.example.com")
	email := widget.NewEntry()
	email.SetPlaceHolder("you@example.com")
	password := widget.NewPasswordEntry()
	note := widget.NewLabel("Your password never leaves this computer: sfnotes derives an encryption key\n" +
		"and a server password from it. Notes you wrote before signing in go into the account.")
	note.Importance = widget.LowImportance
	form := widget.NewForm(widget.NewFormItem("Server", server), widget.NewFormItem("Email", email),
		widget.NewFormItem("Password", password))
	var d dialog.Dialog
	act := func(register bool) {
		verb, run := "Signing in", w.svc.SignIn
		if register {
			verb, run = "Registering", w.svc.Register
		}
		s, e, p := server.Text, email.Text, password.Text
		if s == "" || e == "" || p == "" {
			dialog.ShowError(errors.New("server, email and password are all needed"), w.win)
			return
		}
		d.Hide()
		w.busy(verb, verb+" and deriving your keys…", func() error {
			return run(context.Background(), s, e, p)
		}, func(err error) {
			if err != nil {
				w.showError(err)
				return
			}
			w.SetSyncStatus(SyncStatus{State: StateSyncing})
			w.svc.SyncNow()
		})
	}
	buttons := container.NewHBox(widget.NewButton("Cancel", func() { d.Hide() }),
		widget.NewButton("Register", func() { act(true) }),
		&widget.Button{Text: "Sign in", Importance: widget.HighImportance, OnTapped: func() { act(false) }})
	d = dialog.NewCustomWithoutButtons("Account", container.NewVBox(form, note, container.NewCenter(buttons)), w.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

func (w *Window) signedInDialog(a Account) {
	last := "never"
	if !a.LastSync.IsZero() {
		last = a.LastSync.Local().Format("Jan 2 15:04")
	}
	info := widget.NewForm(widget.NewFormItem("Email", widget.NewLabel(a.Email)),
		widget.NewFormItem("Server", widget.NewLabel(a.Server)),
		widget.NewFormItem("Last sync", widget.NewLabel(last)),
		widget.NewFormItem("Keys kept in", widget.NewLabel(a.Secrets)))
	var d dialog.Dialog
	buttons := container.NewHBox(
		widget.NewButton("Sync now", func() { w.svc.SyncNow() }),
		widget.NewButton("Change password…", func() { d.Hide(); w.changePasswordDialog() }),
		widget.NewButton("Sign out…", func() { d.Hide(); w.signOut(a) }),
		widget.NewButton("Close", func() { d.Hide() }))
	d = dialog.NewCustomWithoutButtons("Account", container.NewVBox(info, buttons), w.win)
	d.Show()
}

func (w *Window) changePasswordDialog() {
	cur, next, again := widget.NewPasswordEntry(), widget.NewPasswordEntry(), widget.NewPasswordEntry()
	dialog.ShowForm("Change password", "Change", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Current password", cur), widget.NewFormItem("New password", next),
		widget.NewFormItem("New password again", again)}, func(ok bool) {
		if !ok {
			return
		}
		if next.Text == "" || next.Text != again.Text {
			dialog.ShowError(errors.New("the new passwords are empty or do not match"), w.win)
			return
		}
		c, n := cur.Text, next.Text
		w.busy("Change password", "Deriving new keys and re-encrypting every note…", func() error {
			return w.svc.ChangePassword(context.Background(), c, n)
		}, func(err error) {
			if err != nil {
				w.showError(err)
				return
			}
			w.svc.SyncNow()
			dialog.ShowInformation("Password changed", "Every note is re-encrypted with the new keys and uploaded.\n"+
				"Other devices will ask you to sign in again.", w.win)
		})
	}, w.win)
}

func (w *Window) signOut(a Account) {
	msg := "Sign out? Local notes and keys are removed from this computer; they stay in your account."
	if a.Dirty > 0 {
		msg = fmt.Sprintf("%d change%s not synced yet will be LOST if you sign out now.\n"+
			"Cancel and choose Sync now first to keep them.\n\nSign out anyway?", a.Dirty, plural(a.Dirty))
	}
	dialog.ShowConfirm("Sign out", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := w.svc.SignOut(); err != nil {
			w.showError(err)
			return
		}
		w.selected = ""
		w.SetSyncStatus(SyncStatus{State: StateNoAccount})
		w.Reload()
	}, w.win)
}
