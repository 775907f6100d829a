// Package model holds sfnotes' domain types and the local store: GORM over a
// pure-Go SQLite file that is the single source of truth for the window, the
// command line and the sync engine.
//
// Every Standard File item is one row of items: its decrypted content JSON is
// kept exactly as received (every field we do not know survives), or, when it
// cannot be decrypted, its encrypted fields are kept as they came. Notes and
// tags are views over those rows: derived columns (title, preview, search
// text, flags, times) and the tag_notes table are recomputed from the content
// whenever it changes, so lists and searches run in SQL.
//
// A local change sets dirty and bumps the item's change counter. The sync
// engine reads a dirty batch with the counters it saw; when the server
// answers, the store clears dirty only where the counter is unchanged, so an
// edit typed while a request was in flight is never lost. Remote data never
// replaces a dirty item: that guard lives here, inside the transaction, not
// only in the caller.
//
// This package imports no other package of the project.
package model

import (
	"errors"
	"fmt"
)

// Sentinel errors.
var (
	// ErrNotFound means no live item has that uuid.
	ErrNotFound = errors.New("not found")
	// ErrNoVersion means the history holds no version of that number.
	ErrNoVersion = fmt.Errorf("no such version in the history: %w", ErrNotFound)
	// ErrReadOnly means the item cannot be edited (it could not be decrypted).
	ErrReadOnly = errors.New("item cannot be decrypted and is read-only")
	// ErrInvalid means an argument is not acceptable (an empty tag name, say).
	ErrInvalid = errors.New("invalid argument")
	// ErrLocked means a note's title or text cannot change: the user chose
	// "Prevent editing" (appData locked) here or in the official app.
	ErrLocked = errors.New("the note is locked against editing")
	// ErrKeptBoth: an edit was applied, but the note had changed underneath
	// it (another process, a sync) in the same field, so the other version
	// was kept as a conflicted copy. Not a failure: nothing was lost.
	ErrKeptBoth = errors.New("the note changed meanwhile; the other version was kept as a conflicted copy")
)

// PrivateFileMode is the mode of every file sfnotes writes that holds notes
// or keys in the clear (the database, exports, the credentials file): the
// one place that decides it, for the window and the command line alike.
const PrivateFileMode = 0o600
