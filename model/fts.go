package model

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// The search index: an FTS5 table with the trigram tokenizer over the items'
// lowercase search column (title + text), kept in step by triggers on the
// items table, so every writer (edits, sync, import, delete, another
// process on the same file) updates it in the same transaction as the row.
// It is an external-content index (it stores no second copy of the text;
// its rows are the items' rowids), which costs about 3x the text on disk.
//
// The trigram index only narrows: a query still checks every word with
// instr(), so results are exactly those of the plain scan, and words of
// fewer than 3 characters (which trigrams cannot find) use the scan alone.
//
// Rowids of a table without an INTEGER PRIMARY KEY may change when the
// file is VACUUMed or a migration rebuilds the table, which would point the
// index at the wrong rows: wipe rebuilds it after its VACUUM, and every Open
// checks the index and its triggers and rebuilds them when one is missing
// or the index is out of step with the items (ftscheck.go).

const searchTable = "search_index"

var searchTriggers = []string{
	`CREATE TRIGGER IF NOT EXISTS items_search_ai AFTER INSERT ON items BEGIN
		INSERT INTO search_index(rowid, search) VALUES (new.rowid, new.search); END`,
	`CREATE TRIGGER IF NOT EXISTS items_search_ad AFTER DELETE ON items BEGIN
		INSERT INTO search_index(search_index, rowid, search) VALUES ('delete', old.rowid, old.search); END`,
	`CREATE TRIGGER IF NOT EXISTS items_search_au AFTER UPDATE OF search ON items BEGIN
		INSERT INTO search_index(search_index, rowid, search) VALUES ('delete', old.rowid, old.search);
		INSERT INTO search_index(rowid, search) VALUES (new.rowid, new.search); END`,
}

// IndexProgress is told how far a search index build has come, in items.
type IndexProgress func(done, total int)

// searchIndexReady reports whether the index table and its three triggers
// exist.
func searchIndexReady(db *gorm.DB) (bool, error) {
	var n int
	err := db.Raw(`SELECT count(*) FROM sqlite_master WHERE (type = 'table' AND name = ?)
		OR (type = 'trigger' AND name IN ('items_search_ai', 'items_search_ad', 'items_search_au'))`, searchTable).Scan(&n).Error
	return n == 4, err
}

// searchIndexSound reports whether the index table and its triggers exist
// and the index is in step with the items (ftscheck.go).
func searchIndexSound(db *gorm.DB) (bool, error) {
	if ok, err := searchIndexReady(db); err != nil || !ok {
		return false, err
	}
	return searchIndexInStep(db)
}

// ensureSearchIndex creates and fills the index when it or a trigger is
// missing (a database from before it, or one whose items table was
// rebuilt) or when it is out of step with the items (damaged), in one
// transaction, in batches so progress can be reported. The check runs
// first without a lock, and again inside the write transaction before a
// rebuild: another process writing during the first check cannot cause a
// needless rebuild, nor two processes rebuild one after the other.
func (s *Store) ensureSearchIndex(progress IndexProgress) error {
	if ok, err := searchIndexSound(s.db); err != nil || ok {
		return err
	}
	return s.Update(func(tx *Tx) error {
		if ok, err := searchIndexSound(tx.db); err != nil || ok {
			return err
		}
		return buildSearchIndex(tx.db, progress)
	})
}

// buildSearchIndex drops whatever is left of the index and its triggers
// and builds them again from the items. Dropping (rather than FTS5's
// 'rebuild') also works when the index's own tables are damaged.
func buildSearchIndex(db *gorm.DB, progress IndexProgress) error {
	for _, q := range []string{"DROP TRIGGER IF EXISTS items_search_ai", "DROP TRIGGER IF EXISTS items_search_ad",
		"DROP TRIGGER IF EXISTS items_search_au", "DROP TABLE IF EXISTS " + searchTable,
		`CREATE VIRTUAL TABLE ` + searchTable + ` USING fts5(search, content='items', content_rowid='rowid', tokenize='trigram')`} {
		if err := db.Exec(q).Error; err != nil {
			return fmt.Errorf("creating the search index: %w", err)
		}
	}
	var total int
	if err := db.Raw("SELECT count(*) FROM items").Scan(&total).Error; err != nil {
		return err
	}
	const batch = 5000
	last, done := int64(-1), 0
	for {
		var maxID *int64
		if err := db.Raw(`SELECT max(rowid) FROM (SELECT rowid FROM items WHERE rowid > ? ORDER BY rowid LIMIT ?)`, last, batch).
			Scan(&maxID).Error; err != nil {
			return err
		}
		if maxID == nil {
			break
		}
		res := db.Exec(`INSERT INTO search_index(rowid, search) SELECT rowid, search FROM items WHERE rowid > ? AND rowid <= ?`, last, *maxID)
		if res.Error != nil {
			return fmt.Errorf("filling the search index: %w", res.Error)
		}
		last, done = *maxID, done+int(res.RowsAffected)
		if progress != nil {
			progress(done, total)
		}
	}
	for _, q := range searchTriggers {
		if err := db.Exec(q).Error; err != nil {
			return fmt.Errorf("creating the search index: %w", err)
		}
	}
	return nil
}

// rebuildSearchIndex re-reads every row into the index (after a VACUUM).
func rebuildSearchIndex(db *gorm.DB) error {
	if ok, err := searchIndexReady(db); err != nil || !ok {
		return err
	}
	return db.Exec(`INSERT INTO search_index(search_index) VALUES ('rebuild')`).Error
}

// searchWords applies a search to a note filter: every word must occur in
// the search column; when one of the words of 3 or more characters is rare
// enough, the index narrows the rows to those holding it first.
// It reports whether the index narrowed them.
func (s *Store) searchWords(db *gorm.DB, search string) (*gorm.DB, bool) {
	var long []string
	for _, w := range strings.Fields(strings.ToLower(search)) {
		if s.indexed && utf8.RuneCountInString(w) >= 3 {
			long = append(long, w)
		}
		db = db.Where("instr(search, ?) > 0", w)
	}
	match, ok := s.narrowest(long)
	if ok {
		db = db.Where("items.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)", match)
	}
	return db, ok
}

// selectiveLimit: an index lookup that finds more rows than this is slower
// than the scan with the list's own order and limit (measured: a word in all
// of 100,000 notes took 415 ms for a first page through the index, against
// about 100 ms scanning), so such searches scan.
const selectiveLimit = 2000

// fewMatches ends the look for a narrower word: at this many rows the
// instr checks of the other words cost less than counting them.
const fewMatches = 100

// narrowest returns the MATCH expression of the word the index finds in the
// fewest rows, if that is at most selectiveLimit. Each word is counted alone,
// and only up to the best count so far: one MATCH of a common word ANDed with
// a rare one read the common word's whole doclist (8.5 ms at 100,000 notes,
// against 2.5 ms for the two counted apart). The instr checks keep every
// word's condition, so narrowing by one word leaves the result as it was.
func (s *Store) narrowest(words []string) (string, bool) {
	// Longest first: a longer word is usually rarer, and a rare one ends it.
	sort.SliceStable(words, func(i, j int) bool {
		return utf8.RuneCountInString(words[i]) > utf8.RuneCountInString(words[j])
	})
	best, bestN := "", selectiveLimit+1
	for _, w := range words {
		match := `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		n, err := s.countMatches(match, bestN)
		if err != nil {
			continue // that word scans; the instr checks still hold
		}
		if n < bestN {
			best, bestN = match, n
		}
		if bestN <= fewMatches {
			break
		}
	}
	return best, best != ""
}

// countMatches counts the rows match finds, stopping at limit.
func (s *Store) countMatches(match string, limit int) (int, error) {
	var n int
	err := s.db.Raw(`SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH ? LIMIT ?)`, match, limit).
		Scan(&n).Error
	return n, err
}
