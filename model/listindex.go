package model

import (
	"fmt"

	"gorm.io/gorm"
)

// The list indexes hold the notes in the window's three orders, after
// the shelf: a list is of the notes, the archive or the trash (Item.Shelf),
// then pinned first, then by modified
// time, creation time or title. The window shows a long list's first 200
// rows before it reads the rest; without an index in that order SQLite read
// and sorted every note for those 200 rows (150 ms at 30,000 notes, against
// 1.3 ms through the index, in one run). They cost storing: 10,000
// received notes took about 10% longer (1,152 -> 1,275 ms, the mean of five
// alternating runs each, noisy), a small part of a first sync.
//
// The note filter keeps SQLite off the single-column indexes on content_type
// and deleted (every note has the same values there, so they narrow
// nothing) with a unary plus, which leaves the planner these.
//
// The shelf is one column rather than trashed and archived side by side:
// with both in an index, the trash (archived or not) would be two ranges and
// its list sorted anew; with neither, the archive's first page would read
// every live note.
var listIndexes = []string{
	`DROP INDEX IF EXISTS items_list_modified`, // before the shelf: on trashed
	`DROP INDEX IF EXISTS items_list_created`,
	`DROP INDEX IF EXISTS items_list_title`,
	`CREATE INDEX IF NOT EXISTS items_shelf_modified ON items(shelf, pinned DESC, modified_ms DESC, uuid)`,
	`CREATE INDEX IF NOT EXISTS items_shelf_created ON items(shelf, pinned DESC, created_ms DESC, uuid)`,
	`CREATE INDEX IF NOT EXISTS items_shelf_title ON items(shelf, pinned DESC, title COLLATE NOCASE, uuid)`,
	// The Starred view: through the shelf indexes its first page read every
	// live note until it met 200 starred ones (15.8 ms at 100,000 notes, 2%
	// starred); these partial indexes hold only the starred notes. Its query
	// names the same literal condition, which is what lets SQLite use them,
	// and compares the shelf with a unary plus, which keeps SQLite off the
	// shelf indexes (it preferred them, guessing without statistics).
	`CREATE INDEX IF NOT EXISTS items_starred_modified ON items(pinned DESC, modified_ms DESC, uuid) WHERE starred = 1`,
	`CREATE INDEX IF NOT EXISTS items_starred_created ON items(pinned DESC, created_ms DESC, uuid) WHERE starred = 1`,
	`CREATE INDEX IF NOT EXISTS items_starred_title ON items(pinned DESC, title COLLATE NOCASE, uuid) WHERE starred = 1`,
}

// starredLive selects the starred notes that are neither archived nor
// trashed (see the Starred indexes above).
const starredLive = "starred = 1 AND +shelf = 0"

// ensureListIndexes creates the list indexes a database lacks (once, at the
// first Open after an update).
func ensureListIndexes(db *gorm.DB) error {
	for _, q := range listIndexes {
		if err := db.Exec(q).Error; err != nil {
			return fmt.Errorf("creating the list indexes: %w", err)
		}
	}
	return nil
}
