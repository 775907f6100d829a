package syncengine

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"sfnotes/syncengine/sftest"
)

// readsEverything signs a fresh device in with password and checks that it
// decrypts every note, with exactly the texts want.
func readsEverything(t *testing.T, server, email, password string, want int) *device {
	t.Helper()
	c := newDevice(t, "C")
	c.signIn(server, email, password)
	c.sync()
	if n, _ := c.store.UndecryptableCount(); n != 0 {
		t.Fatalf("a new device with the new password cannot decrypt %d items", n)
	}
	if got := len(c.texts()); got != want {
		t.Fatalf("a new device has %d notes, want %d", got, want)
	}
	return c
}

// scenarioPasswordAnswerLost: the server applies change_pw but its answer is
// lost, and the server then cannot be asked (its params fail once), so A
// cannot know whether the password changed. A must not upload anything under
// the old keys: its next sync asks the server, finishes the change and
// re-encrypts everything. Today's main reported "cannot reach the server",
// then uploaded every note under the old keys with its still-valid token (on
// mdouchement within the same second), leaving them unreadable.
func scenarioPasswordAnswerLost(t *testing.T, server, email string) {
	proxy := sftest.NewProxy(server)
	via := proxy.Start(t)
	a, b := pair(t, via, email)
	const notes = 30
	for i := range notes {
		a.note(fmt.Sprintf("n%d", i), fmt.Sprintf("text %d", i))
	}
	a.sync()
	b.sync()
	const newPassword = "the new password, answer lost"
	changePath := "/auth/change_pw"
	if pairProtocol == "004" {
		changePath = "/v1/users/" // PUT /v1/users/:id/attributes/credentials
	}
	proxy.CutAnswer(changePath)
	proxy.Fail("/auth/params", http.StatusServiceUnavailable)
	err := a.acc.ChangePassword(context.Background(), testPassword, newPassword)
	mustErr(t, err, ErrPasswordChangeUnknown)
	if Classify(err) != KindTransient {
		t.Fatalf("an unknown outcome is classified %v, want transient", Classify(err))
	}
	a.note("written while unknown", "after the lost answer")
	a.sync() // settles the change, then re-encrypts and uploads everything
	if a.dirty() != 0 {
		t.Fatalf("A still has %d dirty items", a.dirty())
	}
	if err := newDevice(t, "old").acc.SignIn(context.Background(), SignInOptions{Server: server, Email: email, Password: testPassword}); err == nil {
		t.Fatal("the old password still signs in: the change did not happen")
	}
	readsEverything(t, server, email, newPassword, notes+1)
	// B learns it must sign in again, and then reads everything too.
	if _, err := b.trySync(); Classify(err) != KindAuth {
		t.Fatalf("B after the change: %v, want sign in again", err)
	}
	b.signIn(via, email, newPassword)
	b.sync()
	if n, _ := b.store.UndecryptableCount(); n != 0 || len(b.texts()) != notes+1 {
		t.Fatalf("B has %d notes, %d undecryptable", len(b.texts()), n)
	}
	converged(t, a, b)
}

// scenarioPasswordUnseenUpload: B uploads a note that A has not yet seen, then
// A changes the password. Today's main re-encrypted only what A had, so B's
// note stayed under the old keys forever. Now A syncs first.
func scenarioPasswordUnseenUpload(t *testing.T, server, email string) {
	a, b := pair(t, server, email)
	a.note("from A", "a's text")
	a.sync()
	b.sync()
	b.note("from B", "b's text, which A has not seen")
	b.sync()
	const newPassword = "the new password after B's upload"
	if err := a.acc.ChangePassword(context.Background(), testPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	a.sync()
	c := readsEverything(t, server, email, newPassword, 2)
	converged(t, a, c)
}
