package model

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestMigrateFromRelease010: a database written by the release before schema
// versions opens, is migrated to the current schema, and keeps every note,
// tag, link, date and unknown item.
func TestMigrateFromRelease010(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(filepath.Join("testdata", "release-0.1.0.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, DBFile), old, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenReadOnly(dir); err == nil {
		t.Fatal("an old schema opened read-only without its migrations")
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.schemaVersion(); v != SchemaVersion || v < 1 {
		t.Fatalf("schema %d after opening, want %d", v, SchemaVersion)
	}
	l, err := s.ListNotes(NoteQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, n := range l {
		titles = append(titles, n.Title)
	}
	if !slices.Equal(titles, []string{"Weekly plan", "Untagged thought", "Groceries", "From another device"}) {
		t.Fatalf("notes %q", titles)
	}
	if !l[0].Pinned {
		t.Fatal("the pinned note lost its pin")
	}
	remote, _ := s.GetNote("remote-1")
	if remote.ModifiedMs != ParseTime("2024-03-02T09:30:00.000Z").UnixMilli() {
		t.Fatalf("the received note's date %d", remote.ModifiedMs)
	}
	tags, _ := s.ListTags()
	counts := map[string]int{}
	for _, tg := range tags {
		counts[tg.Title] = tg.Count
	}
	if counts["Home"] != 2 || counts["Work"] != 1 || len(tags) != 2 {
		t.Fatalf("tags %+v", tags)
	}
	if c, _ := s.CountNotes(NoteQuery{View: ViewUntagged}); c != 2 {
		t.Fatalf("%d untagged", c)
	}
	if ext, err := s.Get("ext-1"); err != nil || ext.Content != `{"name":"an editor","url":"https://example.com/e"}` {
		t.Fatalf("the unknown item: %+v %v", ext, err)
	}
	// Opening again does not migrate again, and read-only works now.
	s.Close()
	r, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatalf("read-only after the migration: %v", err)
	}
	r.Close()
	s, _ = Open(dir)
}
