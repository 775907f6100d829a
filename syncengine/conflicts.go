package syncengine

import (
	"errors"
	"time"

	"sfnotes/model"
)

// conflict is one refused save, from either response shape.
type conflict struct {
	kind   string    // "sync_conflict" or "uuid_conflict"
	server *WireItem // the server's copy (sync_conflict)
	uuid   string    // the local item concerned
}

func conflictsOf(resp SyncResponse) []conflict {
	var out []conflict
	for _, c := range resp.Conflicts {
		switch {
		case c.Type == "sync_conflict" && c.ServerItem != nil:
			out = append(out, conflict{kind: c.Type, server: c.ServerItem, uuid: c.ServerItem.UUID})
		case c.Type == "uuid_conflict" && c.UnsavedItem != nil:
			out = append(out, conflict{kind: c.Type, uuid: c.UnsavedItem.UUID})
		}
	}
	for i := range resp.Unsaved {
		u := &resp.Unsaved[i]
		switch u.Error.Tag {
		case "sync_conflict":
			// Legacy: the item is the server's copy.
			out = append(out, conflict{kind: "sync_conflict", server: &u.Item, uuid: u.Item.UUID})
		case "uuid_conflict":
			out = append(out, conflict{kind: "uuid_conflict", uuid: u.Item.UUID})
		}
	}
	return out
}

// applyConflicts resolves every conflict of a response, counting the
// conflicted copies it made and the local items it replaced or renamed into
// res. Conflicts of other types (a server's internal error) leave the item
// dirty for the next round.
func (s *Syncer) applyConflicts(tx *model.Tx, resp SyncResponse, sent map[string]int64, res *Result) error {
	for _, c := range conflictsOf(resp) {
		if c.kind == "uuid_conflict" {
			if _, err := tx.ChangeUUID(c.uuid); err != nil && !errors.Is(err, model.ErrNotFound) {
				return err
			}
			res.Replaced++
			continue
		}
		o, err := s.resolveSyncConflict(tx, *c.server, sent)
		if err != nil {
			return err
		}
		res.Conflicts += o.copies
		if o.replaced {
			res.Replaced++
		}
		if o.arrived {
			res.Uploaded++
		}
	}
	return nil
}

// settled is what settling one sync_conflict did.
type settled struct {
	copies   int  // conflicted copies made
	replaced bool // the local item was replaced by the server's
	// arrived: the server already holds the very change we sent (same
	// content): an earlier request carried it and its answer was never
	// applied (after a password change made elsewhere, a sync uploads, then
	// stops on the new keys before reading the answer). It counts as
	// uploaded: no other count would report that this device's change went
	// up, and the command line printed "0 uploaded" for it.
	arrived bool
}

// resolveSyncConflict settles one sync_conflict.
func (s *Syncer) resolveSyncConflict(tx *model.Tx, w WireItem, sent map[string]int64) (settled, error) {
	local, err := tx.Get(w.UUID)
	if errors.Is(err, model.ErrNotFound) {
		changed, err := tx.ApplyRemote(s.decrypter().decrypt(w))
		return settled{replaced: changed}, err
	}
	if err != nil {
		return settled{}, err
	}
	remote := s.decrypter().decrypt(w)
	l := Local{Exists: true, Dirty: local.Dirty, Deleted: local.Deleted, Content: local.Content,
		ModifiedMs: local.ModifiedMs, BaseHash: local.BaseHash}
	in := Incoming{Deleted: remote.Deleted, Content: remote.Content, Undecryptable: remote.DecryptError != "",
		ModifiedMs: model.EditedMs(remote.Content, w.UpdatedAt)}
	res := ResolveConflict(l, in)
	if res == AdoptServer && remote.Reencrypt {
		// Same text, but the server holds it under the keys from before a
		// password change: ours goes up again, under the current keys.
		res = KeepLocal
	}
	// Whatever stays, the item now answers to the server's version: its
	// times, and its other fields (the official server compares the
	// updated_at_timestamp an update carries with its own).
	if err := tx.SetExtra(w.UUID, w.ExtraJSON()); err != nil {
		return settled{}, err
	}
	switch res {
	case AdoptServer:
		_, ours := sent[w.UUID]
		return settled{arrived: ours && local.Dirty}, tx.MarkSaved(w.UUID, sentOr(sent, local), w.CreatedAt, w.UpdatedAt)
	case KeepLocal:
		return settled{}, tx.SetServerTimes(w.UUID, w.CreatedAt, w.UpdatedAt)
	case KeepLocalCopyServer:
		if err := tx.SetServerTimes(w.UUID, w.CreatedAt, w.UpdatedAt); err != nil {
			return settled{}, err
		}
		_, err := tx.CreateConflictCopy(w.UUID, w.ContentType, remote.Content, remote.CreatedAt)
		return settled{copies: 1}, err
	case TakeServerCopyLocal:
		made := 0
		if local.Content != "" {
			if _, err := tx.CreateConflictCopy(w.UUID, local.ContentType, local.Content, model.FormatTime(time.UnixMilli(local.CreatedMs))); err != nil {
				return settled{}, err
			}
			made = 1
		}
		return settled{copies: made, replaced: true}, tx.ForceRemote(remote)
	default: // TakeServer
		return settled{replaced: true}, tx.ForceRemote(remote)
	}
}

// sentOr is the counter we uploaded, or the current one if this item was not
// in the request (a conflict about an item we did not send).
func sentOr(sent map[string]int64, it model.Item) int64 {
	if c, ok := sent[it.UUID]; ok {
		return c
	}
	return it.Changes
}
