package model

import (
	"fmt"

	"gorm.io/gorm"
)

// View selects which notes a list shows.
type View int

// The views of the sidebar.
const (
	ViewAll View = iota
	ViewPinned
	ViewUntagged
	ViewTrash
	ViewTag
	// ViewConflicts lists the conflicted copies still to be reviewed
	// (archived ones too: a copy to review is never hidden).
	ViewConflicts
	// ViewArchived lists the archived notes (not trashed); the other views
	// but the Trash and Conflicts leave them out, as the official app does.
	ViewArchived
	// ViewStarred lists the starred notes that are neither archived nor
	// trashed.
	ViewStarred
)

// Sort orders a note list. Pinned notes always come first.
type Sort int

// Sort orders.
const (
	SortModified Sort = iota
	SortCreated
	SortTitle
)

// NoteQuery describes a note list.
type NoteQuery struct {
	View   View
	Tag    string // tag uuid, for ViewTag
	Search string // every word must occur in the title or the text, any case
	Sort   Sort
	Limit  int // 0: no limit
	// Archived adds the archived notes to a tag's view (the tag's
	// ShowArchived); other views ignore it.
	Archived bool
}

// NoteSummary is one row of a note list.
type NoteSummary struct {
	UUID         string
	Title        string
	Preview      string
	Pinned       bool
	Archived     bool
	Trashed      bool
	Starred      bool
	Locked       bool // "Prevent editing": title and text cannot change
	Protected    bool // opens only after the user confirms
	ConflictOf   string
	DecryptError string
	CreatedMs    int64
	ModifiedMs   int64
}

// Note is one note with its text and tags.
type Note struct {
	NoteSummary
	Text    string
	Tags    []TagSummary
	Content string // the whole content JSON
	Dirty   bool
	// NoteType is the note's type as the official app reads it (noteType,
	// or the type of its editor; "" for plain text): see noteTypeOf.
	NoteType string
	// TextEditable says whether the text may be edited as plain text; when
	// not, EditNote refuses a new text (ErrNotPlainText).
	TextEditable bool
	// Readable is the text as a person reads it: a Super note rendered from
	// its Lexical JSON, otherwise Text.
	Readable string
}

const summaryCols = "uuid, title, preview, pinned, archived, trashed, starred, locked, protected, conflict_of, decrypt_error, created_ms, modified_ms"

// noteFilter is the WHERE part of a note list, shared by list and count.
// The shelf is compared through the list indexes (see listIndexes) except
// where a few rows are found another way and then sorted: a tag's notes (by
// uuid) and a search the index narrows; there an ordered scan of every note
// would cost more (12.6 ms against 1.7 ms for a rare word at 30,000 notes).
func (s *Store) noteFilter(q NoteQuery) *gorm.DB {
	db := s.db.Model(&Item{}).
		Where("+content_type = ? AND +deleted = ?", TypeNote, false)
	db, narrowed := s.searchWords(db, q.Search)
	shelf := "shelf = ?"
	if narrowed || q.View == ViewTag {
		shelf = "+shelf = ?"
	}
	switch q.View {
	case ViewTrash:
		db = db.Where(shelf, ShelfTrash)
	case ViewArchived:
		db = db.Where(shelf, ShelfArchived)
	case ViewPinned:
		db = db.Where(shelf+" AND pinned = ?", ShelfNotes, true)
	case ViewStarred:
		db = db.Where(starredLive)
	case ViewConflicts:
		db = db.Where("+shelf <> ? AND conflict_of <> ''", ShelfTrash)
	case ViewUntagged:
		db = db.Where(shelf, ShelfNotes).Where("uuid NOT IN (?)", liveTagLinks(s.db).Select("tag_notes.note"))
	case ViewTag:
		if q.Archived {
			db = db.Where("+shelf <> ?", ShelfTrash)
		} else {
			db = db.Where(shelf, ShelfNotes)
		}
		db = db.Where("uuid IN (?)",
			liveTagLinks(s.db).Select("tag_notes.note").Where("tag_notes.tag = ?", q.Tag))
	default:
		db = db.Where(shelf, ShelfNotes)
	}
	return db
}

// ListNotes returns the notes of a view, filtered and sorted in SQL.
func (s *Store) ListNotes(q NoteQuery) ([]NoteSummary, error) {
	// Scanned by hand: GORM's reflection costs more than SQLite itself here,
	// and this runs on every view switch and search.
	rows, err := s.listQuery(q).Rows()
	if err != nil {
		return nil, fmt.Errorf("listing notes: %w", err)
	}
	defer rows.Close()
	var out []NoteSummary
	for rows.Next() {
		var n NoteSummary
		if err := rows.Scan(&n.UUID, &n.Title, &n.Preview, &n.Pinned, &n.Archived, &n.Trashed,
			&n.Starred, &n.Locked, &n.Protected, &n.ConflictOf, &n.DecryptError, &n.CreatedMs, &n.ModifiedMs); err != nil {
			return nil, fmt.Errorf("listing notes: %w", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing notes: %w", err)
	}
	return out, nil
}

// listQuery is a note list's query, sorted (in the order of a list index).
func (s *Store) listQuery(q NoteQuery) *gorm.DB {
	db := s.noteFilter(q).Select(summaryCols)
	order := "pinned DESC, modified_ms DESC, uuid"
	switch q.Sort {
	case SortCreated:
		order = "pinned DESC, created_ms DESC, uuid"
	case SortTitle:
		order = "pinned DESC, title COLLATE NOCASE, uuid"
	}
	db = db.Order(order)
	if q.Limit > 0 {
		db = db.Limit(q.Limit)
	}
	return db
}

// liveTagLinks are the links whose tag still exists and is not deleted.
func liveTagLinks(db *gorm.DB) *gorm.DB {
	return db.Table("tag_notes").
		Joins("JOIN items t ON t.uuid = tag_notes.tag AND t.content_type = ? AND t.deleted = ?", TypeTag, false)
}

// GetNote returns one live note with its text and tags.
func (s *Store) GetNote(uuid string) (Note, error) {
	it, err := s.Get(uuid)
	if err != nil {
		return Note{}, err
	}
	if it.Deleted || it.ContentType != TypeNote {
		return Note{}, fmt.Errorf("note %s: %w", uuid, ErrNotFound)
	}
	n := Note{NoteSummary: summaryOf(it), Content: it.Content, Dirty: it.Dirty}
	c := parseContent(it.Content)
	n.Text = c.str("text")
	n.NoteType = noteTypeOf(c)
	n.TextEditable = TextEditable(n.NoteType)
	n.Readable = readable(n.NoteType, n.Text, s.titleOf)
	n.Tags, err = s.tagsOfNote(uuid)
	return n, err
}

// titleOf is the title of a live item, for a Super note's inline links
// (a file's is its name), or "".
func (s *Store) titleOf(uuid string) string {
	it, err := s.Get(uuid)
	if err != nil || it.Deleted {
		return ""
	}
	if it.Title != "" {
		return it.Title
	}
	return parseContent(it.Content).str("name")
}

func summaryOf(it Item) NoteSummary {
	return NoteSummary{UUID: it.UUID, Title: it.Title, Preview: it.Preview, Pinned: it.Pinned,
		Archived: it.Archived, Trashed: it.Trashed, Starred: it.Starred, Locked: it.Locked,
		Protected: it.Protected, ConflictOf: it.ConflictOf,
		DecryptError: it.DecryptError, CreatedMs: it.CreatedMs, ModifiedMs: it.ModifiedMs}
}

// CreateNote makes a new note (dirty, so it syncs) and tags it.
func (s *Store) CreateNote(title, text string, tagUUIDs ...string) (Note, error) {
	now := FormatTime(s.Now())
	c := content{}
	c.set("title", title)
	c.set("text", text)
	c.set("references", []Reference{})
	c.setApp("client_updated_at", now)
	it := Item{UUID: NewUUID(), ContentType: TypeNote, Content: c.String(), ServerCreatedAt: now}
	err := s.Update(func(tx *Tx) error {
		if err := tx.putLocal(&it); err != nil {
			return err
		}
		for _, t := range tagUUIDs {
			if err := tx.addTag(it.UUID, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Note{}, err
	}
	return s.GetNote(it.UUID)
}

// NoteEdit lists the fields an edit changes; nil leaves a field alone.
type NoteEdit struct {
	Title    *string
	Text     *string
	Pinned   *bool
	Archived *bool
	Trashed  *bool
	Starred  *bool
	Locked   *bool
	// Protected is the official app's "Password protect": the note is
	// listed without a preview and opens only after the user confirms.
	Protected *bool
	// Force edits the title or text of a locked note (the command line's
	// --force); without it such an edit is refused with ErrLocked.
	Force bool
	// ClearConflict makes a conflicted copy an ordinary note (keep both).
	ClearConflict bool
	// Verbatim says Text is an earlier text of this same note (a restore
	// from its history), which its type reads back: allowed on a note whose
	// text is not editable as plain text.
	Verbatim bool
	// Base is the content JSON the edit started from (what the editor shows);
	// "" skips the check. If the stored note changed since in a field this
	// edit also changes, the edit still applies and the stored version is
	// kept as a conflicted copy (ErrKeptBoth): the text being typed stays
	// under the note, and no writer's text is dropped.
	Base string
}

// EditNote changes a note's title, text or flags and keeps every other field
// of its content as it was.
func (s *Store) EditNote(uuid string, e NoteEdit) error {
	keptBoth := false
	err := s.Update(func(tx *Tx) error {
		var err error
		keptBoth, err = tx.editNote(uuid, e)
		return err
	})
	if err == nil && keptBoth {
		return ErrKeptBoth
	}
	return err
}

// editNote is EditNote inside a transaction; keptBoth: the stored version
// was kept as a conflicted copy.
func (tx *Tx) editNote(uuid string, e NoteEdit) (keptBoth bool, err error) {
	it, err := tx.liveNote(uuid)
	if err != nil {
		return false, err
	}
	if err := tx.reviseBeforeEdit(it, e); err != nil {
		return false, err
	}
	c := parseContent(it.Content)
	if e.Text != nil && !e.Verbatim && !TextEditable(noteTypeOf(c)) {
		return false, fmt.Errorf("note %s is a %s note: %w", uuid, TypeName(noteTypeOf(c)), ErrNotPlainText)
	}
	if (e.Text != nil || e.Title != nil) && it.Locked && !e.Force && (e.Locked == nil || *e.Locked) {
		return false, fmt.Errorf("note %s: %w", uuid, ErrLocked)
	}
	if e.Base != "" && e.Base != it.Content && clashes(e, parseContent(e.Base), c) {
		if _, err := tx.CreateConflictCopy(uuid, TypeNote, it.Content, ""); err != nil {
			return false, err
		}
		keptBoth = true
	}
	if e.Title != nil {
		c.set("title", *e.Title)
	}
	if e.Text != nil {
		c.set("text", *e.Text)
	}
	if e.Trashed != nil {
		c.set("trashed", *e.Trashed)
	}
	if e.Pinned != nil {
		c.setApp("pinned", *e.Pinned)
	}
	if e.Archived != nil {
		c.setApp("archived", *e.Archived)
	}
	if e.Locked != nil {
		c.setApp("locked", *e.Locked)
	}
	if e.Starred != nil {
		c.set("starred", *e.Starred)
	}
	if e.Protected != nil {
		c.set("protected", *e.Protected)
	}
	if e.ClearConflict {
		delete(c, "conflict_of")
	}
	if e.Title != nil || e.Text != nil || e.Trashed != nil {
		c.setApp("client_updated_at", FormatTime(tx.s.Now()))
	}
	it.Content = c.String()
	return keptBoth, tx.putLocal(&it)
}

// reviseBeforeEdit keeps the text an edit of title or text is about to
// change in the history: always when the edit does not say what it started
// from (it replaces the text wholesale), else when a revision is due.
func (tx *Tx) reviseBeforeEdit(it Item, e NoteEdit) error {
	if e.Title == nil && e.Text == nil {
		return nil
	}
	if e.Base == "" {
		return tx.keepRevision(it, ReasonReplace)
	}
	due, err := tx.dueRevision(it)
	if err != nil || !due {
		return err
	}
	return tx.keepRevision(it, ReasonPause)
}

// clashes reports whether an edit based on base would overwrite a change made
// since (stored differs from base) in a field the edit changes to something
// else again.
func clashes(e NoteEdit, base, stored content) bool {
	for _, f := range []struct {
		key  string
		edit *string
	}{{"title", e.Title}, {"text", e.Text}} {
		if f.edit != nil && stored.str(f.key) != base.str(f.key) && *f.edit != stored.str(f.key) {
			return true
		}
	}
	return false
}

func (tx *Tx) liveNote(uuid string) (Item, error) { return tx.live(uuid, TypeNote, "note") }

// live returns an editable item of a content type: present, not deleted, decrypted.
func (tx *Tx) live(uuid, contentType, what string) (Item, error) {
	it, err := tx.Get(uuid)
	if err != nil {
		return Item{}, err
	}
	if it.Deleted || it.ContentType != contentType {
		return Item{}, fmt.Errorf("%s %s: %w", what, uuid, ErrNotFound)
	}
	if it.DecryptError != "" {
		return Item{}, fmt.Errorf("%s %s: %w", what, uuid, ErrReadOnly)
	}
	return it, nil
}

// DeleteForever deletes an item: a dirty tombstone for the next sync, or, if
// the server never had it, the row itself. References to it are removed from
// the tags (and notes) that held them.
func (s *Store) DeleteForever(uuid string) error {
	return s.Update(func(tx *Tx) error { return tx.deleteForever(uuid) })
}

func (tx *Tx) deleteForever(uuid string) error {
	it, err := tx.Get(uuid)
	if err != nil {
		return err
	}
	if it.Deleted {
		return nil
	}
	if err := tx.keepRevision(it, ReasonDeleted); err != nil {
		return err
	}
	if err := tx.dropReferencesTo(uuid); err != nil {
		return err
	}
	if it.ServerUpdatedAt == "" {
		return tx.remove(uuid)
	}
	it.Deleted = true
	it.Content, it.EncContent, it.EncItemKey, it.AuthHash, it.DecryptError = "", "", "", "", ""
	return tx.putLocal(&it)
}

// EmptyTrash deletes every trashed note forever and says how many.
func (s *Store) EmptyTrash() (int, error) {
	n := 0
	err := s.Update(func(tx *Tx) error {
		var uuids []string
		if err := tx.db.Model(&Item{}).Where("content_type = ? AND deleted = ? AND trashed = ?",
			TypeNote, false, true).Pluck("uuid", &uuids).Error; err != nil {
			return err
		}
		for _, u := range uuids {
			if err := tx.deleteForever(u); err != nil {
				return err
			}
		}
		n = len(uuids)
		return nil
	})
	return n, err
}

// dropReferencesTo removes uuid from the references of every live item that
// holds it, marking those items dirty.
func (tx *Tx) dropReferencesTo(uuid string) error {
	var holders []Item
	if err := tx.db.Where("deleted = ? AND content <> '' AND instr(content, ?) > 0", false, uuid).
		Find(&holders).Error; err != nil {
		return err
	}
	for i := range holders {
		if err := tx.dropReference(&holders[i], uuid); err != nil {
			return err
		}
	}
	return nil
}

// dropReference removes target from it's references; if it held one, the
// change is saved as a local edit.
func (tx *Tx) dropReference(it *Item, target string) error {
	c := parseContent(it.Content)
	refs := c.references()
	kept := make([]Reference, 0, len(refs))
	for _, r := range refs {
		if r.UUID != target {
			kept = append(kept, r)
		}
	}
	if len(kept) == len(refs) {
		return nil
	}
	c.setReferences(kept)
	it.Content = c.String()
	return tx.putLocal(it)
}
