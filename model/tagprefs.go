package model

import "encoding/json"

// A tag's view leaves archived notes out, as every view but Archived does;
// the official app lets a tag show them on request, kept in the tag's
// content as preferences.showArchived beside its other view preferences
// (sortBy, sortReverse, hidePinned…), which sfnotes keeps as they are.

// SetTagShowArchived sets whether a tag's view lists its archived notes
// too; it syncs, so the official app's view of the tag follows.
func (s *Store) SetTagShowArchived(uuid string, on bool) error {
	return s.Update(func(tx *Tx) error {
		it, err := tx.liveTag(uuid)
		if err != nil {
			return err
		}
		c := parseContent(it.Content)
		var prefs map[string]json.RawMessage
		_ = json.Unmarshal(c["preferences"], &prefs)
		if prefs == nil {
			prefs = map[string]json.RawMessage{}
		}
		prefs["showArchived"], _ = json.Marshal(on)
		c.set("preferences", prefs)
		it.Content = c.String()
		return tx.putLocal(&it)
	})
}

// TagShowsArchived reports a tag's preferences.showArchived (false for a
// tag that is not there).
func (s *Store) TagShowsArchived(uuid string) bool {
	it, err := s.Get(uuid)
	if err != nil {
		return false
	}
	var prefs struct {
		ShowArchived bool `json:"showArchived"`
	}
	_ = json.Unmarshal(parseContent(it.Content)["preferences"], &prefs)
	return prefs.ShowArchived
}
