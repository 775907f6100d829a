package app

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sfnotes/syncengine/sftest"
)

// TestCLI004AgainstRealServer: a protocol 004 account from the command line
// on the real server: register, write, sync; a second device signs in (the
// protocol is read from the server) and reads everything; what is not yet
// supported for 004 says so instead of doing something wrong.
func TestCLI004AgainstRealServer(t *testing.T) {
	setupEnv(t)
	url := sftest.StartReal(t)
	a, b := t.TempDir(), t.TempDir()
	ok(t, a, "new", "--title", "Четыре", "--text", "written before registering", "--tag", "v4")
	ok(t, a, "register", "--server", url, "--email", "cli004@example.com", "--protocol", "004")
	ok(t, a, "new", "--title", "second", "--text", "after")
	ok(t, a, "sync")
	out := ok(t, b, "signin", "--server", url, "--email", "cli004@example.com")
	if !strings.Contains(out, "synced: 4 downloaded") { // 2 notes, 1 tag, 1 items key
		t.Fatalf("signin: %q", out)
	}
	l := notesJSON(t, b)
	if len(l) != 2 || findByTitle(l, "Четыре") == nil || findByTitle(l, "Четыре").Text != "written before registering" {
		t.Fatalf("B reads %+v", l)
	}
	ok(t, b, "edit", findByTitle(l, "second").UUID, "--text", "edited on B")
	ok(t, b, "sync")
	ok(t, a, "sync")
	if n := findByTitle(notesJSON(t, a), "second"); n == nil || n.Text != "edited on B" {
		t.Fatalf("A reads %+v", n)
	}
	// A 004 password change: B is asked to sign in again, then reads all.
	t.Setenv("SFNOTES_NEW_PASSWORD", "another password")
	if out := ok(t, a, "passwd"); !strings.Contains(out, "password changed") {
		t.Fatalf("passwd said %q", out)
	}
	t.Setenv("SFNOTES_PASSWORD", "another password")
	if code, _, errs := run(t, b, "", "sync"); code != 1 || !strings.Contains(errs, "Sign in again") {
		t.Fatalf("B's sync after the change: exit %d, %q", code, errs)
	}
	ok(t, b, "signin", "--server", url, "--email", "cli004@example.com")
	if n := findByTitle(notesJSON(t, b), "second"); n == nil || n.Text != "edited on B" {
		t.Fatalf("B after signing in again reads %+v", n)
	}
	// A 004 encrypted backup, in the official format, read back on a new
	// device that has no account: every note, with the (new) password.
	backup := filepath.Join(t.TempDir(), "backup004.json")
	ok(t, a, "export", "--encrypted", backup)
	raw, err := os.ReadFile(backup)
	if err != nil || !strings.Contains(string(raw), `"version": "004"`) || strings.Contains(string(raw), "edited on B") {
		t.Fatalf("the backup is not a 004 encrypted one: %v %.200s", err, raw)
	}
	c := t.TempDir()
	if out := ok(t, c, "import", backup); !strings.Contains(out, "2 notes") {
		t.Fatalf("import said %q", out)
	}
	if n := findByTitle(notesJSON(t, c), "second"); n == nil || n.Text != "edited on B" {
		t.Fatalf("the imported backup reads %+v", n)
	}
	if code, _, errs := run(t, a, "", "upgrade"); code != 1 || !strings.Contains(errs, "already uses protocol 004") {
		t.Fatalf("upgrade of a 004 account: exit %d, %q", code, errs)
	}
	ok(t, a, "export", filepath.Join(t.TempDir(), "plain.json"))
	// Signing out ends the session on the server: its token is refused there.
	raw, err = os.ReadFile(filepath.Join(b, CredentialsFile))
	if err != nil {
		t.Fatal(err)
	}
	var cred struct{ Token string }
	json.Unmarshal(raw, &cred)
	if out := ok(t, b, "signout"); !strings.Contains(out, "the session was ended on the server") {
		t.Fatalf("signout said %q", out)
	}
	req, _ := http.NewRequest(http.MethodPost, url+"/items/sync", strings.NewReader(`{"api":"20200115","items":[]}`))
	req.Header.Set("Authorization", "Bearer "+cred.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode < 400 {
		t.Fatalf("the signed-out session's token still works: HTTP %d", resp.StatusCode)
	}
	if code, _, errs := run(t, t.TempDir(), "", "register", "--server", url, "--email", "x@example.com", "--protocol", "005"); code != 2 {
		t.Fatalf("--protocol 005: exit %d %q", code, errs)
	}
}

func findByTitle(l []NoteJSON, title string) *NoteJSON {
	for i := range l {
		if l[i].Title == title {
			return &l[i]
		}
	}
	return nil
}
