package model

import (
	"errors"
	"fmt"
	"io/fs"
)

// What went wrong with the database file itself, for the user's message.
// DatabaseProblem maps a driver or file-system error to one of these, so
// that no raw SQLite text is the whole of what a user reads.
var (
	// ErrDBReadOnly: the file or its file system cannot be written.
	ErrDBReadOnly = errors.New("the database cannot be written")
	// ErrDBFull: the disk is full.
	ErrDBFull = errors.New("the disk is full")
	// ErrDBBusy: another process holds the database longer than we wait.
	ErrDBBusy = errors.New("the database is busy")
	// ErrDBDamaged: the file is damaged or not an sfnotes database.
	ErrDBDamaged = errors.New("the database file is damaged")
	// ErrDB: any other failure of the database.
	ErrDB = errors.New("the database failed")
)

// SQLite primary result codes (sqlite3.h).
const (
	sqlitePerm     = 3
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// DatabaseProblem returns the ErrDB* sentinel that describes err, or nil
// when err is not a failure of the database or its file. The driver's
// errors carry their SQLite code (Code() int); they are recognised by that
// method so this package needs no import of the driver. File errors are
// classified where the store meets them (Open), never guessed here: a
// permission error may be about a file the user named.
func DatabaseProblem(err error) error {
	for _, s := range []error{ErrDBReadOnly, ErrDBFull, ErrDBBusy, ErrDBDamaged, ErrDB} {
		if errors.Is(err, s) {
			return s
		}
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case sqliteReadOnly, sqlitePerm:
			return ErrDBReadOnly
		case sqliteFull:
			return ErrDBFull
		case sqliteBusy, sqliteLocked:
			return ErrDBBusy
		case sqliteCorrupt, sqliteNotADB:
			return ErrDBDamaged
		}
		return ErrDB
	}
	return nil
}

// fileProblem wraps an error of the store's own files: one that says the
// file or directory cannot be written becomes ErrDBReadOnly.
func fileProblem(what string, err error) error {
	if errors.Is(err, fs.ErrPermission) || isReadOnlyFS(err) {
		return fmt.Errorf("%w: %s: %w", ErrDBReadOnly, what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}
