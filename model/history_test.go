package model

import (
	"strings"
	"testing"
	"time"
)

// clockStore is a store whose clock the test moves.
func clockStore(t *testing.T) (*Store, *time.Time) {
	s := openTest(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	return s, &now
}

func texts(t *testing.T, s *Store, note string) []string {
	t.Helper()
	h, err := s.History(note)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range h {
		out = append(out, r.Text)
	}
	return out
}

func edit(t *testing.T, s *Store, uuid, text, base string) {
	t.Helper()
	if err := s.EditNote(uuid, NoteEdit{Text: &text, Base: base}); err != nil {
		t.Fatal(err)
	}
}

// TestHistoryAfterPause: typing in a burst keeps no versions; the first
// keystroke after a pause keeps the text as it was; a long session keeps a
// checkpoint every editCheckpoint.
func TestHistoryAfterPause(t *testing.T) {
	s, now := clockStore(t)
	n, _ := s.CreateNote("Plan", "")
	text := ""
	for i := 0; i < 6; i++ { // a burst, a keystroke every 2 s
		*now = now.Add(2 * time.Second)
		text += "a"
		cur, _ := s.GetNote(n.UUID)
		edit(t, s, n.UUID, text, cur.Content)
	}
	if h := texts(t, s, n.UUID); len(h) != 0 {
		t.Fatalf("a burst kept %q", h)
	}
	*now = now.Add(editPause)
	cur, _ := s.GetNote(n.UUID)
	edit(t, s, n.UUID, text+" later", cur.Content)
	if h := texts(t, s, n.UUID); len(h) != 1 || h[0] != "aaaaaa" {
		t.Fatalf("after a pause: %q", h)
	}
	// Forty minutes of steady typing: checkpoints, not a version a keystroke.
	for i := 0; i < 240; i++ {
		*now = now.Add(10 * time.Second)
		cur, _ := s.GetNote(n.UUID)
		edit(t, s, n.UUID, cur.Text+"b", cur.Content)
	}
	if h := texts(t, s, n.UUID); len(h) < 3 || len(h) > 4 {
		t.Fatalf("40 minutes of typing kept %d versions", len(h))
	}
}

// TestHistoryKeepsReplacedText: the command line replacing the text the
// window typed a moment ago keeps the window's text; a sync that brings
// another device's version keeps the local one; a deletion from another
// device and a delete forever keep the last text, which can come back.
func TestHistoryKeepsReplacedText(t *testing.T) {
	s, now := clockStore(t)
	n, _ := s.CreateNote("Plan", "typed in the window")
	*now = now.Add(time.Second)
	edit(t, s, n.UUID, "from the command line", "")
	if h := texts(t, s, n.UUID); len(h) != 1 || h[0] != "typed in the window" {
		t.Fatalf("after the command line: %q", h)
	}
	// A synced note replaced by another device's version.
	remote := func(text string, deleted bool) Remote {
		c := `{"title":"Synced","text":"` + text + `","references":[]}`
		if deleted {
			c = ""
		}
		return Remote{UUID: "synced-1", ContentType: TypeNote, Content: c, Deleted: deleted,
			CreatedAt: "2026-01-01T00:00:00.000Z", UpdatedAt: "2026-01-02T00:00:00.000Z"}
	}
	apply := func(r Remote) {
		t.Helper()
		if err := s.Update(func(tx *Tx) error { _, err := tx.ApplyRemoteBatch([]Remote{r}); return err }); err != nil {
			t.Fatal(err)
		}
	}
	apply(remote("first", false))
	apply(remote("first", false)) // the same text again: nothing to keep
	apply(remote("second", false))
	if h := texts(t, s, "synced-1"); len(h) != 1 || h[0] != "first" {
		t.Fatalf("after a sync: %q", h)
	}
	if err := s.Update(func(tx *Tx) error { _, err := tx.ApplyRemote(remote("third", false)); return err }); err != nil {
		t.Fatal(err)
	}
	apply(remote("", true))
	if h := texts(t, s, "synced-1"); len(h) != 3 || h[0] != "third" || h[1] != "second" {
		t.Fatalf("after another device deleted it: %q", h)
	}
	if err := s.DeleteForever(n.UUID); err != nil {
		t.Fatal(err)
	}
	h, _ := s.History(n.UUID)
	if h[0].Reason != ReasonDeleted || h[0].Text != "from the command line" {
		t.Fatalf("delete forever kept %+v", h[0])
	}
	back, err := s.RestoreRevision(h[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetNote(back)
	if back == n.UUID || got.Text != "from the command line" || got.Title != "Plan" || !got.Dirty {
		t.Fatalf("restored a deleted note as %s %+v", back, got)
	}
}

// TestRestoreRevision: a restore is an edit of the note (dirty, to sync) that
// first keeps the text it replaces, and takes the note out of the Trash.
func TestRestoreRevision(t *testing.T) {
	s, now := clockStore(t)
	n, _ := s.CreateNote("Plan", "version one")
	*now = now.Add(time.Hour)
	cur, _ := s.GetNote(n.UUID)
	edit(t, s, n.UUID, "version two", cur.Content)
	yes := true
	s.EditNote(n.UUID, NoteEdit{Trashed: &yes})
	h, _ := s.History(n.UUID)
	if len(h) != 1 {
		t.Fatalf("history %q", texts(t, s, n.UUID))
	}
	if _, err := s.RestoreRevision(h[0].ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetNote(n.UUID)
	if got.Text != "version one" || got.Trashed || !got.Dirty {
		t.Fatalf("after the restore: %+v", got)
	}
	if h := texts(t, s, n.UUID); len(h) != 2 || h[0] != "version two" {
		t.Fatalf("history after the restore: %q", h)
	}
	if _, err := s.RestoreRevision(999999); err == nil {
		t.Fatal("restored a version that does not exist")
	}
}

// TestHistoryBounds: at most historyMaxCount versions, none past
// historyMaxAge but the newest historyKeepAlways, at most historyMaxBytes.
func TestHistoryBounds(t *testing.T) {
	s, now := clockStore(t)
	n, _ := s.CreateNote("Plan", "v0")
	for i := 1; i <= historyMaxCount+10; i++ {
		*now = now.Add(24 * time.Hour)
		edit(t, s, n.UUID, strings.Repeat("x", i), "")
	}
	if h := texts(t, s, n.UUID); len(h) != historyMaxCount {
		t.Fatalf("%d versions kept", len(h))
	}
	*now = now.Add(historyMaxAge + time.Hour)
	edit(t, s, n.UUID, "much later", "")
	if h := texts(t, s, n.UUID); len(h) != historyKeepAlways {
		t.Fatalf("after %v: %d versions", historyMaxAge, len(h))
	}
	big := strings.Repeat("y", historyMaxBytes/3)
	for i := 0; i < 5; i++ {
		edit(t, s, n.UUID, big+strings.Repeat("z", i), "")
	}
	h, _ := s.History(n.UUID)
	total := 0
	for _, r := range h {
		total += len(r.Text) + len(r.Title)
	}
	if total > historyMaxBytes || len(h) < 2 {
		t.Fatalf("%d versions, %d bytes", len(h), total)
	}
	// Signing out wipes the history with the notes.
	if err := s.SignOut(); err != nil {
		t.Fatal(err)
	}
	if h := texts(t, s, n.UUID); len(h) != 0 {
		t.Fatalf("history after sign-out: %d", len(h))
	}
}
