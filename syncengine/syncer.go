package syncengine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// UploadBatch is the most items one request carries.
const UploadBatch = 150

// Result says what one sync did.
type Result struct {
	Uploaded      int // items the server saved (also an edit met again as the server's identical copy: its answer was lost)
	Downloaded    int // retrieved items applied locally
	Conflicts     int // conflicted copies made
	Undecryptable int // retrieved items kept encrypted
	Pages         int // requests sent
	Replaced      int // local items a conflict replaced with the server's version, or renamed (uuid_conflict)
}

// Changed reports whether what the window shows changed: items came in,
// copies were made, local items were replaced or renamed. Uploads alone
// change nothing on screen (the typed text is already there), so they do
// not reload the lists.
func (r Result) Changed() bool { return r.Downloaded+r.Conflicts+r.Replaced > 0 }

// Syncer runs one sync at a time against one account. The Engine drives it;
// the command line uses it directly.
type Syncer struct {
	Store  *model.Store
	Client *Client
	Keys   sfcrypto.Keys
	// Now is the clock for the last-sync time; tests replace it.
	Now func() time.Time
	// Limit is sent as the page size; 0 sends none. The mdouchement server
	// repeats the newest page with a small limit (PROTOCOL.md §4), so the
	// default is none; servers that page anyway are followed by cursor.
	Limit int
	// Progress, if set, is called with done and total item counts.
	Progress func(done, total int)
	// Email and Params are the account's, to notice a password changed on
	// another device (see checkParams).
	Email  string
	Params sfcrypto.AuthParams
	// MaxPages bounds the requests of one sync beyond those its uploads
	// need; 0 means DefaultMaxPages.
	MaxPages int
	// Previous are the account's keys from before a password change: items
	// found under them are read and re-encrypted (see decryptOne).
	Previous []sfcrypto.Keys
	// guard, if set, runs before every request; an error stops the sync
	// before anything more is sent (the keys changed under it).
	guard func() error
	// lock, if set, is held for the whole sync: one sync at a time per
	// account in this process, and none during a password change.
	lock *sync.Mutex
	// Root is a 004 account's root key (nil for 003 and older, which use
	// Keys). Its items keys are loaded into kr when a sync starts.
	Root *sfcrypto.RootKey004
	// OlderRoots are the 004 root keys from before a password change.
	OlderRoots []sfcrypto.RootKey004
	kr         *keyring004
	// keyScan, if set, is when this account's items keys were last fetched
	// whole (shared by the syncs of one Accounts; see settleItemsKeys).
	keyScan *time.Time
}

// loadKeyring reads a 004 account's items keys and adds the older root keys
// and, for an upgraded account, its 003 keys.
func (s *Syncer) loadKeyring() (*keyring004, error) {
	kr, err := loadKeyring(s.Store, *s.Root)
	if err != nil {
		return nil, err
	}
	kr.older = s.OlderRoots
	for _, k := range append([]sfcrypto.Keys{s.Keys}, s.Previous...) {
		if k.MK != "" && k.AK != "" {
			kr.fallback = append(kr.fallback, k)
		}
	}
	return kr, nil
}

// decrypter is how this account's items are decrypted.
func (s *Syncer) decrypter() decrypter {
	if s.kr != nil {
		return s.kr
	}
	return keys003{keys: s.Keys, previous: s.Previous}
}

// DefaultMaxPages is the most pages one sync follows: 1.5 million items at
// the official server's 150 a page. A server that hands out cursors without
// end is refused after that instead of being followed for ever.
const DefaultMaxPages = 10000

// maxRounds bounds a sync whose dirty items never clear (a server that keeps
// refusing one item): the rest is tried at the next sync.
const maxExtraRounds = 20

// Sync uploads every dirty item, downloads every change, and saves the new
// sync token once the whole answer is applied.
func (s *Syncer) Sync(ctx context.Context) (Result, error) {
	var res Result
	if s.lock != nil {
		s.lock.Lock()
		defer s.lock.Unlock()
	}
	acct, ok, err := s.Store.Account()
	if err != nil {
		return res, err
	}
	if !ok {
		return res, ErrNotSignedIn
	}
	if s.Root != nil {
		if s.kr, err = s.loadKeyring(); err != nil {
			return res, err
		}
	}
	total, err := s.Store.DirtyCount()
	if err != nil {
		return res, err
	}
	token, cursor := acct.SyncToken, ""
	rounds := total/UploadBatch + maxExtraRounds
	maxPages := s.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	seen := map[string]bool{} // the cursors of this response: one must never come back
	for round := 0; ; round++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if s.guard != nil {
			if err := s.guard(); err != nil {
				return res, err
			}
		}
		dirty, err := s.Store.DirtyItems(UploadBatch)
		if err != nil {
			return res, err
		}
		wire, sent, err := s.encode(dirty)
		if err != nil {
			return res, err
		}
		resp, err := s.Client.Sync(ctx, SyncRequest{Items: wire, SyncToken: token, CursorToken: cursor, Limit: s.Limit})
		if err != nil {
			return res, fmt.Errorf("sync: %w", err)
		}
		res.Pages++
		next := resp.Cursor()
		if next != "" {
			if seen[next] {
				return res, fmt.Errorf("%w: the server repeated a page (cursor %q)", ErrBadResponse, next)
			}
			if res.Pages >= maxPages+rounds {
				return res, fmt.Errorf("%w: the server was still paging after %d requests", ErrBadResponse, res.Pages)
			}
			seen[next] = true
		}
		final := next == ""
		retrieved := decryptAll(resp.Retrieved, s.decrypter())
		if err := s.checkParams(ctx, retrieved); err != nil {
			return res, err
		}
		if err := s.apply(resp, retrieved, sent, final, &res); err != nil {
			return res, err
		}
		if err := s.afterPage004(ctx, final, &res); err != nil {
			return res, err
		}
		if s.Progress != nil {
			s.Progress(res.Uploaded+res.Downloaded, max(total, res.Uploaded)+res.Downloaded)
		}
		if !final {
			cursor = next
			continue
		}
		cursor, token = "", resp.Token()
		clear(seen)
		left, err := s.Store.DirtyCount()
		if err != nil {
			return res, err
		}
		if left == 0 {
			return res, nil
		}
		if round >= rounds {
			return res, fmt.Errorf("%w: %d items still not accepted after %d requests", ErrRejected, left, res.Pages)
		}
	}
}

// encode encrypts a dirty batch and remembers each item's change counter.
func (s *Syncer) encode(items []model.Item) ([]WireItem, map[string]int64, error) {
	wire := make([]WireItem, 0, len(items))
	sent := make(map[string]int64, len(items))
	for _, it := range items {
		w := WireItem{UUID: it.UUID, ContentType: it.ContentType, Deleted: it.Deleted,
			CreatedAt: it.ServerCreatedAt, UpdatedAt: it.ServerUpdatedAt}
		w.WithExtra(it.Extra)
		if w.UpdatedAt == "" {
			// Never null: if the server saved this item but the answer was lost
			// (a crash, a cut connection), mdouchement answers 500 to a null
			// updated_at for an item it has. A stale time is an ordinary
			// conflict instead, and identical content is simply adopted.
			w.UpdatedAt = it.ServerCreatedAt
		}
		switch {
		case it.Deleted:
		case it.DecryptError != "":
			continue // never upload over the server's copy of what we cannot read
		default:
			p, err := s.encrypt(it)
			if errors.Is(err, errNoItemsKey) {
				continue // after the account's items keys have been downloaded
			}
			if err != nil {
				return nil, nil, fmt.Errorf("encrypting %s: %w", it.UUID, err)
			}
			w.Content, w.EncItemKey, w.ItemsKeyID = p.Content, p.EncItemKey, p.ItemsKeyID
		}
		wire = append(wire, w)
		sent[it.UUID] = it.Changes
	}
	return wire, sent, nil
}

func (s *Syncer) encrypt(it model.Item) (sfcrypto.Payload, error) {
	if s.kr != nil {
		return s.kr.encrypt(it)
	}
	return sfcrypto.EncryptItem(it.UUID, []byte(it.Content), s.Keys)
}

// afterPage004 does a 004 account's key work after a page: items waiting for
// a key this page brought are decrypted; and once everything is downloaded,
// the account's items keys are made sure of (see settleItemsKeys).
func (s *Syncer) afterPage004(ctx context.Context, final bool, res *Result) error {
	if s.kr == nil {
		return nil
	}
	if err := s.retryFresh(res); err != nil {
		return err
	}
	if !final {
		return nil
	}
	return s.settleItemsKeys(ctx, res)
}

// retryFresh decrypts the waiting items again if keys arrived since.
func (s *Syncer) retryFresh(res *Result) error {
	if s.kr.fresh == 0 {
		return nil
	}
	s.kr.fresh = 0
	n, err := s.retryWaiting(s.kr)
	res.Downloaded += n
	return err
}

// apply writes one response in one transaction.
func (s *Syncer) apply(resp SyncResponse, retrieved []model.Remote, sent map[string]int64, final bool, res *Result) error {
	saved := make(map[string]string, len(resp.Saved)) // uuid -> saved updated_at
	for _, w := range resp.Saved {
		saved[w.UUID] = w.UpdatedAt
	}
	return s.Store.Update(func(tx *model.Tx) error {
		rescued, err := keepOverwritten(tx, retrieved, saved)
		if err != nil {
			return err
		}
		res.Conflicts += rescued
		n, undec, err := applyRetrieved(tx, retrieved, saved)
		if err != nil {
			return err
		}
		res.Downloaded += n
		res.Undecryptable += undec
		var sealed []string // items keys the server now holds as this device sealed them
		for _, w := range resp.Saved {
			if c, ok := sent[w.UUID]; ok {
				if err := tx.MarkSaved(w.UUID, c, w.CreatedAt, w.UpdatedAt); err != nil {
					return err
				}
				if err := tx.SetExtra(w.UUID, w.ExtraJSON()); err != nil {
					return err
				}
				res.Uploaded++
				if w.ContentType == sfcrypto.ContentTypeItemsKey && !w.Deleted {
					sealed = append(sealed, w.UUID)
				}
			}
		}
		if s.kr != nil {
			if err := tx.SetSealedBy(sealed, s.kr.root.Params.PwNonce); err != nil {
				return err
			}
		}
		if err := s.applyConflicts(tx, resp, sent, res); err != nil {
			return err
		}
		if !final {
			return nil
		}
		acct, ok, err := tx.Account()
		if err != nil || !ok {
			return fmt.Errorf("account vanished during sync: %w", err)
		}
		acct.SyncToken = resp.Token()
		acct.LastSyncMs = s.now().UnixMilli()
		return tx.SaveAccount(acct)
	})
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// applyRetrieved decides each retrieved item with DecideRetrieved and stores
// the ones to apply in batches (the store re-checks dirty as a safety net).
func applyRetrieved(tx *model.Tx, rs []model.Remote, saved map[string]string) (applied, undecryptable int, err error) {
	uuids := make([]string, len(rs))
	for i, r := range rs {
		uuids[i] = r.UUID
	}
	states, err := tx.LocalStates(uuids)
	if err != nil {
		return 0, 0, err
	}
	keep := rs[:0:0]
	for _, r := range rs {
		st, exists := states[r.UUID]
		l := Local{Exists: exists, Dirty: st.Dirty, Deleted: st.Deleted}
		_, alsoSaved := saved[r.UUID]
		if DecideRetrieved(l, Incoming{Deleted: r.Deleted}, alsoSaved) == RetrievedSkip {
			continue
		}
		if r.DecryptError != "" {
			undecryptable++
		}
		keep = append(keep, r)
	}
	n, err := tx.ApplyRemoteBatch(keep)
	return n, undecryptable, err
}

// keepOverwritten saves, as conflicted copies, the versions our saves in this
// response replaced on the server (see Overwritten). It runs before the saved
// metadata is merged, while the local item still has its base updated_at.
func keepOverwritten(tx *model.Tx, rs []model.Remote, saved map[string]string) (int, error) {
	made := 0
	for _, r := range rs {
		savedAt, ok := saved[r.UUID]
		if !ok {
			continue
		}
		local, err := tx.Get(r.UUID)
		if err != nil {
			continue // not ours any more: nothing to compare with
		}
		in := Incoming{Deleted: r.Deleted, Content: r.Content, Undecryptable: r.DecryptError != ""}
		l := Local{Exists: true, Dirty: local.Dirty, Content: local.Content, BaseHash: local.BaseHash}
		if !Overwritten(local.ServerUpdatedAt, savedAt, r.UpdatedAt, l, in) {
			continue
		}
		if _, err := tx.CreateConflictCopy(r.UUID, r.ContentType, r.Content, r.CreatedAt); err != nil {
			return made, err
		}
		made++
	}
	return made, nil
}

// ErrPasswordChanged means the account's password was changed on another
// device: our keys no longer open what the server sends.
var ErrPasswordChanged = fmt.Errorf("%w: the account password was changed on another device", ErrAuthRequired)

// checkParams runs when retrieved items fail to decrypt. Servers do not
// always revoke our token when the password changes elsewhere (mdouchement
// compares token and change times in whole seconds), so items encrypted with
// the new keys would arrive and be stored as undecryptable. If the account's
// auth params on the server are no longer ours, stop before storing anything
// and ask for a new sign-in instead.
func (s *Syncer) checkParams(ctx context.Context, retrieved []model.Remote) error {
	if s.Root != nil {
		return s.checkParams004(ctx, retrieved)
	}
	if s.Email == "" || s.Params.Version == "" {
		return nil
	}
	failed := false
	for _, r := range retrieved {
		failed = failed || r.DecryptError != ""
	}
	if !failed {
		return nil
	}
	p, p4, err := s.Client.AccountParams(ctx, s.Email)
	if errors.Is(err, ErrMFARequired) {
		return nil // a two-factor account's params need a code: cannot tell here
	}
	if err != nil {
		return fmt.Errorf("checking the account's parameters: %w", err)
	}
	if p4 != nil || !sameParams(p, s.Params) {
		// Other params, or 004 ones: the account was upgraded on another
		// device (a server may still accept our token for up to a second).
		return ErrPasswordChanged
	}
	return nil
}

// checkParams004 is checkParams for a 004 account: an items key that the
// root key cannot open, while the server's key params are no longer the
// ones this root key came from, means the password changed elsewhere (the
// other device re-encrypted the items keys); stop and ask for a sign-in.
func (s *Syncer) checkParams004(ctx context.Context, retrieved []model.Remote) error {
	failed := false
	for _, r := range retrieved {
		if r.DecryptError == "" || r.ContentType != sfcrypto.ContentTypeItemsKey {
			continue
		}
		// Sealed under our own params, it is damaged, not re-encrypted.
		kp, ok := sfcrypto.ItemsKeyParams(sfcrypto.Payload{UUID: r.UUID, Content: r.EncContent, EncItemKey: r.EncItemKey})
		failed = failed || !ok || kp.PwNonce != s.Root.Params.PwNonce
	}
	if !failed || s.Email == "" {
		return nil
	}
	_, p4, err := s.Client.AccountParams(ctx, s.Email)
	if errors.Is(err, ErrMFARequired) {
		return nil // a two-factor account's params need a code: cannot tell here
	}
	if err != nil {
		return fmt.Errorf("checking the account's parameters: %w", err)
	}
	if p4 == nil || p4.PwNonce != s.Root.Params.PwNonce {
		return ErrPasswordChanged
	}
	return nil
}
