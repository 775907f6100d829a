package ui

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
)

// exportServices writes a fixed export.
type exportServices struct{ fakeServices }

func (exportServices) Export(w io.Writer, _ bool) (string, error) {
	_, err := io.WriteString(w, `{"items":[{"content":{"text":"plaintext"}}]}`)
	return "1 note", err
}

// TestWindowExportIsPrivate: an export written from the window is 0600 like
// the command line's (it was 0644).
func TestWindowExportIsPrivate(t *testing.T) {
	f := newFixture(t, nil)
	f.w.svc = &exportServices{}
	path := filepath.Join(t.TempDir(), "export.json")
	wc, err := storage.Writer(storage.NewFileURI(path)) // as the save dialog creates it
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.w.writeExport(wc, false); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("export mode %o, want 600", st.Mode().Perm())
	}
	if b, _ := os.ReadFile(path); len(b) == 0 {
		t.Fatal("nothing written")
	}
}
