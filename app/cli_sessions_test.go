package app

import (
	"encoding/json"
	"strings"
	"testing"

	"sfnotes/syncengine"
	"sfnotes/syncengine/sftest"
)

// TestCLISessionsAgainstRealServer: three devices on one 004 account; the
// list shows three sessions, this device's marked and named; ending one
// makes that device sign in again while the third keeps syncing; ending all
// others leaves one. A 003 account says it has no sessions.
func TestCLISessionsAgainstRealServer(t *testing.T) {
	setupEnv(t)
	url := sftest.StartReal(t)
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	const mail = "sessions@example.com"
	ok(t, a, "register", "--server", url, "--email", mail, "--protocol", "004")
	ok(t, a, "sync")
	ok(t, b, "signin", "--server", url, "--email", mail)
	ok(t, c, "signin", "--server", url, "--email", mail)
	list := func(dir string) []syncengine.Session {
		t.Helper()
		var l []syncengine.Session
		if err := json.Unmarshal([]byte(ok(t, dir, "sessions", "--json")), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	l := list(a)
	current, others := 0, []string{}
	for _, s := range l {
		if s.Current {
			current++
		} else {
			others = append(others, s.UUID)
		}
		if !strings.HasPrefix(s.Device, "sfnotes/") || s.CreatedAt.IsZero() {
			t.Fatalf("session %+v: no device name or date", s)
		}
	}
	if len(l) != 3 || current != 1 {
		t.Fatalf("A lists %d sessions, %d current: %+v", len(l), current, l)
	}
	// End B's session (the one B lists as current).
	var bID string
	for _, s := range list(b) {
		if s.Current {
			bID = s.UUID
		}
	}
	ok(t, a, "sessions", "--revoke", bID)
	if code, _, errs := run(t, b, "", "sync"); code != 1 || !strings.Contains(errs, "Sign in again") {
		t.Fatalf("B after its session ended: exit %d, %q", code, errs)
	}
	ok(t, c, "sync")
	if n := len(list(a)); n != 2 {
		t.Fatalf("%d sessions after ending one", n)
	}
	ok(t, a, "sessions", "--revoke-others")
	if l := list(a); len(l) != 1 || !l[0].Current {
		t.Fatalf("after ending the others: %+v", l)
	}
	if code, _, _ := run(t, c, "", "sync"); code != 1 {
		t.Fatal("C still syncs after every other session ended")
	}
	d := t.TempDir()
	ok(t, d, "register", "--server", url, "--email", "sessions003@example.com", "--protocol", "003")
	if code, _, errs := run(t, d, "", "sessions"); code != 1 || !strings.Contains(errs, "no sessions") {
		t.Fatalf("sessions on a 003 account: exit %d, %q", code, errs)
	}
}
