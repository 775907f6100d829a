package model

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// residue returns the secrets that some file in dir still holds.
func residue(t *testing.T, dir string, secrets []string) []string {
	t.Helper()
	var found []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				found = append(found, e.Name()+": "+s)
			}
		}
	}
	return found
}

// TestSignOutLeavesNoPlaintext (issue 12, item 6): after SignOut, no byte of
// any file in the data directory holds a note's text, a title, the email or
// the auth params, whether the store is still open (the window goes on) or
// closed (the command line), while the WAL and free pages saw them all.
func TestSignOutLeavesNoPlaintext(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const email, nonce = "wipe-me@example.com", "N0NCE-5ecret-4bf1c2"
	secrets := []string{email, nonce}
	if err := s.SaveAccount(Account{Server: "https://sf.example", Email: email,
		AuthParams: `{"version":"003","pw_cost":110000,"pw_nonce":"` + nonce + `","identifier":"` + email + `"}`}); err != nil {
		t.Fatal(err)
	}
	var uuids []string
	for i := 0; i < 60; i++ {
		title, text := fmt.Sprintf("TITLE-%03d-marker", i), fmt.Sprintf("TEXT-%03d-plaintext %s", i, bytes.Repeat([]byte("z"), i*50))
		secrets = append(secrets, title, text[:19])
		n, err := s.CreateNote(title, text)
		if err != nil {
			t.Fatal(err)
		}
		uuids = append(uuids, n.UUID)
	}
	// Reopen (a checkpoint puts everything in the main file), then edit half
	// the notes: old versions in free pages, new ones in the WAL.
	s.Close()
	if s, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	for i, u := range uuids[:30] {
		text := fmt.Sprintf("EDIT-%03d-plaintext", i)
		secrets = append(secrets, text)
		if err := s.EditNote(u, NoteEdit{Text: &text}); err != nil {
			t.Fatal(err)
		}
	}
	if found := residue(t, dir, secrets); len(found) < len(secrets)/2 {
		t.Fatalf("the test's own premise: only %d of %d secrets on disk before signing out", len(found), len(secrets))
	}
	if err := s.SignOut(); err != nil {
		t.Fatal(err)
	}
	if found := residue(t, dir, secrets); len(found) > 0 {
		t.Fatalf("after SignOut, with the store open, %d secrets remain on disk, e.g. %q", len(found), found[:min(5, len(found))])
	}
	// The store goes on working (the window keeps it), and closing adds nothing.
	if _, err := s.CreateNote("after", "sign-out"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if found := residue(t, dir, secrets); len(found) > 0 {
		t.Fatalf("after closing, %d secrets remain on disk, e.g. %q", len(found), found[:min(5, len(found))])
	}
}
