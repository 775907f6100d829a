package model

import (
	"errors"
	"fmt"
	"time"
)

// Local revision history: each note keeps earlier versions of its title and
// text on this device, in the same database (which already holds the notes
// in plain text, and is wiped the same way at sign-out). A version is kept
//   - when an edit starts after a pause (editPause) or a long session passes
//     a checkpoint (editCheckpoint): the text as it was before;
//   - before an edit that replaces the text wholesale without saying what it
//     started from (the command line, a restore, a merge);
//   - before a sync replaces or deletes the note with another device's
//     version;
//   - before the note is deleted forever (so the command line can still
//     bring it back).
// Identical consecutive versions are kept once. Bounds per note: the newest
// historyMaxCount versions, none older than historyMaxAge except the newest
// historyKeepAlways, and at most historyMaxBytes of text.

// Revision is one earlier version of a note.
type Revision struct {
	ID         int64  `gorm:"primaryKey;autoIncrement"`
	Note       string `gorm:"index;not null"`
	Title      string
	Text       string
	ModifiedMs int64  // when this version was written
	SavedMs    int64  // when it was replaced and kept here
	Reason     string // why it was kept (one of the Reason… constants)
}

// Why a version was kept.
const (
	ReasonPause   = "before more editing"
	ReasonReplace = "before it was replaced"
	ReasonSync    = "before a sync replaced it"
	ReasonDeleted = "before it was deleted forever"
)

// The history's bounds (see above).
const (
	editPause         = 2 * time.Minute
	editCheckpoint    = 15 * time.Minute
	historyMaxCount   = 50
	historyMaxAge     = 90 * 24 * time.Hour
	historyKeepAlways = 3
	historyMaxBytes   = 4 << 20
)

// keepRevision stores it's current title and text as a revision, unless it
// is not a readable note or the newest revision holds the same.
func (tx *Tx) keepRevision(it Item, reason string) error {
	return tx.keepRevisions([]Item{it}, reason)
}

// keepRevisions is keepRevision for many notes in a handful of statements
// (a sync page brings hundreds): one read of the newest versions, one
// insert, one read of the sizes, and a prune only where a bound is passed.
func (tx *Tx) keepRevisions(items []Item, reason string) error {
	now := tx.s.Now().UnixMilli()
	var revs []Revision
	var notes []string
	for _, it := range items {
		if it.ContentType != TypeNote || it.Content == "" || it.DecryptError != "" || it.Deleted {
			continue
		}
		c := parseContent(it.Content)
		title, text := c.str("title"), c.str("text")
		if title == "" && text == "" {
			continue // a new, empty note: nothing to go back to
		}
		revs = append(revs, Revision{Note: it.UUID, Title: title, Text: text, ModifiedMs: it.ModifiedMs,
			SavedMs: now, Reason: reason})
		notes = append(notes, it.UUID)
	}
	if len(revs) == 0 {
		return nil
	}
	var newest []Revision
	err := tx.db.Raw(`SELECT r.note, r.title, r.text FROM revisions r
		JOIN (SELECT MAX(id) AS id FROM revisions WHERE note IN ? GROUP BY note) m ON r.id = m.id`, notes).
		Scan(&newest).Error
	if err != nil {
		return fmt.Errorf("reading history: %w", err)
	}
	same := make(map[string]Revision, len(newest))
	for _, r := range newest {
		same[r.Note] = r
	}
	kept := revs[:0]
	for _, r := range revs {
		if last, ok := same[r.Note]; ok && last.Title == r.Title && last.Text == r.Text {
			continue
		}
		kept = append(kept, r)
	}
	if len(kept) == 0 {
		return nil
	}
	if err := tx.db.CreateInBatches(&kept, 100).Error; err != nil {
		return fmt.Errorf("keeping a revision: %w", err)
	}
	return tx.pruneWhereNeeded(notes)
}

// pruneWhereNeeded prunes the histories of those notes that pass a bound.
func (tx *Tx) pruneWhereNeeded(notes []string) error {
	var sizes []struct {
		Note   string
		N      int
		Bytes  int64
		Oldest int64
	}
	err := tx.db.Raw(`SELECT note, COUNT(*) AS n, SUM(length(title) + length(text)) AS bytes, MIN(saved_ms) AS oldest
		FROM revisions WHERE note IN ? GROUP BY note`, notes).Scan(&sizes).Error
	if err != nil {
		return fmt.Errorf("pruning history: %w", err)
	}
	cutoff := tx.s.Now().Add(-historyMaxAge).UnixMilli()
	for _, s := range sizes {
		if s.N > historyMaxCount || s.Bytes > historyMaxBytes || (s.N > historyKeepAlways && s.Oldest < cutoff) {
			if err := tx.pruneHistory(s.Note); err != nil {
				return err
			}
		}
	}
	return nil
}

// dueRevision reports whether an edit to it starts a new revision: the last
// change is older than editPause, or the newest revision older than
// editCheckpoint.
func (tx *Tx) dueRevision(it Item) (bool, error) {
	now := tx.s.Now().UnixMilli()
	if now-it.ModifiedMs >= editPause.Milliseconds() {
		return true, nil
	}
	var saved []int64
	if err := tx.db.Model(&Revision{}).Where("note = ?", it.UUID).Order("id DESC").Limit(1).
		Pluck("saved_ms", &saved).Error; err != nil {
		return false, fmt.Errorf("reading history: %w", err)
	}
	since := it.CreatedMs // no revision yet: a checkpoint after the note began
	if len(saved) == 1 {
		since = saved[0]
	}
	return now-since >= editCheckpoint.Milliseconds(), nil
}

// pruneHistory applies the bounds to one note's history.
func (tx *Tx) pruneHistory(note string) error {
	var revs []struct {
		ID      int64
		SavedMs int64
		Size    int64
	}
	if err := tx.db.Model(&Revision{}).Select("id, saved_ms, length(title) + length(text) AS size").
		Where("note = ?", note).Order("id DESC").Scan(&revs).Error; err != nil {
		return fmt.Errorf("pruning history: %w", err)
	}
	cutoff := tx.s.Now().Add(-historyMaxAge).UnixMilli()
	var drop []int64
	var bytes int64
	for i, r := range revs {
		bytes += r.Size
		switch {
		case i >= historyMaxCount,
			i >= historyKeepAlways && r.SavedMs < cutoff,
			i > 0 && bytes > historyMaxBytes:
			drop = append(drop, r.ID)
		}
	}
	if len(drop) == 0 {
		return nil
	}
	return tx.db.Where("id IN ?", drop).Delete(&Revision{}).Error
}

// History returns a note's earlier versions, newest first.
func (s *Store) History(note string) ([]Revision, error) {
	var out []Revision
	if err := s.db.Where("note = ?", note).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("reading history: %w", err)
	}
	return out, nil
}

// Revision returns one kept version.
func (s *Store) Revision(id int64) (Revision, error) {
	var out []Revision
	if err := s.db.Where("id = ?", id).Limit(1).Find(&out).Error; err != nil {
		return Revision{}, fmt.Errorf("reading history: %w", err)
	}
	if len(out) == 0 {
		return Revision{}, fmt.Errorf("version %d: %w", id, ErrNoVersion)
	}
	return out[0], nil
}

// RestoreRevision brings a kept version back as a new edit (which syncs):
// into its note, whose current text is kept in the history first, or, if
// the note has been deleted forever, as a new note. A trashed note comes
// out of the Trash. It returns the uuid of the note that holds the text.
func (s *Store) RestoreRevision(id int64) (string, error) {
	r, err := s.Revision(id)
	if err != nil {
		return "", err
	}
	it, err := s.Get(r.Note)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", err
	}
	if err != nil || it.Deleted || it.ContentType != TypeNote {
		n, err := s.CreateNote(r.Title, r.Text)
		return n.UUID, err
	}
	no := false
	title, text := r.Title, r.Text
	return r.Note, s.EditNote(r.Note, NoteEdit{Title: &title, Text: &text, Trashed: &no, Verbatim: true})
}

// sameText reports whether two contents have the same title and text.
func sameText(a, b string) bool {
	ca, cb := parseContent(a), parseContent(b)
	return ca.str("title") == cb.str("title") && ca.str("text") == cb.str("text")
}

// pruneOldHistory drops versions past historyMaxAge in every note's history
// (the newest of each note stays), including notes deleted since.
func (s *Store) pruneOldHistory() error {
	cutoff := s.Now().Add(-historyMaxAge).UnixMilli()
	return s.db.Exec(`DELETE FROM revisions WHERE saved_ms < ?
		AND id NOT IN (SELECT MAX(id) FROM revisions GROUP BY note)`, cutoff).Error
}
