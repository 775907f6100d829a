package syncengine

import (
	"context"
	"encoding/base64"
	"fmt"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sftest"
)

// TestPasswordAnswerLostTokenKept is issue 12's data loss exactly: the answer
// to change_pw is lost, the old token stays valid (mdouchement, same second),
// and the device syncs again. Today's main uploaded every note under the old
// keys, so a new device with the new password could read none of them.
func TestPasswordAnswerLostTokenKept(t *testing.T) {
	s := sftest.New()
	s.KeepTokens = true
	a, _, url := syncedPair(t, s)
	const notes = 30
	for i := range notes {
		a.note(fmt.Sprintf("n%d", i), fmt.Sprintf("text %d", i))
	}
	a.sync()
	const next = "new password, answer lost"
	s.Inject(sftest.Fault{Path: "/auth/change_pw", Truncate: true})
	// Whatever the call says (it settles the change at once when it can),
	// the user's next sync must not upload under the old keys.
	_ = a.acc.ChangePassword(context.Background(), testPassword, next)
	a.sync()
	readsEverything(t, url, email, next, notes)
}

// TestPasswordAnswerLostSettledAtOnce: when the server can be asked right
// after the lost answer, the change finishes within the same call.
func TestPasswordAnswerLostSettledAtOnce(t *testing.T) {
	s := sftest.New()
	a, _, url := syncedPair(t, s)
	a.note("n", "text")
	a.sync()
	s.Inject(sftest.Fault{Path: "/auth/change_pw", Truncate: true})
	if err := a.acc.ChangePassword(context.Background(), testPassword, "settled at once"); err != nil {
		t.Fatalf("a lost answer the server can confirm: %v", err)
	}
	a.sync()
	readsEverything(t, url, email, "settled at once", 1)
}

// TestPendingChangeUploadsNothing: while the outcome is unknown and the server
// cannot say, a sync sends no items at all.
func TestPendingChangeUploadsNothing(t *testing.T) {
	s := sftest.New()
	a, _, _ := syncedPair(t, s)
	a.note("n", "text")
	a.sync()
	s.Inject(sftest.Fault{Path: "/auth/change_pw", Truncate: true},
		sftest.Fault{Path: "/auth/params", Status: 503}, sftest.Fault{Path: "/auth/params", Status: 503})
	mustErr(t, a.acc.ChangePassword(context.Background(), testPassword, "unknown outcome"), ErrPasswordChangeUnknown)
	a.note("typed meanwhile", "kept locally")
	before := s.RequestCount("/items/sync")
	_, err := a.trySync()
	mustErr(t, err, ErrPasswordChangeUnknown)
	if got := s.RequestCount("/items/sync"); got != before {
		t.Fatalf("%d sync requests sent while the password change was unknown", got-before)
	}
	if a.dirty() != 1 {
		t.Fatalf("%d dirty items, want the 1 typed meanwhile", a.dirty())
	}
	// Once the server answers, the change finishes and everything goes up.
	a.sync()
	if a.dirty() != 0 {
		t.Fatalf("%d dirty after settling", a.dirty())
	}
}

// TestRefusedPasswordChange: a wrong current password sends nothing; a
// change the server refuses leaves nothing pending and the old keys working.
func TestRefusedPasswordChange(t *testing.T) {
	s := sftest.New()
	a, b, _ := syncedPair(t, s)
	n := a.note("n", "text")
	a.sync()
	before := s.RequestCount("/auth/change_pw")
	mustErr(t, a.acc.ChangePassword(context.Background(), "not the password", "whatever"), ErrWrongPassword)
	if s.RequestCount("/auth/change_pw") != before {
		t.Fatal("a wrong current password reached the server")
	}
	s.Inject(sftest.Fault{Path: "/auth/change_pw", Status: 401, Body: `{"error":{"message":"no"}}`})
	mustErr(t, a.acc.ChangePassword(context.Background(), testPassword, "refused"), ErrAuthRequired)
	cred, _ := a.acc.Secrets.Load()
	acct, _, _ := a.store.Account()
	if cred.Pending != nil || acct.PendingParams != "" {
		t.Fatalf("a refused change left a pending change: %+v %q", cred.Pending, acct.PendingParams)
	}
	a.edit(n.UUID, "after the refusal")
	a.sync()
	b.sync()
	if got := b.texts(); len(got) != 1 || got[0] != "after the refusal" {
		t.Fatalf("B reads %q with the old keys", got)
	}
}

// TestOldKeysUploadIsReencrypted: another device still holding the old keys
// and a still-valid token uploads a note after the change. The device that
// changed the password reads it with its previous keys and re-encrypts it,
// so a new device with the new password reads everything.
func TestOldKeysUploadIsReencrypted(t *testing.T) {
	s := sftest.New()
	s.KeepTokens = true
	a, b, url := syncedPair(t, s)
	a.note("from A", "a")
	a.sync()
	b.sync()
	const next = "new password, B is late"
	if err := a.acc.ChangePassword(context.Background(), testPassword, next); err != nil {
		t.Fatal(err)
	}
	a.sync()
	b.note("from B", "written under the old keys")
	if _, err := b.trySync(); Classify(err) != KindAuth {
		t.Fatalf("B: %v, want sign in again", err)
	}
	r := a.sync()
	if r.Downloaded == 0 || a.dirty() != 0 {
		t.Fatalf("A: %+v, %d dirty", r, a.dirty())
	}
	if n, _ := a.store.UndecryptableCount(); n != 0 {
		t.Fatalf("A cannot read %d items", n)
	}
	readsEverything(t, url, email, next, 2)
}

// TestSyncerStopsWhenKeysChange: a sync built before a password change made
// by another process on the same data directory stops before sending.
func TestSyncerStopsWhenKeysChange(t *testing.T) {
	s := sftest.New()
	a, _, _ := syncedPair(t, s)
	a.note("n", "text")
	a.sync()
	other := &Accounts{Store: a.store, Secrets: a.acc.Secrets} // another process
	stale, err := other.NewSyncer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.acc.ChangePassword(context.Background(), testPassword, "changed elsewhere"); err != nil {
		t.Fatal(err)
	}
	before := s.RequestCount("/items/sync")
	_, err = stale.Sync(context.Background())
	mustErr(t, err, ErrKeysChanged)
	if Classify(err) != KindTransient {
		t.Fatal("not retried")
	}
	if s.RequestCount("/items/sync") != before {
		t.Fatal("the stale syncer sent a request")
	}
}

// TestForgedPlainItems: a server sends "000" (unencrypted, unauthenticated)
// items. Today's main took them as content: it replaced a note's text with no
// conflicted copy and added a normal-looking note. Now both are kept aside,
// marked, and the existing text stays.
func TestForgedPlainItems(t *testing.T) {
	s := sftest.New()
	a, _, _ := syncedPair(t, s)
	n := a.note("mine", "my real text")
	a.sync()
	forge := func(title, text string) string {
		return "000" + base64.StdEncoding.EncodeToString(
			[]byte(fmt.Sprintf(`{"title":%q,"text":%q,"references":[]}`, title, text)))
	}
	s.Tamper(email, n.UUID, func(string, string) (string, string) { return forge("mine", "forged text"), "" })
	s.Plant(email, "forged-new", model.TypeNote, forge("Pay here", "forged note"))
	r := a.sync()
	if r.Undecryptable != 2 {
		t.Fatalf("%d items kept aside, want 2: %+v", r.Undecryptable, r)
	}
	got, err := a.store.GetNote(n.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "my real text" || got.DecryptError == "" {
		t.Fatalf("the forged item replaced the note: text %q, mark %q", got.Text, got.DecryptError)
	}
	planted, err := a.store.GetNote("forged-new")
	if err != nil {
		t.Fatal(err)
	}
	if planted.Text != "" || planted.DecryptError == "" {
		t.Fatalf("the planted item looks like a note: %+v", planted)
	}
	if c, _ := a.store.ConflictCount(); c != 0 {
		t.Fatalf("%d conflicted copies", c)
	}
}
