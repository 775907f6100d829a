package model

import (
	"fmt"
	"strings"
)

// One tag per name: tags are matched by title, ignoring case and the spaces
// around it. Merging a tag into another gives the survivor every note of
// both and deletes the other (a tombstone that syncs), so that importing
// another device's export, or renaming a tag to a name already in use,
// leaves one "Work" tag, not two.

// SameTagTitle reports whether two tag titles name the same tag.
func SameTagTitle(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// TagTitle is the title in a tag's content JSON.
func TagTitle(contentJSON string) string {
	if len(contentJSON) > bigContent {
		c, _ := scanContent(contentJSON, nil) // the title, without a copy of the references
		return c.str("title")
	}
	return parseContent(contentJSON).str("title")
}

// TagByTitle finds a live tag by title, ignoring case, in the transaction.
func (tx *Tx) TagByTitle(title string) (TagSummary, error) {
	var out []TagSummary
	err := tx.db.Model(&Item{}).Select("uuid, title").
		Where("content_type = ? AND deleted = ? AND decrypt_error = '' AND lower(title) = lower(?)",
			TypeTag, false, strings.TrimSpace(title)).
		Order("uuid").Limit(1).Find(&out).Error
	if err != nil {
		return TagSummary{}, err
	}
	if len(out) == 0 {
		return TagSummary{}, fmt.Errorf("tag %q: %w", title, ErrNotFound)
	}
	return out[0], nil
}

// MergeTags gives tag into every note of tag from and deletes from. Notes
// that reference from themselves (the 0.10.0 layout) reference into
// instead. Both changes are local edits that sync.
func (s *Store) MergeTags(into, from string) error {
	if into == from {
		return fmt.Errorf("merging a tag into itself: %w", ErrInvalid)
	}
	return s.Update(func(tx *Tx) error { return tx.mergeTags(into, from) })
}

func (tx *Tx) mergeTags(into, from string) error {
	src, err := tx.liveTag(from)
	if err != nil {
		return err
	}
	if _, err := tx.mergeReferences(into, src.Content); err != nil {
		return err
	}
	var holders []Item
	if err := tx.db.Where("content_type = ? AND deleted = ? AND decrypt_error = '' AND instr(content, ?) > 0",
		TypeNote, false, from).Find(&holders).Error; err != nil {
		return err
	}
	for i := range holders {
		c := parseContent(holders[i].Content)
		if !rewriteReferences(c, map[string]string{from: into}) {
			continue
		}
		holders[i].Content = c.String()
		if err := tx.putLocal(&holders[i]); err != nil {
			return err
		}
	}
	return tx.deleteForever(from)
}

// addReferencesAdded adds refs to item uuid's references, each once, and
// reports whether any was new.
func (tx *Tx) addReferencesAdded(uuid string, refs []Reference) (bool, error) {
	it, err := tx.liveTag(uuid)
	if err != nil {
		return false, err
	}
	c := parseContent(it.Content)
	have := c.references()
	seen := make(map[string]bool, len(have))
	for _, r := range have {
		seen[r.UUID] = true
	}
	added := false
	for _, r := range refs {
		if !seen[r.UUID] && r.UUID != uuid {
			seen[r.UUID] = true
			have = append(have, r)
			added = true
		}
	}
	if !added {
		return false, nil
	}
	c.setReferences(have)
	it.Content = c.String()
	return true, tx.putLocal(&it)
}

// rewriteReferences points c's references named in m at their new uuids
// (dropping a reference that would then repeat); it reports a change.
func rewriteReferences(c content, m map[string]string) bool {
	refs := c.references()
	out := make([]Reference, 0, len(refs))
	seen := map[string]bool{}
	changed := false
	for _, r := range refs {
		if to, ok := m[r.UUID]; ok {
			r.UUID, changed = to, true
		}
		if seen[r.UUID] {
			changed = true
			continue
		}
		seen[r.UUID] = true
		out = append(out, r)
	}
	if changed {
		c.setReferences(out)
	}
	return changed
}

// RewriteContentReferences is rewriteReferences on a content JSON string.
func RewriteContentReferences(contentJSON string, m map[string]string) string {
	if len(m) == 0 {
		return contentJSON // nothing to rewrite: no need to parse a big list
	}
	c := parseContent(contentJSON)
	if !rewriteReferences(c, m) {
		return contentJSON
	}
	return c.String()
}

// MergeTagContents returns tag content a with the references of b added.
func MergeTagContents(a, b string) string {
	ca := parseContent(a)
	refs := ca.references()
	seen := map[string]bool{}
	for _, r := range refs {
		seen[r.UUID] = true
	}
	for _, r := range parseContent(b).references() {
		if !seen[r.UUID] {
			seen[r.UUID] = true
			refs = append(refs, r)
		}
	}
	ca.setReferences(refs)
	return ca.String()
}

// MergeTagInto adds the references of a tag content to the live local tag
// into (an import meeting a tag of the same name); it reports whether any
// was new.
func (tx *Tx) MergeTagInto(into, contentJSON string) (bool, error) {
	return tx.mergeReferences(into, contentJSON)
}

// mergeReferences adds the references of a tag content to the live tag
// into, each once; a big list on either side is streamed and appended
// (addReferencesStreaming) instead of both being parsed and rewritten.
func (tx *Tx) mergeReferences(into, contentJSON string) (bool, error) {
	it, err := tx.liveTag(into)
	if err != nil {
		return false, err
	}
	if len(it.Content) > bigContent || len(contentJSON) > bigContent {
		if added, handled, err := tx.addReferencesStreaming(&it, contentJSON); handled || err != nil {
			return added, err
		}
	}
	return tx.addReferencesAdded(into, parseContent(contentJSON).references())
}
