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
	// older are root keys from before a password change: items keys another
	// device has not re-encrypted yet are still opened with them.
	older []sfcrypto.RootKey004
	mu    sync.RWMutex
	keys  map[string]sfcrypto.ItemsKey004
	// legacy are 003 keys, by items key uuid: an upgraded account's 003
	// items key, which reads its items from before the upgrade. fallback are
	// the 003 keys this device had before the upgrade, for 003 items that
	// arrive before that items key does.
	legacy   map[string]sfcrypto.Keys
	fallback []sfcrypto.Keys
	// meta says, per items key, how far it is trusted (see writable) and
	// when it was made (see defaultKey).
	meta map[string]keyMeta
	// fresh counts items keys learned from the server during this sync.
	fresh int
}

// keyMeta is what the default-key rule needs to know of an items key.
type keyMeta struct {
	sealedBy string // pw_nonce of the root key that opened it ("" unknown)
	created  string // the server's created_at (or when it was made here)
	dirty    bool   // a local change: this device seals it at its next upload
}

// newKeyring is an empty keyring for root.
func newKeyring(root sfcrypto.RootKey004) *keyring004 {
	return &keyring004{root: root, keys: map[string]sfcrypto.ItemsKey004{}, legacy: map[string]sfcrypto.Keys{},
		meta: map[string]keyMeta{}}
}

// loadKeyring reads the items keys already in the store.
func loadKeyring(st *model.Store, root sfcrypto.RootKey004) (*keyring004, error) {
	kr := newKeyring(root)
	items, err := st.ItemsOfType(sfcrypto.ContentTypeItemsKey)
	if err != nil {
		return nil, fmt.Errorf("reading the items keys: %w", err)
	}
	for _, it := range items {
		if it.Content == "" {
			continue
		}
		kr.remember(it.UUID, []byte(it.Content), keyMeta{sealedBy: it.SealedBy, created: it.ServerCreatedAt, dirty: it.Dirty})
	}
	return kr, nil
}

// remember adds a decrypted items key (004 or 003); it reports whether the
// content was one.
func (kr *keyring004) remember(id string, content []byte, m keyMeta) bool {
	kr.mu.Lock()
	defer kr.mu.Unlock()
	kr.meta[id] = m
	_, had4 := kr.keys[id]
	_, had3 := kr.legacy[id]
	if k, err := sfcrypto.ParseItemsKey004(id, content); err == nil {
		kr.keys[id] = k
	} else if lk, err := sfcrypto.ParseLegacyItemsKey(content); err == nil {
		kr.legacy[id] = lk
	} else {
		return false
	}
	if !had4 && !had3 {
		kr.fresh++
	}
	return true
}

// openItemsKey decrypts an items key item with the root key, or with an
// older one when another device has not re-encrypted it yet; sealedBy is
// the pw_nonce of the root key that opened it.
func (kr *keyring004) openItemsKey(w WireItem) (plain []byte, sealedBy string, err error) {
	plain, err = sfcrypto.OpenItemsKey004(w.Payload(), kr.root)
	if err == nil {
		return plain, kr.root.Params.PwNonce, nil
	}
	for _, r := range kr.older {
		if p, oerr := sfcrypto.OpenItemsKey004(w.Payload(), r); oerr == nil {
			return p, r.Params.PwNonce, nil
		}
	}
	return nil, "", err
}

// ErrForeignItemsKey: an items key that only a root key from before a
// password change opens, and that this device did not have: whoever knows
// the old password could have made it (a leaked password, then changed), so
// it is kept aside and never used, neither to read nor to write.
var ErrForeignItemsKey = errors.New("an items key sealed under an old password that this device never had")

// admitItemsKey opens an arriving items key and decides whether it may be
// used. Sealed under the current root key: yes. Sealed under an older one:
// only if this device already knows the very same key (another device has
// not re-encrypted it yet), and then only to read (see writable). Admitted
// keys are remembered.
func (kr *keyring004) admitItemsKey(w WireItem) (plain []byte, sealedBy string, err error) {
	plain, sealedBy, err = kr.openItemsKey(w)
	if err != nil {
		return nil, "", err
	}
	if sealedBy != kr.root.Params.PwNonce && !kr.knows(w.UUID, plain) {
		return nil, "", ErrForeignItemsKey
	}
	if !kr.remember(w.UUID, plain, keyMeta{sealedBy: sealedBy, created: w.CreatedAt}) {
		return nil, "", fmt.Errorf("%w: an items key of no known version", sfcrypto.ErrUnsupportedVersion)
	}
	return plain, sealedBy, nil
}

// knows reports whether the keyring already holds this exact key under this
// uuid (the same key bytes, not merely the uuid).
func (kr *keyring004) knows(id string, content []byte) bool {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	if have, ok := kr.keys[id]; ok {
		k, err := sfcrypto.ParseItemsKey004(id, content)
		return err == nil && k.Key == have.Key
	}
	if have, ok := kr.legacy[id]; ok {
		k, err := sfcrypto.ParseLegacyItemsKey(content)
		return err == nil && k == have
	}
	return false
}

// writable: an items key new items may be encrypted with. Only a key sealed
// under the account's current root key, or one this device will seal so at
// its next upload (made here, or re-encrypted by a password change here).
func (kr *keyring004) writable(id string) bool {
	m := kr.meta[id]
	return m.dirty || (m.sealedBy != "" && m.sealedBy == kr.root.Params.PwNonce)
}

// decryptLegacy decrypts a 003 (or older) item of an upgraded account: with
// the 003 items key it names, else any 003 key this device knows.
func (kr *keyring004) decryptLegacy(w WireItem) ([]byte, error) {
	kr.mu.RLock()
	cands := make([]sfcrypto.Keys, 0, len(kr.legacy)+len(kr.fallback))
	if k, ok := kr.legacy[w.ItemsKeyID]; ok {
		cands = append(cands, k)
	}
	for id, k := range kr.legacy {
		if id != w.ItemsKeyID {
			cands = append(cands, k)
		}
	}
	cands = append(cands, kr.fallback...)
	kr.mu.RUnlock()
	if len(cands) == 0 {
		return nil, fmt.Errorf("%w: %q (a 003 item before its items key)", sfcrypto.ErrItemsKeyMissing, w.ItemsKeyID)
	}
	var err error
	for _, k := range cands {
		var plain []byte
		if plain, err = sfcrypto.DecryptItem(w.Payload(), k); err == nil {
			return plain, nil
		}
	}
	return nil, err
}

func (kr *keyring004) lookup(id string) (sfcrypto.ItemsKey004, bool) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	k, ok := kr.keys[id]
	return k, ok
}

// defaultKey is the items key new items are encrypted with, by one rule
// every device applies alike: among the writable keys (see writable), those
// marked default, else all of them; of those the newest by creation time (the
// official clients' rule), ties broken by the greater uuid. None writable:
// none (the sync fetches the account's items keys, then makes one).
func (kr *keyring004) defaultKey() (sfcrypto.ItemsKey004, bool) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	var cands []string
	for id := range kr.keys {
		if kr.writable(id) {
			cands = append(cands, id)
		}
	}
	var defaults []string
	for _, id := range cands {
		if kr.keys[id].IsDefault {
			defaults = append(defaults, id)
		}
	}
	if len(defaults) > 0 {
		cands = defaults
	}
	if len(cands) == 0 {
		return sfcrypto.ItemsKey004{}, false
	}
	sort.Slice(cands, func(i, j int) bool {
		ti, tj := model.ParseTime(kr.meta[cands[i]].created), model.ParseTime(kr.meta[cands[j]].created)
		if !ti.Equal(tj) {
			return ti.After(tj)
		}
		return cands[i] > cands[j]
	})
	return kr.keys[cands[0]], true
}

// learn decrypts the items keys among ws and remembers them.
func (kr *keyring004) learn(ws []WireItem) {
	for _, w := range ws {
		if w.Deleted || w.ContentType != sfcrypto.ContentTypeItemsKey {
			continue
		}
		_, _, _ = kr.admitItemsKey(w) // decrypt reports the refusals

	}
}

func (kr *keyring004) decrypt(w WireItem) model.Remote {
	r := model.Remote{UUID: w.UUID, ContentType: w.ContentType, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Deleted: w.Deleted,
		Extra: w.ExtraJSON()}
	if w.Deleted {
		return r
	}
	var plain []byte
	var err error
	switch {
	case strings.HasPrefix(w.Content, sfcrypto.Version000):
		err = ErrNotEncrypted
	case w.ContentType == sfcrypto.ContentTypeItemsKey:
		plain, r.SealedBy, err = kr.admitItemsKey(w)
	case !strings.HasPrefix(w.Content, sfcrypto.Version004):
		plain, err = kr.decryptLegacy(w)
	default:
		plain, err = sfcrypto.DecryptItem004(w.Payload(), kr.lookup)
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
		// The content as stored: appData and a 003 key's fields survive.
		return sfcrypto.EncryptItemsKeyContent004(it.UUID, []byte(it.Content), kr.root)
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
		if _, ok := kr.lookup(it.ItemsKeyID); !ok && !kr.hasLegacy(it.EncContent) {
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

// hasLegacy reports whether a waiting item is a 003 one that a 003 key may
// now open.
func (kr *keyring004) hasLegacy(content string) bool {
	if strings.HasPrefix(content, sfcrypto.Version004) {
		return false
	}
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	return len(kr.legacy)+len(kr.fallback) > 0
}
