package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// TestCommandLineEditWhileWindowHoldsNote is issue 8's lost edit: the command
// line changes the note open in the editor, then the window types. Today's
// main overwrote the command line's text with the window's old text plus the
// keystroke. Now both texts exist, and the note's banner says so.
func TestCommandLineEditWhileWindowHoldsNote(t *testing.T) {
	f := newFixture(t, nil)
	n, err := f.store.CreateNote("Plan", "window text")
	if err != nil {
		t.Fatal(err)
	}
	f.w.Reload()
	f.w.selectNote(n.UUID)
	cli, err := model.Open(f.store.Dir()) // another process on the same data directory
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	text := "the command line's text"
	if err := cli.EditNote(n.UUID, model.NoteEdit{Text: &text}); err != nil {
		t.Fatal(err)
	}
	f.w.editor.focusBody()
	test.Type(f.w.editor.body, "!")
	var texts []string
	for _, v := range []model.View{model.ViewAll, model.ViewTrash} {
		l, _ := cli.ListNotes(model.NoteQuery{View: v})
		for _, s := range l {
			full, _ := cli.GetNote(s.UUID)
			texts = append(texts, full.Text)
		}
	}
	slices.Sort(texts)
	if want := []string{"!window text", text}; !slices.Equal(texts, want) {
		t.Fatalf("texts %q, want %q", texts, want)
	}
	if f.w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("an error was shown for a kept-both edit")
	}
	var banner []string
	walk(f.w.editor.banner, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			banner = append(banner, l.Text)
		}
	})
	if !strings.Contains(strings.Join(banner, " "), "conflicted copy") {
		t.Fatalf("no banner on the note: %q", banner)
	}
	// Typing goes on in the note, based on the stored version now.
	test.Type(f.w.editor.body, "?")
	if got, _ := cli.GetNote(n.UUID); got.Text != "!?window text" {
		t.Fatalf("the note reads %q", got.Text)
	}
	if c, _ := cli.ConflictCount(); c != 1 {
		t.Fatalf("%d conflicted copies", c)
	}
}

// otherWriter opens a second store on the window's data directory, as the
// command line or a second window would.
func (f *fixture) otherWriter() *model.Store {
	cli, err := model.Open(f.store.Dir())
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { cli.Close() })
	return cli
}

// TestOtherWriterShownWhenIdle: what the command line writes shows in the
// window (list, sidebar counts, the open note) as soon as the window hears
// of it, when the user is not typing.
func TestOtherWriterShownWhenIdle(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.w.Reload()
	f.w.selectNote(f.w.list[f.w.indexOf(f.uuidOf("Groceries"))].UUID)
	cli := f.otherWriter()
	text := "bread, from the command line"
	if err := cli.EditNote(f.uuidOf("Groceries"), model.NoteEdit{Text: &text}); err != nil {
		t.Fatal(err)
	}
	home, _ := cli.TagByTitle("Home")
	if _, err := cli.CreateNote("Second", "also home", home.UUID); err != nil {
		t.Fatal(err)
	}
	f.w.ExternalChange()
	if f.w.editor.body.Text != text {
		t.Fatalf("the open note shows %q", f.w.editor.body.Text)
	}
	if c := f.w.sidebar.items[f.sidebarRow("Home")].count; c != 2 {
		t.Fatalf("Home counts %d, want 2", c)
	}
	if !slices.Contains(f.rows(), "Second") {
		t.Fatalf("the list shows %q", f.rows())
	}
}

// TestOtherWriterHeldWhileTyping: while the user types, another writer's
// version does not replace the text under the cursor; the list follows at
// once, the note after the typing pause. A keystroke in between keeps both.
func TestOtherWriterHeldWhileTyping(t *testing.T) {
	f := newFixture(t, seedNotes)
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	f.w.now = func() time.Time { return now }
	f.w.Reload()
	uuid := f.uuidOf("Groceries")
	f.w.selectNote(uuid)
	f.w.editor.focusBody()
	test.Type(f.w.editor.body, "a")
	cli := f.otherWriter()
	text := "the command line's list"
	if err := cli.EditNote(uuid, model.NoteEdit{Text: &text}); err != nil {
		t.Fatal(err)
	}
	f.w.ExternalChange()
	if got := f.w.editor.body.Text; got != "amilk and eggs" {
		t.Fatalf("the text changed under the cursor: %q", got)
	}
	if f.w.ShowPending() {
		t.Fatal("shown while typing")
	}
	now = now.Add(typingPause)
	if !f.w.ShowPending() {
		t.Fatal("still held after the pause")
	}
	if got := f.w.editor.body.Text; got != text {
		t.Fatalf("after the pause the note shows %q", got)
	}
}

func (f *fixture) uuidOf(title string) string {
	l, _ := f.store.ListNotes(model.NoteQuery{})
	for _, n := range l {
		if n.Title == title {
			return n.UUID
		}
	}
	f.t.Fatalf("no note %q", title)
	return ""
}

// TestExternalChangeOffUIThread is the window as the app runs it: the store
// is read in a goroutine and applied in one step; a note held back while the
// user types is shown by the window itself after the pause.
func TestExternalChangeOffUIThread(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.w.searchDelay = 0 // the app's asynchronous mode
	uuid := f.uuidOf("Groceries")
	asUI(func() {
		f.w.Reload()
		f.w.selectNote(uuid)
		f.w.editor.focusBody()
		test.Type(f.w.editor.body, "a")
	})
	cli := f.otherWriter()
	text := "changed by the command line"
	cli.EditNote(uuid, model.NoteEdit{Text: &text})
	cli.CreateNote("Another", "")
	asUI(f.w.ExternalChange)
	f.w.WaitIdle()
	asUI(func() {
		if !slices.Contains(f.rows(), "Another") {
			t.Errorf("the list shows %q", f.rows())
		}
		if f.w.editor.body.Text != "amilk and eggs" {
			t.Errorf("the text changed under the cursor: %q", f.w.editor.body.Text)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got string
		asUI(func() { got = f.w.editor.body.Text })
		if got == text {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the pause the note still shows %q", got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestViewSwitchOffUIThread: a view switch reads its list in a goroutine;
// of two quick switches the second one's list is what stays.
func TestViewSwitchOffUIThread(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.w.searchDelay = 0
	home, _ := f.store.TagByTitle("Home")
	asUI(func() {
		f.w.Reload()
		f.w.SelectView(model.ViewUntagged, "")
		f.w.SelectView(model.ViewTag, home.UUID)
	})
	f.w.WaitIdle()
	asUI(func() {
		if got := f.rows(); len(got) != 1 || got[0] != "Groceries" {
			t.Fatalf("the Home view lists %q", got)
		}
		if f.w.editor.note.Title != "Groceries" {
			t.Fatalf("the editor shows %q", f.w.editor.note.Title)
		}
	})
}
