package syncengine

import (
	"context"
	"strings"
	"testing"

	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

// TestRealServerUpgrade003To004: A upgrades a 003 account that B is signed
// in to, while B holds an offline note. After it: the account signs in as
// 004 with the same password; the old items stay 003 on the server (nothing
// re-encrypted) and are read through the 003 items key; what is written
// after is 004; B is asked to sign in again and then reads and writes
// everything; a new device reads everything; all three converge.
func TestRealServerUpgrade003To004(t *testing.T) {
	url := sftest.StartReal(t)
	ctx := context.Background()
	const email = "upgrade@example.com"
	a, b := pair(t, url, email)
	old := a.note("before the upgrade", "written under 003", "kept tag")
	a.sync()
	b.sync()
	b.note("B offline", "written on B while A upgrades")

	mustErr(t, a.acc.Upgrade(ctx, "not the password"), ErrWrongPassword)
	if err := a.acc.Upgrade(ctx, testPassword); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	mustErr(t, a.acc.Upgrade(ctx, testPassword), ErrAlready004)
	a.note("after the upgrade", "written under 004")
	r := a.sync()
	if r.Uploaded != 3 || a.dirty() != 0 { // the 003 items key, the default 004 key, the new note
		t.Fatalf("A uploaded %d after the upgrade, %d dirty", r.Uploaded, a.dirty())
	}
	onServer := serverItems(t, a)
	if !strings.HasPrefix(onServer[old.UUID], "003:") {
		t.Fatalf("the old note was re-encrypted: %.10q", onServer[old.UUID])
	}
	v4, keys := 0, 0
	for _, c := range onServer {
		if strings.HasPrefix(c, "004:") {
			v4++
		}
	}
	items, _ := a.store.ItemsOfType(sfcrypto.ContentTypeItemsKey)
	for _, it := range items {
		if strings.Contains(it.Content, `"version":"003"`) {
			keys++
		}
	}
	if v4 != 3 || keys != 1 {
		t.Fatalf("%d 004 items on the server (want 3), %d 003 items keys (want 1)", v4, keys)
	}

	if _, err := b.trySync(); Classify(err) != KindAuth {
		t.Fatalf("B after the upgrade: %v, want sign in again", err)
	}
	b.signIn(url, email, testPassword)
	b.sync()
	b.edit(old.UUID, "B edits a 003 note after the upgrade")
	b.sync()
	a.sync()
	if n, _ := b.store.UndecryptableCount(); n != 0 {
		t.Fatalf("B cannot decrypt %d items", n)
	}
	if !strings.HasPrefix(serverItems(t, a)[old.UUID], "004:") {
		t.Fatal("an edited 003 note did not go up as 004")
	}
	c := readsEverything(t, url, email, testPassword, 3)
	a.sync()
	b.sync()
	converged(t, a, b)
	converged(t, a, c)
}

// serverItems is every live item's content string on the server.
func serverItems(t *testing.T, d *device) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, w := range serverWire(t, d) {
		if !w.Deleted {
			out[w.UUID] = w.Content
		}
	}
	return out
}
