package sfapi

import (
	"encoding/json"

	"sfnotes/syncengine/sfcrypto"
)

// WireItem is an item as it travels in items/sync. Timestamps stay strings,
// exactly as the server wrote them; an empty one is sent as null.
type WireItem struct {
	UUID        string `json:"uuid"`
	ContentType string `json:"content_type"`
	Content     string `json:"content"`
	EncItemKey  string `json:"enc_item_key"`
	AuthHash    string `json:"auth_hash,omitempty"`
	ItemsKeyID  string `json:"items_key_id,omitempty"`
	Deleted     bool   `json:"deleted"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
	// Extra are the item's other fields, as the server sent them (read only
	// from the official gateway, whose items carry shared_vault_uuid,
	// key_system_identifier, *_timestamp, ...); they go back with every
	// update, since that server drops what an update leaves out.
	Extra map[string]json.RawMessage `json:"-"`
}

// knownWireFields are the fields WireItem has a place for.
var knownWireFields = map[string]bool{"uuid": true, "content_type": true, "content": true, "enc_item_key": true,
	"auth_hash": true, "items_key_id": true, "deleted": true, "created_at": true, "updated_at": true}

// ExtraJSON is Extra as one JSON object ("" for none).
func (w WireItem) ExtraJSON() string {
	if len(w.Extra) == 0 {
		return ""
	}
	b, err := json.Marshal(w.Extra)
	if err != nil {
		return ""
	}
	return string(b)
}

// WithExtra sets Extra from a stored JSON object.
func (w *WireItem) WithExtra(extra string) {
	if extra == "" {
		return
	}
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(extra), &m) == nil && len(m) > 0 {
		w.Extra = m
	}
}

// attachExtras reads the fields of each item in a sync answer that
// WireItem has no place for, into its Extra.
func attachExtras(raw []byte, r *SyncResponse) {
	type pair struct {
		Server  map[string]json.RawMessage `json:"server_item"`
		Unsaved map[string]json.RawMessage `json:"unsaved_item"`
		Item    map[string]json.RawMessage `json:"item"`
	}
	var all struct {
		Retrieved []map[string]json.RawMessage `json:"retrieved_items"`
		Saved     []map[string]json.RawMessage `json:"saved_items"`
		Conflicts []pair                       `json:"conflicts"`
		Unsaved   []pair                       `json:"unsaved"`
	}
	if json.Unmarshal(raw, &all) != nil {
		return
	}
	pick := func(items []WireItem, maps []map[string]json.RawMessage) {
		for i := range items {
			if i >= len(maps) {
				return
			}
			for k, v := range maps[i] {
				if !knownWireFields[k] {
					if items[i].Extra == nil {
						items[i].Extra = map[string]json.RawMessage{}
					}
					items[i].Extra[k] = v
				}
			}
		}
	}
	pick(r.Retrieved, all.Retrieved)
	pick(r.Saved, all.Saved)
	for i := range r.Conflicts {
		if i < len(all.Conflicts) && r.Conflicts[i].ServerItem != nil {
			one := []WireItem{*r.Conflicts[i].ServerItem}
			pick(one, []map[string]json.RawMessage{all.Conflicts[i].Server})
			r.Conflicts[i].ServerItem = &one[0]
		}
	}
	for i := range r.Unsaved {
		if i < len(all.Unsaved) {
			one := []WireItem{r.Unsaved[i].Item}
			pick(one, []map[string]json.RawMessage{all.Unsaved[i].Item})
			r.Unsaved[i].Item = one[0]
		}
	}
}

type wireItemJSON struct {
	UUID        string  `json:"uuid"`
	ContentType string  `json:"content_type"`
	Content     *string `json:"content"`
	EncItemKey  *string `json:"enc_item_key"`
	AuthHash    *string `json:"auth_hash,omitempty"`
	ItemsKeyID  *string `json:"items_key_id,omitempty"`
	Deleted     bool    `json:"deleted"`
	CreatedAt   *string `json:"created_at"`
	UpdatedAt   *string `json:"updated_at"`
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// MarshalJSON always writes every field (some servers replace the whole row,
// so an omitted created_at would become null there); empty times are null.
func (w WireItem) MarshalJSON() ([]byte, error) {
	c, k := w.Content, w.EncItemKey
	b, err := json.Marshal(wireItemJSON{UUID: w.UUID, ContentType: w.ContentType, Content: &c, EncItemKey: &k,
		AuthHash: strOrNil(w.AuthHash), ItemsKeyID: strOrNil(w.ItemsKeyID), Deleted: w.Deleted, CreatedAt: strOrNil(w.CreatedAt), UpdatedAt: strOrNil(w.UpdatedAt)})
	if err != nil || len(w.Extra) == 0 {
		return b, err
	}
	// The other fields follow, as the server gave them.
	b = b[:len(b)-1]
	for key, v := range w.Extra {
		if knownWireFields[key] || !json.Valid(v) {
			continue
		}
		kb, _ := json.Marshal(key)
		b = append(append(append(append(b, ','), kb...), ':'), v...)
	}
	return append(b, '}'), nil
}

// WireItem has no UnmarshalJSON of its own: encoding/json leaves a string
// field empty for a JSON null, which is what a null means here, and a
// decoder of our own would check every item's bytes a second time (a first
// sync spent a third of its decoding there).

func (w WireItem) Payload() sfcrypto.Payload {
	return sfcrypto.Payload{UUID: w.UUID, Content: w.Content, EncItemKey: w.EncItemKey, AuthHash: w.AuthHash,
		ItemsKeyID: w.ItemsKeyID}
}

// SyncRequest is the body of POST items/sync.
type SyncRequest struct {
	Items       []WireItem `json:"items"`
	SyncToken   string     `json:"sync_token,omitempty"`
	CursorToken string     `json:"cursor_token,omitempty"`
	Limit       int        `json:"limit,omitempty"`
	API         string     `json:"api,omitempty"`
	// ContentType, if set, asks for items of that type only (a fetch of the
	// account's items keys); servers that ignore it send everything.
	ContentType string `json:"content_type,omitempty"`
}

// APIVersion is the sync API we speak.
const APIVersion = "20190520"

// Conflict is one entry of the 20190520 conflicts array.
type Conflict struct {
	Type        string    `json:"type"`
	ServerItem  *WireItem `json:"server_item,omitempty"`
	UnsavedItem *WireItem `json:"unsaved_item,omitempty"`
}

// Unsaved is one entry of the legacy unsaved array.
type Unsaved struct {
	Item  WireItem `json:"item"`
	Error struct {
		Tag     string `json:"tag"`
		Message string `json:"message"`
	} `json:"error"`
}

// SyncResponse is the server's answer to items/sync, both shapes.
type SyncResponse struct {
	Retrieved   []WireItem `json:"retrieved_items"`
	Saved       []WireItem `json:"saved_items"`
	Conflicts   []Conflict `json:"conflicts"`
	Unsaved     []Unsaved  `json:"unsaved"`
	SyncToken   *string    `json:"sync_token"`
	CursorToken *string    `json:"cursor_token"`
	// Meta is the official gateway's envelope metadata, where an answer has
	// it: the user it is for must be the signed-in one.
	Meta *struct {
		Auth struct {
			UserUUID string `json:"userUuid"`
		} `json:"auth"`
	} `json:"meta,omitempty"`
}

// Cursor returns the cursor token; null, "" and absent all mean no more pages.
func (r SyncResponse) Cursor() string { return deref(r.CursorToken) }

// Token returns the sync token ("" when null or absent).
func (r SyncResponse) Token() string { return deref(r.SyncToken) }
