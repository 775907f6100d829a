package model

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Several writers may share one data directory: the window, the command
// line, a second window. SQLite keeps their writes consistent; this log lets
// each one learn that another has written, so that the window can reload
// what it shows. Every write transaction adds one row naming the Store that
// committed it, inside the same transaction, so a row exists exactly when
// its write does. Only the newest changeLogKeep rows are kept.
//
// SQLite's PRAGMA data_version would say "someone else committed" too, but
// only per connection, and the window's own writes come through a pool of
// connections: it cannot tell its own commits from a command line's. The
// log names the writer.

// Change is one committed write transaction.
type Change struct {
	Seq    int64  `gorm:"primaryKey;autoIncrement"`
	Writer string `gorm:"not null"`
}

// changeLogKeep is how many rows the log keeps; a reader further behind
// than that treats the gap as a foreign change.
const changeLogKeep = 1000

func newWriterID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// logChange records the transaction tx is about to commit.
func (tx *Tx) logChange() error {
	if err := tx.db.Exec("INSERT INTO changes (writer) VALUES (?)", tx.s.writer).Error; err != nil {
		return fmt.Errorf("logging the change: %w", err)
	}
	return tx.db.Exec("DELETE FROM changes WHERE seq <= last_insert_rowid() - ?", changeLogKeep).Error
}

// ChangeMark is where a reader of the change log has got to.
type ChangeMark int64

// ForeignChanges reports whether a writer other than this Store committed
// after mark, and the mark to pass next time. The zero mark only reads the
// current position. It costs two indexed reads, cheap enough to poll every
// second.
func (s *Store) ForeignChanges(mark ChangeMark) (ChangeMark, bool, error) {
	var latest, oldest int64
	row := s.db.Raw("SELECT COALESCE(MAX(seq), 0), COALESCE(MIN(seq), 0) FROM changes").Row()
	if err := row.Scan(&latest, &oldest); err != nil {
		return mark, false, fmt.Errorf("reading the change log: %w", err)
	}
	next := ChangeMark(latest)
	if mark == 0 || next <= mark {
		return next, false, nil
	}
	if oldest > int64(mark)+1 {
		return next, true, nil // rows were pruned: assume someone else wrote
	}
	var foreign bool
	err := s.db.Raw("SELECT EXISTS (SELECT 1 FROM changes WHERE seq > ? AND writer <> ?)", int64(mark), s.writer).
		Row().Scan(&foreign)
	if err != nil {
		return mark, false, fmt.Errorf("reading the change log: %w", err)
	}
	return next, foreign, nil
}
