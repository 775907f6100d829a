package syncengine

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sftest"
)

// exportOf is a decrypted export file of the given items.
func exportOf(t *testing.T, items ...map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"items": items})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func noteItem(uuid, title string, refs ...string) map[string]any {
	var rs []map[string]string
	for _, r := range refs {
		rs = append(rs, map[string]string{"uuid": r, "content_type": "Tag"})
	}
	if rs == nil {
		rs = []map[string]string{}
	}
	return map[string]any{"uuid": uuid, "content_type": "Note", "created_at": "2024-03-02T10:00:00.000Z",
		"updated_at": "2024-03-02T10:00:00.000Z", "content": map[string]any{"title": title, "text": title, "references": rs}}
}

func tagItem(uuid, title string, notes ...string) map[string]any {
	rs := []map[string]string{}
	for _, n := range notes {
		rs = append(rs, map[string]string{"uuid": n, "content_type": "Note"})
	}
	return map[string]any{"uuid": uuid, "content_type": "Tag", "created_at": "2024-03-02T10:00:00.000Z",
		"updated_at": "2024-03-02T10:00:00.000Z", "content": map[string]any{"title": title, "references": rs}}
}

func tagTitles(t *testing.T, d *device) map[string][]string {
	t.Helper()
	tags, _ := d.store.ListTags()
	out := map[string][]string{}
	for _, tg := range tags {
		l, _ := d.store.ListNotes(model.NoteQuery{View: model.ViewTag, Tag: tg.UUID})
		var titles []string
		for _, n := range l {
			titles = append(titles, n.Title)
		}
		slices.Sort(titles)
		out[tg.Title] = titles
	}
	return out
}

// TestImportMergesTagsByTitle: another device's export whose "Work" tag has
// another uuid (and "work" in lower case, and a second "WORK" in the same
// file, and a 0.10.0-style note that references the tag itself) leaves one
// "Work" tag holding every note.
func TestImportMergesTagsByTitle(t *testing.T) {
	d := newDevice(t, "A")
	work, _ := d.store.CreateTag("Work")
	mine := d.note("Mine", "x")
	d.store.AddTag(mine.UUID, work.UUID)
	data := exportOf(t,
		noteItem("n-1", "Theirs one"),
		noteItem("n-2", "Theirs two"),
		noteItem("n-3", "Old style", "t-b"),
		noteItem("n-4", "Home note"),
		tagItem("t-a", "work", "n-1"),
		tagItem("t-b", " WORK ", "n-2"),
		tagItem("t-c", "Home", "n-4"),
		tagItem("t-d", "home"),
	)
	sum, err := importFile(t, d, data, "")
	if err != nil {
		t.Fatal(err)
	}
	got := tagTitles(t, d)
	want := map[string][]string{"Work": {"Mine", "Old style", "Theirs one", "Theirs two"}, "Home": {"Home note"}}
	if len(got) != 2 || !slices.Equal(got["Work"], want["Work"]) || !slices.Equal(got["Home"], want["Home"]) {
		t.Fatalf("tags after import: %v", got)
	}
	if sum.TagsMerged != 3 || sum.Tags != 1 || sum.Notes != 4 {
		t.Fatalf("summary %+v", sum)
	}
	// The same file again changes nothing and makes no tag.
	if _, err := importFile(t, d, data, ""); err != nil {
		t.Fatal(err)
	}
	if got := tagTitles(t, d); len(got) != 2 {
		t.Fatalf("a second import made tags: %v", got)
	}
}

// TestMergeTagsSyncs: merging two tags in the window (model.MergeTags)
// leaves one tag with both tags' notes on a second device.
func TestMergeTagsSyncs(t *testing.T) {
	s := sftest.New()
	url := s.Start(t).URL
	a, b := newDevice(t, "A"), newDevice(t, "B")
	a.register(url, email)
	b.signIn(url, email, testPassword)
	x, _ := a.store.CreateTag("Projects")
	y, _ := a.store.CreateTag("Other")
	a.store.RenameTag(y.UUID, "projects") // two tags of one name, as two devices make them
	for i := 0; i < 3; i++ {
		n := a.note(fmt.Sprintf("p%d", i), "")
		tag := x.UUID
		if i > 0 {
			tag = y.UUID
		}
		a.store.AddTag(n.UUID, tag)
	}
	a.sync()
	if err := a.store.MergeTags(x.UUID, y.UUID); err != nil {
		t.Fatal(err)
	}
	if it, err := a.store.Get(y.UUID); err != nil || !it.Deleted || !it.Dirty {
		t.Fatalf("the merged tag is not a tombstone to sync: %+v %v", it, err)
	}
	a.sync()
	b.sync()
	got := tagTitles(t, b)
	if len(got) != 1 || !slices.Equal(got["Projects"], []string{"p0", "p1", "p2"}) {
		t.Fatalf("the second device sees %v", got)
	}
	if err := a.store.MergeTags(x.UUID, x.UUID); err == nil {
		t.Fatal("merged a tag into itself")
	}
}
