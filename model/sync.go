package model

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// DirtyItems returns up to limit items with local changes, oldest change
// first. Each carries its Changes counter: pass it back to MarkSaved.
func (s *Store) DirtyItems(limit int) ([]Item, error) {
	var out []Item
	db := s.db.Where("dirty = ?", true).Order("modified_ms, uuid")
	if limit > 0 {
		db = db.Limit(limit)
	}
	if err := db.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("reading dirty items: %w", err)
	}
	return out, nil
}

// DirtyCount is the number of items with changes not yet synced.
func (s *Store) DirtyCount() (int, error) {
	var n int64
	err := s.db.Model(&Item{}).Where("dirty = ?", true).Count(&n).Error
	return int(n), err
}

// ConflictCount is the number of live conflicted copies.
func (s *Store) ConflictCount() (int, error) {
	var n int64
	err := s.db.Model(&Item{}).Where("deleted = ? AND conflict_of <> ''", false).Count(&n).Error
	return int(n), err
}

// UndecryptableCount is the number of items kept encrypted.
func (s *Store) UndecryptableCount() (int, error) {
	var n int64
	err := s.db.Model(&Item{}).Where("decrypt_error <> ''").Count(&n).Error
	return int(n), err
}

// AllItems returns every item, tombstones included, ordered by uuid.
func (s *Store) AllItems() ([]Item, error) {
	var out []Item
	err := s.db.Order("uuid").Find(&out).Error
	return out, err
}

// Remote is an item as received from a server (or an import), already
// decrypted when it could be.
type Remote struct {
	UUID         string
	ContentType  string
	Content      string // decrypted JSON; "" if deleted or undecryptable
	EncContent   string
	EncItemKey   string
	AuthHash     string
	ItemsKeyID   string
	SealedBy     string // a 004 items key's opener (see Item.SealedBy)
	Extra        string // the item's unknown fields as JSON (see Item.Extra)
	CreatedAt    string
	UpdatedAt    string
	Deleted      bool
	DecryptError string
	// Reencrypt marks an item that decrypted only with the account's keys
	// from before a password change: it is stored as a local change, so that
	// the next sync uploads it under the current keys.
	Reencrypt bool
}

// ApplyRemote stores a retrieved item unless the local copy is dirty (a dirty
// local item is never overwritten by retrieved data). A deleted item removes
// the local row. It reports whether anything changed.
func (tx *Tx) ApplyRemote(r Remote) (bool, error) {
	local, err := tx.Get(r.UUID)
	exists := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return false, err
	}
	if exists && local.Dirty {
		return false, nil
	}
	if exists && (r.Deleted || (r.DecryptError == "" && !sameText(local.Content, r.Content))) {
		if err := tx.keepRevision(local, ReasonSync); err != nil {
			return false, err
		}
	}
	if r.Deleted {
		if !exists {
			return false, nil
		}
		return true, tx.remove(r.UUID)
	}
	it := Item{UUID: r.UUID, ContentType: r.ContentType, Content: r.Content,
		EncContent: r.EncContent, EncItemKey: r.EncItemKey, AuthHash: r.AuthHash, ItemsKeyID: r.ItemsKeyID,
		ServerCreatedAt: r.CreatedAt, ServerUpdatedAt: r.UpdatedAt, DecryptError: r.DecryptError, Extra: r.Extra}
	if exists {
		it.Changes = local.Changes
	}
	if r.DecryptError == "" {
		it.EncContent, it.EncItemKey, it.AuthHash, it.ItemsKeyID = "", "", "", ""
		it.SealedBy = r.SealedBy
		it.BaseHash = ContentHash(r.Content)
		if r.Reencrypt {
			return true, tx.putLocal(&it)
		}
	} else if exists {
		// The server's copy cannot be read (tampered, or other keys): keep the
		// text we could read, mark the item, and make it read-only so that it
		// is never uploaded over the server's copy.
		it.Content = local.Content
	}
	return true, tx.put(&it)
}

// MarkSaved merges the metadata the server returned for an item we uploaded
// with counter sent. Content is never touched: the user may have typed more
// since the request left. Dirty is cleared only if nothing changed meanwhile.
func (tx *Tx) MarkSaved(uuid string, sent int64, createdAt, updatedAt string) error {
	return tx.setServerTimes(uuid, &sent, createdAt, updatedAt)
}

// SetExtra records the unknown fields the server gave an item (see
// Item.Extra); "" leaves them as they are.
func (tx *Tx) SetExtra(uuid, extra string) error {
	if extra == "" {
		return nil
	}
	return tx.db.Model(&Item{}).Where("uuid = ?", uuid).Update("extra", extra).Error
}

// SetServerTimes adopts the server's timestamps for an item that stays dirty
// (a conflict kept the local version, which is re-sent with them).
func (tx *Tx) SetServerTimes(uuid, createdAt, updatedAt string) error {
	return tx.setServerTimes(uuid, nil, createdAt, updatedAt)
}

func (tx *Tx) setServerTimes(uuid string, sent *int64, createdAt, updatedAt string) error {
	it, err := tx.Get(uuid)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if sent != nil && it.Deleted && it.Changes == *sent {
		return tx.remove(uuid) // the server has the tombstone
	}
	if createdAt != "" {
		it.ServerCreatedAt = createdAt
	}
	if updatedAt != "" {
		it.ServerUpdatedAt = updatedAt
	}
	if sent != nil && it.Changes == *sent {
		// Unchanged since it was sent: what we sent is the current content,
		// and the server now holds it.
		it.Dirty = false
		it.BaseHash = ContentHash(it.Content)
	}
	it.deriveStream(nil) // only the time columns can change; the links stay as they are
	return tx.db.Model(&Item{}).Where("uuid = ?", uuid).Updates(map[string]any{
		"server_created_at": it.ServerCreatedAt, "server_updated_at": it.ServerUpdatedAt,
		"dirty": it.Dirty, "created_ms": it.CreatedMs, "modified_ms": it.ModifiedMs, "base_hash": it.BaseHash}).Error
}

// ForceRemote stores a server item over the local one even if it is dirty:
// a resolved conflict decided the server's version stays (the local text was
// saved as a conflicted copy first).
func (tx *Tx) ForceRemote(r Remote) error {
	local, err := tx.Get(r.UUID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if err == nil && local.Dirty {
		if err := tx.db.Model(&Item{}).Where("uuid = ?", r.UUID).Update("dirty", false).Error; err != nil {
			return err
		}
	}
	_, err = tx.ApplyRemote(r)
	return err
}

// LocalState is the little the merge rules need to know of a local item.
type LocalState struct {
	UUID       string
	Dirty      bool
	Deleted    bool
	ModifiedMs int64
}

// LocalStates returns the state of those uuids that exist locally.
func (tx *Tx) LocalStates(uuids []string) (map[string]LocalState, error) {
	out := make(map[string]LocalState, len(uuids))
	for start := 0; start < len(uuids); start += batchSize {
		var rows []LocalState
		chunk := uuids[start:min(start+batchSize, len(uuids))]
		if err := tx.db.Model(&Item{}).Select("uuid, dirty, deleted, modified_ms").
			Where("uuid IN ?", chunk).Find(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.UUID] = r
		}
	}
	return out, nil
}

// CreateConflictCopy stores content as a new dirty item whose conflict_of
// names original; every live item that references original references the
// copy too. It returns the copy's uuid. A copy of the very same version
// that exists already is that copy: a conflict met again (a retried upload,
// a server that keeps refusing) never makes a second one.
func (tx *Tx) CreateConflictCopy(original, contentType, contentJSON, createdAt string) (string, error) {
	c := parseContent(contentJSON)
	c.set("conflict_of", original)
	var same []string
	if err := tx.db.Model(&Item{}).Where("conflict_of = ? AND deleted = ? AND content = ?", original, false, c.String()).
		Limit(1).Pluck("uuid", &same).Error; err != nil {
		return "", err
	}
	if len(same) > 0 {
		return same[0], nil
	}
	copyUUID := NewUUID()
	if createdAt == "" {
		createdAt = FormatTime(tx.s.Now())
	}
	it := Item{UUID: copyUUID, ContentType: contentType, Content: c.String(), ServerCreatedAt: createdAt}
	if err := tx.putLocal(&it); err != nil {
		return "", err
	}
	return copyUUID, tx.addReferencesAlongside(original, copyUUID, contentType)
}

// addReferencesAlongside makes every live item that references original
// reference added as well.
func (tx *Tx) addReferencesAlongside(original, added, addedType string) error {
	var holders []Item
	if err := tx.db.Where("deleted = ? AND content <> '' AND uuid <> ? AND instr(content, ?) > 0",
		false, added, original).Find(&holders).Error; err != nil {
		return err
	}
	for i := range holders {
		h := &holders[i]
		if h.ContentType == TypeTag && addedType == TypeNote && len(h.Content) > bigContent {
			// A big tag: one entry appended, not the list parsed and rewritten.
			if done, err := tx.appendAlongside(h, original, added); done || err != nil {
				if err != nil {
					return err
				}
				continue
			}
		}
		c := parseContent(h.Content)
		refs := c.references()
		has, hasAdded := false, false
		for _, r := range refs {
			has = has || r.UUID == original
			hasAdded = hasAdded || r.UUID == added
		}
		if !has || hasAdded {
			continue
		}
		c.setReferences(append(refs, Reference{UUID: added, ContentType: addedType}))
		h.Content = c.String()
		if err := tx.putLocal(h); err != nil {
			return err
		}
	}
	return nil
}

// ChangeUUID moves a local item to a new uuid (the server said the uuid is
// taken) and re-points every reference to it. The moved item is dirty and
// new to the server. It returns the new uuid.
func (tx *Tx) ChangeUUID(old string) (string, error) {
	it, err := tx.Get(old)
	if err != nil {
		return "", err
	}
	newUUID := NewUUID()
	if err := tx.remove(old); err != nil {
		return "", err
	}
	it.UUID = newUUID
	it.ServerUpdatedAt = ""
	if err := tx.putLocal(&it); err != nil {
		return "", err
	}
	var holders []Item
	if err := tx.db.Where("deleted = ? AND content <> '' AND instr(content, ?) > 0", false, old).
		Find(&holders).Error; err != nil {
		return "", err
	}
	for i := range holders {
		h := &holders[i]
		// A quoted uuid only occurs as a value: a reference or conflict_of.
		h.Content = strings.ReplaceAll(h.Content, `"`+old+`"`, `"`+newUUID+`"`)
		if err := tx.putLocal(h); err != nil {
			return "", err
		}
	}
	return newUUID, nil
}

// MarkAllDirty marks every live item dirty, so that the next sync uploads
// everything (after a password change re-wraps every item key).
func (tx *Tx) MarkAllDirty() error {
	return tx.db.Model(&Item{}).Where("deleted = ? AND decrypt_error = ''", false).
		Updates(map[string]any{"dirty": true, "changes": gorm.Expr("changes + 1")}).Error
}

// SetSealedBy records which root key (by its pw_nonce) seals the given items
// keys on the server, once the server has saved them as this device sealed
// them. Nothing else of the rows changes.
func (tx *Tx) SetSealedBy(uuids []string, nonce string) error {
	if len(uuids) == 0 {
		return nil
	}
	return tx.db.Model(&Item{}).Where("uuid IN ?", uuids).Update("sealed_by", nonce).Error
}

// MarkTypeDirty marks every readable item of one content type dirty: a 004
// password change re-encrypts only the items keys.
func (tx *Tx) MarkTypeDirty(contentType string) error {
	return tx.db.Model(&Item{}).Where("deleted = ? AND decrypt_error = '' AND content_type = ?", false, contentType).
		Updates(map[string]any{"dirty": true, "changes": gorm.Expr("changes + 1")}).Error
}

// Account returns the account row; ok is false when nobody is signed in.
func (s *Store) Account() (acct Account, ok bool, err error) {
	err = s.db.Where("id = ?", 1).Take(&acct).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Account{}, false, nil
	}
	return acct, err == nil, err
}

// SaveAccount writes the account row.
func (s *Store) SaveAccount(a Account) error {
	return s.Update(func(tx *Tx) error { return tx.SaveAccount(a) })
}

// SaveAccount writes the account row inside a transaction.
// Saving an account raises its key floor to its params (see KeyFloor).
func (tx *Tx) SaveAccount(a Account) error {
	a.ID = 1
	if err := tx.raiseFloor(a); err != nil {
		return fmt.Errorf("recording the account's key floor: %w", err)
	}
	return tx.db.Save(&a).Error
}

// SetPendingParams sets (or clears, with "") the marker of a password change
// in flight; a no-op without an account.
func (tx *Tx) SetPendingParams(params string) error {
	return tx.db.Model(&Account{}).Where("id = ?", 1).Update("pending_params", params).Error
}

// Account reads the account row inside a transaction.
func (tx *Tx) Account() (Account, bool, error) {
	var acct Account
	err := tx.db.Where("id = ?", 1).Take(&acct).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Account{}, false, nil
	}
	return acct, err == nil, err
}

// SignOut forgets the account and everything synced from it; local-only
// changes are the caller's to warn about first. No plaintext stays behind
// in the files (see wipe).
func (s *Store) SignOut() error {
	return s.wipe(func(tx *Tx) error {
		if err := tx.db.Where("1 = 1").Delete(&TagNote{}).Error; err != nil {
			return err
		}
		if err := tx.db.Where("1 = 1").Delete(&Item{}).Error; err != nil {
			return err
		}
		if err := tx.db.Where("1 = 1").Delete(&Revision{}).Error; err != nil {
			return err
		}
		return tx.db.Where("1 = 1").Delete(&Account{}).Error
	})
}

// PutLocal stores an item of any content type as a local change (dirty), as
// an import does. The content is kept exactly as given.
func (tx *Tx) PutLocal(uuid, contentType, contentJSON, createdAt string) error {
	it, err := tx.Get(uuid)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if err != nil {
		it = Item{UUID: uuid}
	}
	if createdAt == "" {
		createdAt = FormatTime(tx.s.Now())
	}
	if it.ServerCreatedAt == "" {
		it.ServerCreatedAt = createdAt
	}
	it.ContentType, it.Content, it.Deleted = contentType, contentJSON, false
	it.EncContent, it.EncItemKey, it.AuthHash, it.DecryptError = "", "", "", ""
	return tx.putLocal(&it)
}

// ItemsOfType returns the live items of one content type (an account's
// items keys, for instance).
func (s *Store) ItemsOfType(contentType string) ([]Item, error) {
	var out []Item
	err := s.db.Where("content_type = ? AND deleted = ?", contentType, false).Order("uuid").Find(&out).Error
	return out, err
}

// Undecryptable returns the items kept encrypted.
func (s *Store) Undecryptable() ([]Item, error) {
	var out []Item
	err := s.db.Where("decrypt_error <> '' AND deleted = ?", false).Order("uuid").Find(&out).Error
	return out, err
}
