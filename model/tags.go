package model

import (
	"fmt"
	"slices"
	"strings"
)

// TagSummary is a tag with the number of live notes it holds (neither
// trashed nor archived: the notes its view lists).
type TagSummary struct {
	UUID  string
	Title string
	Count int
	// ShowArchived is the tag's preferences.showArchived, as the official
	// app keeps it: its view lists its archived notes too (tagprefs.go).
	ShowArchived bool
}

// ListTags returns every live tag, by title, with its note count.
func (s *Store) ListTags() ([]TagSummary, error) {
	var out []TagSummary
	err := s.db.Raw(`
		SELECT t.uuid AS uuid, t.title AS title,
		       (SELECT COUNT(DISTINCT l.note) FROM tag_notes l
		          JOIN items n ON n.uuid = l.note AND n.content_type = ? AND n.deleted = 0 AND n.shelf = 0
		         WHERE l.tag = t.uuid) AS count,
		       CASE WHEN json_valid(t.content) THEN coalesce(json_extract(t.content, '$.preferences.showArchived') = 1, 0)
		            ELSE 0 END AS show_archived
		  FROM items t
		 WHERE t.content_type = ? AND t.deleted = 0 AND t.decrypt_error = ''
		 ORDER BY t.title COLLATE NOCASE, t.uuid`, TypeNote, TypeTag).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("listing tags: %w", err)
	}
	sortTags(out)
	return out, nil
}

// sortTags puts tags in natural order (tag2 before tag10); SQL's order,
// which breaks ties by uuid, stays among equal names.
func sortTags(tags []TagSummary) {
	slices.SortStableFunc(tags, func(a, b TagSummary) int { return NaturalCompare(a.Title, b.Title) })
}

func (s *Store) tagsOfNote(note string) ([]TagSummary, error) {
	var out []TagSummary
	err := s.db.Raw(`
		SELECT DISTINCT t.uuid AS uuid, t.title AS title FROM tag_notes l
		  JOIN items t ON t.uuid = l.tag AND t.content_type = ? AND t.deleted = 0
		 WHERE l.note = ? ORDER BY t.title COLLATE NOCASE`, TypeTag, note).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("tags of %s: %w", note, err)
	}
	sortTags(out)
	return out, nil
}

// TagByTitle finds a live tag by title, ignoring case.
func (s *Store) TagByTitle(title string) (TagSummary, error) {
	var out []TagSummary
	err := s.db.Model(&Item{}).Select("uuid, title").
		Where("content_type = ? AND deleted = ? AND lower(title) = lower(?)", TypeTag, false, strings.TrimSpace(title)).
		Order("uuid").Limit(1).Find(&out).Error
	if err != nil {
		return TagSummary{}, err
	}
	if len(out) == 0 {
		return TagSummary{}, fmt.Errorf("tag %q: %w", title, ErrNotFound)
	}
	return out[0], nil
}

// CreateTag makes a tag, or returns the existing tag of that title.
func (s *Store) CreateTag(title string) (TagSummary, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return TagSummary{}, fmt.Errorf("empty tag name: %w", ErrInvalid)
	}
	if t, err := s.TagByTitle(title); err == nil {
		return t, nil
	}
	c := content{}
	c.set("title", title)
	c.set("references", []Reference{})
	it := Item{UUID: NewUUID(), ContentType: TypeTag, Content: c.String(), ServerCreatedAt: FormatTime(s.Now())}
	if err := s.Update(func(tx *Tx) error { return tx.putLocal(&it) }); err != nil {
		return TagSummary{}, err
	}
	return TagSummary{UUID: it.UUID, Title: title}, nil
}

// RenameTag changes a tag's title.
func (s *Store) RenameTag(uuid, title string) error {
	title = strings.TrimSpace(title)
	if title == "" {
		return fmt.Errorf("empty tag name: %w", ErrInvalid)
	}
	return s.Update(func(tx *Tx) error {
		it, err := tx.liveTag(uuid)
		if err != nil {
			return err
		}
		c := parseContent(it.Content)
		c.set("title", title)
		it.Content = c.String()
		return tx.putLocal(&it)
	})
}

// DeleteTag deletes a tag; its notes stay.
func (s *Store) DeleteTag(uuid string) error {
	return s.Update(func(tx *Tx) error {
		if _, err := tx.liveTag(uuid); err != nil {
			return err
		}
		return tx.deleteForever(uuid)
	})
}

// AddTag puts a note in a tag (the tag references the note, as the 2019
// clients do).
func (s *Store) AddTag(note, tag string) error {
	return s.Update(func(tx *Tx) error { return tx.addTag(note, tag) })
}

// RemoveTag takes a note out of a tag, from whichever side held the link.
func (s *Store) RemoveTag(note, tag string) error {
	return s.Update(func(tx *Tx) error {
		for _, owner := range []string{tag, note} {
			it, err := tx.Get(owner)
			if err != nil {
				return err
			}
			if it.Deleted || it.Content == "" {
				continue
			}
			other := note
			if owner == note {
				other = tag
			}
			if err := tx.dropReference(&it, other); err != nil {
				return err
			}
		}
		return nil
	})
}

func (tx *Tx) addTag(note, tag string) error {
	if _, err := tx.liveNote(note); err != nil {
		return err
	}
	it, err := tx.liveTag(tag)
	if err != nil {
		return err
	}
	if len(it.Content) > bigContent {
		// A big tag: one entry appended and one link written, unless the
		// tag links the note already.
		if linked, err := tx.tagLinksNote(tag, note); err != nil || linked {
			return err
		}
		if ok, err := tx.appendTagReference(&it, note); ok || err != nil {
			return err
		}
	}
	c := parseContent(it.Content)
	refs := c.references()
	for _, r := range refs {
		if r.UUID == note {
			return nil
		}
	}
	c.setReferences(append(refs, Reference{UUID: note, ContentType: TypeNote}))
	it.Content = c.String()
	return tx.putLocal(&it)
}

func (tx *Tx) liveTag(uuid string) (Item, error) { return tx.live(uuid, TypeTag, "tag") }

// Counts are the sizes of the fixed sidebar views.
type Counts struct {
	All, Pinned, Untagged, Trash int
	Conflicts                    int // conflicted copies to review (not in the Trash)
	Archived, Starred            int
}

// ViewCounts counts the notes of each fixed view.
func (s *Store) ViewCounts() (Counts, error) {
	var c Counts
	for _, v := range []struct {
		view View
		dst  *int
	}{{ViewAll, &c.All}, {ViewPinned, &c.Pinned}, {ViewUntagged, &c.Untagged}, {ViewTrash, &c.Trash}, {ViewConflicts, &c.Conflicts},
		{ViewArchived, &c.Archived}, {ViewStarred, &c.Starred}} {
		n, err := s.CountNotes(NoteQuery{View: v.view})
		if err != nil {
			return c, err
		}
		*v.dst = n
	}
	return c, nil
}

// CountNotes counts what ListNotes would return.
func (s *Store) CountNotes(q NoteQuery) (int, error) {
	var n int64
	if err := s.noteFilter(q).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("counting notes: %w", err)
	}
	return int(n), nil
}
