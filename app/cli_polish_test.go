package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sfnotes/syncengine"
	"sfnotes/syncengine/sftest"
)

// TestCLIPlainWords: the command line's answers to ordinary mistakes say what
// happened, in the user's terms (issue 10).
func TestCLIPlainWords(t *testing.T) {
	setupEnv(t)
	srv := sftest.New()
	url := srv.Start(t).URL

	// --help at the top level prints the usage and succeeds.
	for _, h := range []string{"--help", "-h"} {
		if code, out, _ := run(t, t.TempDir(), "", h); code != 0 || !strings.Contains(out, "sfnotes [--data DIR] notes") {
			t.Fatalf("%s: exit %d, %q", h, code, out)
		}
	}

	// A server address without a scheme: nothing is sent, and it says why.
	before := srv.RequestCount("/auth/params")
	code, _, errs := run(t, t.TempDir(), "", "signin", "--server", strings.TrimPrefix(url, "http://"), "--email", "a@example.com")
	if code != 1 || !strings.Contains(errs, "needs https:// in front") || srv.RequestCount("/auth/params") != before {
		t.Fatalf("no scheme: exit %d, %q", code, errs)
	}

	// passwd while signed out.
	code, _, errs = run(t, t.TempDir(), "", "passwd")
	if code != 1 || !strings.Contains(errs, "sign in first") {
		t.Fatalf("passwd signed out: exit %d, %q", code, errs)
	}

	// Registering an email the server has: say so, and what to do.
	a := t.TempDir()
	ok(t, a, "new", "--title", "written offline")
	ok(t, a, "register", "--server", url, "--email", "taken@example.com")
	code, _, errs = run(t, t.TempDir(), "", "register", "--server", url, "--email", "taken@example.com")
	if code != 1 || !strings.Contains(errs, "already exists on this server: sign in instead") {
		t.Fatalf("register twice: exit %d, %q", code, errs)
	}
	ok(t, a, "sync")

	// signin runs the first sync: the notes are there at once.
	b := t.TempDir()
	out := ok(t, b, "signin", "--server", url, "--email", "taken@example.com")
	if !strings.Contains(out, "synced: 1 downloaded") || len(notesJSON(t, b)) != 1 {
		t.Fatalf("signin: %q, %d notes", out, len(notesJSON(t, b)))
	}

	// Export into a folder that does not exist names that folder.
	missing := filepath.Join(t.TempDir(), "no such folder")
	code, _, errs = run(t, b, "", "export", filepath.Join(missing, "notes.json"))
	if code != 1 || !strings.Contains(errs, "the folder "+missing+" does not exist") || strings.Contains(errs, ".sfnotes-export") {
		t.Fatalf("export into a missing folder: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatal("the missing folder was created")
	}

	// signout with one unsynced change says "1 change is".
	ok(t, b, "new", "--title", "not synced")
	code, _, errs = run(t, b, "", "signout")
	if code != 1 || !strings.Contains(errs, "1 change is not synced") {
		t.Fatalf("signout: exit %d, %q", code, errs)
	}
}

func TestImportTextIsPlain(t *testing.T) {
	for _, c := range []struct {
		s    syncengine.ImportSummary
		want string
	}{
		{syncengine.ImportSummary{Notes: 1, Conflicts: 1, Unchanged: 6},
			"Imported 1 note. 1 note was here already in another version, so the file's version came in as a conflicted copy. 6 items were already here, unchanged."},
		{syncengine.ImportSummary{Notes: 3, Tags: 2, Others: 1, Undecryptable: 2},
			"Imported 3 notes, 2 tags and 1 other item. 2 items could not be decrypted and were left out."},
		{syncengine.ImportSummary{Unchanged: 1}, "Imported nothing new. 1 item was already here, unchanged."},
		{syncengine.ImportSummary{Notes: 1, Undecryptable: 1, Damaged: true},
			"Imported 1 note. The backup is damaged: 1 item could not be decrypted although the password is right, and was left out."},
		{syncengine.ImportSummary{Notes: 2, Damaged: true},
			"Imported 2 notes. The backup's key params are damaged; the params its keys were sealed with opened it."},
	} {
		if got := ImportText(c.s); got != c.want {
			t.Errorf("%+v:\n got %q\nwant %q", c.s, got, c.want)
		}
	}
}
