package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

type upgradeServices struct {
	acctServices
	upgrades []string
}

func (s *upgradeServices) Upgrade(_ context.Context, pw string) error {
	s.upgrades = append(s.upgrades, pw)
	return nil
}

// overlayWidgets lists the widgets of the top overlay.
func overlayWidgets(w *Window) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		out = append(out, o)
		switch c := o.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(c).Objects() {
				walk(ch)
			}
		}
	}
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		walk(top)
	}
	return out
}

func overlayButton(w *Window, text string) *widget.Button {
	for _, o := range overlayWidgets(w) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// TestUpgradeOfferedTo003Only: the account dialog names the protocol and
// offers the upgrade to a 003 account, not to a 004 one; the upgrade form
// sends the typed password.
func TestUpgradeOfferedTo003Only(t *testing.T) {
	svc := &upgradeServices{acctServices: acctServices{acct: Account{SignedIn: true, Email: "me@example.com", Protocol: "004"}}}
	w := newAccountWindow(t, &svc.acctServices)
	w.svc = svc
	asUI(w.accountDialog)
	if overlayButton(w, "Change password…") == nil || overlayButton(w, "Upgrade to 004…") != nil {
		t.Fatal("a 004 account is offered an upgrade, or the dialog did not open")
	}
	asUI(func() { test.Tap(overlayButton(w, "Close")) })

	svc.acct.Protocol = "003"
	asUI(w.accountDialog)
	up := overlayButton(w, "Upgrade to 004…")
	if up == nil {
		t.Fatal("a 003 account is not offered the upgrade")
	}
	asUI(func() { test.Tap(up) })
	var pw *widget.Entry
	for _, o := range overlayWidgets(w) {
		if e, ok := o.(*escEntry); ok && e.Password {
			pw = &e.Entry
		}
	}
	if pw == nil {
		t.Fatal("the upgrade form has no password field")
	}
	test.Type(pw, "the same password")
	asUI(func() { test.Tap(overlayButton(w, "Upgrade")) })
	w.WaitIdle()
	if len(svc.upgrades) != 1 || svc.upgrades[0] != "the same password" {
		t.Fatalf("upgrades %q", svc.upgrades)
	}
}

// TestSessionsDialog: a 004 account's dialog offers Sessions; the list
// names each device with when it signed in and was last used, marks this
// one, and ends another or all others only after asking (Escape keeps it,
// Enter or the button ends it), then shows the list again.
func TestSessionsDialog(t *testing.T) {
	svc := &upgradeServices{acctServices: acctServices{acct: Account{SignedIn: true, Email: "me@example.com", Protocol: "004"}}}
	now := time.Now()
	svc.sessions = []SessionInfo{{ID: "s-this", Device: "sfnotes (linux; amd64)", Created: now, Current: true},
		{ID: "s-lost", Device: "Standard Notes (lost laptop)", Created: now.Add(-48 * time.Hour),
			LastUsed: now.Add(-3 * time.Hour)}}
	w := newAccountWindow(t, &svc.acctServices)
	w.svc = svc
	asUI(w.accountDialog)
	asUI(func() { test.Tap(overlayButton(w, "Sessions…")) })
	w.WaitIdle()
	if w.sessionsShown == nil {
		t.Fatal("no sessions dialog")
	}
	var texts []string
	for _, o := range overlayWidgets(w) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	all := strings.Join(texts, "|")
	lastUsed := friendlyTime(now.Add(-3*time.Hour), now)
	if !strings.Contains(all, "lost laptop") || !strings.Contains(all, "this device") ||
		!strings.Contains(all, "last used "+lastUsed) || !strings.Contains(all, "signed in ") {
		t.Fatalf("the list reads %q", all)
	}
	key := func(name fyne.KeyName) {
		asUI(func() {
			if h := w.win.Canvas().OnTypedKey(); h != nil {
				h(&fyne.KeyEvent{Name: name})
			}
		})
		w.WaitIdle()
	}
	asUI(func() { test.Tap(overlayButton(w, "End")) })
	w.WaitIdle()
	if len(svc.revoked) != 0 {
		t.Fatalf("ended %v without asking", svc.revoked)
	}
	key(fyne.KeyEscape)
	if len(svc.revoked) != 0 {
		t.Fatalf("ended %v after Escape", svc.revoked)
	}
	asUI(func() { test.Tap(overlayButton(w, "End")) })
	w.WaitIdle()
	key(fyne.KeyReturn)
	if !slices.Equal(svc.revoked, []string{"s-lost"}) {
		t.Fatalf("ended %v", svc.revoked)
	}
	asUI(func() { test.Tap(overlayButton(w, "Sign out all other devices")) })
	w.WaitIdle()
	if svc.revokedAll != 0 {
		t.Fatal("signed the others out without asking")
	}
	asUI(func() { test.Tap(overlayButton(w, "Sign them out")) })
	w.WaitIdle()
	if svc.revokedAll != 1 {
		t.Fatalf("ended all others %d times", svc.revokedAll)
	}
}
