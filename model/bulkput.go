package model

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// itemColumns are the items table's columns in the order itemArgs gives
// their values. TestItemColumnsMatchSchema keeps it equal to the GORM schema,
// so a new Item field cannot be silently left out of bulk writes.
var itemColumns = []string{
	"uuid", "content_type", "content", "enc_content", "enc_item_key", "auth_hash", "items_key_id", "sealed_by", "extra",
	"server_created_at", "server_updated_at", "deleted", "dirty", "changes", "decrypt_error", "base_hash",
	"title", "preview", "search", "pinned", "archived", "trashed", "starred", "locked", "protected", "shelf",
	"conflict_of", "created_ms", "modified_ms",
}

func itemArgs(it *Item) []any {
	return []any{
		it.UUID, it.ContentType, it.Content, it.EncContent, it.EncItemKey, it.AuthHash, it.ItemsKeyID, it.SealedBy, it.Extra,
		it.ServerCreatedAt, it.ServerUpdatedAt, it.Deleted, it.Dirty, it.Changes, it.DecryptError, it.BaseHash,
		it.Title, it.Preview, it.Search, it.Pinned, it.Archived, it.Trashed, it.Starred, it.Locked, it.Protected, it.Shelf,
		it.ConflictOf, it.CreatedMs, it.ModifiedMs,
	}
}

// upsertTail replaces every column of an existing row with the new values:
// what GORM's OnConflict{UpdateAll} writes.
var upsertTail = func() string {
	sets := make([]string, 0, len(itemColumns)-1)
	for _, c := range itemColumns[1:] {
		sets = append(sets, c+"=excluded."+c)
	}
	return " ON CONFLICT(uuid) DO UPDATE SET " + strings.Join(sets, ",")
}()

// upsertFromJSONSQL inserts the rows of one JSON array parameter, each row an
// array of the item's values in itemColumns order.
var upsertFromJSONSQL = func() string {
	picks := make([]string, len(itemColumns))
	for i := range itemColumns {
		picks[i] = "v->>" + strconv.Itoa(i)
	}
	return "WITH r(v) AS MATERIALIZED (SELECT value FROM json_each(?)) INSERT INTO items (" +
		strings.Join(itemColumns, ",") + ") SELECT " + strings.Join(picks, ",") + " FROM r WHERE true" + upsertTail
}()

var upsertOneSQL = "INSERT INTO items (" + strings.Join(itemColumns, ",") + ") VALUES (?" +
	strings.Repeat(",?", len(itemColumns)-1) + ")" + upsertTail

// upsertItems writes items (their views already derived) in one statement
// whose only parameter is the rows as JSON. Why not GORM's multi-row batches:
// the SQLite driver matches each bound parameter to its argument by a linear
// scan, so a statement of 100 rows x 23 columns costs millions of
// comparisons; and statements of one row each are parsed anew and make the
// search index flush a segment per row. A row JSON could alter (a string
// that is not valid UTF-8, which encoding/json replaces, or holds a NUL) is
// written by itself with bound parameters instead, byte for byte.
func (tx *Tx) upsertItems(items []Item) error {
	rows := make([][]any, 0, len(items))
	for i := range items {
		args := itemArgs(&items[i])
		if !jsonSafe(args) {
			if err := tx.db.Exec(upsertOneSQL, args...).Error; err != nil {
				return fmt.Errorf("storing item %s: %w", items[i].UUID, err)
			}
			continue
		}
		rows = append(rows, args)
	}
	if len(rows) == 0 {
		return nil
	}
	js, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("encoding items to store: %w", err)
	}
	if err := tx.db.Exec(upsertFromJSONSQL, string(js)).Error; err != nil {
		return fmt.Errorf("storing %d items: %w", len(rows), err)
	}
	return nil
}

// jsonSafe: every string survives a trip through JSON into SQLite unchanged,
// and is short enough that the trip costs little. A big content (a tag of
// a million references) escaped into JSON and read back by SQLite's JSON
// functions grew to gigabytes of memory; bound, it is copied once.
func jsonSafe(args []any) bool {
	for _, a := range args {
		if s, ok := a.(string); ok && (len(s) > bigContent || !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0) {
			return false
		}
	}
	return true
}
