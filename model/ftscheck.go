package model

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// The open-time check that the search index is in step with the items.
//
// The triggers keep the index in step with every write, but the index can
// still be damaged while its table and triggers stay: a tool runs FTS5's
// 'delete-all', a crash or a copy loses pages, someone deletes rows of its
// shadow tables, or a VACUUM by another program renumbers the items' rowids.
// Searches then silently miss notes, and edits may fail ("database disk
// image is malformed") when a trigger deletes an entry that is not there.
//
// FTS5's own 'integrity-check' would find most of this, but it reads the
// whole index: 0.56 s (rank 0) and 1.3 s (rank 1, against the items) at
// 100,000 short notes here, 77 and 159 ms at 10,000, on every start; and it
// passes an index whose term index (the _idx table) is empty, which finds
// nothing. So Open checks two cheap things instead (about 2.5 ms at 10,000
// or 100,000 notes; BenchmarkOpen100k):
//
//  1. counts: the index keeps one size record per entry (the _docsize
//     table); their count and rowid range must be the items'. This finds an
//     index emptied or with some entries missing or extra.
//  2. probes: a few items spread over the rowid range must each be found by
//     the start of its own text, at its own rowid. This finds an index whose
//     entries point at the wrong rows (rowids renumbered), whose segment or
//     term tables lost rows (a query then fails or finds nothing), or that
//     was emptied behind the size records.
//
// Damage that leaves the counts right and that no probe meets (a few
// segment pages lost, say) is not found at open; a search that then fails
// in the index falls back to the scan (narrowest), so results stay right.

// searchProbes is how many items the check looks up in the index, and
// probeRunes how much of each item's text: one trigram. Measured at
// 10,000 and 100,000 notes, the whole check cost 2.2-2.5 ms with 8 probes
// of one trigram, 3.4-7.2 ms with 8 or 4 probes of 6 characters (4
// trigrams, read with their positions as a phrase), 5-9 ms with 16 of one
// trigram. A renumbering moves (nearly) every row, so 8 probes of one
// trigram each find it unless all 8 other notes happen to hold it.
const (
	searchProbes = 8
	probeRunes   = 3
)

// searchIndexInStep reports whether the index's entries match the items by
// count and rowid range, and whether it finds each probed item by its own
// text. An error from the index itself (a damaged FTS5 table) is reported
// as not in step; errors reading the items table are returned.
func searchIndexInStep(db *gorm.DB) (bool, error) {
	var c struct{ Items, Entries, ItemsMin, ItemsMax, EntriesMin, EntriesMax int64 }
	err := db.Raw(`SELECT (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM search_index_docsize) AS entries,
		(SELECT coalesce(min(rowid), 0) FROM items) AS items_min, (SELECT coalesce(max(rowid), 0) FROM items) AS items_max,
		(SELECT coalesce(min(id), 0) FROM search_index_docsize) AS entries_min,
		(SELECT coalesce(max(id), 0) FROM search_index_docsize) AS entries_max`).Scan(&c).Error
	if err != nil {
		return false, nil // the shadow table is unreadable or gone: damaged
	}
	if c.Items != c.Entries || c.ItemsMin != c.EntriesMin || c.ItemsMax != c.EntriesMax {
		return false, nil
	}
	if c.Items == 0 {
		return true, nil
	}
	return probeSearchIndex(db, c.ItemsMin, c.ItemsMax)
}

// probeSearchIndex looks up searchProbes items, spread evenly between the
// rowids lo and hi, in the index by the start of their own text.
func probeSearchIndex(db *gorm.DB, lo, hi int64) (bool, error) {
	step := max((hi-lo)/searchProbes, 1)
	for at := lo; at <= hi; at += step {
		var row struct {
			Rowid  int64
			Prefix string
		}
		// Only the start of the text is read: a probe costs the same
		// whatever the note's length. length() >= 3 skips items without
		// enough text for a trigram (tags without a title, tombstones).
		err := db.Raw(`SELECT rowid, substr(search, 1, ?) AS prefix FROM items
			WHERE rowid >= ? AND length(substr(search, 1, 3)) = 3 ORDER BY rowid LIMIT 1`, probeRunes, at).
			Scan(&row).Error
		if err != nil {
			return false, fmt.Errorf("reading the items: %w", err)
		}
		if row.Rowid == 0 || utf8.RuneCountInString(row.Prefix) < 3 {
			return true, nil // no item with text at or after at
		}
		var found int
		phrase := `"` + strings.ReplaceAll(row.Prefix, `"`, `""`) + `"`
		// A range, not rowid = ?: FTS5 seeks to a range in each term's
		// list (0.2 ms at 100,000 notes) but reads the whole list for an
		// equality (12 ms for a trigram in every note).
		err = db.Raw(`SELECT count(*) FROM search_index WHERE search_index MATCH ? AND rowid >= ? AND rowid <= ?`,
			phrase, row.Rowid, row.Rowid).Scan(&found).Error
		if err != nil || found != 1 {
			return false, nil
		}
		if row.Rowid >= hi {
			break
		}
		at = max(at, row.Rowid)
	}
	return true, nil
}
