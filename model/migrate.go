package model

import (
	"fmt"
	"strings"
)

// The store's schema has a version (SQLite's PRAGMA user_version). GORM's
// AutoMigrate adds new columns; the numbered migrations below do what it
// cannot: re-derive the columns and links that are views over the content
// when the derivation changes. Each runs once, in its own transaction with
// the version bump, so a crash leaves either the old version or the new one.

// migrations[i] brings version i to version i+1.
var migrations = []func(tx *Tx) error{
	// 1: re-derive every item: links are now stored once per tag and note
	// (a tag listing a note twice), and every derived column is refreshed
	// from the content as the current code reads it.
	rederiveAll,
	// 2: notes as the official app organises them (issue 20): a Super
	// note's preview and search text are its rendered text, not its Lexical
	// JSON; starred, locked, protected and the shelf (notes, archive,
	// trash) are new columns; a protected note has no preview.
	rederiveTypedNotes,
}

// SchemaVersion is the version a store opened by this code has.
var SchemaVersion = len(migrations)

func (s *Store) schemaVersion() (int, error) {
	var v int
	err := s.db.Raw("PRAGMA user_version").Scan(&v).Error
	return v, err
}

// migrate runs the migrations the database has not had yet.
func (s *Store) migrate() error {
	v, err := s.schemaVersion()
	if err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if v > SchemaVersion {
		return fmt.Errorf("%w: the database is from a newer sfnotes (schema %d, this one knows %d)", ErrInvalid, v, SchemaVersion)
	}
	for ; v < SchemaVersion; v++ {
		err := s.Update(func(tx *Tx) error {
			if err := migrations[v](tx); err != nil {
				return err
			}
			return tx.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v+1)).Error
		})
		if err != nil {
			return fmt.Errorf("migrating the database to schema %d: %w", v+1, err)
		}
	}
	return nil
}

// rederiveAll re-derives every item's views and links from its content.
func rederiveAll(tx *Tx) error {
	var uuids []string
	if err := tx.db.Model(&Item{}).Order("uuid").Pluck("uuid", &uuids).Error; err != nil {
		return err
	}
	for _, u := range uuids {
		it, err := tx.Get(u)
		if err != nil {
			return err
		}
		if err := tx.put(&it); err != nil {
			return err
		}
	}
	return nil
}

// rederiveTypedNotes sets the shelf of every item from the columns it
// derives from, in SQL, then re-derives the notes whose content names a
// type, an editor or a flag the earlier code did not read: a few of
// 100,000, where re-deriving them all would take seconds.
func rederiveTypedNotes(tx *Tx) error {
	if err := tx.db.Exec("UPDATE items SET shelf = CASE WHEN trashed THEN ? WHEN archived THEN ? ELSE ? END",
		ShelfTrash, ShelfArchived, ShelfNotes).Error; err != nil {
		return err
	}
	var uuids []string
	var cond []string
	for _, k := range []string{"noteType", "editorIdentifier", "starred", "locked", "protected", "hidePreview"} {
		cond = append(cond, "instr(content, '\""+k+"\"') > 0")
	}
	if err := tx.db.Model(&Item{}).Where("content_type = ? AND ("+strings.Join(cond, " OR ")+")",
		TypeNote).Order("uuid").Pluck("uuid", &uuids).Error; err != nil {
		return err
	}
	for _, u := range uuids {
		it, err := tx.Get(u)
		if err != nil {
			return err
		}
		if err := tx.put(&it); err != nil {
			return err
		}
	}
	return nil
}
