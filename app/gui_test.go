package app

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"sfnotes/model"
	"sfnotes/syncengine"
)

func newTestGUI(t *testing.T) *gui {
	t.Helper()
	t.Setenv("SFNOTES_KEYRING", "off")
	fa := test.NewTempApp(t)
	a, err := Open(Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a.newGUI(fa, syncengine.EngineConfig{})
}

func TestEngineEventsDriveStatusLine(t *testing.T) {
	g := newTestGUI(t)
	if got := g.win.StatusLine(); got != "Working offline (no account)" {
		t.Fatalf("start: %q", got)
	}
	g.app.Store.SaveAccount(model.Account{Server: "https://x", Email: "e@x"})
	g.app.Store.CreateNote("n", "t")
	steps := []struct {
		ev   syncengine.Event
		want string
	}{
		{syncengine.Event{Kind: syncengine.SyncStarted}, "Syncing…"},
		{syncengine.Event{Kind: syncengine.SyncProgress, Done: 40, Total: 150}, "Syncing… 40 of 150"},
		{syncengine.Event{Kind: syncengine.SyncFailed, Err: syncengine.ErrOffline, ErrKind: syncengine.KindTransient,
			RetryAt: time.Now().Add(30 * time.Second)}, "Cannot reach the server, retrying in"},
		{syncengine.Event{Kind: syncengine.AuthRequired}, "Sign in again"},
		{syncengine.Event{Kind: syncengine.SyncFailed, Err: errors.New("disk full"), ErrKind: syncengine.KindFatal}, "Sync failed: disk full"},
		{syncengine.Event{Kind: syncengine.SyncDone}, "Synced at"},
	}
	for _, s := range steps {
		ev := s.ev
		g.handle(&ev)
		if got := g.win.StatusLine(); !strings.HasPrefix(got, s.want) || !strings.Contains(got, "1 change not yet synced") {
			t.Errorf("after %v: %q, want %q… and the unsynced count", s.ev.Kind, got, s.want)
		}
	}
}

func TestImportThroughTheWindow(t *testing.T) {
	g := newTestGUI(t)
	f, err := os.Open(filepath.Join("..", "syncengine", "testdata", "sn-0.10.0-export.json"))
	if err != nil {
		t.Fatal(err)
	}
	g.win.ImportFrom(f)
	g.win.WaitIdle() // reading, importing, reloading and the summary dialog
	if n, _ := g.app.Store.CountNotes(model.NoteQuery{}); n != 2 {
		t.Fatalf("import gave %d notes, want 2", n)
	}
	if tags, _ := g.app.Store.ListTags(); len(tags) != 1 || tags[0].Count != 1 {
		t.Fatalf("tags after import: %+v", tags)
	}
}

func TestImportBadFileChangesNothing(t *testing.T) {
	g := newTestGUI(t)
	g.app.Store.CreateNote("keep", "me")
	g.win.ImportFrom(io.NopCloser(strings.NewReader(`{"items":[{"uuid":"x"`)))
	g.win.WaitIdle()
	if n, _ := g.app.Store.CountNotes(model.NoteQuery{}); n != 1 {
		t.Fatalf("bad import changed the store: %d notes", n)
	}
	// And the import job refuses it with the user's sentence.
	_, err := g.ParseImport(strings.NewReader("garbage"))
	if !strings.Contains(Message(err), "nothing was imported") {
		t.Fatalf("message %q", Message(err))
	}
}

// TestWindowFollowsOtherWriters: the bridge's one-second poll of the change
// log shows in the window what another process wrote to the data directory,
// and nothing the window wrote itself.
func TestWindowFollowsOtherWriters(t *testing.T) {
	g := newTestGUI(t)
	g.mark, _, _ = g.app.Store.ForeignChanges(0)
	cli, err := model.Open(g.app.Store.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	g.app.Store.CreateNote("from the window", "")
	g.watchStore()
	g.win.WaitIdle()
	if got := g.win.Titles(); slices.Contains(got, "from the window") {
		t.Fatalf("the window's own note caused a reload: %q", got)
	}
	cli.CreateNote("from the command line", "")
	g.watchStore()
	g.win.WaitIdle()
	got := g.win.Titles()
	if !slices.Contains(got, "from the command line") || !slices.Contains(got, "from the window") {
		t.Fatalf("after the command line wrote, the list shows %q", got)
	}
}
