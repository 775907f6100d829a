package syncengine

import (
	"encoding/json"
	"reflect"

	"sfnotes/model"
)

// Local is what the merge rules need to know of a local item.
type Local struct {
	Exists     bool
	Dirty      bool
	Deleted    bool
	Content    string // decrypted JSON
	ModifiedMs int64  // when the user last changed it
	// BaseHash identifies the content the server held when the local edit
	// started (model.ContentHash); "" when unknown.
	BaseHash string
}

// Incoming is what the merge rules need to know of a server item.
type Incoming struct {
	Deleted       bool
	Content       string // decrypted JSON; "" when deleted or undecryptable
	Undecryptable bool
	ModifiedMs    int64 // when its author last changed it (model.EditedMs)
}

// RetrievedAction is what to do with one retrieved item.
type RetrievedAction int

// Retrieved actions.
const (
	RetrievedSkip   RetrievedAction = iota // keep the local item as it is
	RetrievedApply                         // create or replace the local item
	RetrievedRemove                        // the server deleted it: remove it locally
)

// DecideRetrieved applies the rules for retrieved_items: an item also in
// this response's saved_items is ours (skip); a dirty local item is never
// overwritten by retrieved data (skip: its upload will meet the server's copy
// as a conflict); a deleted item removes the local one.
func DecideRetrieved(l Local, in Incoming, alsoSaved bool) RetrievedAction {
	switch {
	case alsoSaved, l.Dirty:
		return RetrievedSkip
	case in.Deleted && !l.Exists:
		return RetrievedSkip
	case in.Deleted:
		return RetrievedRemove
	}
	return RetrievedApply
}

// Resolution says how a sync_conflict ends. Whatever it says, no text is
// dropped: the version that does not stay under the original uuid becomes a
// conflicted copy (a new item with conflict_of), unless the two are equal or
// a deliberate delete is involved.
type Resolution int

// Resolutions of a sync conflict.
const (
	// AdoptServer: same content on both sides; take the server's timestamps.
	AdoptServer Resolution = iota
	// KeepLocalCopyServer: the local version stays (re-sent with the server's
	// updated_at); the server version becomes a conflicted copy.
	KeepLocalCopyServer
	// KeepLocal: the local version stays and is re-sent; no copy (a local
	// delete wins over the server's content).
	KeepLocal
	// TakeServerCopyLocal: the server version replaces the local one; the
	// local version becomes a conflicted copy.
	TakeServerCopyLocal
	// TakeServer: the server version replaces the local one; no copy (both
	// deleted).
	TakeServer
)

// ResolveConflict decides a sync_conflict between a dirty local item and the
// server's copy that refused our save. Deletes win; an undecryptable server
// copy is never overwritten; a server copy equal to our edit's starting
// point is no conflict. Otherwise the version edited last (by the time its
// author edited it, which both devices read the same) stays under the
// original uuid and the other becomes the conflicted copy; on a tie, this
// device's. So the outcome depends on the two versions, not on which device
// syncs first or how long ago the sync began (the rule used to be "local
// edited within 20 s of now", which varied between two tries).
func ResolveConflict(l Local, in Incoming) Resolution {
	switch {
	case l.Deleted && in.Deleted:
		return TakeServer
	case l.Deleted:
		return KeepLocal
	case in.Deleted, in.Undecryptable:
		return TakeServerCopyLocal
	case SameContent(l.Content, in.Content):
		return AdoptServer
	case l.BaseHash != "" && model.ContentHash(in.Content) == l.BaseHash:
		// The server's copy is the one our edit started from, saved again
		// with a newer time (a request of ours that outlived its client, a
		// re-upload): nobody else changed the text, so ours simply goes on.
		return KeepLocal
	case in.ModifiedMs > l.ModifiedMs:
		return TakeServerCopyLocal
	}
	return KeepLocalCopyServer
}

// SameContent compares two content JSON strings as JSON values, so that key
// order and spacing do not make a conflict.
func SameContent(a, b string) bool {
	if a == b {
		return true
	}
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// Overwritten detects a save that silently replaced someone else's change.
// Servers accept a stale save when the updated_at we send is within their
// conflict interval of theirs (one second on the ruby server), so a fast
// second device can overwrite the first. The same response then carries the
// overwritten version in retrieved_items: an updated_at that is neither the
// one our edit was based on nor the one of our save, and other content. That
// version must be kept as a conflicted copy.
func Overwritten(baseUpdatedAt, savedUpdatedAt string, retrievedUpdatedAt string, l Local, in Incoming) bool {
	if in.Deleted || in.Undecryptable || retrievedUpdatedAt == "" {
		return false
	}
	if l.BaseHash != "" && model.ContentHash(in.Content) == l.BaseHash {
		return false // the version our edit started from: nothing of anyone else's
	}
	local := l.Content
	if retrievedUpdatedAt == baseUpdatedAt || retrievedUpdatedAt == savedUpdatedAt {
		return false
	}
	return !SameContent(local, in.Content)
}
