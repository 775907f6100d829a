package model

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// wipe runs fn (which deletes) so that what it deleted is gone from the
// files too, not just from the tables: SQLite otherwise leaves deleted rows
// in free pages and in old WAL frames, where `strings sfnotes.db` reads them.
// On one connection: secure_delete overwrites what fn deletes, VACUUM
// rebuilds the file from the live rows only, and a TRUNCATE checkpoint
// copies the WAL in and cuts it to zero bytes. The store stays open and
// usable (the window keeps it after signing out). It costs a rewrite of the
// remaining database, which is what a sign-out may take.
func (s *Store) wipe(fn func(tx *Tx) error) error {
	return s.db.Connection(func(db *gorm.DB) error {
		if err := db.Exec("PRAGMA secure_delete = ON").Error; err != nil {
			return fmt.Errorf("wiping: %w", err)
		}
		defer db.Exec("PRAGMA secure_delete = OFF")
		if err := db.Transaction(func(db *gorm.DB) error {
			tx := &Tx{db: db, s: s}
			if err := fn(tx); err != nil {
				return err
			}
			return tx.logChange()
		}); err != nil {
			return err
		}
		if err := db.Exec("VACUUM").Error; err != nil {
			return fmt.Errorf("wiping: %w", err)
		}
		if err := rebuildSearchIndex(db); err != nil { // VACUUM may renumber rowids
			return fmt.Errorf("wiping: search index: %w", err)
		}
		return checkpointTruncate(db)
	})
}

// checkpointTruncate copies the whole WAL into the database and truncates
// it, retrying while another connection's reader holds it (up to ~5 s).
func checkpointTruncate(db *gorm.DB) error {
	for try := 0; ; try++ {
		var busy, frames, done int
		if err := db.Raw("PRAGMA wal_checkpoint(TRUNCATE)").Row().Scan(&busy, &frames, &done); err != nil {
			return fmt.Errorf("wiping: checkpoint: %w", err)
		}
		if busy == 0 {
			return nil
		}
		if try == 50 {
			return fmt.Errorf("%w: wiping: the WAL stays in use by another reader", ErrDBBusy)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
