package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// MinPasswordLength is the shortest password a new account may have. The
// password is the only key to the notes, and nobody can reset it.
const MinPasswordLength = 8

// SignInRequest is what the account form sends to the app.
type SignInRequest struct {
	Server, Email, Password string
	// AllowInsecure: the user explicitly accepted plain http to a server that
	// is not on this machine.
	AllowInsecure bool
	// AllowLegacyProtocol: the user said yes to signing in to an account
	// that the server offers as protocol 001 or 002 (see ErrAskLegacyProtocol).
	AllowLegacyProtocol bool
	// Code is a two-factor code, once the server has asked for one.
	Code string
}

// HostedServer is the official Standard Notes service's address.
const HostedServer = "https://api.standardnotes.com"

// Server choices in the form.
const (
	choiceHosted = "Standard Notes"
	choiceCustom = "Custom server"
)

// ErrAskCode is what SignIn returns (wrapped) when the server wants a
// two-factor code: the form shows its code field with the server's words.
// ErrCodeWrong: the code given was refused; the field stays for another.
var (
	ErrAskCode   = errors.New("the server asks for a two-factor code")
	ErrCodeWrong = errors.New("the two-factor code was refused")
)

// ErrAlreadyRegistered is what Register returns (wrapped) when the server
// has an account for that email already (perhaps made by an earlier try
// whose answer was lost): the form turns into the sign-in form, fields kept.
var ErrAlreadyRegistered = errors.New("an account with that email exists on this server")

// maxCodeTries is how many codes the form sends before it says plainly that
// the email, password or code is wrong (an unknown email is asked for a
// code too, by design, so a code can never succeed there).
const maxCodeTries = 3

// ErrAskLegacyProtocol is what SignIn returns (wrapped) when the server
// offers an account this device has not seen as protocol 001 or 002: the
// form asks the person before trying again with AllowLegacyProtocol.
var ErrAskLegacyProtocol = errors.New("the server offers an encryption protocol from 2016")

// accountForm is the sign-in / register form. It stays open until the
// server accepts: errors show inside it and every field keeps its text.
type accountForm struct {
	w         *Window
	register  bool
	again     bool // "sign in again" to the account the app already has
	legacyOK  bool // the person accepted a 001/002 account for this form
	codeTries int  // two-factor codes refused so far
	kind      *widget.RadioGroup
	code      *widget.Entry
	codeItem  *widget.FormItem

	server, email     *widget.Entry
	password, confirm *widget.Entry
	insecure          *widget.Check
	errText           *widget.Label
	progress          *widget.ProgressBarInfinite
	submit, mode      *widget.Button
	confirmItem       *widget.FormItem
	registerNote      *widget.Label
	form              *widget.Form
	d                 dialog.Dialog
}

// validateSignIn checks the form before anything is derived or sent.
func validateSignIn(register bool, r SignInRequest, confirm string) error {
	switch {
	case strings.TrimSpace(r.Server) == "" || strings.TrimSpace(r.Email) == "" || r.Password == "":
		return errors.New("Server, email and password are all needed.")
	case !strings.Contains(r.Server, "://"):
		return errors.New("The server address needs https:// in front, for example https://" + strings.TrimSpace(r.Server))
	}
	if u, err := url.Parse(strings.TrimSpace(r.Server)); err != nil || u.Host == "" {
		return errors.New("That server address is not a URL, for example https://sync.example.com")
	}
	if !register {
		return nil
	}
	if utf8.RuneCountInString(r.Password) < MinPasswordLength {
		return errors.New("Choose a password of at least 8 characters.")
	}
	if r.Password != confirm {
		return errors.New("The two passwords do not match.")
	}
	return nil
}

// openAccountForm shows the form. With again set, server and email are the
// signed-in account's and only the password is asked for.
func (w *Window) openAccountForm(again bool, a Account) *accountForm {
	f := &accountForm{w: w, again: again}
	f.server, f.email = widget.NewEntry(), widget.NewEntry()
	f.server.SetPlaceHolder("https://sync.example.com")
	f.email.SetPlaceHolder("you@example.com")
	f.password, f.confirm = widget.NewPasswordEntry(), widget.NewPasswordEntry()
	f.password.OnSubmitted = func(string) { f.send() }
	f.confirm.OnSubmitted = func(string) { f.send() }
	f.insecure = widget.NewCheck("Allow plain http to this server (anyone on the network can read the server password)", nil)
	f.errText = widget.NewLabel("")
	f.errText.Importance = widget.DangerImportance
	f.errText.Wrapping = fyne.TextWrapWord
	f.errText.Hide()
	f.progress = widget.NewProgressBarInfinite()
	f.progress.Stop()
	f.progress.Hide()
	f.registerNote = widget.NewLabel("sfnotes cannot recover a forgotten password: your notes are encrypted with it, " +
		"and the server never sees it. New accounts use encryption protocol 004 (Argon2id, as today's official apps) " +
		"where the server offers it, as the official server and mdouchement/standardfile do; otherwise 003.")
	f.registerNote.Wrapping = fyne.TextWrapWord
	f.registerNote.Importance = widget.WarningImportance
	f.confirmItem = widget.NewFormItem("Password again", f.confirm)
	f.kind = widget.NewRadioGroup([]string{choiceHosted, choiceCustom}, f.chooseServer)
	f.kind.Horizontal = true
	f.kind.SetSelected(choiceCustom)
	f.code = widget.NewEntry()
	f.code.SetPlaceHolder("6 digits from your authenticator app")
	f.code.OnSubmitted = func(string) { f.send() }
	f.codeItem = widget.NewFormItem("Two-factor code", f.code)
	f.form = widget.NewForm(widget.NewFormItem("Server", container.NewVBox(f.kind, f.server)), widget.NewFormItem("Email", f.email),
		widget.NewFormItem("Password", f.password))
	note := widget.NewLabel("Your password never leaves this computer: sfnotes derives an encryption key and a " +
		"server password from it. Notes you wrote before signing in go into the account.")
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	title := "Account"
	if again {
		title = "Sign in again"
		f.server.SetText(a.Server)
		f.email.SetText(a.Email)
		f.kind.Hide()
		f.server.Disable()
		f.email.Disable()
		note.SetText("The server no longer accepts this device's session (the password may have been changed " +
			"on another device). Enter the account's current password; your notes on this computer are kept.")
	}
	f.submit = &widget.Button{Text: "Sign in", Importance: widget.HighImportance, OnTapped: f.send}
	f.mode = widget.NewButton("Create an account instead…", f.toggle)
	cancel := widget.NewButton("Cancel", func() { f.d.Hide() })
	buttons := container.NewHBox(cancel, f.submit)
	if !again {
		buttons = container.NewHBox(f.mode, cancel, f.submit)
	}
	f.registerNote.Hide()
	body := container.NewVBox(f.form, f.registerNote, f.insecure, note, f.errText, f.progress, container.NewCenter(buttons))
	f.d = dialog.NewCustomWithoutButtons(title, body, w.win)
	f.d.Resize(fyne.NewSize(min(560, w.win.Canvas().Size().Width-20), 0))
	f.d.Show()
	focus := fyne.Focusable(f.server)
	if again {
		focus = f.password
	}
	w.win.Canvas().Focus(focus)
	w.acctForm = f
	return f
}

// toggle switches between signing in and registering.
func (f *accountForm) toggle() {
	f.register = !f.register
	f.errText.Hide()
	f.form.Items = f.form.Items[:3] // server, email, password
	if f.register {
		f.form.AppendItem(f.confirmItem)
		f.registerNote.Show()
		f.submit.SetText("Register")
		f.mode.SetText("I have an account…")
	} else {
		f.form.Items = f.form.Items[:3]
		f.form.Refresh()
		f.registerNote.Hide()
		f.submit.SetText("Sign in")
		f.mode.SetText("Create an account instead…")
	}
	f.d.Refresh()
}

func (f *accountForm) request() SignInRequest {
	return SignInRequest{Server: strings.TrimSpace(f.server.Text), Email: strings.TrimSpace(f.email.Text),
		Password: f.password.Text, AllowInsecure: f.insecure.Checked, AllowLegacyProtocol: f.legacyOK,
		Code: strings.TrimSpace(f.code.Text)}
}

func (f *accountForm) showErr(msg string) {
	f.errText.SetText(msg)
	f.errText.Show()
}

// send validates, then registers or signs in off the UI thread. The form
// stays open: a failure shows in it with every field kept.
func (f *accountForm) send() {
	if f.submit.Disabled() {
		return
	}
	r := f.request()
	if err := validateSignIn(f.register, r, f.confirm.Text); err != nil {
		f.showErr(err.Error())
		return
	}
	run, verb := f.w.svc.SignIn, "Signing in and deriving your keys…"
	if f.register {
		run, verb = f.w.svc.Register, "Registering and deriving your keys…"
	}
	f.showErr(verb)
	f.errText.Importance = widget.LowImportance
	f.setBusy(true)
	f.w.pending.Add(1)
	go func() {
		defer f.w.pending.Done()
		err := run(context.Background(), r)
		onUIWait(func() { f.done(err) })
	}()
}

func (f *accountForm) setBusy(busy bool) {
	for _, o := range []fyne.Disableable{f.submit, f.mode, f.password, f.confirm, f.insecure} {
		if busy {
			o.Disable()
		} else {
			o.Enable()
		}
	}
	if !f.again {
		for _, o := range []fyne.Disableable{f.server, f.email, f.kind, f.code} {
			if busy {
				o.Disable()
			} else {
				o.Enable()
			}
		}
		if !busy && f.kind.Selected == choiceHosted {
			f.server.Disable() // the hosted address is not typed
		}
	}
	if busy {
		f.progress.Show()
		f.progress.Start()
	} else {
		f.progress.Stop()
		f.progress.Hide()
	}
}

func (f *accountForm) done(err error) {
	f.setBusy(false)
	f.errText.Importance = widget.DangerImportance
	if err != nil {
		f.showErr(f.w.svc.ErrorText(err))
		f.errText.Refresh()
		if errors.Is(err, ErrAskLegacyProtocol) && !f.legacyOK {
			f.askLegacy()
		}
		f.codeAnswer(err)
		if errors.Is(err, ErrAlreadyRegistered) && f.register {
			msg := f.errText.Text
			f.toggle()
			f.showErr(msg)
			f.w.win.Canvas().Focus(f.password)
		}
		return
	}
	f.d.Hide()
	f.w.acctForm = nil
	f.w.SetSyncStatus(SyncStatus{State: StateSyncing})
	f.w.svc.SyncNow()
}

// askLegacy asks whether to sign in to an account offered as protocol 001
// or 002, saying what it means; yes sends the form again with it allowed.
func (f *accountForm) askLegacy() {
	msg := "The server says this account uses encryption protocol 001 or 002, from 2016.\n\n" +
		"Accounts that old exist, but a hostile server can claim this for any account: signing in would then send " +
		"a hash of your password that is thousands of times cheaper to guess than today's.\n\n" +
		"Sign in only if you know this account is that old."
	f.w.confirmKeys("An old encryption protocol", msg, "Sign in anyway", "Cancel", func(ok bool) {
		if ok {
			f.legacyOK = true
			f.send()
		}
	})
}

// chooseServer fills in the hosted service's address, or gives the field
// back for a server of the person's own.
func (f *accountForm) chooseServer(choice string) {
	if f.server == nil || f.again {
		return
	}
	if choice == choiceHosted {
		f.server.SetText(HostedServer)
		f.server.Disable()
		return
	}
	if f.server.Text == HostedServer {
		f.server.SetText("")
	}
	f.server.Enable()
}

// codeAnswer shows the code field when the server asks for a code, and
// after maxCodeTries refused codes says plainly what may be wrong.
func (f *accountForm) codeAnswer(err error) {
	switch {
	case errors.Is(err, ErrAskCode):
		if !f.codeShown() {
			f.form.AppendItem(f.codeItem)
		}
		f.showErr("The server asks for a two-factor code: enter the code your authenticator app shows, then Sign in. " +
			"(Without two-factor sign-in on this account, check the email and password.)")
		f.w.win.Canvas().Focus(f.code)
	case errors.Is(err, ErrCodeWrong):
		f.codeTries++
		f.code.SetText("")
		if f.codeTries >= maxCodeTries {
			f.showErr("Wrong email, password or two-factor code; nothing was changed.")
			f.codeTries = 0
		}
		f.w.win.Canvas().Focus(f.code)
	}
	f.d.Refresh()
}

// codeShown reports whether the form has its two-factor code field.
func (f *accountForm) codeShown() bool {
	for _, it := range f.form.Items {
		if it == f.codeItem {
			return true
		}
	}
	return false
}
