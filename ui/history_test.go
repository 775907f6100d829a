package ui

import (
	"strings"
	"testing"
	"time"

	"sfnotes/model"
)

// TestHistoryRestore: the History view lists the note's earlier versions,
// shows one whole, and restores it into the note; the text it replaced is
// then in the history, so the restore can be undone the same way.
func TestHistoryRestore(t *testing.T) {
	f := newFixture(t, nil)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	f.store.Now = func() time.Time { return now }
	f.w.now = f.store.Now
	n, _ := f.store.CreateNote("Draft", "first thoughts")
	f.w.Reload()
	f.w.selectNote(n.UUID)
	f.w.openHistory()
	if f.w.history == nil || len(f.w.history.revs) != 0 {
		t.Fatal("a new note has a history")
	}
	f.w.history.d.Hide()
	now = now.Add(time.Hour) // the user comes back later and rewrites it
	f.w.editor.body.SetText("second thoughts")
	now = now.Add(time.Minute)
	cli := f.otherWriter()
	text := "the command line's thoughts"
	cli.EditNote(n.UUID, model.NoteEdit{Text: &text})
	f.w.ExternalChange()
	f.w.openHistory()
	v := f.w.history
	if len(v.revs) != 2 || v.revs[0].Text != "second thoughts" || v.revs[1].Text != "first thoughts" {
		t.Fatalf("history: %+v", v.revs)
	}
	v.list.Select(1)
	if v.shown.Text != "first thoughts" || !strings.Contains(v.about.Text, "Draft") {
		t.Fatalf("shown %q / %q", v.shown.Text, v.about.Text)
	}
	edited := f.svc.edited
	v.restore.OnTapped()
	if f.w.editor.body.Text != "first thoughts" {
		t.Fatalf("the editor shows %q after the restore", f.w.editor.body.Text)
	}
	if got, _ := f.store.GetNote(n.UUID); got.Text != "first thoughts" || !got.Dirty {
		t.Fatalf("stored %+v", got)
	}
	if f.svc.edited == edited {
		t.Fatal("the restore was not sent to sync")
	}
	h, _ := f.store.History(n.UUID)
	if h[0].Text != text {
		t.Fatalf("the replaced text is not in the history: %q", h[0].Text)
	}
}

// TestHistoryEntriesDiffer: versions kept within the same minute for the same
// reason read differently: seconds, size, and what changed after each.
func TestHistoryEntriesDiffer(t *testing.T) {
	f := newFixture(t, nil)
	now := time.Date(2026, 11, 22, 5, 18, 0, 0, time.Local)
	f.store.Now = func() time.Time { return now }
	f.w.now = f.store.Now
	n, _ := f.store.CreateNote("Draft", "one")
	cli := f.otherWriter()
	cli.Now = f.store.Now
	for _, text := range []string{"one\ntwo", "one\ntwo\nthree\nfour", "one\ntwo\nthree\nfour!"} {
		now = now.Add(7 * time.Second)
		text := text
		cli.EditNote(n.UUID, model.NoteEdit{Text: &text})
	}
	f.w.Reload()
	f.w.selectNote(n.UUID)
	f.w.openHistory()
	v := f.w.history
	if len(v.revs) != 3 {
		t.Fatalf("history: %+v", v.revs)
	}
	want := [][2]string{
		{"Today 05:18:14 · 18 chars", "then +1 char · before it was replaced · one"},
		{"Today 05:18:07 · 7 chars", "then +2 lines · before it was replaced · one"},
		{"Today 05:18:00 · 3 chars", "then +1 line · before it was replaced · one"},
	}
	for i, w := range want {
		if when, what := v.historyLines(i, now); when != w[0] || what != w[1] {
			t.Errorf("entry %d reads %q / %q, want %q / %q", i, when, what, w[0], w[1])
		}
	}
}
