package model

import (
	"errors"
	"fmt"
	"time"
)

// ConflictChoice is how a conflict between a note and its conflicted copy
// ends. Whatever is kept stays under the original note: its uuid, created
// date, tags, links and History are what other devices and other notes know
// it by. Nothing is destroyed: a version given up goes to the Trash (and,
// when it was the original's text, to the original's History too).
type ConflictChoice int

const (
	// KeepOriginal sends the copy to the Trash.
	KeepOriginal ConflictChoice = iota
	// KeepCopy writes the copy's title and text into the original as an
	// ordinary edit (its earlier text goes to its History); the copy item
	// then holds that earlier text and goes to the Trash, so the version
	// given up is in the Trash as with the other choices.
	KeepCopy
	// KeepBoth makes the copy its own note, renamed (ConflictCopyTitle) so
	// that the two can be told apart.
	KeepBoth
)

// ConflictCopyTitle is the title a kept conflicted copy gets, naming when
// its version was written: "Groceries (conflicted copy, 2 Dec 14:05)".
func ConflictCopyTitle(title string, at time.Time) string {
	if title == "" {
		title = "Untitled"
	}
	return fmt.Sprintf("%s (conflicted copy, %s)", title, at.Format("2 Jan 15:04"))
}

// ResolveConflict ends the conflict of the conflicted copy copyUUID, in one
// transaction, and returns the uuid of the note to show. All changes are
// local edits that sync. If the original no longer exists the copy simply
// becomes an ordinary note, whatever the choice.
func (s *Store) ResolveConflict(copyUUID string, how ConflictChoice) (string, error) {
	var show string
	err := s.Update(func(tx *Tx) error {
		cp, err := tx.liveNote(copyUUID)
		if err != nil {
			return err
		}
		orig, err := tx.liveNote(cp.ConflictOf)
		if errors.Is(err, ErrNotFound) {
			show = copyUUID
			_, err = tx.editNote(copyUUID, NoteEdit{ClearConflict: true})
			return err
		}
		if err != nil {
			return err
		}
		show, err = tx.resolve(cp, orig, how)
		return err
	})
	return show, err
}

func (tx *Tx) resolve(cp, orig Item, how ConflictChoice) (string, error) {
	yes := true
	c, o := parseContent(cp.Content), parseContent(orig.Content)
	switch how {
	case KeepOriginal:
		_, err := tx.editNote(cp.UUID, NoteEdit{Trashed: &yes, ClearConflict: true})
		return orig.UUID, err
	case KeepCopy:
		title, text := c.str("title"), c.str("text")
		oldTitle, oldText := o.str("title"), o.str("text")
		// No Base: the edit replaces the text wholesale, so the original's
		// History keeps the text it had.
		if _, err := tx.editNote(orig.UUID, NoteEdit{Title: &title, Text: &text}); err != nil {
			return "", err
		}
		_, err := tx.editNote(cp.UUID, NoteEdit{Title: &oldTitle, Text: &oldText, Trashed: &yes, ClearConflict: true})
		return orig.UUID, err
	case KeepBoth:
		// When the copy's version was written: a copy a sync makes carries
		// the note's created date, the same for both.
		at := cp.ModifiedMs
		if at == 0 {
			at = cp.CreatedMs
		}
		title := ConflictCopyTitle(c.str("title"), time.UnixMilli(at).Local())
		_, err := tx.editNote(cp.UUID, NoteEdit{Title: &title, ClearConflict: true})
		return cp.UUID, err
	}
	return "", fmt.Errorf("unknown conflict choice %d", how)
}
