package ui

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// fakeServices records what the window asks of the app.
type fakeServices struct {
	edited, syncs int
	sessions      []SessionInfo
	revoked       []string
	revokedAll    int
	signedIn      bool
}

func (f *fakeServices) Edited()          { f.edited++ }
func (f *fakeServices) SyncNow()         { f.syncs++ }
func (f *fakeServices) Account() Account { return Account{SignedIn: f.signedIn} }
func (f *fakeServices) Register(context.Context, SignInRequest) error {
	return errors.New("not here")
}
func (f *fakeServices) SignIn(context.Context, SignInRequest) error {
	return errors.New("not here")
}
func (f *fakeServices) SignOut() error                                       { return nil }
func (f *fakeServices) ChangePassword(context.Context, string, string) error { return nil }
func (f *fakeServices) Upgrade(context.Context, string) error                { return nil }
func (f *fakeServices) Sessions(context.Context) ([]SessionInfo, error)      { return f.sessions, nil }
func (f *fakeServices) RevokeSession(_ context.Context, id string) error {
	f.revoked = append(f.revoked, id)
	return nil
}
func (f *fakeServices) RevokeOtherSessions(context.Context) error { f.revokedAll++; return nil }
func (f *fakeServices) ParseImport(io.Reader) (ImportJob, error)  { return nil, errors.New("not here") }
func (f *fakeServices) Export(io.Writer, bool) (string, error)    { return "", nil }
func (f *fakeServices) ErrorText(err error) string                { return err.Error() }
func (f *fakeServices) CheckPassword(_ context.Context, pw string) error {
	if pw != "right" {
		return errors.New("wrong password")
	}
	return nil
}

type fixture struct {
	t     *testing.T
	store *model.Store
	svc   *fakeServices
	w     *Window
}

func newFixture(t *testing.T, seed func(s *model.Store)) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	st, err := model.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if seed != nil {
		seed(st)
	}
	svc := &fakeServices{}
	w := New(a, st, svc)
	// The test driver runs fyne.Do on the caller's goroutine, so concurrent
	// searches would race on widgets there; TestSearchRunsOffUIThread covers
	// the asynchronous path with one search in flight.
	w.searchDelay = -1
	w.win.Resize(fyne.NewSize(1100, 700))
	return &fixture{t: t, store: st, svc: svc, w: w}
}

// rows returns the titles the note list shows, read from its rendered rows.
func (f *fixture) rows() []string {
	var out []string
	for i := range f.w.list {
		out = append(out, rowTitle(f.w.list[i]))
	}
	return out
}

func (f *fixture) sidebarRow(label string) int {
	for i, it := range f.w.sidebar.items {
		if it.label == label {
			return i
		}
	}
	f.t.Fatalf("no sidebar row %q", label)
	return -1
}

func seedNotes(s *model.Store) {
	home, _ := s.CreateTag("Home")
	work, _ := s.CreateTag("Work")
	s.CreateNote("Groceries", "milk and eggs", home.UUID)
	s.CreateNote("Standup", "talk about the sync engine", work.UUID)
	s.CreateNote("Loose thought", "no tag here")
}

func TestCreateNoteThroughTheUI(t *testing.T) {
	f := newFixture(t, nil)
	f.w.NewNote()
	test.Type(f.w.editor.title, "Hello from the UI")
	test.Type(f.w.editor.body, "typed body ✓")
	if got := f.rows(); len(got) != 1 || got[0] != "Hello from the UI" {
		t.Fatalf("list shows %q", got)
	}
	l, _ := f.store.ListNotes(model.NoteQuery{})
	n, _ := f.store.GetNote(l[0].UUID)
	if n.Title != "Hello from the UI" || n.Text != "typed body ✓" {
		t.Fatalf("store has %+v", n)
	}
	if f.svc.edited == 0 {
		t.Fatal("typing did not ask for a sync")
	}
}

func TestEmptyStoreShowsHint(t *testing.T) {
	f := newFixture(t, nil)
	c := f.w.noteList.body.Objects[0]
	if _, isList := c.(*widget.List); isList {
		t.Fatal("an empty store shows a blank list")
	}
	if !strings.Contains(f.w.noteList.hint.Text, "No notes yet") {
		t.Fatalf("hint %q", f.w.noteList.hint.Text)
	}
}

func TestSelectTagFiltersList(t *testing.T) {
	f := newFixture(t, seedNotes)
	if len(f.rows()) != 3 {
		t.Fatalf("all notes: %q", f.rows())
	}
	f.w.sidebar.list.Select(f.sidebarRow("Work"))
	if got := f.rows(); len(got) != 1 || got[0] != "Standup" {
		t.Fatalf("Work shows %q", got)
	}
	f.w.sidebar.list.Select(f.sidebarRow("Untagged"))
	if got := f.rows(); len(got) != 1 || got[0] != "Loose thought" {
		t.Fatalf("Untagged shows %q", got)
	}
	// A new note made in a tag view carries the tag.
	f.w.sidebar.list.Select(f.sidebarRow("Home"))
	f.w.NewNote()
	test.Type(f.w.editor.title, "Another home note")
	if got := f.rows(); len(got) != 2 {
		t.Fatalf("Home shows %q", got)
	}
	if f.w.sidebar.items[f.sidebarRow("Home")].count != 2 {
		t.Fatal("sidebar count not updated")
	}
}

func TestSearchAsYouType(t *testing.T) {
	f := newFixture(t, seedNotes)
	test.Type(f.w.noteList.search, "MILK")
	f.w.pending.Wait()
	if got := f.rows(); len(got) != 1 || got[0] != "Groceries" {
		t.Fatalf("search shows %q", got)
	}
	f.w.noteList.search.SetText("sync engine")
	f.w.pending.Wait()
	if got := f.rows(); len(got) != 1 || got[0] != "Standup" {
		t.Fatalf("two words show %q", got)
	}
	f.w.noteList.search.SetText("absent")
	f.w.pending.Wait()
	if len(f.rows()) != 0 || !strings.Contains(f.w.noteList.hint.Text, "No notes match") {
		t.Fatal("no-match hint missing")
	}
}

func TestEditChangesStore(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.w.selectNote(f.w.list[f.indexOfTitle("Groceries")].UUID)
	f.w.editor.body.SetText("milk, eggs and bread")
	n, _ := f.store.GetNote(f.w.selected)
	if n.Text != "milk, eggs and bread" {
		t.Fatalf("store text %q", n.Text)
	}
	it, _ := f.store.ListNotes(model.NoteQuery{Search: "bread"})
	if len(it) != 1 {
		t.Fatal("edit not searchable")
	}
	// Pin, trash and restore through the buttons.
	test.Tap(f.w.editor.pin)
	if n, _ := f.store.GetNote(f.w.selected); !n.Pinned || f.rows()[0] != "📌 Groceries" {
		t.Fatalf("pin: %+v %q", n.NoteSummary, f.rows())
	}
	uuid := f.w.selected
	test.Tap(f.w.editor.trash)
	if n, _ := f.store.GetNote(uuid); !n.Trashed || len(f.rows()) != 2 {
		t.Fatal("not trashed")
	}
	f.w.sidebar.list.Select(f.sidebarRow("Trash"))
	f.w.selectNote(uuid)
	if f.w.editor.forever.Hidden || f.w.editor.trash.Text != "Restore" {
		t.Fatal("trash view lacks Restore / Delete forever")
	}
	test.Tap(f.w.editor.trash)
	if n, _ := f.store.GetNote(uuid); n.Trashed {
		t.Fatal("not restored")
	}
}

func (f *fixture) indexOfTitle(title string) int {
	for i, n := range f.w.list {
		if n.Title == title {
			return i
		}
	}
	f.t.Fatalf("no row %q", title)
	return -1
}

func TestTagChips(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.w.selectNote(f.w.list[f.indexOfTitle("Loose thought")].UUID)
	if len(f.w.editor.chips.Objects) != 0 || len(f.w.editor.offered) != 2 {
		t.Fatalf("chips %d offered %q", len(f.w.editor.chips.Objects), f.w.editor.offered)
	}
	f.w.editor.addTag.SetText("Home") // picking an offered tag
	n, _ := f.store.GetNote(f.w.selected)
	if len(n.Tags) != 1 || n.Tags[0].Title != "Home" {
		t.Fatalf("tags %+v", n.Tags)
	}
	test.Type(f.w.editor.addTag, "brand new")
	f.w.editor.addTag.OnSubmitted(f.w.editor.addTag.Text)
	n, _ = f.store.GetNote(f.w.selected)
	if len(n.Tags) != 2 || len(f.w.editor.chips.Objects) != 2 {
		t.Fatalf("after new tag: %+v", n.Tags)
	}
	test.Tap(f.w.editor.chips.Objects[0].(*widget.Button)) // remove "brand new"
	n, _ = f.store.GetNote(f.w.selected)
	if len(n.Tags) != 1 {
		t.Fatalf("after removing a chip: %+v", n.Tags)
	}
}

func TestConflictBannerKeepBoth(t *testing.T) {
	var orig, copyUUID string
	f := newFixture(t, func(s *model.Store) {
		n, _ := s.CreateNote("Plan", "mine")
		orig = n.UUID
		s.Update(func(tx *model.Tx) error {
			var err error
			copyUUID, err = tx.CreateConflictCopy(orig, model.TypeNote, `{"title":"Plan","text":"theirs"}`, "")
			return err
		})
	})
	f.w.selectNote(copyUUID)
	if len(f.w.editor.banner.Objects) == 0 {
		t.Fatal("no conflict banner")
	}
	if got := rowLine(f.w.list[f.w.indexOf(copyUUID)], time.Now()); !strings.Contains(got, "conflicted copy") {
		t.Fatalf("row not marked: %q", got)
	}
	f.w.editor.keepBoth()
	n, _ := f.store.GetNote(copyUUID)
	if n.ConflictOf != "" || len(f.w.editor.banner.Objects) != 0 {
		t.Fatal("keep both did not clear the conflict")
	}
	if _, err := f.store.GetNote(orig); err != nil {
		t.Fatal("keep both lost the original")
	}
}

func TestUndecryptableIsReadOnly(t *testing.T) {
	f := newFixture(t, func(s *model.Store) {
		s.Update(func(tx *model.Tx) error {
			_, err := tx.ApplyRemote(model.Remote{UUID: "bad", ContentType: model.TypeNote, EncContent: "003:x",
				DecryptError: "its authentication check failed", CreatedAt: "2024-01-01T00:00:00.000Z"})
			return err
		})
	})
	f.w.selectNote("bad")
	if !f.w.editor.body.Disabled() || f.w.editor.reason.Hidden || !strings.Contains(f.w.editor.reason.Text, "authentication") {
		t.Fatal("undecryptable note is editable or has no reason")
	}
	if got := rowTitle(f.w.list[0]); got != "Cannot be decrypted" {
		t.Fatalf("row title %q", got)
	}
}

func TestStatusLine(t *testing.T) {
	f := newFixture(t, nil)
	now := time.Date(2025, 6, 1, 14, 30, 0, 0, time.Local)
	f.w.now = func() time.Time { return now }
	cases := []struct {
		s    SyncStatus
		want string
	}{
		{SyncStatus{State: StateNoAccount}, "Working offline (no account)"},
		{SyncStatus{State: StateSyncing, Done: 3, Total: 10}, "Syncing… 3 of 10"},
		{SyncStatus{State: StateSynced, At: now.Add(-time.Minute)}, "Synced at 14:29"},
		{SyncStatus{State: StateOffline, RetryAt: now.Add(8 * time.Second), Dirty: 2}, "Cannot reach the server, retrying in 8s · 2 changes not yet synced"},
		{SyncStatus{State: StateAuth}, "Sign in again to sync (Sync ▸ Account…)"},
		{SyncStatus{State: StateSynced, At: now, Dirty: 1}, "Synced at 14:30 · 1 change not yet synced"},
	}
	for _, c := range cases {
		f.w.SetSyncStatus(c.s)
		if got := f.w.StatusLine(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.s, got, c.want)
		}
	}
}

func TestMenusCarryShortcuts(t *testing.T) {
	f := newFixture(t, nil)
	found := map[string]bool{}
	for _, m := range f.w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil {
				found[it.Label] = true
			}
		}
	}
	for _, want := range []string{"New note", "Find in note", "Search all notes", "Sync now", "Quit", "Import…", "Export notes…", "Account…", "Delete note", "Undo", "Redo", "Cut", "Copy", "Paste", "Select all"} {
		if !found[want] {
			t.Errorf("menu item %q has no shortcut", want)
		}
	}
}

func TestPreferencesRemembered(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.w.sidebar.list.Select(f.sidebarRow("Work"))
	f.w.outer.Offset = 0.3
	f.w.savePrefs()
	w2 := New(f.w.fa, f.store, f.svc)
	if w2.query.View != model.ViewTag || w2.outer.Offset != 0.3 || len(w2.list) != 1 {
		t.Fatalf("restored view %v offset %v list %d", w2.query.View, w2.outer.Offset, len(w2.list))
	}
}

// TestPreferencesPerDataDirectory: the window's state belongs to its data
// directory: another directory opened in the same app starts from the
// defaults, and each finds its own view, sort, selection, panes and size
// again; the theme stays one for all.
func TestPreferencesPerDataDirectory(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.w.sidebar.list.Select(f.sidebarRow("Work"))
	f.w.query.Sort = model.SortTitle
	f.w.outer.Offset, f.w.inner.Offset = 0.3, 0.5
	f.w.win.Resize(fyne.NewSize(900, 600))
	f.w.fa.Preferences().SetString(prefTheme, ThemeDark)
	f.w.savePrefs()
	selected := f.w.selected
	if selected == "" {
		t.Fatal("nothing selected")
	}

	other, err := model.Open(filepath.Join(t.TempDir(), "other"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	w2 := New(f.w.fa, other, f.svc)
	if w2.query.View != model.ViewAll || w2.query.Sort != model.SortModified || w2.selected != "" ||
		w2.outer.Offset != 0.2 || w2.inner.Offset != 0.36 {
		t.Fatalf("another data directory starts from %+v, selected %q, panes %v %v", w2.query, w2.selected,
			w2.outer.Offset, w2.inner.Offset)
	}
	if s := w2.win.Canvas().Size(); s.Width != 1100 || s.Height != 700 {
		t.Fatalf("another data directory's window is %v", s)
	}
	w2.query.Sort = model.SortCreated
	w2.savePrefs()

	w3 := New(f.w.fa, f.store, f.svc)
	if w3.query.View != model.ViewTag || w3.query.Sort != model.SortTitle || w3.selected != selected ||
		w3.outer.Offset != 0.3 || w3.inner.Offset != 0.5 {
		t.Fatalf("the first directory came back as %+v, selected %q, panes %v %v", w3.query, w3.selected,
			w3.outer.Offset, w3.inner.Offset)
	}
	if s := w3.win.Canvas().Size(); s.Width != 900 || s.Height != 600 {
		t.Fatalf("the first directory's window is %v", s)
	}
	if f.w.fa.Preferences().String(prefTheme) != ThemeDark {
		t.Fatal("the theme is not kept for all")
	}
	if prefScope(f.store.Dir()) == prefScope(other.Dir()) || prefScope("rel/../x") != prefScope("x") {
		t.Fatal("prefScope does not tell the directories apart, or a path written two ways apart")
	}
}

func TestSearchRunsOffUIThread(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.w.searchDelay = time.Hour
	f.w.noteList.search.SetText("eggs")
	if len(f.rows()) != 3 {
		t.Fatal("the keystroke waited for the query")
	}
	f.w.searchTimer.Reset(0) // the pause in typing is over
	f.w.pending.Wait()
	if got := f.rows(); len(got) != 1 || got[0] != "Groceries" {
		t.Fatalf("async search shows %q", got)
	}
}
