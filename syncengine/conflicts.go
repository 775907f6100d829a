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
		made, replaced, err := s.resolveSyncConflict(tx, *c.server, sent)
		if err != nil {
			return err
		}
		res.Conflicts += made
		if replaced {
			res.Replaced++
		}
	}
	return nil
}

// resolveSyncConflict settles one sync_conflict; it returns the conflicted
// copies it made and whether the local item was replaced by the server's.
func (s *Syncer) resolveSyncConflict(tx *model.Tx, w WireItem, sent map[string]int64) (int, bool, error) {
	local, err := tx.Get(w.UUID)
	if errors.Is(err, model.ErrNotFound) {
		changed, err := tx.ApplyRemote(s.decrypter().decrypt(w))
		return 0, changed, err
	}
	if err != nil {
		return 0, false, err
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
		return 0, false, err
	}
	switch res {
	case AdoptServer:
		return 0, false, tx.MarkSaved(w.UUID, sentOr(sent, local), w.CreatedAt, w.UpdatedAt)
	case KeepLocal:
		return 0, false, tx.SetServerTimes(w.UUID, w.CreatedAt, w.UpdatedAt)
	case KeepLocalCopyServer:
		if err := tx.SetServerTimes(w.UUID, w.CreatedAt, w.UpdatedAt); err != nil {
			return 0, false, err
		}
		_, err := tx.CreateConflictCopy(w.UUID, w.ContentType, remote.Content, remote.CreatedAt)
		return 1, false, err
	case TakeServerCopyLocal:
		made := 0
		if local.Content != "" {
			if _, err := tx.CreateConflictCopy(w.UUID, local.ContentType, local.Content, model.FormatTime(time.UnixMilli(local.CreatedMs))); err != nil {
				return 0, false, err
			}
			made = 1
		}
		return made, true, tx.ForceRemote(remote)
	default: // TakeServer
		return 0, true, tx.ForceRemote(remote)
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
