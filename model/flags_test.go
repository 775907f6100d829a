package model

import (
	"errors"
	"strings"
	"testing"
)

// Flags are read where the official app reads them (SN-TODAY.md §2):
// pinned, archived, locked in appData; trashed, starred, protected at the
// top level. The official importer's top-level archived and pinned are not
// read.
func TestFlagsReadWhereTheOfficialAppKeepsThem(t *testing.T) {
	s := openTest(t)
	put := func(uuid, c string) {
		t.Helper()
		if err := s.Update(func(tx *Tx) error { return tx.PutLocal(uuid, TypeNote, c, "") }); err != nil {
			t.Fatal(err)
		}
	}
	put("archived", `{"title":"Archived","text":"a","appData":{"org.standardnotes.sn":{"archived":true,"locked":true}}}`)
	put("starred", `{"title":"Starred","text":"s","starred":true,"protected":true}`)
	put("importer", `{"title":"Importer","text":"i","archived":true,"pinned":true}`)
	put("gone", `{"title":"Gone","text":"g","trashed":true,"appData":{"org.standardnotes.sn":{"archived":true}}}`)
	put("hidden", `{"title":"Hidden","text":"secret words","hidePreview":true}`)
	for uuid, want := range map[string]NoteSummary{
		"archived": {Archived: true, Locked: true, Preview: "a"},
		"starred":  {Starred: true, Protected: true},
		"importer": {Preview: "i"},
		"gone":     {Archived: true, Trashed: true, Preview: "g"},
		"hidden":   {},
	} {
		n, err := s.GetNote(uuid)
		if err != nil {
			t.Fatal(err)
		}
		got := NoteSummary{Archived: n.Archived, Locked: n.Locked, Starred: n.Starred, Protected: n.Protected,
			Trashed: n.Trashed, Pinned: n.Pinned, Preview: n.Preview}
		if got != want {
			t.Errorf("%s: %+v, want %+v", uuid, got, want)
		}
	}
	for _, c := range []struct {
		q    NoteQuery
		want string
	}{
		{NoteQuery{}, "Hidden,Importer,Starred"},
		{NoteQuery{View: ViewArchived}, "Archived"},
		{NoteQuery{View: ViewStarred}, "Starred"},
		{NoteQuery{View: ViewTrash}, "Gone"},
		{NoteQuery{View: ViewUntagged}, "Hidden,Importer,Starred"},
		{NoteQuery{Search: "secret"}, "Hidden"},
		{NoteQuery{Search: "s"}, "Hidden,Starred"}, // a protected note by its title only
		{NoteQuery{Search: "st"}, "Starred"},
	} {
		c.q.Sort = SortTitle
		if got := titles(t, s, c.q); got != c.want {
			t.Errorf("%+v: %q, want %q", c.q, got, c.want)
		}
	}
	counts, err := s.ViewCounts()
	if err != nil {
		t.Fatal(err)
	}
	if counts.All != 3 || counts.Archived != 1 || counts.Starred != 1 || counts.Trash != 1 {
		t.Errorf("counts %+v", counts)
	}
}

// Archive, star and lock are written where the official app reads them, and
// a locked note's title and text do not change.
func TestFlagsWrittenAndLockHolds(t *testing.T) {
	s := openTest(t)
	n, err := s.CreateNote("Plan", "text")
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	if err := s.EditNote(n.UUID, NoteEdit{Archived: &yes, Starred: &yes, Locked: &yes, Protected: &yes}); err != nil {
		t.Fatal(err)
	}
	it, _ := s.Get(n.UUID)
	c := parseContent(it.Content)
	if !c.appBool("archived") || !c.appBool("locked") || !c.boolean("starred") || !c.boolean("protected") ||
		c["archived"] != nil || c["locked"] != nil || it.Preview != "" {
		t.Fatalf("content %s", it.Content)
	}
	title := "changed"
	if err := s.EditNote(n.UUID, NoteEdit{Title: &title}); !errors.Is(err, ErrLocked) {
		t.Fatalf("edit of a locked note: %v", err)
	}
	if err := s.EditNote(n.UUID, NoteEdit{Text: &title}); !errors.Is(err, ErrLocked) {
		t.Fatalf("edit of a locked note's text: %v", err)
	}
	if after, _ := s.Get(n.UUID); after.Content != it.Content {
		t.Fatal("a refused edit changed the note")
	}
	if err := s.EditNote(n.UUID, NoteEdit{Title: &title, Force: true}); err != nil {
		t.Fatalf("forced edit: %v", err)
	}
	no := false
	if err := s.EditNote(n.UUID, NoteEdit{Locked: &no, Archived: &no}); err != nil {
		t.Fatal(err)
	}
	if err := s.EditNote(n.UUID, NoteEdit{Text: &title}); err != nil {
		t.Fatalf("edit after unlocking: %v", err)
	}
	got, _ := s.GetNote(n.UUID)
	if got.Locked || got.Archived || !got.Starred || got.Text != "changed" {
		t.Fatalf("after: %+v", got.NoteSummary)
	}
	if l := titles(t, s, NoteQuery{}); !strings.Contains(l, "changed") {
		t.Fatalf("unarchived note not listed: %q", l)
	}
}

// TestMigrationSetsShelfAndFlags: a database of schema 1 (no shelf, no
// starred or locked columns read) is brought up to date by migration 2: the
// trash and the archive list their notes, the flags are read.
func TestMigrationSetsShelfAndFlags(t *testing.T) {
	s := openTest(t)
	yes := true
	n1, _ := s.CreateNote("Trashed", "t")
	n2, _ := s.CreateNote("Archived", "a")
	_ = s.EditNote(n1.UUID, NoteEdit{Trashed: &yes})
	_ = s.EditNote(n2.UUID, NoteEdit{Archived: &yes, Starred: &yes})
	put := func(uuid, c string) {
		if err := s.Update(func(tx *Tx) error { return tx.PutLocal(uuid, TypeNote, c, "") }); err != nil {
			t.Fatal(err)
		}
	}
	put("super", `{"title":"Super","text":"{\"root\":{\"children\":[{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"hello\"}]}]}}","noteType":"super"}`)
	// Back to schema 1: without the new columns and their indexes, the
	// Super note's preview its JSON.
	for _, q := range []string{"DROP INDEX items_starred_modified", "DROP INDEX items_starred_created", "DROP INDEX items_starred_title", "DROP INDEX items_shelf_modified", "DROP INDEX items_shelf_created", "DROP INDEX items_shelf_title",
		"ALTER TABLE items DROP COLUMN shelf", "ALTER TABLE items DROP COLUMN starred", "ALTER TABLE items DROP COLUMN locked",
		"ALTER TABLE items DROP COLUMN protected", `UPDATE items SET preview = '{"root"' WHERE uuid = 'super'`} {
		if err := s.db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := s.db.Exec("PRAGMA user_version = 1").Error; err != nil {
		t.Fatal(err)
	}
	dir := s.Dir()
	s.Close()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for q, want := range map[View]string{ViewAll: "Super", ViewTrash: "Trashed", ViewArchived: "Archived", ViewStarred: ""} {
		if got := titles(t, s, NoteQuery{View: q}); got != want {
			t.Errorf("view %d after the migration: %q, want %q", q, got, want)
		}
	}
	if n, _ := s.GetNote(n2.UUID); !n.Starred {
		t.Error("starred not read by the migration")
	}
	if n, _ := s.GetNote("super"); n.Preview != "hello" {
		t.Errorf("Super preview %q", n.Preview)
	}
}

// A tag's view shows its archived notes only when the tag asks for them
// (preferences.showArchived, its other preferences kept).
func TestTagShowsArchivedOnRequest(t *testing.T) {
	s := openTest(t)
	put := func(uuid, typ, c string) {
		t.Helper()
		if err := s.Update(func(tx *Tx) error { return tx.PutLocal(uuid, typ, c, "") }); err != nil {
			t.Fatal(err)
		}
	}
	put("n1", TypeNote, `{"title":"Live","text":"a"}`)
	put("n2", TypeNote, `{"title":"Old","text":"b","appData":{"org.standardnotes.sn":{"archived":true}}}`)
	put("t1", TypeTag, `{"title":"trips","preferences":{"sortBy":"title"},"references":[{"uuid":"n1","content_type":"Note"},{"uuid":"n2","content_type":"Note"}]}`)
	tags, _ := s.ListTags()
	if len(tags) != 1 || tags[0].ShowArchived || tags[0].Count != 1 {
		t.Fatalf("tags %+v", tags)
	}
	if got := titles(t, s, NoteQuery{View: ViewTag, Tag: "t1", Sort: SortTitle}); got != "Live" {
		t.Fatalf("tag view: %q", got)
	}
	if err := s.SetTagShowArchived("t1", true); err != nil {
		t.Fatal(err)
	}
	tags, _ = s.ListTags()
	it, _ := s.Get("t1")
	if !tags[0].ShowArchived || !strings.Contains(it.Content, `"preferences":{"showArchived":true,"sortBy":"title"}`) {
		t.Fatalf("after: %+v %s", tags, it.Content)
	}
	if got := titles(t, s, NoteQuery{View: ViewTag, Tag: "t1", Sort: SortTitle, Archived: true}); got != "Live,Old" {
		t.Fatalf("tag view with archived: %q", got)
	}
	put("t2", TypeTag, `not json`)
	if _, err := s.ListTags(); err != nil {
		t.Fatalf("a tag whose content is not JSON: %v", err)
	}
}
