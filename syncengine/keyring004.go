package syncengine

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// keyring004 is a 004 account's keys during a sync: the root key (which only
// opens items keys) and the items keys known so far, from the store and from
// what the server sends.
type keyring004 struct {
	root sfcrypto.RootKey004
	mu   sync.RWMutex
	keys map[string]sfcrypto.ItemsKey004
	// fresh counts items keys learned from the server during this sync.
	fresh int
}

// loadKeyring reads the items keys already in the store.
func loadKeyring(st *model.Store, root sfcrypto.RootKey004) (*keyring004, error) {
	kr := &keyring004{root: root, keys: map[string]sfcrypto.ItemsKey004{}}
	items, err := st.ItemsOfType(sfcrypto.ContentTypeItemsKey)
	if err != nil {
		return nil, fmt.Errorf("reading the items keys: %w", err)
	}
	for _, it := range items {
		if it.Content == "" {
			continue
		}
		if k, err := sfcrypto.ParseItemsKey004(it.UUID, []byte(it.Content)); err == nil {
			kr.keys[k.UUID] = k
		}
	}
	return kr, nil
}

func (kr *keyring004) lookup(id string) (sfcrypto.ItemsKey004, bool) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	k, ok := kr.keys[id]
	return k, ok
}

// defaultKey is the items key new items are encrypted with: a default one
// (the first by uuid, so every device picks the same), else any.
func (kr *keyring004) defaultKey() (sfcrypto.ItemsKey004, bool) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	ids := make([]string, 0, len(kr.keys))
	for id := range kr.keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if kr.keys[id].IsDefault {
			return kr.keys[id], true
		}
	}
	if len(ids) > 0 {
		return kr.keys[ids[0]], true
	}
	return sfcrypto.ItemsKey004{}, false
}

// learn decrypts the items keys among ws and remembers them.
func (kr *keyring004) learn(ws []WireItem) {
	for _, w := range ws {
		if w.Deleted || w.ContentType != sfcrypto.ContentTypeItemsKey {
			continue
		}
		if _, k, err := sfcrypto.DecryptItemsKeyContent004(w.payload(), kr.root); err == nil {
			kr.mu.Lock()
			if _, had := kr.keys[k.UUID]; !had {
				kr.fresh++
			}
			kr.keys[k.UUID] = k
			kr.mu.Unlock()
		}
	}
}

func (kr *keyring004) decrypt(w WireItem) model.Remote {
	r := model.Remote{UUID: w.UUID, ContentType: w.ContentType, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Deleted: w.Deleted}
	if w.Deleted {
		return r
	}
	var plain []byte
	var err error
	switch {
	case strings.HasPrefix(w.Content, sfcrypto.Version000):
		err = ErrNotEncrypted
	case !strings.HasPrefix(w.Content, sfcrypto.Version004):
		err = fmt.Errorf("%w: a %.3s item in a 004 account", sfcrypto.ErrUnsupportedVersion, w.Content)
	case w.ContentType == sfcrypto.ContentTypeItemsKey:
		plain, _, err = sfcrypto.DecryptItemsKeyContent004(w.payload(), kr.root)
	default:
		plain, err = sfcrypto.DecryptItem004(w.payload(), kr.lookup)
	}
	if err != nil {
		r.DecryptError = DecryptReason(err)
		r.EncContent, r.EncItemKey, r.AuthHash, r.ItemsKeyID = w.Content, w.EncItemKey, w.AuthHash, w.ItemsKeyID
		return r
	}
	r.Content = string(plain)
	return r
}

// encrypt encrypts a local item for upload: an items key with the root key,
// anything else with the default items key. errNoItemsKey means none has
// arrived yet.
func (kr *keyring004) encrypt(it model.Item) (sfcrypto.Payload, error) {
	if it.ContentType == sfcrypto.ContentTypeItemsKey {
		k, err := sfcrypto.ParseItemsKey004(it.UUID, []byte(it.Content))
		if err != nil {
			return sfcrypto.Payload{}, err
		}
		return sfcrypto.EncryptItemsKey004(k, kr.root)
	}
	k, ok := kr.defaultKey()
	if !ok {
		return sfcrypto.Payload{}, errNoItemsKey
	}
	return sfcrypto.EncryptItem004(it.UUID, []byte(it.Content), k)
}

// errNoItemsKey: a 004 item cannot be encrypted before the account's items
// keys have been downloaded (or made, for a new account).
var errNoItemsKey = errors.New("no items key yet")

// retryWaiting decrypts again the stored items that were waiting for an
// items key this sync has brought, and stores those that now decrypt.
func (s *Syncer) retryWaiting(kr *keyring004) (int, error) {
	items, err := s.Store.Undecryptable()
	if err != nil {
		return 0, err
	}
	var ready []model.Remote
	for _, it := range items {
		if it.DecryptError != ReasonWaitingForKey {
			continue
		}
		if _, ok := kr.lookup(it.ItemsKeyID); !ok {
			continue
		}
		r := kr.decrypt(WireItem{UUID: it.UUID, ContentType: it.ContentType, Content: it.EncContent, EncItemKey: it.EncItemKey,
			ItemsKeyID: it.ItemsKeyID, CreatedAt: it.ServerCreatedAt, UpdatedAt: it.ServerUpdatedAt})
		if r.DecryptError == "" {
			ready = append(ready, r)
		}
	}
	if len(ready) == 0 {
		return 0, nil
	}
	n := 0
	err = s.Store.Update(func(tx *model.Tx) error {
		var err error
		n, err = tx.ApplyRemoteBatch(ready)
		return err
	})
	return n, err
}

// NewItemsKeyItem stores a new default items key as a local change, for a new
// 004 account (or one that has none): it is encrypted with the root key and
// uploaded by the next sync.
func NewItemsKeyItem(tx *model.Tx) error {
	id := model.NewUUID()
	k, err := sfcrypto.NewItemsKey004(id, true)
	if err != nil {
		return err
	}
	return tx.PutLocal(id, sfcrypto.ContentTypeItemsKey, string(k.ContentJSON()), "")
}
