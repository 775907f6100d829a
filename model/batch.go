package model

import (
	"fmt"

	"gorm.io/gorm/clause"
)

// batchSize keeps each statement well under SQLite's variable limit.
const batchSize = 500

// ApplyRemoteBatch is ApplyRemote for many items at once, with the same rule
// (a dirty local item is never overwritten) but a handful of statements per
// 500 items instead of three per item. It returns how many items changed.
func (tx *Tx) ApplyRemoteBatch(rs []Remote) (int, error) {
	changed := 0
	for start := 0; start < len(rs); start += batchSize {
		end := min(start+batchSize, len(rs))
		n, err := tx.applyChunk(rs[start:end])
		if err != nil {
			return changed, err
		}
		changed += n
	}
	return changed, nil
}

func (tx *Tx) applyChunk(rs []Remote) (int, error) {
	uuids := make([]string, len(rs))
	for i, r := range rs {
		uuids[i] = r.UUID
	}
	var locals []Item
	if err := tx.db.Select("uuid, content_type, dirty, deleted, changes, content, decrypt_error, modified_ms").Where("uuid IN ?", uuids).Find(&locals).Error; err != nil {
		return 0, fmt.Errorf("reading local items: %w", err)
	}
	byUUID := make(map[string]Item, len(locals))
	for _, l := range locals {
		byUUID[l.UUID] = l
	}
	var puts []Item
	var links []TagNote
	var gone []string
	var replaced []Item                   // local notes whose text this page replaces: kept in the history
	seen := make(map[string]int, len(rs)) // a repeated uuid: the last copy wins
	for _, r := range rs {
		local, exists := byUUID[r.UUID]
		if exists && local.Dirty {
			continue
		}
		if exists && local.ContentType == TypeNote &&
			(r.Deleted || (r.DecryptError == "" && !sameText(local.Content, r.Content))) {
			replaced = append(replaced, local)
		}
		if r.Deleted {
			if exists {
				gone = append(gone, r.UUID)
			}
			continue
		}
		it := Item{UUID: r.UUID, ContentType: r.ContentType, Content: r.Content,
			ServerCreatedAt: r.CreatedAt, ServerUpdatedAt: r.UpdatedAt, DecryptError: r.DecryptError,
			Changes: local.Changes, Extra: r.Extra}
		if r.DecryptError != "" {
			it.EncContent, it.EncItemKey, it.AuthHash, it.ItemsKeyID = r.EncContent, r.EncItemKey, r.AuthHash, r.ItemsKeyID
			it.Content = local.Content // keep the text we could read; the item turns read-only
		} else {
			it.SealedBy = r.SealedBy
			it.BaseHash = ContentHash(r.Content)
			if r.Reencrypt {
				it.Dirty, it.Changes = true, it.Changes+1
			}
		}
		if i, dup := seen[r.UUID]; dup {
			puts[i] = it
			continue
		}
		seen[r.UUID] = len(puts)
		puts = append(puts, it)
	}
	if err := tx.keepRevisions(replaced, ReasonSync); err != nil {
		return 0, err
	}
	owners := make([]string, 0, len(puts)+len(gone))
	for i := range puts {
		if len(puts[i].Content) > bigContent {
			// Its links are written by difference, now; its row below.
			if err := tx.stageBigLinks(&puts[i]); err != nil {
				return 0, err
			}
			continue
		}
		links = append(links, puts[i].derive()...)
		owners = append(owners, puts[i].UUID)
	}
	owners = append(owners, gone...)
	if len(owners) > 0 {
		if err := tx.db.Where("owner IN ?", owners).Delete(&TagNote{}).Error; err != nil {
			return 0, fmt.Errorf("clearing links: %w", err)
		}
	}
	if len(gone) > 0 {
		if err := tx.db.Where("uuid IN ?", gone).Delete(&Item{}).Error; err != nil {
			return 0, fmt.Errorf("removing deleted items: %w", err)
		}
	}
	if len(puts) > 0 {
		if err := tx.upsertItems(puts); err != nil {
			return 0, err
		}
	}
	if len(links) > 0 {
		if err := tx.db.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&links, 200).Error; err != nil {
			return 0, fmt.Errorf("storing links: %w", err)
		}
	}
	return len(puts) + len(gone), nil
}
