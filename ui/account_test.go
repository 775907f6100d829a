package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// acctServices is fakeServices with an account and scripted sign-in answers.
type acctServices struct {
	fakeServices
	acct       Account
	err        error
	signIns    []SignInRequest
	registers  []SignInRequest
	signedOuts int
}

func (s *acctServices) Account() Account { return s.acct }
func (s *acctServices) SignIn(_ context.Context, r SignInRequest) error {
	s.signIns = append(s.signIns, r)
	return s.err
}
func (s *acctServices) Register(_ context.Context, r SignInRequest) error {
	s.registers = append(s.registers, r)
	return s.err
}
func (s *acctServices) SignOut() error { s.signedOuts++; return nil }

// asUI runs fn as the UI goroutine would: whole, before any update a
// background goroutine hands to fyne.Do (which Fyne's test driver runs on
// that goroutine at once, see thread.go).
func asUI(fn func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	fn()
}

func newAccountWindow(t *testing.T, svc *acctServices) *Window {
	t.Helper()
	a := test.NewTempApp(t)
	st, err := model.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := New(a, st, svc)
	w.win.Resize(fyne.NewSize(1100, 700))
	return w
}

// TestAccountFormKeepsFieldsOnError: a server error shows inside the form,
// which stays open with every field as typed; a second try then succeeds.
func TestAccountFormKeepsFieldsOnError(t *testing.T) {
	svc := &acctServices{err: errors.New("The server refused the request.")}
	w := newAccountWindow(t, svc)
	w.accountDialog()
	f := w.acctForm
	if f == nil {
		t.Fatal("no account form")
	}
	test.Type(f.server, "https://sync.example.com")
	test.Type(f.email, "me@example.com")
	test.Type(f.password, "correct horse")
	asUI(func() { f.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }) // Enter submits
	w.WaitIdle()
	if len(svc.signIns) != 1 || svc.signIns[0].Password != "correct horse" || svc.signIns[0].Server != "https://sync.example.com" {
		t.Fatalf("sign-ins %+v", svc.signIns)
	}
	if !f.errText.Visible() || f.errText.Text != "The server refused the request." {
		t.Fatalf("error shown as %q (visible %v)", f.errText.Text, f.errText.Visible())
	}
	if f.server.Text != "https://sync.example.com" || f.email.Text != "me@example.com" || f.password.Text != "correct horse" {
		t.Fatal("the form lost what was typed")
	}
	if w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the form closed on an error")
	}
	svc.err = nil
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	if len(svc.signIns) != 2 || w.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("after a good sign-in: %d calls, overlay %v", len(svc.signIns), w.win.Canvas().Overlays().Top())
	}
	if svc.syncs != 1 {
		t.Fatalf("%d syncs asked for after signing in", svc.syncs)
	}
}

// TestRegisterAsksTwiceAndWarns: registering needs the password twice, at
// least 8 characters, and says a forgotten password cannot be recovered.
func TestRegisterAsksTwiceAndWarns(t *testing.T) {
	svc := &acctServices{}
	w := newAccountWindow(t, svc)
	w.accountDialog()
	f := w.acctForm
	test.Tap(f.mode)
	if !f.register || f.submit.Text != "Register" || len(f.form.Items) != 4 {
		t.Fatalf("register mode: %v %q %d items", f.register, f.submit.Text, len(f.form.Items))
	}
	if !f.registerNote.Visible() || !strings.Contains(f.registerNote.Text, "cannot recover a forgotten password") {
		t.Fatalf("register warning %q visible %v", f.registerNote.Text, f.registerNote.Visible())
	}
	test.Type(f.server, "https://sync.example.com")
	test.Type(f.email, "new@example.com")
	test.Type(f.password, "short")
	test.Type(f.confirm, "short")
	test.Tap(f.submit)
	if len(svc.registers) != 0 || !strings.Contains(f.errText.Text, "at least 8") {
		t.Fatalf("a short password: %d calls, %q", len(svc.registers), f.errText.Text)
	}
	f.password.SetText("long enough password")
	f.confirm.SetText("long enough passwort")
	test.Tap(f.submit)
	if len(svc.registers) != 0 || !strings.Contains(f.errText.Text, "do not match") {
		t.Fatalf("mismatch: %d calls, %q", len(svc.registers), f.errText.Text)
	}
	f.confirm.SetText("long enough password")
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	if len(svc.registers) != 1 || svc.registers[0].Password != "long enough password" {
		t.Fatalf("register calls %+v", svc.registers)
	}
	// Back to signing in: the second password field goes away.
	w.accountDialog()
	f = w.acctForm
	test.Tap(f.mode)
	test.Tap(f.mode)
	if f.register || len(f.form.Items) != 3 {
		t.Fatalf("back to sign in: %v, %d items", f.register, len(f.form.Items))
	}
}

func TestValidateSignIn(t *testing.T) {
	for _, c := range []struct {
		register bool
		r        SignInRequest
		confirm  string
		want     string
	}{
		{false, SignInRequest{Server: "", Email: "e", Password: "p"}, "", "all needed"},
		{false, SignInRequest{Server: "127.0.0.1:38111", Email: "e", Password: "p"}, "", "needs https://"},
		{false, SignInRequest{Server: "https://", Email: "e", Password: "p"}, "", "not a URL"},
		{false, SignInRequest{Server: "https://h", Email: "e", Password: "p"}, "", ""},
		{true, SignInRequest{Server: "https://h", Email: "e", Password: "1234567"}, "1234567", "at least 8"},
		{true, SignInRequest{Server: "https://h", Email: "e", Password: "12345678"}, "1234567x", "do not match"},
		{true, SignInRequest{Server: "https://h", Email: "e", Password: "пароль-ок"}, "пароль-ок", ""},
	} {
		err := validateSignIn(c.register, c.r, c.confirm)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%+v: got %v, want %q", c, err, c.want)
		}
	}
}

// TestPlainHTTPOptIn: the check box is what allows plain http; it is off by
// default.
func TestPlainHTTPOptIn(t *testing.T) {
	svc := &acctServices{}
	w := newAccountWindow(t, svc)
	w.accountDialog()
	f := w.acctForm
	test.Type(f.server, "http://notes.lan")
	test.Type(f.email, "me@example.com")
	test.Type(f.password, "pw")
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	w.accountDialog()
	f = w.acctForm
	test.Type(f.server, "http://notes.lan")
	test.Type(f.email, "me@example.com")
	test.Type(f.password, "pw")
	test.Tap(f.insecure)
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	if len(svc.signIns) != 2 || svc.signIns[0].AllowInsecure || !svc.signIns[1].AllowInsecure {
		t.Fatalf("sign-ins %+v", svc.signIns)
	}
}

// TestSignInAgainForm: after the server refused the session, Account… opens
// a sign-in form with this account's server and email filled in.
func TestSignInAgainForm(t *testing.T) {
	svc := &acctServices{acct: Account{SignedIn: true, Email: "me@example.com", Server: "https://sync.example.com", Dirty: 2}}
	w := newAccountWindow(t, svc)
	w.SetSyncStatus(SyncStatus{State: StateAuth})
	w.accountDialog()
	f := w.acctForm
	if f == nil || !f.again || f.server.Text != "https://sync.example.com" || f.email.Text != "me@example.com" || !f.email.Disabled() {
		t.Fatalf("sign in again form: %+v", f)
	}
	if w.win.Canvas().Focused() != f.password {
		t.Fatal("the password field is not focused")
	}
	test.Type(f.password, "the new password")
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	if len(svc.signIns) != 1 || svc.signIns[0].Email != "me@example.com" || svc.signIns[0].Password != "the new password" {
		t.Fatalf("sign-ins %+v", svc.signIns)
	}
}

// TestSignOutDefaultIsSafe: the sign-out question focuses "Stay signed in",
// counts the unsynced changes, and signs out only on the danger button.
func TestSignOutDefaultIsSafe(t *testing.T) {
	svc := &acctServices{acct: Account{SignedIn: true, Email: "me@example.com", Server: "https://s", Dirty: 1}}
	w := newAccountWindow(t, svc)
	w.SetSyncStatus(SyncStatus{State: StateAuth})
	w.signOut(svc.acct)
	focused, ok := w.win.Canvas().Focused().(*widget.Button)
	if !ok || focused.Text != "Stay signed in" || focused.Importance != widget.HighImportance {
		t.Fatalf("focused %#v", w.win.Canvas().Focused())
	}
	test.Tap(focused)
	if svc.signedOuts != 0 {
		t.Fatal("the safe button signed out")
	}
	w.signOut(svc.acct)
	var text string
	var out *widget.Button
	walk(w.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			text += x.Text
		case *widget.Button:
			if x.Text == "Sign out" {
				out = x
			}
		}
	})
	if !strings.Contains(text, "1 change not synced") || !strings.Contains(text, "Sign in again first") {
		t.Fatalf("sign-out text %q", text)
	}
	test.Tap(out)
	if svc.signedOuts != 1 {
		t.Fatal("Sign out did not sign out")
	}
}

// walk visits every object under o, through containers and widgets.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		for _, c := range r.Objects() {
			walk(c, fn)
		}
	}
}

// TestLegacyProtocolAsksFirst: a server offering an unseen account as
// protocol 001/002 makes the form ask; Escape leaves it refused, Enter signs
// in with the person's consent.
func TestLegacyProtocolAsksFirst(t *testing.T) {
	svc := &acctServices{err: fmt.Errorf("sign in: %w", ErrAskLegacyProtocol)}
	w := newAccountWindow(t, svc)
	w.accountDialog()
	f := w.acctForm
	test.Type(f.server, "https://old.example.com")
	test.Type(f.email, "old@example.com")
	test.Type(f.password, "pw")
	key := func(name fyne.KeyName) {
		asUI(func() {
			if h := w.win.Canvas().OnTypedKey(); h != nil {
				h(&fyne.KeyEvent{Name: name})
			}
		})
		w.WaitIdle()
	}
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	key(fyne.KeyEscape)
	if len(svc.signIns) != 1 || svc.signIns[0].AllowLegacyProtocol {
		t.Fatalf("after Escape: %+v", svc.signIns)
	}
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	svc.err = nil
	key(fyne.KeyReturn)
	if len(svc.signIns) != 3 || !svc.signIns[2].AllowLegacyProtocol {
		t.Fatalf("after Enter: %+v", svc.signIns)
	}
	if w.win.Canvas().OnTypedKey() != nil && w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the form is still open after the consented sign-in")
	}
}

// TestTwoFactorCodeField: a server asking for a two-factor code makes the
// form show its code field (focused), the next try sends the code, a wrong
// one empties the field for another, and three wrong ones say plainly that
// the email, password or code is wrong.
func TestTwoFactorCodeField(t *testing.T) {
	svc := &acctServices{err: fmt.Errorf("sign in: %w", ErrAskCode)}
	w := newAccountWindow(t, svc)
	w.accountDialog()
	f := w.acctForm
	if f.codeShown() {
		t.Fatal("the code field shows before the server asks")
	}
	test.Type(f.server, "https://sync.example.com")
	test.Type(f.email, "me@example.com")
	test.Type(f.password, "pw")
	submit := func() { asUI(func() { test.Tap(f.submit) }); w.WaitIdle() }
	submit()
	if !f.codeShown() || w.win.Canvas().Focused() != f.code {
		t.Fatal("no focused code field after the server asked for a code")
	}
	svc.err = fmt.Errorf("sign in: %w", ErrCodeWrong)
	for i := 1; i <= maxCodeTries; i++ {
		test.Type(f.code, "12345"+fmt.Sprint(i))
		submit()
		if got := svc.signIns[len(svc.signIns)-1].Code; got != "12345"+fmt.Sprint(i) {
			t.Fatalf("try %d sent code %q", i, got)
		}
		if f.code.Text != "" {
			t.Fatalf("try %d: the wrong code stays in the field", i)
		}
	}
	if !strings.Contains(f.errText.Text, "Wrong email, password or two-factor code") {
		t.Fatalf("after %d wrong codes: %q", maxCodeTries, f.errText.Text)
	}
}

// TestHostedServerChoice: "Standard Notes" fills in the hosted service's
// address; "Custom server" gives the field back.
func TestHostedServerChoice(t *testing.T) {
	svc := &acctServices{}
	w := newAccountWindow(t, svc)
	w.accountDialog()
	f := w.acctForm
	f.kind.SetSelected(choiceHosted)
	if f.server.Text != HostedServer || !f.server.Disabled() {
		t.Fatalf("hosted: %q disabled %v", f.server.Text, f.server.Disabled())
	}
	test.Type(f.email, "me@example.com")
	test.Type(f.password, "pw")
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	if len(svc.signIns) != 1 || svc.signIns[0].Server != HostedServer {
		t.Fatalf("sign-ins %+v", svc.signIns)
	}
	f.kind.SetSelected(choiceCustom)
	if f.server.Text != "" || f.server.Disabled() {
		t.Fatalf("custom: %q disabled %v", f.server.Text, f.server.Disabled())
	}
}

// TestAlreadyRegisteredOffersSignIn: registering an email the server has
// turns the form into the sign-in form with the server's message and every
// field kept; the next submit signs in.
func TestAlreadyRegisteredOffersSignIn(t *testing.T) {
	svc := &acctServices{err: fmt.Errorf("register: %w", ErrAlreadyRegistered)}
	w := newAccountWindow(t, svc)
	w.accountDialog()
	f := w.acctForm
	test.Tap(f.mode)
	test.Type(f.server, "https://sync.example.com")
	test.Type(f.email, "me@example.com")
	test.Type(f.password, "long enough password")
	test.Type(f.confirm, "long enough password")
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	if f.register || f.submit.Text != "Sign in" || !f.errText.Visible() || f.password.Text != "long enough password" {
		t.Fatalf("after 'already registered': register %v, %q, error %q", f.register, f.submit.Text, f.errText.Text)
	}
	svc.err = nil
	asUI(func() { test.Tap(f.submit) })
	w.WaitIdle()
	if len(svc.registers) != 1 || len(svc.signIns) != 1 || svc.signIns[0].Email != "me@example.com" {
		t.Fatalf("registers %d, sign-ins %+v", len(svc.registers), svc.signIns)
	}
}
