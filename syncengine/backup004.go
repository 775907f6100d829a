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
func (p *ParsedBackup) decode004(ctx context.Context, password string) ([]model.Remote, int, error) {
	root, err := derive004(ctx, password, *p.params004)
	if err != nil {
		return nil, 0, fmt.Errorf("backup key params: %w", err)
	}
	kr := newKeyring(root)
	wires := make([]WireItem, 0, len(p.file.Items))
	for _, it := range p.file.Items {
		s, _ := contentString(it.Content)
		wires = append(wires, WireItem{UUID: it.UUID, ContentType: it.ContentType, Content: s, EncItemKey: it.EncItemKey,
			ItemsKeyID: it.ItemsKeyID, AuthHash: it.AuthHash, Deleted: it.Deleted})
	}
	kr.learn(wires)
	var out []model.Remote
	undecryptable, opened := 0, 0
	for i, it := range p.file.Items {
		if it.Deleted || it.ContentType == sfcrypto.ContentTypeItemsKey {
			continue
		}
		content, err := itemContent(it, sfcrypto.Keys{})
		if _, isString := contentString(it.Content); isString && err != nil {
			r := kr.decrypt(wires[i])
			if r.DecryptError != "" {
				undecryptable++
				continue
			}
			content, err = r.Content, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("%w: item %s: %v", ErrBadBackup, it.UUID, err)
		}
		opened++
		out = append(out, model.Remote{UUID: it.UUID, ContentType: it.ContentType, Content: content,
			CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt})
	}
	if opened == 0 && undecryptable > 0 {
		return nil, 0, ErrBackupPassword
	}
	return out, undecryptable, nil
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
