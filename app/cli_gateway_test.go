package app

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"sfnotes/syncengine/sftest"
)

// TestCLIOnOfficialGateway: the command line against the official server's
// dialect (sftest's gateway mode): register, a second device signs in and
// reads the note and its tag, sessions name their devices (the "device"
// field), a wrong password and an unknown email read as such, and a
// two-factor account signs in with --code and with SFNOTES_2FA_CODE, and
// says what to do without one.
func TestCLIOnOfficialGateway(t *testing.T) {
	setupEnv(t)
	g := sftest.NewGateway()
	url := g.Start(t).URL
	a, b := t.TempDir(), t.TempDir()
	const mail = "cli-gw@example.com"
	ok(t, a, "register", "--server", url, "--email", mail)
	ok(t, a, "new", "--title", "On the official server", "--text", "hello", "--tag", "Work")
	ok(t, a, "sync")
	ok(t, b, "signin", "--server", url, "--email", mail)
	notes := notesJSON(t, b)
	if len(notes) != 1 || notes[0].Text != "hello" || len(notes[0].Tags) != 1 || notes[0].Tags[0] != "Work" {
		t.Fatalf("B reads %+v", notes)
	}
	var sessions []map[string]any
	if err := json.Unmarshal([]byte(ok(t, a, "sessions", "--json")), &sessions); err != nil || len(sessions) != 2 {
		t.Fatalf("sessions: %v %v", sessions, err)
	}
	for _, s := range sessions {
		if d, _ := s["device"].(string); d == "" {
			t.Fatalf("a session without a device name: %v", s)
		}
	}
	c := t.TempDir()
	t.Setenv("SFNOTES_PASSWORD", "not the password")
	if code, _, errs := run(t, c, "", "signin", "--server", url, "--email", mail); code != 1 || !strings.Contains(errs, "Wrong email or password") {
		t.Fatalf("a wrong password: exit %d, %q", code, errs)
	}
	setupEnv(t)
	for _, kind := range []string{sftest.DecoyParams003, sftest.DecoyParams004} {
		unknown := ""
		for i := 0; unknown == ""; i++ {
			if e := "nobody" + strings.Repeat("x", i) + "@example.com"; sftest.Decoy(e) == kind {
				unknown = e
			}
		}
		code, _, errs := run(t, c, "", "signin", "--server", url, "--email", unknown)
		if code != 1 || !strings.Contains(errs, "Wrong email or password") || strings.Contains(errs, "cost") || strings.Contains(errs, "protocol") {
			t.Fatalf("an unknown email (%s decoy): exit %d, %q", kind, code, errs)
		}
	}
	secret := g.EnableMFA(mail)
	if code, _, errs := run(t, c, "", "signin", "--server", url, "--email", mail); code != 1 || !strings.Contains(errs, "two-factor") {
		t.Fatalf("no code: exit %d, %q", code, errs)
	}
	if code, _, errs := run(t, c, "", "signin", "--server", url, "--email", mail, "--code", "000000"); code != 1 || !strings.Contains(errs, "code is wrong") {
		t.Fatalf("a wrong code: exit %d, %q", code, errs)
	}
	ok(t, c, "signin", "--server", url, "--email", mail, "--code", sftest.TOTP(secret, time.Now()))
	if n := notesJSON(t, c); len(n) != 1 {
		t.Fatalf("C reads %d notes", len(n))
	}
	d := t.TempDir()
	t.Setenv("SFNOTES_2FA_CODE", sftest.TOTP(secret, time.Now().Add(30*time.Second)))
	ok(t, d, "signin", "--server", url, "--email", mail)
}
