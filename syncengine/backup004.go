package syncengine

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// Encrypted backups of 004 accounts, in the official apps' format:
// {"version":"004","keyParams":{...},"items":[...]}, each item as the server
// holds it (items keys encrypted with the root key, everything else with an
// items key it names in items_key_id). The password and the key params in
// the file open the items keys, and they open the rest; so a backup made
// by either app is read by the other.
//
// Importing, the items keys of a backup are used to decrypt it and are not
// imported: they are another account's (or an older state of this one's)
// keys; the notes and tags come in as local changes and are encrypted with
// this account's own keys when they sync.

// readKeyParams reads the file's params: 003 auth_params, or keyParams of
// either kind.
func (p *ParsedBackup) readKeyParams() error {
	raw := p.file.KeyParams
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var probe struct {
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return fmt.Errorf("%w: keyParams: %v", ErrBadBackup, err)
	}
	if string(probe.Version) == `"004"` {
		var kp sfcrypto.KeyParams004
		if err := json.Unmarshal(raw, &kp); err != nil {
			return fmt.Errorf("%w: keyParams: %v", ErrBadBackup, err)
		}
		if err := kp.Validate(); err != nil {
			return fmt.Errorf("%w: keyParams: %v", ErrBadBackup, err)
		}
		p.params004 = &kp
		return nil
	}
	if p.file.AuthParams == nil {
		var ap sfcrypto.AuthParams
		if err := json.Unmarshal(raw, &ap); err != nil {
			return fmt.Errorf("%w: keyParams: %v", ErrBadBackup, err)
		}
		p.file.AuthParams = &ap
	}
	return nil
}

// decode004 derives the backup's root key (Argon2id; ctx cancels the wait),
// opens its items keys, then its items; 003 items of an upgraded account
// open with its 003 items key.
//
// A wrong password and a damaged file both leave items unopened; where the
// file tells them apart, a damaged one is reported as damaged (ErrBackupDamaged,
// or decoded.damaged when the rest came in), never as a wrong password:
//   - an items key that opens with the root key proves the password right:
//     what else does not open is damaged;
//   - a backup of 004 items without any items key cannot be opened with any
//     password;
//   - when no items key opens, the keys' own authenticated data names the
//     params they were sealed with; if the file's keyParams differ (a nonce
//     or identifier changed), the root key is derived again from the keys'
//     params, and if that opens them the file's params were damaged.
func (p *ParsedBackup) decode004(ctx context.Context, password string) (decoded, error) {
	wires := make([]WireItem, 0, len(p.file.Items))
	for _, it := range p.file.Items {
		s, _ := contentString(it.Content)
		wires = append(wires, WireItem{UUID: it.UUID, ContentType: it.ContentType, Content: s, EncItemKey: it.EncItemKey,
			ItemsKeyID: it.ItemsKeyID, AuthHash: it.AuthHash, Deleted: it.Deleted})
	}
	root, keysOpen, paramsDamaged, err := backupRootKey(ctx, password, *p.params004, wires)
	if err != nil {
		return decoded{}, err
	}
	kr := newKeyring(root)
	kr.learn(wires)
	var d decoded
	opened := 0
	for i, it := range p.file.Items {
		if it.Deleted || it.ContentType == sfcrypto.ContentTypeItemsKey {
			continue
		}
		content, err := itemContent(it, sfcrypto.Keys{})
		if _, isString := contentString(it.Content); isString && err != nil {
			r := kr.decrypt(wires[i])
			if r.DecryptError != "" {
				d.undecryptable++
				continue
			}
			content, err = r.Content, nil
		}
		if err != nil {
			return decoded{}, fmt.Errorf("%w: item %s: %v", ErrBadBackup, it.UUID, err)
		}
		opened++
		d.items = append(d.items, model.Remote{UUID: it.UUID, ContentType: it.ContentType, Content: content,
			CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt})
	}
	d.damaged = paramsDamaged || (d.undecryptable > 0 && (keysOpen > 0 || !hasItemsKey(wires)))
	if opened == 0 && d.undecryptable > 0 {
		if d.damaged {
			return decoded{}, fmt.Errorf("%w: none of its %d notes and tags could be decrypted", ErrBackupDamaged, d.undecryptable)
		}
		return decoded{}, ErrBackupPassword
	}
	return d, nil
}

// backupRootKey derives the root key of a 004 backup and counts the items
// keys it opens. When it opens none, and the keys were sealed under params
// other than the file's (their authenticated data says which), it derives
// again from those: if that opens them, the file's params were damaged.
func backupRootKey(ctx context.Context, password string, params sfcrypto.KeyParams004, wires []WireItem) (
	root sfcrypto.RootKey004, keysOpen int, paramsDamaged bool, err error) {
	if root, err = derive004(ctx, password, params); err != nil {
		return root, 0, false, fmt.Errorf("backup key params: %w", err)
	}
	if keysOpen = itemsKeysOpening(wires, root); keysOpen > 0 {
		return root, keysOpen, false, nil
	}
	sealed, ok := sealingParams(wires, params)
	if !ok {
		return root, 0, false, nil
	}
	other, err := derive004(ctx, password, sealed)
	if err != nil {
		return root, 0, false, nil // the keys' params are not usable: keep the file's answer
	}
	if n := itemsKeysOpening(wires, other); n > 0 {
		return other, n, true, nil
	}
	return root, 0, false, nil
}

// itemsKeysOpening counts the items keys root opens.
func itemsKeysOpening(wires []WireItem, root sfcrypto.RootKey004) int {
	n := 0
	for _, w := range wires {
		if !w.Deleted && w.ContentType == sfcrypto.ContentTypeItemsKey {
			if _, err := sfcrypto.OpenItemsKey004(w.Payload(), root); err == nil {
				n++
			}
		}
	}
	return n
}

// sealingParams returns the params an items key of the backup says it was
// sealed with, when they are valid and not the file's own.
func sealingParams(wires []WireItem, file sfcrypto.KeyParams004) (sfcrypto.KeyParams004, bool) {
	for _, w := range wires {
		if w.Deleted || w.ContentType != sfcrypto.ContentTypeItemsKey {
			continue
		}
		kp, ok := sfcrypto.ItemsKeyParams(w.Payload())
		if ok && kp.Validate() == nil && (kp.PwNonce != file.PwNonce || kp.Identifier != file.Identifier) {
			return kp, true
		}
	}
	return sfcrypto.KeyParams004{}, false
}

func hasItemsKey(wires []WireItem) bool {
	for _, w := range wires {
		if !w.Deleted && w.ContentType == sfcrypto.ContentTypeItemsKey {
			return true
		}
	}
	return false
}

// ExportEncrypted004 writes a 004 account's encrypted backup: items keys
// encrypted with the root key, everything else with the default items key.
// Items that cannot be decrypted here are written as they came.
func ExportEncrypted004(st *model.Store, root sfcrypto.RootKey004, w io.Writer) (ExportSummary, error) {
	kr, err := loadKeyring(st, root)
	if err != nil {
		return ExportSummary{}, err
	}
	items, err := st.AllItems()
	if err != nil {
		return ExportSummary{}, err
	}
	kp, err := json.Marshal(root.Params)
	if err != nil {
		return ExportSummary{}, err
	}
	f := exportFile{Version: sfcrypto.Version004, KeyParams: kp, Items: []exportItem{}}
	for _, it := range items {
		if it.Deleted {
			continue
		}
		e := exportItem{UUID: it.UUID, ContentType: it.ContentType, CreatedAt: it.ServerCreatedAt, UpdatedAt: it.ServerUpdatedAt}
		content, key, hash, kid := it.EncContent, it.EncItemKey, it.AuthHash, it.ItemsKeyID
		if it.DecryptError == "" {
			pl, err := kr.encrypt(it)
			if err != nil {
				return ExportSummary{}, fmt.Errorf("encrypting %s: %w", it.UUID, err)
			}
			content, key, hash, kid = pl.Content, pl.EncItemKey, "", pl.ItemsKeyID
		}
		e.Content, _ = json.Marshal(content)
		e.EncItemKey, e.AuthHash, e.ItemsKeyID = key, hash, kid
		f.Items = append(f.Items, e)
	}
	return ExportSummary{Items: len(f.Items)}, writeJSONFile(w, f)
}

// RootKey is a 004 account's root key, for its encrypted backups.
func (a *Accounts) RootKey() (sfcrypto.RootKey004, error) {
	cred, err := a.Secrets.Load()
	if err != nil {
		return sfcrypto.RootKey004{}, fmt.Errorf("%w: %w", ErrAuthRequired, err)
	}
	if cred.Root == nil {
		return sfcrypto.RootKey004{}, fmt.Errorf("%w: no 004 root key stored", ErrAuthRequired)
	}
	return *cred.Root, nil
}
