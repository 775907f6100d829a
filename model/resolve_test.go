package model

import (
	"slices"
	"testing"
	"time"
)

// conflicted makes a tagged note with a History entry and a conflicted copy
// of it, as a sync does, on a clock the test moves.
func conflicted(t *testing.T) (s *Store, orig Note, copyUUID string, now *time.Time) {
	t.Helper()
	s, now = clockStore(t)
	orig, err := s.CreateNote("Groceries", "milk\neggs")
	if err != nil {
		t.Fatal(err)
	}
	tag, err := s.CreateTag("home")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddTag(orig.UUID, tag.UUID); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(time.Hour)
	edit(t, s, orig.UUID, "milk\neggs\nbread", "") // History: "milk\neggs"
	if orig, err = s.GetNote(orig.UUID); err != nil {
		t.Fatal(err)
	}
	*now = time.Date(2026, 12, 2, 14, 5, 0, 0, time.Local)
	err = s.Update(func(tx *Tx) error {
		copyUUID, err = tx.CreateConflictCopy(orig.UUID, TypeNote,
			`{"title":"Shopping","text":"milk\nbutter","references":[]}`, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, orig, copyUUID, now
}

// TestKeepCopyKeepsTheNote: keeping the conflicted copy's version keeps the
// original note (uuid, created date, tags, History) with the copy's title
// and text; the text given up is in its History and in the Trash, and no
// conflicted copy is left. It used to make the copy the survivor (a new
// uuid, created today, no History) and trash the original (issue 18).
func TestKeepCopyKeepsTheNote(t *testing.T) {
	s, orig, cp, _ := conflicted(t)
	historyBefore := texts(t, s, orig.UUID)
	show, err := s.ResolveConflict(cp, KeepCopy)
	if err != nil {
		t.Fatal(err)
	}
	if show != orig.UUID {
		t.Fatalf("shows %s, not the original %s", show, orig.UUID)
	}
	n, err := s.GetNote(orig.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if n.Trashed || n.Title != "Shopping" || n.Text != "milk\nbutter" {
		t.Fatalf("the original is %q %q trashed=%v", n.Title, n.Text, n.Trashed)
	}
	if n.CreatedMs != orig.CreatedMs || len(n.Tags) != 1 || n.Tags[0].Title != "home" {
		t.Fatalf("created %d (was %d), tags %v", n.CreatedMs, orig.CreatedMs, n.Tags)
	}
	h := texts(t, s, orig.UUID)
	if !slices.Contains(h, "milk\neggs\nbread") || len(h) <= len(historyBefore) {
		t.Fatalf("History %q does not keep the text given up (had %q)", h, historyBefore)
	}
	trashed, err := s.GetNote(cp)
	if err != nil || !trashed.Trashed || trashed.Text != "milk\neggs\nbread" || trashed.ConflictOf != "" {
		t.Fatalf("the Trash holds %+v (%v)", trashed.NoteSummary, err)
	}
	if c, _ := s.ConflictCount(); c != 0 {
		t.Fatalf("%d conflicted copies left", c)
	}
}

// TestKeepOriginalAndKeepBoth: keeping the original trashes the copy; keeping
// both renames the copy so the two can be told apart, and keeps the
// original as it was.
func TestKeepOriginalAndKeepBoth(t *testing.T) {
	s, orig, cp, _ := conflicted(t)
	if show, err := s.ResolveConflict(cp, KeepOriginal); err != nil || show != orig.UUID {
		t.Fatalf("keep original: %s, %v", show, err)
	}
	if n, _ := s.GetNote(cp); !n.Trashed || n.Text != "milk\nbutter" {
		t.Fatalf("the copy: trashed=%v %q", n.Trashed, n.Text)
	}
	s, orig, cp, _ = conflicted(t)
	if show, err := s.ResolveConflict(cp, KeepBoth); err != nil || show != cp {
		t.Fatalf("keep both: %s, %v", show, err)
	}
	n, _ := s.GetNote(cp)
	if want := "Shopping (conflicted copy, 2 Dec 14:05)"; n.Title != want || n.Trashed || n.ConflictOf != "" {
		t.Fatalf("the copy is %q trashed=%v conflict=%q, want %q", n.Title, n.Trashed, n.ConflictOf, want)
	}
	if o, _ := s.GetNote(orig.UUID); o.Title != "Groceries" || o.Text != "milk\neggs\nbread" || o.Trashed {
		t.Fatalf("the original changed: %q %q", o.Title, o.Text)
	}
	if !n.Dirty {
		t.Fatal("the rename does not sync")
	}

	// A copy a sync makes carries the note's created date; its title names
	// when its version was written.
	s, orig, _, _ = conflicted(t)
	edited := time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)
	err := s.Update(func(tx *Tx) error {
		var err error
		cp, err = tx.CreateConflictCopy(orig.UUID, TypeNote,
			`{"title":"Shopping","text":"tea","references":[],"appData":{"org.standardnotes.sn":{"client_updated_at":"`+
				FormatTime(edited)+`"}}}`, FormatTime(time.UnixMilli(orig.CreatedMs)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ResolveConflict(cp, KeepBoth); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.GetNote(cp); n.Title != ConflictCopyTitle("Shopping", edited.Local()) {
		t.Fatalf("a synced copy is titled %q", n.Title)
	}
}

// TestResolveWithoutOriginal: a copy whose original is gone becomes an
// ordinary note whatever is chosen.
func TestResolveWithoutOriginal(t *testing.T) {
	s, orig, cp, _ := conflicted(t)
	if err := s.DeleteForever(orig.UUID); err != nil {
		t.Fatal(err)
	}
	if show, err := s.ResolveConflict(cp, KeepOriginal); err != nil || show != cp {
		t.Fatalf("%s, %v", show, err)
	}
	if n, _ := s.GetNote(cp); n.Trashed || n.ConflictOf != "" {
		t.Fatalf("the copy: %+v", n.NoteSummary)
	}
}
