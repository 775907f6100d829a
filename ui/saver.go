package ui

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"sfnotes/model"
)

// A long note's text is saved off the UI thread: writing a 320 KB note to
// SQLite and reading it back costs ~25 ms, more than a frame, and grows with
// the note. Keystrokes hand the newest text to one saver goroutine per note;
// texts typed while a save runs are merged into the next one (the newest
// wins: it contains the others). Each save is based on the content the
// previous one stored, so another writer's change in between is still kept
// as a conflicted copy. Switching notes and closing the window wait for it
// (flush), so the last keystroke is on disk before anything else happens.
// Short notes keep saving on the UI thread, where it costs < 1 ms.
type saver struct {
	mu      sync.Mutex
	next    *string // the newest text not yet saved
	running bool
	idle    sync.WaitGroup
	seq     atomic.Int64 // numbers the saves; only the newest outcome is shown
	shown   int64        // the newest outcome shown (UI thread)
	// The content the newest save stored, and its note: the base of the
	// next save while its outcome is not yet shown (e.note is older then).
	stored, storedUUID string
}

// saveInBackground queues text as the open note's text.
func (e *editor) saveInBackground(text string) {
	if e.loading || !e.loaded || e.readOnly() {
		return
	}
	if e.w.inline() { // the test driver runs fyne.Do inline: save here
		e.save(model.NoteEdit{Text: &text})
		return
	}
	e.typedAt = e.w.now()
	s := &e.saver
	s.mu.Lock()
	s.next = &text
	start := !s.running
	s.running = true
	s.mu.Unlock()
	if start {
		s.idle.Add(1)
		go e.saveLoop(e.note.UUID, e.saveBase())
	}
}

// saveBase is what a new save of the open note is based on: the content
// the last save stored if the window has not yet heard of it. Based on
// e.note alone, a keystroke just after a save finished was based on the
// text before the save, and the store kept the user's own previous text as
// a conflicted copy (seen typing in the real window, issue 18).
func (e *editor) saveBase() string {
	s := &e.saver
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seq.Load() > s.shown && s.storedUUID == e.note.UUID && s.stored != "" {
		return s.stored
	}
	return e.note.Content
}

// saveLoop saves the queued texts of note uuid until none is left.
func (e *editor) saveLoop(uuid, base string) {
	s := &e.saver
	defer s.idle.Done()
	for {
		s.mu.Lock()
		text := s.next
		s.next = nil
		if text == nil {
			s.running = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		err := e.w.notes.EditNote(uuid, model.NoteEdit{Text: text, Base: base})
		keptBoth := errors.Is(err, model.ErrKeptBoth)
		n, gerr := e.w.notes.GetNote(uuid)
		s.mu.Lock()
		if gerr == nil {
			base = n.Content
			s.stored, s.storedUUID = n.Content, uuid
		}
		// Numbered under the lock, with stored: saveBase sees both or neither.
		seq := s.seq.Add(1)
		s.mu.Unlock()
		// Handed over without waiting: the loop must not depend on the UI
		// thread (it may be closing), only the store.
		go onUI(func() {
			if seq > s.shown {
				s.shown = seq
				e.saved(uuid, n, gerr, err, keptBoth)
			}
		})
	}
}

// saved shows the outcome of a background save on the UI thread.
func (e *editor) saved(uuid string, n model.Note, gerr, err error, keptBoth bool) {
	if err != nil && !keptBoth {
		e.w.showError(err)
		return
	}
	if gerr != nil || !e.loaded || e.note.UUID != uuid {
		return
	}
	e.note = n
	e.showTimes()
	e.w.noteChanged(n)
	if keptBoth {
		e.w.Reload()
		e.showBanner()
	}
}

// saving reports whether a background save is queued or running.
func (e *editor) saving() bool {
	e.saver.mu.Lock()
	defer e.saver.mu.Unlock()
	return e.saver.running
}

// flush waits until the open note's text is saved.
func (e *editor) flush() { e.saver.idle.Wait() }

// Flush waits, at most d, until every keystroke is in the store: when the
// window has closed and the app is about to close the store.
func (w *Window) Flush(d time.Duration) bool {
	done := make(chan struct{})
	go func() { w.editor.flush(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}
