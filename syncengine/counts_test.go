package syncengine

import (
	"testing"
	"time"

	"sfnotes/syncengine/sftest"
)

// TestUploadWhoseAnswerWasLostIsCounted: an edit goes up, the server saves
// it, and the answer is lost. The next sync sends it again, the server
// answers with a conflict over the very same content, and the edit is
// adopted as saved: that sync reports it as uploaded (the command line
// prints this count). Before, it reported 0 uploaded for the edit that did
// reach the server, as `signin` did after a password change made elsewhere.
func TestUploadWhoseAnswerWasLostIsCounted(t *testing.T) {
	srv := sftest.New()
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	srv.Now = func() time.Time { clock = clock.Add(2 * time.Second); return clock } // every save a conflict-worthy step later
	proxy := sftest.NewProxy(srv.Start(t).URL)
	url := proxy.Start(t)
	a := newDevice(t, "A")
	a.register(url, "lost@example.com")
	n := a.note("note", "first")
	a.sync()
	a.edit(n.UUID, "the edit whose answer is lost")
	proxy.CutAnswer("/items/sync")
	if _, err := a.trySync(); err == nil {
		t.Fatal("a sync whose answer was cut succeeded")
	}
	if a.dirty() != 1 {
		t.Fatalf("%d dirty after the cut answer, want the edit", a.dirty())
	}
	r := a.sync()
	if r.Uploaded != 1 || r.Conflicts != 0 || a.dirty() != 0 {
		t.Fatalf("the sync after the lost answer: %+v, %d dirty; want 1 uploaded, no copy", r, a.dirty())
	}
	b := newDevice(t, "B")
	b.signIn(url, "lost@example.com", testPassword)
	b.sync()
	if got := b.texts(); len(got) != 1 || got[0] != "the edit whose answer is lost" {
		t.Fatalf("another device reads %q", got)
	}
}
