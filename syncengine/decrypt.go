package syncengine

import (
	"errors"
	"runtime"
	"sync"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// decryptAll turns wire items into store items, in parallel: decryption is
// the CPU-heavy part of a first sync. An item that fails keeps its encrypted
// fields and the reason.
func decryptAll(ws []WireItem, keys sfcrypto.Keys) []model.Remote {
	out := make([]model.Remote, len(ws))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(ws)/64))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(ws); i += workers {
				out[i] = decryptOne(ws[i], keys)
			}
		}(w)
	}
	wg.Wait()
	return out
}

func decryptOne(w WireItem, keys sfcrypto.Keys) model.Remote {
	r := model.Remote{UUID: w.UUID, ContentType: w.ContentType, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Deleted: w.Deleted}
	if w.Deleted {
		return r
	}
	plain, err := sfcrypto.DecryptItem(w.payload(), keys)
	if err != nil {
		r.DecryptError = DecryptReason(err)
		r.EncContent, r.EncItemKey, r.AuthHash = w.Content, w.EncItemKey, w.AuthHash
		return r
	}
	r.Content = string(plain)
	return r
}

// DecryptReason is the user-facing reason an item could not be decrypted.
func DecryptReason(err error) string {
	switch {
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
