package syncengine

import (
	"errors"
	"runtime"
	"strings"
	"sync"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// decrypter turns one wire item into a store item: the account's keys for
// 003 and older (keys003), its items keys for 004 (keyring004).
type decrypter interface {
	decrypt(w WireItem) model.Remote
}

// decryptAll turns wire items into store items, in parallel: decryption is
// the CPU-heavy part of a first sync. An item that fails keeps its encrypted
// fields and the reason. A 004 keyring first learns the items keys of the
// batch: the server sends them first, and the other items need them.
func decryptAll(ws []WireItem, d decrypter) []model.Remote {
	if kr, ok := d.(*keyring004); ok {
		kr.learn(ws)
	}
	out := make([]model.Remote, len(ws))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(ws)/64))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(ws); i += workers {
				out[i] = d.decrypt(ws[i])
			}
		}(w)
	}
	wg.Wait()
	return out
}

// keys003 decrypts with an 003-and-older account's keys, then with the keys
// it had before a password change.
type keys003 struct {
	keys     sfcrypto.Keys
	previous []sfcrypto.Keys
}

func (k keys003) decrypt(w WireItem) model.Remote { return decryptOne(w, k.keys, k.previous) }

// ErrNotEncrypted: a server sent an item in the clear ("000"). Anyone who can
// change what the server sends could write it, so it is never taken as the
// user's content once the account has keys: it is kept aside, marked, like a
// tampered item.
var ErrNotEncrypted = errors.New("item not encrypted")

// decryptOne decrypts with the account's keys, then with the keys it had
// before a password change (previous): an item another device uploaded under
// those is read and marked for re-encryption instead of being lost.
func decryptOne(w WireItem, keys sfcrypto.Keys, previous []sfcrypto.Keys) model.Remote {
	r := model.Remote{UUID: w.UUID, ContentType: w.ContentType, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Deleted: w.Deleted,
		Extra: w.ExtraJSON()}
	if w.Deleted {
		return r
	}
	plain, err := decryptAuthenticated(w, keys)
	for _, old := range previous {
		if err == nil || !errors.Is(err, sfcrypto.ErrAuth) {
			break
		}
		if plain, err = decryptAuthenticated(w, old); err == nil {
			r.Reencrypt = true
		}
	}
	if err != nil {
		r.DecryptError = DecryptReason(err)
		r.EncContent, r.EncItemKey, r.AuthHash = w.Content, w.EncItemKey, w.AuthHash
		return r
	}
	r.Content = string(plain)
	return r
}

// decryptAuthenticated decrypts an item, refusing unauthenticated ("000")
// content.
func decryptAuthenticated(w WireItem, keys sfcrypto.Keys) ([]byte, error) {
	if strings.HasPrefix(w.Content, sfcrypto.Version000) {
		return nil, ErrNotEncrypted
	}
	return sfcrypto.DecryptItem(w.Payload(), keys)
}

// ReasonWaitingForKey is why a 004 item is kept encrypted until the items
// key it names arrives; it is decrypted again then.
const ReasonWaitingForKey = "its items key has not arrived yet: it is decrypted as soon as it does"

// ReasonForeignItemsKey is why an items key is kept aside unused (see
// ErrForeignItemsKey).
const ReasonForeignItemsKey = "an items key sealed under an old password that this device never had: " +
	"it could have been made by whoever knew that password, so it is kept aside and never used"

// DecryptReason is the user-facing reason an item could not be decrypted.
func DecryptReason(err error) string {
	switch {
	case errors.Is(err, ErrNotEncrypted):
		return "the server sent it unencrypted, so it cannot be trusted: it was kept aside, unread"
	case errors.Is(err, sfcrypto.ErrItemsKeyMissing):
		return ReasonWaitingForKey
	case errors.Is(err, ErrForeignItemsKey):
		return ReasonForeignItemsKey
	case errors.Is(err, sfcrypto.ErrAuth):
		return "its authentication check failed: it was changed or belongs to other keys"
	case errors.Is(err, sfcrypto.ErrUUIDMismatch):
		return "its encrypted data belongs to another item"
	case errors.Is(err, sfcrypto.ErrUnsupportedVersion):
		return "it uses an encryption version sfnotes cannot read"
	default:
		return "its encrypted data is malformed"
	}
}
