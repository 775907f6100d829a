package ui

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

// seeded10k opens a store with 10,000 notes in 20 tags, once per benchmark.
func seeded10k(b *testing.B) *model.Store {
	b.Helper()
	st, err := model.Open(filepath.Join(b.TempDir(), "data"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	const n, tags = 10000, 20
	rs := make([]model.Remote, 0, n+tags)
	refs := make([][]string, tags)
	for i := 0; i < n; i++ {
		u := fmt.Sprintf("n-%05d", i)
		refs[i%tags] = append(refs[i%tags], fmt.Sprintf(`{"uuid":%q,"content_type":"Note"}`, u))
		rs = append(rs, model.Remote{UUID: u, ContentType: model.TypeNote, CreatedAt: "2024-01-01T00:00:00.000Z",
			UpdatedAt: fmt.Sprintf("2024-01-01T%02d:%02d:%02d.000Z", i/3600%24, i/60%60, i%60),
			Content:   fmt.Sprintf(`{"title":"Note %d","text":"Lorem ipsum dolor sit amet %d, consectetur adipiscing elit.\nSecond line.","references":[]}`, i, i)})
	}
	for t := 0; t < tags; t++ {
		rs = append(rs, model.Remote{UUID: fmt.Sprintf("t-%02d", t), ContentType: model.TypeTag,
			Content: fmt.Sprintf(`{"title":"Tag %02d","references":[%s]}`, t, join(refs[t]))})
	}
	if err := st.Update(func(tx *model.Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		b.Fatal(err)
	}
	return st
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

// BenchmarkOpenWindow10k builds the whole window over 10,000 notes: sidebar
// counts, the list query, the first note in the editor (what happens before
// the first frame; GL start-up is measured by the cold-start bench).
func BenchmarkOpenWindow10k(b *testing.B) {
	st := seeded10k(b)
	a := test.NewTempApp(b)
	for b.Loop() {
		w := New(a, st, &fakeServices{})
		w.win.Close()
	}
}

// BenchmarkSwitchView10k alternates between All notes (10,000) and a tag
// (500), from the click to the list shown (the query runs in a goroutine).
func BenchmarkSwitchView10k(b *testing.B) {
	st := seeded10k(b)
	w := New(test.NewTempApp(b), st, &fakeServices{})
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			w.SelectView(model.ViewTag, "t-03")
		} else {
			w.SelectView(model.ViewAll, "")
		}
		w.WaitIdle()
		i++
	}
}

var searchWords = []string{"l", "lo", "lor", "lore", "lorem", "lorem 9", "lorem 99", "lorem 999"}

// BenchmarkSearchKeystroke10k is what a keystroke in the search field costs
// the UI thread with 10,000 notes: the query itself runs in a goroutine
// after a pause (BenchmarkSearchResult10k).
func BenchmarkSearchKeystroke10k(b *testing.B) {
	st := seeded10k(b)
	w := New(test.NewTempApp(b), st, &fakeServices{})
	w.searchDelay = time.Hour // measure the keystroke, not the query
	i := 0
	for b.Loop() {
		w.noteList.search.SetText(searchWords[i%len(searchWords)])
		i++
	}
	b.StopTimer()
	w.searchTimer.Stop()
}

// BenchmarkSearchResult10k is a search from keystroke to redrawn list over
// 10,000 notes, with no typing pause.
func BenchmarkSearchResult10k(b *testing.B) {
	st := seeded10k(b)
	w := New(test.NewTempApp(b), st, &fakeServices{})
	w.searchDelay = 0
	i := 0
	for b.Loop() {
		w.noteList.search.SetText(searchWords[i%len(searchWords)])
		w.pending.Wait()
		i++
	}
}

// BenchmarkSearchFirstRows10k is a search keystroke to the first rows shown
// (the first page of a long result; BenchmarkSearchResult10k waits for the
// whole list too).
func BenchmarkSearchFirstRows10k(b *testing.B) {
	st := seeded10k(b)
	w := New(test.NewTempApp(b), st, &fakeServices{})
	w.searchDelay = 0
	shown := make(chan struct{}, 4)
	w.listShown = func() { shown <- struct{}{} }
	i := 0
	for b.Loop() {
		w.noteList.search.SetText(searchWords[i%len(searchWords)])
		<-shown
		b.StopTimer()
		w.pending.Wait()
		for len(shown) > 0 {
			<-shown
		}
		b.StartTimer()
		i++
	}
}

// BenchmarkTypeInEditor10k is one keystroke in a note's body with 10,000
// notes listed: save to SQLite, refresh one row.
func BenchmarkTypeInEditor10k(b *testing.B) {
	st := seeded10k(b)
	w := New(test.NewTempApp(b), st, &fakeServices{})
	text := ""
	for b.Loop() {
		text += "x"
		w.editor.body.SetText(text)
	}
}

// BenchmarkSwitchViewUIThread10k is the UI thread's share of a view switch
// over 10,000 notes: the list is read in a goroutine (BenchmarkSwitchView10k
// has both parts), the thread only shows it.
func BenchmarkSwitchViewUIThread10k(b *testing.B) {
	st := seeded10k(b)
	w := New(test.NewTempApp(b), st, &fakeServices{})
	queries := []model.NoteQuery{{View: model.ViewTag, Tag: "t-03"}, {View: model.ViewAll}}
	lists := make([][]model.NoteSummary, len(queries))
	for i, q := range queries {
		lists[i], _ = st.ListNotes(q)
	}
	i := 0
	for b.Loop() {
		w.query = queries[i%2]
		w.applyList(lists[i%2], nil)
		w.keepSelectionInView()
		i++
	}
}

// BenchmarkExternalChange10k is a change made elsewhere (the command line, a
// sync) shown in a window over 10,000 notes: reading the snapshot (in a
// goroutine in the app) and applying it. BenchmarkExternalChangeUIThread10k
// is the applying alone, the UI thread's share.
func BenchmarkExternalChange10k(b *testing.B) {
	st := seeded10k(b)
	w := New(test.NewTempApp(b), st, &fakeServices{})
	for b.Loop() {
		w.applySnapshot(w.readSnapshot(w.query, w.selected))
	}
}

func BenchmarkExternalChangeUIThread10k(b *testing.B) {
	st := seeded10k(b)
	w := New(test.NewTempApp(b), st, &fakeServices{})
	s := w.readSnapshot(w.query, w.selected)
	for b.Loop() {
		w.applySnapshot(s)
	}
}
