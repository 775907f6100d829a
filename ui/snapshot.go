package ui

import (
	"time"

	"sfnotes/model"
)

// The window never waits on the database for what other writers and syncs
// change, nor for a view switch or a sort: the queries run in a goroutine
// and their result is applied on the UI thread in one step. A result is
// dropped when the user has moved on meanwhile (another view, another note);
// the newest request always wins. Under the test driver (searchDelay < 0)
// the same steps run inline.

// snapshot is what the window shows, read from the store off the UI thread.
type snapshot struct {
	query    model.NoteQuery
	selected string

	counts  model.Counts
	tags    []model.TagSummary
	sideErr error
	list    []model.NoteSummary
	listErr error
	note    model.Note
	noteErr error
}

// readSnapshot reads everything a reload shows; it touches no widget.
func (w *Window) readSnapshot(q model.NoteQuery, selected string) snapshot {
	s := snapshot{query: q, selected: selected}
	s.counts, s.tags, s.sideErr = readSidebar(w.notes)
	s.list, s.listErr = w.notes.ListNotes(q)
	if selected != "" {
		s.note, s.noteErr = w.notes.GetNote(selected)
	}
	return s
}

// inline reports whether background work runs on the caller's goroutine
// (tests under Fyne's test driver).
func (w *Window) inline() bool { return w.searchDelay < 0 }

// background runs read off the UI thread, then apply on it.
func (w *Window) background(read func() func()) {
	if w.inline() {
		read()()
		return
	}
	w.pending.Add(1)
	go func() {
		defer w.pending.Done()
		apply := read()
		onUIWait(apply)
	}()
}

// reloadAsync is Reload with the reading off the UI thread: for changes made
// elsewhere (another process, a sync). The open note is held back while the
// user types (ShowPending shows it later).
func (w *Window) reloadAsync() {
	w.snapGen++
	gen, q, sel := w.snapGen, w.query, w.selected
	w.background(func() func() {
		s := w.readSnapshot(q, sel)
		return func() {
			if gen == w.snapGen {
				w.applySnapshot(s)
			}
		}
	})
}

// applySnapshot shows a snapshot; the parts the user has moved away from
// since it was read are read again.
func (w *Window) applySnapshot(s snapshot) {
	if s.sideErr != nil {
		w.showError(s.sideErr)
	} else {
		w.sidebar.set(s.counts, s.tags)
		w.editor.offerTags(s.tags) // a tag made elsewhere is offered at once
	}
	if w.query.View == model.ViewTag && !w.sidebar.hasTag(w.query.Tag) {
		w.query.View, w.query.Tag = model.ViewAll, ""
	}
	w.followTagArchived()
	w.sidebar.selectQuery()
	if s.query != w.query {
		w.reloadListAsync(nil) // the view or search changed meanwhile
		w.editor.showBanner()
		return
	}
	w.queryGen++ // a list query still in flight is older than this
	w.applyList(s.list, s.listErr)
	if w.selected != s.selected {
		return // the user opened another note meanwhile: it is current
	}
	if w.selected != "" && w.indexOf(w.selected) < 0 && w.query.Search == "" {
		next := ""
		if len(w.list) > 0 {
			next = w.list[0].UUID
		}
		w.selectNote(next)
		return
	}
	if w.editor.typing() {
		w.holdNote()
		w.editor.showBanner() // a new conflicted copy is announced at once
		return
	}
	w.noteStale = false
	w.editor.refreshWith(s.note, s.noteErr)
}

// reloadListAsync re-runs the current query off the UI thread; after runs
// once the whole new list is shown.
func (w *Window) reloadListAsync(after func()) {
	w.queryGen++
	w.fetchList(w.queryGen, w.query, after)
}

// firstPage is how many rows of a list are read first: a screenful and
// more, shown at once, while the rest of a long list is read.
const firstPage = 200

// fetchList reads a list off the UI thread in two steps when it is long:
// its first rows (SQLite stops after them, so 100,000 notes show as fast as
// 1,000), then the whole list, each shown as it arrives unless a newer
// query (gen) has started. after runs once the whole list is shown.
func (w *Window) fetchList(gen int, q model.NoteQuery, after func()) {
	show := func(list []model.NoteSummary, err error, whole bool) {
		if gen != w.queryGen {
			return
		}
		w.applyListPart(list, err, !whole)
		if whole && after != nil {
			after()
		}
	}
	if w.inline() {
		list, err := w.notes.ListNotes(q)
		show(list, err, true)
		return
	}
	w.pending.Add(1)
	go func() {
		defer w.pending.Done()
		pq := q
		pq.Limit = firstPage
		list, err := w.notes.ListNotes(pq)
		whole := err != nil || len(list) < firstPage
		onUIWait(func() { show(list, err, whole) })
		if whole || !w.stillQuery(gen) {
			return
		}
		list, err = w.notes.ListNotes(q)
		onUIWait(func() { show(list, err, true) })
	}()
}

// stillQuery reports, from any goroutine, whether gen is the newest query.
func (w *Window) stillQuery(gen int) bool {
	cur := 0
	onUIWait(func() { cur = w.queryGen })
	return cur == gen
}

// holdNote marks the open note as changed elsewhere while the user types,
// and asks again after each typing pause until it is shown (the test
// driver's inline mode leaves the asking to the test).
func (w *Window) holdNote() {
	w.noteStale = true
	if w.inline() || w.pendingTimer != nil {
		return
	}
	w.pendingTimer = time.AfterFunc(typingPause, func() {
		onUI(func() {
			w.pendingTimer = nil
			if !w.ShowPending() {
				w.holdNote()
			}
		})
	})
}
