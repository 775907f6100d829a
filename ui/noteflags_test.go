package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

func TestArchiveAndStarFromTheEditor(t *testing.T) {
	f := newFixture(t, seedNotes)
	l, _ := f.store.ListNotes(model.NoteQuery{})
	target := l[0].UUID
	f.w.selectNote(target)
	test.Tap(f.w.editor.star)
	if n, _ := f.store.GetNote(target); !n.Starred || f.w.editor.star.Text != "Unstar" {
		t.Fatalf("after Star: starred %v, button %q", n.Starred, f.w.editor.star.Text)
	}
	items := f.w.editor.moreItems()
	if items[0].Label != "Archive" {
		t.Fatalf("menu: %q", items[0].Label)
	}
	items[0].Action()
	if n, _ := f.store.GetNote(target); !n.Archived {
		t.Fatal("not archived")
	}
	for _, row := range f.rows() {
		if row == l[0].Title {
			t.Fatalf("the archived note is still in All notes: %q", f.rows())
		}
	}
	if c := f.w.sidebar.items[f.sidebarRow("Archived")].count; c != 1 {
		t.Fatalf("Archived count %d", c)
	}
	if c := f.w.sidebar.items[f.sidebarRow("Starred")].count; c != 0 {
		t.Fatalf("Starred count %d (an archived note is not counted)", c)
	}
	f.w.SelectView(model.ViewArchived, "")
	if got := f.rows(); len(got) != 1 || got[0] != "⭐ "+l[0].Title {
		t.Fatalf("Archived view: %q", got)
	}
	f.w.selectNote(target)
	if items := f.w.editor.moreItems(); items[0].Label != "Unarchive" {
		t.Fatalf("menu on an archived note: %q", items[0].Label)
	}
}

// A locked note opens read-only with Unlock; typing changes nothing; the
// trash asks first; Unlock makes it editable again.
func TestLockedNoteReadOnlyUntilUnlocked(t *testing.T) {
	f := newFixture(t, seedNotes)
	l, _ := f.store.ListNotes(model.NoteQuery{})
	target := l[0].UUID
	yes := true
	if err := f.store.EditNote(target, model.NoteEdit{Locked: &yes}); err != nil {
		t.Fatal(err)
	}
	before, _ := f.store.Get(target)
	f.w.selectNote(target)
	e := f.w.editor
	if !e.title.Disabled() || !e.body.Disabled() || !e.unlock.Visible() || !e.reason.Visible() {
		t.Fatalf("locked note: title disabled %v, body disabled %v, unlock shown %v", e.title.Disabled(), e.body.Disabled(), e.unlock.Visible())
	}
	test.Type(e.title, "x")
	test.Type(e.body, "y")
	e.toggleTrash() // asks; nothing is confirmed
	if after, _ := f.store.Get(target); after.Content != before.Content {
		t.Fatalf("a locked note changed: %s", after.Content)
	}
	test.Tap(e.unlock)
	if e.title.Disabled() || e.body.Disabled() || e.unlock.Visible() {
		t.Fatal("still read-only after Unlock")
	}
	test.Type(e.body, "z")
	if n, _ := f.store.GetNote(target); n.Locked || n.Text[0] != 'z' {
		t.Fatalf("after Unlock: locked %v, text %q", n.Locked, n.Text)
	}
}

// A protected note's text is hidden, and nothing can change it, until the
// user confirms once; then every protected note shows until the window
// closes. Its list row has no preview.
func TestProtectedNoteHiddenUntilConfirmed(t *testing.T) {
	f := newFixture(t, seedNotes)
	l, _ := f.store.ListNotes(model.NoteQuery{})
	target := l[0].UUID
	yes := true
	if err := f.store.EditNote(target, model.NoteEdit{Protected: &yes}); err != nil {
		t.Fatal(err)
	}
	f.w.Reload()
	if f.w.list[f.w.indexOf(target)].Preview != "" {
		t.Fatal("a protected note has a preview")
	}
	f.w.selectNote(target)
	e := f.w.editor
	if e.slot.Objects[0] != e.hidden || !e.title.Disabled() || !e.more.Disabled() || !e.history.Disabled() {
		t.Fatalf("protected note shown: slot %T, title disabled %v", e.slot.Objects[0], e.title.Disabled())
	}
	for _, o := range test.LaidOutObjects(e.root) {
		if lbl, ok := o.(*widget.Label); ok && strings.Contains(lbl.Text, l[0].Preview) && l[0].Preview != "" {
			t.Fatalf("the text is on screen: %q", lbl.Text)
		}
	}
	test.Tap(e.reveal)
	d := f.w.win.Canvas().Overlays().Top()
	if d == nil {
		t.Fatal("no confirmation asked")
	}
	tapButton(t, d, "Show")
	n, _ := f.store.GetNote(target)
	if e.slot.Objects[0] != e.body || e.title.Disabled() || e.body.Text != n.Text {
		t.Fatal("not shown after confirming")
	}
	other := l[1].UUID
	_ = f.store.EditNote(other, model.NoteEdit{Protected: &yes})
	f.w.selectNote(other)
	if e.slot.Objects[0] != e.body || e.history.Disabled() {
		t.Fatal("a second protected note asks again in the same window")
	}
}

// tapButton taps the button labelled label inside o (a dialog).
func tapButton(t *testing.T, o fyne.CanvasObject, label string) {
	t.Helper()
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == label {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no %q button", label)
}

// A right click on a row opens that note and offers its actions.
func TestRowContextMenu(t *testing.T) {
	f := newFixture(t, seedNotes)
	target := f.w.list[1].UUID
	r := f.w.noteList.list
	var row *listRow
	for _, o := range test.LaidOutObjects(r) {
		if lr, ok := o.(*listRow); ok && lr.id == 1 {
			row = lr
		}
	}
	if row == nil {
		t.Fatal("no row 1")
	}
	// A left click selects, as the list's own row does (a row that takes
	// right clicks takes the left ones too: in the real window a click
	// went nowhere until it did).
	test.Tap(row)
	if f.w.selected != target || f.w.win.Canvas().Focused() != f.w.noteList.list {
		t.Fatalf("a click on row 1 opened %s", f.w.selected)
	}
	f.w.selectNote(f.w.list[0].UUID)
	test.TapSecondary(row)
	if f.w.selected != target {
		t.Fatalf("the right-clicked row is not open: %s", f.w.selected)
	}
	if f.w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no menu")
	}
	var labels []string
	for _, it := range f.w.noteList.rowMenuItems() {
		labels = append(labels, it.Label)
	}
	if got := strings.Join(labels, ","); got != "Pin,Star,Archive,Prevent editing,Protect,,Move to trash" {
		t.Fatalf("menu: %s", got)
	}
	f.w.noteList.rowMenuItems()[3].Action() // Prevent editing
	if n, _ := f.store.GetNote(target); !n.Locked {
		t.Fatal("the menu did not lock the note")
	}
}

// Signed in, a protected note shows only after the account password.
func TestProtectedNoteAsksForThePassword(t *testing.T) {
	f := newFixture(t, seedNotes)
	f.svc.signedIn = true
	target := f.w.list[0].UUID
	yes := true
	_ = f.store.EditNote(target, model.NoteEdit{Protected: &yes})
	f.w.Reload()
	f.w.selectNote(target)
	e := f.w.editor
	for _, pw := range []string{"wrong", "right"} {
		test.Tap(e.reveal)
		entry, ok := f.w.win.Canvas().Focused().(*escEntry)
		if !ok || !entry.Password {
			t.Fatalf("no password asked: %T", f.w.win.Canvas().Focused())
		}
		test.Type(entry, pw)
		entry.OnSubmitted(pw)
		f.w.WaitIdle()
		if shown := e.slot.Objects[0] != e.hidden; shown != (pw == "right") {
			t.Fatalf("password %q: shown %v", pw, shown)
		}
		for _, o := range f.w.win.Canvas().Overlays().List() {
			f.w.win.Canvas().Overlays().Remove(o) // the error after "wrong"
		}
	}
}

// Ctrl+N in the Starred view makes a starred note; in the Archived view it
// goes to All notes: the new note stays listed and open in either.
func TestNewNoteInStarredAndArchived(t *testing.T) {
	f := newFixture(t, seedNotes)
	for _, v := range []model.View{model.ViewStarred, model.ViewArchived} {
		f.w.SelectView(v, "")
		f.w.NewNote()
		test.Type(f.w.editor.title, "New in view")
		if f.w.indexOf(f.w.selected) < 0 || f.w.editor.note.Title != "New in view" {
			t.Fatalf("view %d: the new note is not listed and open (%q)", v, f.rows())
		}
		n, _ := f.store.GetNote(f.w.selected)
		if n.Starred != (v == model.ViewStarred) || n.Archived {
			t.Fatalf("view %d: new note starred %v archived %v", v, n.Starred, n.Archived)
		}
	}
}

// A tag's view leaves its archived notes out until "Show archived notes",
// which the tag keeps (preferences.showArchived).
func TestTagViewShowsArchivedOnRequest(t *testing.T) {
	f := newFixture(t, seedNotes)
	var home model.TagSummary
	tags, _ := f.store.ListTags()
	for _, tg := range tags {
		if tg.Title == "Home" {
			home = tg
		}
	}
	l, _ := f.store.ListNotes(model.NoteQuery{View: model.ViewTag, Tag: home.UUID})
	yes := true
	_ = f.store.EditNote(l[0].UUID, model.NoteEdit{Archived: &yes})
	f.w.Reload()
	f.w.SelectView(model.ViewTag, home.UUID)
	f.w.WaitIdle()
	check := f.w.noteList.archived
	if len(f.rows()) != 0 || !check.Visible() || check.Checked {
		t.Fatalf("tag view: %q, check visible %v checked %v", f.rows(), check.Visible(), check.Checked)
	}
	test.Tap(check)
	f.w.WaitIdle()
	if got := f.rows(); len(got) != 1 || got[0] != "Groceries" {
		t.Fatalf("with archived: %q", got)
	}
	if tags, _ := f.store.ListTags(); !tags[0].ShowArchived {
		t.Fatal("the tag did not keep the preference")
	}
	f.w.SelectView(model.ViewAll, "")
	f.w.WaitIdle()
	if check.Visible() {
		t.Fatal("the check box outside a tag's view")
	}
	f.w.SelectView(model.ViewTag, home.UUID)
	f.w.WaitIdle()
	if !check.Checked || len(f.rows()) != 1 {
		t.Fatalf("back in the tag: checked %v, %q", check.Checked, f.rows())
	}
}
