package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

func (f *fixture) bannerText() string {
	var out []string
	walk(f.w.editor.banner, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	})
	return strings.Join(out, " ")
}

// TestConflictAnnouncedAtOnce: a conflicted copy of the open note made by
// another writer (a sync, the command line) shows its banner at once, even
// while the user types (the text under the cursor does not change); the
// sidebar gains a Conflicts view with the count, which lists the copy, and
// goes away when none is left.
func TestConflictAnnouncedAtOnce(t *testing.T) {
	f := newFixture(t, seedNotes)
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	f.w.now = func() time.Time { return now }
	f.w.Reload()
	for _, it := range f.w.sidebar.items {
		if it.view == model.ViewConflicts {
			t.Fatal("a Conflicts view with no conflicts")
		}
	}
	uuid := f.uuidOf("Groceries")
	f.w.selectNote(uuid)
	f.w.editor.focusBody()
	test.Type(f.w.editor.body, "x")
	cli := f.otherWriter()
	err := cli.Update(func(tx *model.Tx) error {
		_, err := tx.CreateConflictCopy(uuid, model.TypeNote, `{"title":"Groceries","text":"from the other device","references":[]}`, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.w.ExternalChange()
	if !strings.Contains(f.bannerText(), "also changed elsewhere") {
		t.Fatalf("no banner while typing: %q", f.bannerText())
	}
	if f.w.editor.body.Text != "xmilk and eggs" {
		t.Fatalf("the text changed: %q", f.w.editor.body.Text)
	}
	row := f.sidebarRow("Conflicts")
	if f.w.sidebar.items[row].count != 1 {
		t.Fatalf("Conflicts counts %d", f.w.sidebar.items[row].count)
	}
	f.w.sidebar.list.Select(row)
	if got := f.rows(); len(got) != 1 || got[0] != "Groceries" {
		t.Fatalf("the Conflicts view lists %q", got)
	}
	f.w.editor.keepBoth()
	f.w.SelectView(model.ViewAll, "")
	for _, it := range f.w.sidebar.items {
		if it.view == model.ViewConflicts {
			t.Fatal("the Conflicts view stays with none left")
		}
	}
}

func TestStatusLineCountsConflicts(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		s    SyncStatus
		want string
	}{
		{SyncStatus{State: StateNoAccount, Conflicts: 1}, "Working offline (no account) · 1 conflicted copy to review"},
		{SyncStatus{State: StateSynced, At: now, Dirty: 2, Conflicts: 3}, " · 2 changes not yet synced · 3 conflicted copies to review"},
		{SyncStatus{State: StateSynced, At: now}, "Synced at " + now.Local().Format("15:04")},
	} {
		if got := StatusText(c.s, now); !strings.HasSuffix(got, c.want) {
			t.Errorf("%+v: %q", c.s, got)
		}
	}
}
