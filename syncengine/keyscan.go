package syncengine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// A 004 account's items keys are never taken on trust from one sync's
// answer. Before this device makes a new default items key it fetches every
// items key the account has (a sync limited to SN|ItemsKey, from the start:
// servers that ignore the filter send everything, of which only the keys are
// kept), and it makes one only if that finds none it may write with. Items
// that wait for a key this device has not got trigger the same fetch, at most
// every KeyScanInterval, so that a key a server once hid (or sent as deleted)
// is found again when the server answers honestly, and the items waiting
// for it are decrypted.

// KeyScanInterval is the least time between two fetches of the items keys
// that are asked for only by waiting items. A device with no key it may
// write with fetches them at every sync.
var KeyScanInterval = 10 * time.Minute

// ErrItemsKeyHidden: items on the server name an items key the server does
// not send. This device waits for that key (retrying) rather than making a
// second one: new items stay local until it arrives.
var ErrItemsKeyHidden = fmt.Errorf("%w: the server holds notes encrypted with an items key it does not send; "+
	"sfnotes waits for that key before uploading", ErrOffline)

// settleItemsKeys runs at the end of a 004 sync: it fetches the account's
// items keys when needed and, if there is truly none this device may write
// with, makes one.
func (s *Syncer) settleItemsKeys(ctx context.Context, res *Result) error {
	_, hasKey := s.kr.defaultKey()
	waiting, err := s.waitingForUnknownKey()
	if err != nil {
		return err
	}
	if hasKey && (!waiting || !s.keyScanDue()) {
		return nil
	}
	live, err := s.scanItemsKeys(ctx)
	if err != nil {
		return fmt.Errorf("fetching the account's items keys: %w", err)
	}
	if err := s.retryFresh(res); err != nil {
		return err
	}
	if _, ok := s.kr.defaultKey(); ok {
		return nil
	}
	if waiting, err = s.waitingForUnknownKey(); err != nil {
		return err
	}
	if live == 0 && waiting {
		return ErrItemsKeyHidden
	}
	// No items key at all (a new account), or none sealed under the current
	// root key (the official clients make one at a password change too).
	if err := s.Store.Update(NewItemsKeyItem); err != nil {
		return err
	}
	kr, err := s.loadKeyring()
	if err != nil {
		return err
	}
	s.kr = kr
	return nil
}

// keyScanDue reports whether a fetch asked for by waiting items may run now,
// and if so notes its time.
func (s *Syncer) keyScanDue() bool {
	if s.keyScan == nil {
		return true
	}
	now := s.now()
	if !s.keyScan.IsZero() && now.Sub(*s.keyScan) < KeyScanInterval {
		return false
	}
	*s.keyScan = now
	return true
}

// waitingForUnknownKey reports whether a stored item waits for an items key
// the keyring does not hold.
func (s *Syncer) waitingForUnknownKey() (bool, error) {
	items, err := s.Store.Undecryptable()
	if err != nil {
		return false, err
	}
	for _, it := range items {
		if it.DecryptError != ReasonWaitingForKey || it.ItemsKeyID == "" {
			continue
		}
		if _, ok := s.kr.lookup(it.ItemsKeyID); !ok {
			return true, nil
		}
	}
	return false, nil
}

// scanItemsKeys fetches every live items key of the account, from the start
// (no sync token), admits them by the keyring's rule and stores them. It
// reports how many live items keys the server sent. The sync token of these
// answers is never stored: this is not a sync.
func (s *Syncer) scanItemsKeys(ctx context.Context) (int, error) {
	live, cursor := 0, ""
	seen := map[string]bool{}
	for page := 0; ; page++ {
		if s.guard != nil {
			if err := s.guard(); err != nil {
				return live, err
			}
		}
		resp, err := s.Client.Sync(ctx, SyncRequest{CursorToken: cursor, ContentType: sfcrypto.ContentTypeItemsKey, Limit: s.Limit})
		if err != nil {
			return live, err
		}
		var keys []WireItem
		for _, w := range resp.Retrieved {
			if w.ContentType == sfcrypto.ContentTypeItemsKey && !w.Deleted {
				keys = append(keys, w)
			}
		}
		live += len(keys)
		if err := s.storeScanned(decryptAll(keys, s.kr)); err != nil {
			return live, err
		}
		next := resp.Cursor()
		if next == "" {
			return live, nil
		}
		if seen[next] || page >= s.maxPages() {
			return live, fmt.Errorf("%w: the server kept paging the items keys", ErrBadResponse)
		}
		seen[next], cursor = true, next
	}
}

// storeScanned stores fetched items keys. A key that fails to open is kept
// aside only where this device has no copy of it: a readable local copy is
// never replaced by one the server cannot prove.
func (s *Syncer) storeScanned(rs []model.Remote) error {
	if len(rs) == 0 {
		return nil
	}
	return s.Store.Update(func(tx *model.Tx) error {
		keep := rs[:0:0]
		for _, r := range rs {
			if r.DecryptError != "" {
				if _, err := tx.Get(r.UUID); !errors.Is(err, model.ErrNotFound) {
					continue
				}
			}
			keep = append(keep, r)
		}
		_, err := tx.ApplyRemoteBatch(keep)
		return err
	})
}

func (s *Syncer) maxPages() int {
	if s.MaxPages > 0 {
		return s.MaxPages
	}
	return DefaultMaxPages
}
