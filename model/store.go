package model

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// DBFile is the database's file name inside the data directory.
const DBFile = "sfnotes.db"

// Store is the local database. It is safe for concurrent use by the UI, the
// command line and the sync engine: every write is an immediate transaction.
type Store struct {
	db     *gorm.DB
	dir    string
	writer string // names this Store's commits in the change log
	// indexed: the search index exists and searches may use it.
	indexed bool
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// DefaultDataDir is the OS user config directory + "sfnotes".
func DefaultDataDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the config directory: %w", err)
	}
	return filepath.Join(base, "sfnotes"), nil
}

// Open opens (creating if needed) the store in dir. The directory is made
// 0700 and the database file 0600 before SQLite touches it; SQLite gives its
// -wal and -shm files the database file's mode.
func Open(dir string) (*Store, error) { return OpenReporting(dir, nil) }

// OpenReporting is Open that reports the progress of a long migration: the
// search index built for a database that has none (2.6 s for 100,000 short
// notes here).
func OpenReporting(dir string, progress IndexProgress) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fileProblem("creating data directory", err)
	}
	path := filepath.Join(dir, DBFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fileProblem("opening database file", err)
	}
	f.Close()
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, fileProblem("securing database file", err)
	}
	// journal_size_limit: SQLite keeps the WAL file at the largest size a
	// transaction ever gave it (the size of the database again, after an
	// import of a tag with a million references) until the last connection
	// closes; with a limit, it is cut back to 64 MB once it has been
	// checkpointed and the next transaction starts.
	return openDB(dir, "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"+
		"&_pragma=synchronous(NORMAL)&_pragma=journal_size_limit(67108864)&_txlock=immediate", progress)
}

// OpenReadOnly opens an existing store for commands that only read: SQLite
// opens the file read-only (mode=ro, query_only), and nothing in dir is
// created or changed, so they work on a read-only file system or a
// read-only copy. Where dir cannot be written at all, SQLite cannot keep
// its -shm file beside the database either; the file is then opened as
// immutable, which is right there: nobody can be writing it. A database
// that does not exist yet, or whose schema needs an upgrade, is an error:
// use Open.
func OpenReadOnly(dir string) (*Store, error) {
	path := filepath.Join(dir, DBFile)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("opening database file: %w", err)
	}
	opts := "?mode=ro&_pragma=busy_timeout(5000)&_pragma=query_only(1)"
	if !dirWritable(dir) {
		opts += "&immutable=1"
	}
	return openDB(dir, opts, nil)
}

func openDB(dir, opts string, progress IndexProgress) (*Store, error) {
	// SQLite gets an absolute file: URI: a relative one ("--data d1") failed
	// to open ("out of memory"), and the URL form escapes spaces and
	// non-ASCII names, which SQLite decodes.
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	path := filepath.ToSlash(filepath.Join(abs, DBFile))
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // a Windows drive: file:///C:/...
	}
	dsn := (&url.URL{Scheme: "file", Path: path}).String() + opts
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
	})
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	if err := db.AutoMigrate(&Item{}, &TagNote{}, &Account{}, &Change{}, &Revision{}, &KeyFloor{}, &LocalSecret{}); err != nil {
		sqlDB, _ := db.DB()
		if sqlDB != nil {
			sqlDB.Close()
		}
		return nil, fmt.Errorf("migrating database: %w", err)
	}
	st := &Store{db: db, dir: dir, writer: newWriterID(), Now: time.Now}
	if strings.Contains(opts, "mode=ro") {
		// Read-only: the schema must be current already (the caller falls
		// back to Open, which migrates).
		if v, err := st.schemaVersion(); err != nil || v != SchemaVersion {
			st.Close()
			return nil, fmt.Errorf("opening database read-only: schema %d, want %d: %w", v, SchemaVersion, err)
		}
		// Without a sound index (it cannot be rebuilt here), searches scan.
		st.indexed, _ = searchIndexSound(db)
		return st, nil
	}
	if err := st.migrate(); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.ensureSearchIndex(progress); err != nil {
		st.Close()
		return nil, fmt.Errorf("building the search index: %w", err)
	}
	st.indexed = true
	if err := ensureListIndexes(db); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.pruneOldHistory(); err != nil {
		st.Close()
		return nil, fmt.Errorf("pruning history: %w", err)
	}
	return st, nil
}

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// Close closes the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Tx is a write transaction. All methods that change items go through it so
// that the derived columns and links always match the content.
type Tx struct {
	db *gorm.DB
	s  *Store
}

// Update runs fn in one immediate transaction; an error rolls it all back.
// The commit is logged for the other writers on this file (changes.go).
func (s *Store) Update(fn func(tx *Tx) error) error {
	return s.db.Transaction(func(db *gorm.DB) error {
		tx := &Tx{db: db, s: s}
		if err := fn(tx); err != nil {
			return err
		}
		return tx.logChange()
	})
}

// Get returns an item by uuid, tombstones included.
func (tx *Tx) Get(uuid string) (Item, error) { return getItem(tx.db, uuid) }

// Get returns an item by uuid, tombstones included.
func (s *Store) Get(uuid string) (Item, error) { return getItem(s.db, uuid) }

func getItem(db *gorm.DB, uuid string) (Item, error) {
	var it Item
	err := db.Where("uuid = ?", uuid).Take(&it).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Item{}, fmt.Errorf("item %s: %w", uuid, ErrNotFound)
	}
	return it, err
}

// put writes an item as given (after deriving its views) and replaces its
// tag-note links. It is the only path by which item rows are written.
func (tx *Tx) put(it *Item) error {
	if len(it.Content) > bigContent {
		return tx.putBig(it)
	}
	links := it.derive()
	if err := tx.db.Save(it).Error; err != nil {
		return fmt.Errorf("saving item %s: %w", it.UUID, err)
	}
	if err := tx.db.Where("owner = ?", it.UUID).Delete(&TagNote{}).Error; err != nil {
		return fmt.Errorf("clearing links of %s: %w", it.UUID, err)
	}
	// In batches: a tag may hold tens of thousands of notes, and one INSERT
	// of them all would pass SQLite's limit on bound variables.
	if len(links) > 0 {
		if err := tx.db.CreateInBatches(&links, linkBatch).Error; err != nil {
			return fmt.Errorf("saving links of %s: %w", it.UUID, err)
		}
	}
	return nil
}

// linkBatch is how many tag-note links one INSERT carries (three bound
// variables each, far below SQLite's 32,766).
const linkBatch = 1000

// putLocal writes a local change: dirty, with the change counter bumped.
func (tx *Tx) putLocal(it *Item) error {
	it.Dirty = true
	it.Changes++
	return tx.put(it)
}

// remove deletes an item row and its links outright (a tombstone the server
// has confirmed, or an item the server never had).
func (tx *Tx) remove(uuid string) error {
	if err := tx.db.Where("owner = ?", uuid).Delete(&TagNote{}).Error; err != nil {
		return err
	}
	return tx.db.Where("uuid = ?", uuid).Delete(&Item{}).Error
}

// IntegrityCheck runs SQLite's integrity check: "ok" when the file is sound,
// else what it found.
func (s *Store) IntegrityCheck() (string, error) {
	var msg string
	err := s.db.Raw("PRAGMA integrity_check").Row().Scan(&msg)
	return msg, err
}
