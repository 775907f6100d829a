package model

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

// TestTwoStoresOneNote: two stores on one database file (a window and the
// command line) edit one note. An edit based on a version that changed
// underneath it in the same field keeps both texts: the edit under the note,
// the other as a conflicted copy. Edits of different fields both stay. Today's
// main dropped the first writer's text.
func TestTwoStoresOneNote(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shared data")
	window, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer window.Close()
	cli, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	n, err := window.CreateNote("Plan", "first line")
	if err != nil {
		t.Fatal(err)
	}
	base := n.Content // what the window's editor shows

	text := "written by the command line"
	if err := cli.EditNote(n.UUID, NoteEdit{Text: &text}); err != nil {
		t.Fatal(err)
	}
	typed := "first line and more typing"
	err = window.EditNote(n.UUID, NoteEdit{Text: &typed, Base: base})
	if !errors.Is(err, ErrKeptBoth) {
		t.Fatalf("a stale edit: %v, want ErrKeptBoth", err)
	}
	var texts []string
	l, _ := cli.ListNotes(NoteQuery{})
	for _, s := range l {
		full, _ := cli.GetNote(s.UUID)
		texts = append(texts, full.Text)
		if s.UUID == n.UUID && full.Text != typed {
			t.Fatalf("the note holds %q, want the typed text", full.Text)
		}
		if s.UUID != n.UUID && full.ConflictOf != n.UUID {
			t.Fatalf("the other version is not a conflicted copy of the note: %+v", full.NoteSummary)
		}
	}
	slices.Sort(texts)
	if want := []string{typed, text}; !slices.Equal(texts, want) {
		t.Fatalf("texts %q: one writer's text was lost", texts)
	}

	// Different fields: both changes stay, no copy.
	n2, _ := window.CreateNote("Title", "body")
	base = n2.Content
	title := "Title from the command line"
	if err := cli.EditNote(n2.UUID, NoteEdit{Title: &title}); err != nil {
		t.Fatal(err)
	}
	body := "body typed in the window"
	if err := window.EditNote(n2.UUID, NoteEdit{Text: &body, Base: base}); err != nil {
		t.Fatalf("edits of different fields: %v", err)
	}
	got, _ := window.GetNote(n2.UUID)
	if got.Title != title || got.Text != body {
		t.Fatalf("after edits of different fields: %q / %q", got.Title, got.Text)
	}
	// An up-to-date base is an ordinary edit.
	more := body + "!"
	if err := window.EditNote(n2.UUID, NoteEdit{Text: &more, Base: got.Content}); err != nil {
		t.Fatal(err)
	}
	if c, _ := window.ConflictCount(); c != 1 {
		t.Fatalf("%d conflicted copies, want the 1 from the clash", c)
	}
}
