package model

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDataDirPaths: a relative data directory ("--data d1") and names with
// spaces and non-ASCII characters open, write and reopen. A relative path
// failed with "SQL logic error: out of memory".
func TestDataDirPaths(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, dir := range []string{"d1", "dir with spaces", filepath.Join("Notizen ünï", "日本語")} {
		s, err := Open(dir)
		if err != nil {
			t.Fatalf("%q: %v", dir, err)
		}
		if _, err := s.CreateNote("in "+dir, "x"); err != nil {
			t.Fatalf("%q: %v", dir, err)
		}
		s.Close()
		if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
			t.Fatalf("%q: the database is not in the directory: %v", dir, err)
		}
		r, err := OpenReadOnly(dir)
		if err != nil {
			t.Fatalf("%q read-only: %v", dir, err)
		}
		if n, _ := r.CountNotes(NoteQuery{}); n != 1 {
			t.Fatalf("%q: %d notes after reopening", dir, n)
		}
		r.Close()
	}
}
