package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestFileModes(t *testing.T) {
	s := openTest(t)
	if _, err := s.CreateNote("a", "b"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{DBFile, DBFile + "-wal"} {
		st, err := os.Stat(filepath.Join(s.Dir(), name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %o, want 600", name, st.Mode().Perm())
		}
	}
	st, _ := os.Stat(s.Dir())
	if st.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %o", st.Mode().Perm())
	}
}

func TestUnknownFieldsSurviveEditAndReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "d")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	orig := `{"title":"T","text":"x","references":[{"uuid":"tag-1","content_type":"Tag","extra":1}],` +
		`"appData":{"org.standardnotes.sn":{"client_updated_at":"2020-01-01T00:00:00.000Z","prefersPlainEditor":true},"com.other":{"k":[1,2]}},` +
		`"editorData":{"nested":{"a":"b"}},"weird":null}`
	err = s.Update(func(tx *Tx) error {
		_, err := tx.ApplyRemote(Remote{UUID: "n-1", ContentType: TypeNote, Content: orig,
			CreatedAt: "2020-01-01T00:00:00.000Z", UpdatedAt: "2020-01-01T00:00:00.000Z"})
		if err != nil {
			return err
		}
		_, err = tx.ApplyRemote(Remote{UUID: "x-1", ContentType: "SN|Component", Content: `{"name":"ext","url":"u","z":[{"q":1}]}`,
			CreatedAt: "2020-01-01T00:00:00.000Z", UpdatedAt: "2020-01-02T00:00:00.123456Z"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	it, _ := s.Get("n-1")
	if it.Content != orig {
		t.Fatal("received content was not stored byte for byte")
	}
	title := "New"
	if err := s.EditNote("n-1", NoteEdit{Title: &title}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	it, _ = s.Get("n-1")
	var got map[string]any
	if err := json.Unmarshal([]byte(it.Content), &got); err != nil {
		t.Fatal(err)
	}
	if got["title"] != "New" || got["text"] != "x" || got["weird"] != nil {
		t.Fatalf("edit broke content: %s", it.Content)
	}
	if _, ok := got["weird"]; !ok {
		t.Fatal("null field dropped")
	}
	for _, want := range []string{`"editorData":{"nested":{"a":"b"}}`, `"com.other":{"k":[1,2]}`, `"prefersPlainEditor":true`, `"extra":1`} {
		if !strings.Contains(it.Content, want) {
			t.Errorf("lost %s in %s", want, it.Content)
		}
	}
	if !it.Dirty {
		t.Error("edited note not dirty")
	}
	x, _ := s.Get("x-1")
	if x.Content != `{"name":"ext","url":"u","z":[{"q":1}]}` || x.ServerUpdatedAt != "2020-01-02T00:00:00.123456Z" || x.Dirty {
		t.Fatalf("unknown type changed: %+v", x)
	}
}

func TestEditDuringSyncKeepsDirty(t *testing.T) {
	s := openTest(t)
	n, _ := s.CreateNote("t", "v1")
	batch, err := s.DirtyItems(150)
	if err != nil || len(batch) != 1 {
		t.Fatalf("batch %v %v", batch, err)
	}
	sent := batch[0].Changes
	// The user types while the request is in flight.
	v2 := "v2"
	if err := s.EditNote(n.UUID, NoteEdit{Text: &v2}); err != nil {
		t.Fatal(err)
	}
	err = s.Update(func(tx *Tx) error {
		// The server's answer: saved, with metadata only; then retrieved data
		// claiming older content must not overwrite the dirty item either.
		if err := tx.MarkSaved(n.UUID, sent, "2021-01-01T00:00:00.000Z", "2021-01-01T00:00:01.000Z"); err != nil {
			return err
		}
		applied, err := tx.ApplyRemote(Remote{UUID: n.UUID, ContentType: TypeNote, Content: `{"title":"t","text":"v1"}`})
		if applied {
			t.Error("retrieved item overwrote a dirty one")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetNote(n.UUID)
	it, _ := s.Get(n.UUID)
	if got.Text != "v2" || !it.Dirty || it.ServerUpdatedAt != "2021-01-01T00:00:01.000Z" {
		t.Fatalf("text %q dirty %v updated %q", got.Text, it.Dirty, it.ServerUpdatedAt)
	}
	// A second round with the new counter clears dirty.
	batch, _ = s.DirtyItems(150)
	if err := s.Update(func(tx *Tx) error { return tx.MarkSaved(n.UUID, batch[0].Changes, "", "x") }); err != nil {
		t.Fatal(err)
	}
	if it, _ := s.Get(n.UUID); it.Dirty {
		t.Fatal("still dirty after a clean save")
	}
}

func TestTagsBothDirections(t *testing.T) {
	s := openTest(t)
	work, _ := s.CreateTag("Work")
	a, _ := s.CreateNote("alpha", "first", work.UUID)
	b, _ := s.CreateNote("beta", "second")
	// Old data: a note referencing a tag.
	err := s.Update(func(tx *Tx) error {
		_, err := tx.ApplyRemote(Remote{UUID: "old-note", ContentType: TypeNote, CreatedAt: "2017-01-01T00:00:00.000Z",
			Content: `{"title":"legacy","text":"t","references":[{"uuid":"` + work.UUID + `","content_type":"Tag"}]}`})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := titles(t, s, NoteQuery{View: ViewTag, Tag: work.UUID, Sort: SortTitle})
	if got != "alpha,legacy" {
		t.Fatalf("tag view %q", got)
	}
	if got := titles(t, s, NoteQuery{View: ViewUntagged, Sort: SortTitle}); got != "beta" {
		t.Fatalf("untagged %q", got)
	}
	tags, _ := s.ListTags()
	if len(tags) != 1 || tags[0].Count != 2 {
		t.Fatalf("tags %+v", tags)
	}
	if err := s.RemoveTag("old-note", work.UUID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveTag(a.UUID, work.UUID); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, s, NoteQuery{View: ViewTag, Tag: work.UUID}); got != "" {
		t.Fatalf("after untag %q", got)
	}
	if err := s.AddTag(b.UUID, work.UUID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTag(work.UUID); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, s, NoteQuery{Sort: SortTitle}); got != "alpha,beta,legacy" {
		t.Fatalf("notes after tag delete %q", got)
	}
	if tags, _ := s.ListTags(); len(tags) != 0 {
		t.Fatalf("deleted tag listed %+v", tags)
	}
}

func TestTrashRestoreDeleteForever(t *testing.T) {
	s := openTest(t)
	tag, _ := s.CreateTag("x")
	n, _ := s.CreateNote("n", "t", tag.UUID)
	yes, no := true, false
	if err := s.EditNote(n.UUID, NoteEdit{Trashed: &yes}); err != nil {
		t.Fatal(err)
	}
	if titles(t, s, NoteQuery{}) != "" || titles(t, s, NoteQuery{View: ViewTrash}) != "n" {
		t.Fatal("trash view wrong")
	}
	if err := s.EditNote(n.UUID, NoteEdit{Trashed: &no}); err != nil {
		t.Fatal(err)
	}
	if titles(t, s, NoteQuery{}) != "n" {
		t.Fatal("restore failed")
	}
	// Pretend the server has it, so delete makes a tombstone.
	s.Update(func(tx *Tx) error { return tx.MarkSaved(n.UUID, -1, "", "2021-01-01T00:00:00.000Z") })
	if err := s.DeleteForever(n.UUID); err != nil {
		t.Fatal(err)
	}
	it, err := s.Get(n.UUID)
	if err != nil || !it.Deleted || !it.Dirty || it.Content != "" {
		t.Fatalf("tombstone %+v %v", it, err)
	}
	tg, _ := s.Get(tag.UUID)
	if strings.Contains(tg.Content, n.UUID) || !tg.Dirty {
		t.Fatalf("tag still references deleted note: %s", tg.Content)
	}
	if _, err := s.GetNote(n.UUID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted note readable: %v", err)
	}
	// The server confirms the tombstone: the row goes.
	s.Update(func(tx *Tx) error { return tx.MarkSaved(n.UUID, it.Changes, "", "x") })
	if _, err := s.Get(n.UUID); !errors.Is(err, ErrNotFound) {
		t.Fatal("confirmed tombstone kept")
	}
	// Never-synced notes vanish at once.
	m, _ := s.CreateNote("local", "")
	s.DeleteForever(m.UUID)
	if _, err := s.Get(m.UUID); !errors.Is(err, ErrNotFound) {
		t.Fatal("local-only note left a tombstone")
	}
}

func TestSearchAndSort(t *testing.T) {
	s := openTest(t)
	clock := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	s.CreateNote("Grocery list", "Milk, EGGS and Crème brûlée")
	s.CreateNote("Meeting", "discuss eggs budget")
	s.CreateNote("Zebra", "nothing here")
	p, _ := s.CreateNote("Älpha pinned", "pinned note about milk")
	yes := true
	s.EditNote(p.UUID, NoteEdit{Pinned: &yes})
	cases := map[string]string{
		"eggs":           "Meeting,Grocery list",
		"EGGS milk":      "Grocery list",
		"crème":          "Grocery list",
		"CRÈME BRÛLÉE":   "Grocery list",
		"milk":           "Älpha pinned,Grocery list",
		"älpha":          "Älpha pinned",
		"absent":         "",
		"  ":             "Älpha pinned,Zebra,Meeting,Grocery list",
		"budget meeting": "Meeting",
	}
	for q, want := range cases {
		if got := titles(t, s, NoteQuery{Search: q}); got != want {
			t.Errorf("search %q: %q, want %q", q, got, want)
		}
	}
	if got := titles(t, s, NoteQuery{Sort: SortTitle}); got != "Älpha pinned,Grocery list,Meeting,Zebra" {
		t.Errorf("title sort %q", got)
	}
	if got := titles(t, s, NoteQuery{Sort: SortCreated}); got != "Älpha pinned,Zebra,Meeting,Grocery list" {
		t.Errorf("created sort %q", got)
	}
	if got := titles(t, s, NoteQuery{View: ViewPinned}); got != "Älpha pinned" {
		t.Errorf("pinned view %q", got)
	}
}

func TestTenThousandNotes(t *testing.T) {
	s := openTest(t)
	tag, _ := s.CreateTag("bulk")
	const n = 10000
	batch := make([]Remote, n)
	for i := range batch {
		c := fmt.Sprintf(`{"title":"note %05d","text":"body %d word%d","references":[]}`, i, i, i%7)
		batch[i] = Remote{UUID: fmt.Sprintf("u-%05d", i), ContentType: TypeNote, Content: c,
			CreatedAt: "2020-01-01T00:00:00.000Z", UpdatedAt: "2020-01-01T00:00:00.000Z"}
	}
	err := s.Update(func(tx *Tx) error {
		changed, err := tx.ApplyRemoteBatch(batch)
		if changed != n {
			t.Errorf("batch changed %d", changed)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if err := s.AddTag(fmt.Sprintf("u-%05d", i), tag.UUID); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.ListNotes(NoteQuery{Sort: SortTitle})
	if err != nil || len(all) != n || all[0].Title != "note 00000" || all[n-1].Title != "note 09999" {
		t.Fatalf("listed %d", len(all))
	}
	if c, _ := s.CountNotes(NoteQuery{View: ViewTag, Tag: tag.UUID}); c != 100 {
		t.Fatalf("tag count %d", c)
	}
	want := 0
	for i := 0; i < n; i++ {
		if i%7 == 3 {
			want++
		}
	}
	if c, _ := s.CountNotes(NoteQuery{Search: "word3"}); c != want {
		t.Fatalf("search count %d", c)
	}
	if c, _ := s.DirtyCount(); c != 1 {
		t.Fatalf("dirty %d (only the tag)", c)
	}
}

func TestConflictCopyAndChangeUUID(t *testing.T) {
	s := openTest(t)
	tag, _ := s.CreateTag("t")
	n, _ := s.CreateNote("orig", "mine", tag.UUID)
	var copyUUID, moved string
	err := s.Update(func(tx *Tx) error {
		var err error
		copyUUID, err = tx.CreateConflictCopy(n.UUID, TypeNote, `{"title":"orig","text":"theirs","x":1}`, "")
		if err != nil {
			return err
		}
		moved, err = tx.ChangeUUID(n.UUID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.GetNote(copyUUID)
	if c.ConflictOf != moved || c.Text != "theirs" || !strings.Contains(c.Content, `"x":1`) {
		t.Fatalf("copy %+v (conflict_of should follow the move to %s)", c, moved)
	}
	if got := titles(t, s, NoteQuery{View: ViewTag, Tag: tag.UUID}); got != "orig,orig" {
		t.Fatalf("tag holds %q", got)
	}
	if _, err := s.Get(n.UUID); !errors.Is(err, ErrNotFound) {
		t.Fatal("old uuid still present")
	}
	if cc, _ := s.ConflictCount(); cc != 1 {
		t.Fatalf("conflicts %d", cc)
	}
}

func TestUndecryptableIsReadOnly(t *testing.T) {
	s := openTest(t)
	s.Update(func(tx *Tx) error {
		_, err := tx.ApplyRemote(Remote{UUID: "bad", ContentType: TypeNote, EncContent: "003:...", EncItemKey: "003:...",
			DecryptError: "authentication failed", CreatedAt: "2020-01-01T00:00:00.000Z"})
		return err
	})
	x := "x"
	if err := s.EditNote("bad", NoteEdit{Text: &x}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("edit of undecryptable: %v", err)
	}
	it, _ := s.Get("bad")
	if it.EncContent != "003:..." || it.Dirty {
		t.Fatalf("encrypted fields lost or dirty: %+v", it)
	}
	l, _ := s.ListNotes(NoteQuery{})
	if len(l) != 1 || l[0].DecryptError == "" {
		t.Fatalf("list %+v", l)
	}
}

func TestAccount(t *testing.T) {
	s := openTest(t)
	if _, ok, err := s.Account(); ok || err != nil {
		t.Fatal("account before sign-in")
	}
	tok := "opaque==\n"
	if err := s.SaveAccount(Account{Server: "https://x", Email: "e", SyncToken: tok}); err != nil {
		t.Fatal(err)
	}
	a, ok, _ := s.Account()
	if !ok || a.SyncToken != tok {
		t.Fatalf("token not kept byte for byte: %q", a.SyncToken)
	}
	s.CreateNote("n", "")
	if err := s.SignOut(); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Account(); ok {
		t.Fatal("account after sign-out")
	}
}

func titles(t *testing.T, s *Store, q NoteQuery) string {
	t.Helper()
	l, err := s.ListNotes(q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range l {
		out = append(out, n.Title)
	}
	return strings.Join(out, ",")
}

// TestBatchMatchesSingle applies the same remote items one by one and in a
// batch (dirty local, deleted, repeated, tag links) and expects equal stores.
func TestBatchMatchesSingle(t *testing.T) {
	build := func(batch bool) *Store {
		s := openTest(t)
		s.Now = func() time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) }
		s.Update(func(tx *Tx) error {
			tx.ApplyRemote(Remote{UUID: "gone", ContentType: TypeNote, Content: `{"title":"g"}`})
			it := Item{UUID: "mine", ContentType: TypeNote, Content: `{"title":"local"}`}
			return tx.putLocal(&it)
		})
		rs := []Remote{
			{UUID: "n1", ContentType: TypeNote, Content: `{"title":"one"}`, UpdatedAt: "2020-01-01T00:00:00.000Z"},
			{UUID: "t1", ContentType: TypeTag, Content: `{"title":"tag","references":[{"uuid":"n1","content_type":"Note"}]}`},
			{UUID: "mine", ContentType: TypeNote, Content: `{"title":"remote"}`},
			{UUID: "gone", Deleted: true},
			{UUID: "n1", ContentType: TypeNote, Content: `{"title":"one v2"}`, UpdatedAt: "2020-01-02T00:00:00.000Z"},
		}
		s.Update(func(tx *Tx) error {
			if batch {
				_, err := tx.ApplyRemoteBatch(rs)
				return err
			}
			for _, r := range rs {
				if _, err := tx.ApplyRemote(r); err != nil {
					return err
				}
			}
			return nil
		})
		return s
	}
	dump := func(s *Store) string {
		items, _ := s.AllItems()
		tags, _ := s.ListTags()
		return fmt.Sprintf("%+v %+v", items, tags)
	}
	a, b := dump(build(false)), dump(build(true))
	if a != b {
		t.Fatalf("single:\n%s\nbatch:\n%s", a, b)
	}
	if !strings.Contains(a, "one v2") || !strings.Contains(a, "local") || strings.Contains(a, "remote") || strings.Contains(a, "UUID:gone") {
		t.Fatalf("unexpected result %s", a)
	}
}

// TestParseTimeJSDateString: client_updated_at as the official 004 client
// leaves it on items it made (Date.toString()) is read, not dropped.
func TestParseTimeJSDateString(t *testing.T) {
	for in, want := range map[string]string{
		"Sat Nov 28 2026 21:47:26 GMT+0000 (Coordinated Universal Time)":     "2026-11-28T21:47:26Z",
		"Fri Jan 02 2026 09:05:00 GMT+0100 (Central European Standard Time)": "2026-01-02T08:05:00Z",
		"2026-11-28T21:47:26.123Z": "2026-11-28T21:47:26.123Z",
	} {
		if got := ParseTime(in).UTC().Format(time.RFC3339Nano); got != want {
			t.Fatalf("ParseTime(%q) = %s, want %s", in, got, want)
		}
	}
	if !ParseTime("yesterday").IsZero() {
		t.Fatal("a date in no known form was not zero")
	}
}

// TestConflictCopyMadeOnce: the same version met as a conflict twice (a
// retried upload) gives one conflicted copy, not two; another version gives
// its own.
func TestConflictCopyMadeOnce(t *testing.T) {
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.CreateNote("T", "mine")
	if err != nil {
		t.Fatal(err)
	}
	theirs := `{"title":"T","text":"theirs","references":[]}`
	var ids []string
	for _, content := range []string{theirs, theirs, `{"title":"T","text":"another","references":[]}`} {
		err := st.Update(func(tx *Tx) error {
			id, err := tx.CreateConflictCopy(n.UUID, TypeNote, content, "")
			ids = append(ids, id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if ids[0] != ids[1] || ids[0] == ids[2] {
		t.Fatalf("copies %v: want the first two the same, the third another", ids)
	}
	if c, _ := st.ConflictCount(); c != 2 {
		t.Fatalf("%d conflicted copies, want 2", c)
	}
}
