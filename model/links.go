package model

import (
	"encoding/json"
	"fmt"
)

// Links of a big content are written by difference. The content's links
// are streamed into a scratch table (one uuid per link: the side that is not
// the owner), and two statements then delete the stored links it no longer
// declares and insert those it newly declares, in uuid order (which leaves
// the index pages full). A tag of a million references that changes one
// reference writes one link, not a million, and no Go value holds the list.

// stageBatch is how many uuids one statement puts into the scratch table
// (as one JSON parameter: the driver matches bound parameters by a linear
// scan, so thousands of them in one statement would cost more).
const stageBatch = 5000

// linkStage gathers the links one owner's content declares.
type linkStage struct {
	tx      *Tx
	owner   string
	byTag   bool // the owner is a tag (links name it as tag), else a note
	batch   []string
	created bool
	staged  int
	err     error
}

func (tx *Tx) newLinkStage(it *Item) *linkStage {
	return &linkStage{tx: tx, owner: it.UUID, byTag: it.ContentType == TypeTag}
}

// add stages one link (repeats are dropped by the table's key).
func (ls *linkStage) add(l TagNote) {
	other := l.Note
	if !ls.byTag {
		other = l.Tag
	}
	ls.batch = append(ls.batch, other)
	if len(ls.batch) >= stageBatch {
		ls.flush()
	}
}

func (ls *linkStage) flush() {
	if ls.err != nil || len(ls.batch) == 0 {
		ls.batch = ls.batch[:0]
		return
	}
	db := ls.tx.db
	if !ls.created {
		if ls.err = db.Exec(`CREATE TEMP TABLE IF NOT EXISTS link_stage (other TEXT PRIMARY KEY) WITHOUT ROWID`).Error; ls.err != nil {
			return
		}
		if ls.err = db.Exec(`DELETE FROM temp.link_stage`).Error; ls.err != nil {
			return
		}
		ls.created = true
	}
	safe := ls.batch[:0:0]
	for _, u := range ls.batch {
		if jsonSafe([]any{u}) {
			safe = append(safe, u)
		} else if ls.err = db.Exec(`INSERT OR IGNORE INTO temp.link_stage (other) VALUES (?)`, u).Error; ls.err != nil {
			return // a uuid JSON would alter goes in by itself, byte for byte
		}
	}
	js, err := json.Marshal(safe)
	if err == nil {
		err = db.Exec(`INSERT OR IGNORE INTO temp.link_stage (other) SELECT value FROM json_each(?)`, string(js)).Error
	}
	ls.err = err
	ls.staged += len(ls.batch)
	ls.batch = ls.batch[:0]
}

// apply makes the owner's stored links those staged; keep false drops the
// staged ones (the content declares none after all).
func (ls *linkStage) apply(keep bool) error {
	ls.flush()
	if ls.err != nil {
		return fmt.Errorf("staging the links of %s: %w", ls.owner, ls.err)
	}
	db := ls.tx.db
	if !keep || ls.staged == 0 {
		if ls.created {
			if err := db.Exec(`DELETE FROM temp.link_stage`).Error; err != nil {
				return err
			}
		}
		return db.Where("owner = ?", ls.owner).Delete(&TagNote{}).Error
	}
	o := ls.owner
	own, other := "tag", "note" // the owner's column, the staged one's
	if !ls.byTag {
		own, other = "note", "tag"
	}
	stmts := []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM tag_notes WHERE owner = ? AND (` + own + ` <> ? OR ` + other + ` NOT IN (SELECT other FROM temp.link_stage))`,
			[]any{o, o}},
		{`INSERT INTO tag_notes (owner, ` + own + `, ` + other + `) SELECT ?, ?, s.other FROM temp.link_stage s
			WHERE NOT EXISTS (SELECT 1 FROM tag_notes l WHERE l.owner = ? AND l.` + own + ` = ? AND l.` + other + ` = s.other)
			ORDER BY s.other`, []any{o, o, o, o}},
		{`DELETE FROM temp.link_stage`, nil},
	}
	for _, st := range stmts {
		if err := db.Exec(st.sql, st.args...).Error; err != nil {
			return fmt.Errorf("saving links of %s: %w", o, err)
		}
	}
	return nil
}

// putBig is put for a content longer than bigContent: its views are read by
// streaming and its links written by difference.
func (tx *Tx) putBig(it *Item) error {
	ls := tx.newLinkStage(it)
	keep := it.deriveStream(ls.add)
	if err := tx.db.Save(it).Error; err != nil {
		return fmt.Errorf("saving item %s: %w", it.UUID, err)
	}
	return ls.apply(keep)
}

// stageBigLinks writes the links of a big item stored by a batch (whose
// row the batch writes): its views are derived as it streams.
func (tx *Tx) stageBigLinks(it *Item) error {
	ls := tx.newLinkStage(it)
	return ls.apply(it.deriveStream(ls.add))
}

// appendTagReference adds a note to a tag by appending one entry to the
// references in its content text (appendReference): the rest of the content
// stays byte for byte, the list is not parsed, the views are unchanged, and
// one link is written. It reports false when the content is not laid out
// plainly enough to append to; nothing is written then.
func (tx *Tx) appendTagReference(tag *Item, note string) (bool, error) {
	c, ok := appendReference(tag.Content, Reference{UUID: note, ContentType: TypeNote})
	if !ok {
		return false, nil
	}
	tag.Content, tag.Dirty = c, true
	tag.Changes++
	// The views stay right: only the references changed, and they are no view.
	if err := tx.db.Save(tag).Error; err != nil {
		return false, fmt.Errorf("saving item %s: %w", tag.UUID, err)
	}
	err := tx.db.Exec(`INSERT OR IGNORE INTO tag_notes (owner, tag, note) VALUES (?, ?, ?)`, tag.UUID, tag.UUID, note).Error
	if err != nil {
		return false, fmt.Errorf("saving the link of %s: %w", tag.UUID, err)
	}
	return true, nil
}

// tagLinksNote reports whether tag's own references link it to note.
func (tx *Tx) tagLinksNote(tag, note string) (bool, error) {
	var n int64
	err := tx.db.Model(&TagNote{}).Where("owner = ? AND tag = ? AND note = ?", tag, tag, note).Count(&n).Error
	return n > 0, err
}

// appendAlongside is addReferencesAlongside for a big tag that links
// original: added is appended to its text unless it is linked already. It
// reports false when the slow path must decide (the tag does not link
// original, though its text names it; or its text is not laid out plainly).
func (tx *Tx) appendAlongside(h *Item, original, added string) (bool, error) {
	has, err := tx.tagLinksNote(h.UUID, original)
	if err != nil || !has {
		return false, err
	}
	if already, err := tx.tagLinksNote(h.UUID, added); err != nil || already {
		return already, err
	}
	return tx.appendTagReference(h, added)
}

// addReferencesStreaming adds the references of contentJSON (another tag's
// content) to the tag into, as addReferencesAdded does, when either is big:
// the incoming list is streamed into the scratch table, the notes into does
// not link yet are appended to its text in uuid order, and only their links
// are written. handled is false when the old path must decide (a reference
// to something other than a note, or a layout appendReferences leaves
// alone); nothing is written then.
func (tx *Tx) addReferencesStreaming(into *Item, contentJSON string) (added, handled bool, err error) {
	ls := tx.newLinkStage(into)
	onlyNotes := true
	refsOK := true
	add := func(r Reference) {
		switch {
		case r.ContentType != TypeNote:
			onlyNotes = false
		case r.UUID != into.UUID:
			ls.add(TagNote{Tag: into.UUID, Note: r.UUID})
		}
	}
	if len(contentJSON) > bigContent {
		_, refsOK = scanContent(contentJSON, add)
	} else {
		for _, r := range parseContent(contentJSON).references() {
			add(r)
		}
	}
	ls.flush()
	if ls.err != nil {
		return false, false, fmt.Errorf("staging references for %s: %w", into.UUID, ls.err)
	}
	defer func() {
		if ls.created {
			if derr := tx.db.Exec(`DELETE FROM temp.link_stage`).Error; err == nil {
				err = derr
			}
		}
	}()
	if !ls.created || !refsOK {
		return false, true, nil // nothing to add (references() of a broken list is none)
	}
	if !onlyNotes {
		return false, false, nil
	}
	var fresh []string
	err = tx.db.Raw(`SELECT other FROM temp.link_stage s WHERE NOT EXISTS
		(SELECT 1 FROM tag_notes l WHERE l.owner = ? AND l.tag = ? AND l.note = s.other) ORDER BY other`,
		into.UUID, into.UUID).Scan(&fresh).Error
	if err != nil || len(fresh) == 0 {
		return false, err == nil, err
	}
	refs := make([]Reference, len(fresh))
	for i, u := range fresh {
		refs[i] = Reference{UUID: u, ContentType: TypeNote}
	}
	c, ok := appendReferences(into.Content, refs)
	if !ok {
		return false, false, nil
	}
	into.Content, into.Dirty = c, true
	into.Changes++
	if err := tx.db.Save(into).Error; err != nil {
		return false, false, fmt.Errorf("saving item %s: %w", into.UUID, err)
	}
	err = tx.db.Exec(`INSERT OR IGNORE INTO tag_notes (owner, tag, note) SELECT ?, ?, other FROM temp.link_stage ORDER BY other`,
		into.UUID, into.UUID).Error
	if err != nil {
		return false, false, fmt.Errorf("saving links of %s: %w", into.UUID, err)
	}
	return true, true, nil
}
