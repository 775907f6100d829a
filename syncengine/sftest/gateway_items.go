package sftest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The gateway's sync, POST /v1/items: the same request and paging as
// /items/sync, answered wrapped and with the official server's item shape:
// times in milliseconds beside *_timestamp fields in microseconds,
// items_key_id kept, and every field this server does not interpret kept as
// sent. An update that leaves such a field out drops it, as the official
// server drops an item's shared_vault_uuid or key_system_identifier: a
// client that loses them is caught here.

// msLayout is how the official server writes times.
const msLayout = "2006-01-02T15:04:05.000Z"

// officialFields is what the gateway reads of an incoming item beyond
// wireItem.
type officialFields struct {
	itemsKeyID    string
	updatedMicros *int64                     // updated_at_timestamp, when sent
	extra         map[string]json.RawMessage // fields kept as sent
	raw           json.RawMessage            // the item as sent, for a uuid_conflict
}

// interpreted are the item fields the server reads or computes itself; a
// client's value for a computed one (user_uuid, the timestamps) is not kept.
var interpreted = map[string]bool{"uuid": true, "content_type": true, "content": true, "enc_item_key": true,
	"auth_hash": true, "deleted": true, "created_at": true, "updated_at": true, "items_key_id": true,
	"created_at_timestamp": true, "updated_at_timestamp": true, "user_uuid": true, "updated_with_session": true}

type gwSyncRequest struct {
	Items       []json.RawMessage `json:"items"`
	SyncToken   string            `json:"sync_token"`
	CursorToken string            `json:"cursor_token"`
	Limit       int               `json:"limit"`
	API         string            `json:"api"`
	ContentType string            `json:"content_type"`
}

// syncRequest turns the gateway's request into the shared one.
func (q gwSyncRequest) syncRequest() (syncRequest, error) {
	req := syncRequest{SyncToken: q.SyncToken, CursorToken: q.CursorToken, Limit: q.Limit, API: q.API,
		ContentType: q.ContentType}
	for _, raw := range q.Items {
		in, err := officialIncoming(raw)
		if err != nil {
			return syncRequest{}, err
		}
		req.Items = append(req.Items, in)
	}
	return req, nil
}

func officialIncoming(raw json.RawMessage) (wireItem, error) {
	var in wireItem
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &in); err != nil {
		return wireItem{}, err
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return wireItem{}, err
	}
	of := &officialFields{raw: raw, extra: map[string]json.RawMessage{}}
	_ = json.Unmarshal(fields["items_key_id"], &of.itemsKeyID)
	if ts, ok := micros(fields["updated_at_timestamp"]); ok {
		of.updatedMicros = &ts
	}
	for k, v := range fields {
		if !interpreted[k] {
			of.extra[k] = v
		}
	}
	in.official = of
	return in, nil
}

// micros reads a timestamp number (JavaScript may send it as 1.7e15).
func micros(raw json.RawMessage) (int64, bool) {
	s := string(bytes.TrimSpace(raw))
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(f), true
	}
	return 0, false
}

// officialConflict is the official server's rule: an update that names
// updated_at_timestamp must name the stored one exactly; one with only
// updated_at must be within a millisecond of it (a second on the 20161215
// API, whose clients sending no time at all are let through). An update
// whose content and key equal the stored ones never conflicts.
func officialConflict(in wireItem, cur *item, api string) bool {
	var passed bool
	if in.official != nil && in.official.updatedMicros != nil {
		passed = *in.official.updatedMicros == cur.UpdatedAt.UnixMicro()
	} else {
		t, err := time.Parse(time.RFC3339Nano, str(in.UpdatedAt))
		if err != nil {
			t = time.Unix(0, 0)
		}
		window := time.Millisecond
		if api == "20161215" {
			window = time.Second
			if in.UpdatedAt == nil {
				return false
			}
		}
		passed = absDuration(t.Sub(cur.UpdatedAt)) < window
	}
	identical := in.Content != nil && *in.Content == cur.Content && str(in.EncItemKey) == cur.EncItemKey
	return !passed && !identical
}

func (g *Gateway) items(w http.ResponseWriter, r *http.Request, u *user, _ *gwSession) {
	owner := g.accountOf(u.email).uuid
	var q gwSyncRequest
	if err := json.NewDecoder(r.Body).Decode(&q); err != nil {
		g.fail(w, http.StatusBadRequest, owner, "", "Could not parse the request.", nil)
		return
	}
	req, err := q.syncRequest()
	if err != nil {
		g.fail(w, http.StatusBadRequest, owner, "", "Could not parse the request.", nil)
		return
	}
	res, status, msg := g.runSync(u, req)
	if status != http.StatusOK {
		g.fail(w, status, owner, "", msg, nil)
		return
	}
	if req.SyncToken == "" {
		res.retrieved = itemsKeysFirst(u, res.retrieved)
	}
	g.reply(w, http.StatusOK, owner, syncAnswer(res, req.API))
}

// itemsKeysFirst front-loads a first sync's pages (no sync_token; every
// cursor page of it, whatever content_type asked for) as the official
// server does: each items key not on the page is put in front of it, the
// most recently updated first, tombstones included; keys already on the
// page stay where they are.
func itemsKeysFirst(u *user, page []*item) []*item {
	on := map[string]bool{}
	for _, it := range page {
		on[it.UUID] = true
	}
	var keys []*item
	for _, it := range u.items {
		if it.ContentType == "SN|ItemsKey" && !on[it.UUID] {
			keys = append(keys, it)
		}
	}
	sortItems(keys)
	front := make([]*item, 0, len(keys)+len(page))
	for i := len(keys) - 1; i >= 0; i-- {
		front = append(front, keys[i])
	}
	return append(front, page...)
}

func syncAnswer(res syncResult, api string) map[string]any {
	retrieved, saved := []map[string]any{}, []map[string]any{}
	for _, it := range res.retrieved {
		retrieved = append(retrieved, officialItem(it))
	}
	for _, it := range res.saved {
		saved = append(saved, officialSaved(it))
	}
	out := map[string]any{"retrieved_items": retrieved, "saved_items": saved, "sync_token": res.syncToken,
		"cursor_token": res.cursor, "messages": []any{}, "shared_vaults": []any{},
		"shared_vault_invites": []any{}, "notifications": []any{}}
	// The official server answers conflicts only to the APIs it knows as
	// newer; any other api, or none, gets the 2016 shape.
	switch api {
	case "20190520", "20200115", "20240226":
		out["conflicts"] = officialConflicts(res.conflicts)
	default:
		out["unsaved"] = officialUnsaved(res.conflicts)
	}
	return out
}

// officialItem is a stored item as the gateway answers it.
func officialItem(it *item) map[string]any {
	m := map[string]any{}
	for k, v := range it.Extra {
		m[k] = v
	}
	m["uuid"], m["content_type"], m["deleted"] = it.UUID, it.ContentType, it.Deleted
	m["items_key_id"], m["enc_item_key"] = orNull(it.ItemsKeyID), orNull(it.EncItemKey)
	m["content"], m["auth_hash"] = orNull(it.Content), orNull(it.AuthHash)
	if _, ok := m["duplicate_of"]; !ok {
		m["duplicate_of"] = nil
	}
	addTimes(m, it)
	return m
}

// officialSaved is a saved item as the gateway answers it: no content.
func officialSaved(it *item) map[string]any {
	m := map[string]any{"uuid": it.UUID, "content_type": it.ContentType, "deleted": it.Deleted,
		"auth_hash": orNull(it.AuthHash), "duplicate_of": nil}
	if d, ok := it.Extra["duplicate_of"]; ok {
		m["duplicate_of"] = d
	}
	addTimes(m, it)
	return m
}

func addTimes(m map[string]any, it *item) {
	m["created_at"], m["created_at_timestamp"] = it.CreatedAt.UTC().Format(msLayout), it.CreatedAt.UnixMicro()
	m["updated_at"], m["updated_at_timestamp"] = it.UpdatedAt.UTC().Format(msLayout), it.UpdatedAt.UnixMicro()
}

func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func officialConflicts(cs []conflict) []map[string]any {
	out := []map[string]any{}
	for _, c := range cs {
		if c.kind == "sync_conflict" {
			out = append(out, map[string]any{"type": c.kind, "server_item": officialItem(c.server)})
		} else {
			out = append(out, map[string]any{"type": c.kind, "unsaved_item": sentItem(c.mine)})
		}
	}
	return out
}

func officialUnsaved(cs []conflict) []map[string]any {
	out := []map[string]any{}
	for _, c := range cs {
		it := sentItem(c.mine)
		if c.kind == "sync_conflict" {
			it = officialItem(c.server)
		}
		out = append(out, map[string]any{"item": it, "error": map[string]string{"tag": c.kind}})
	}
	return out
}

// sentItem is an incoming item echoed back as the client sent it.
func sentItem(in wireItem) any {
	if in.official != nil {
		return in.official.raw
	}
	return in
}

// ItemField returns a field the gateway keeps on a stored item without
// interpreting it (shared_vault_uuid, key_system_identifier, duplicate_of,
// ...; items_key_id too), as raw JSON: a test checks with it that a client
// sent the field back unchanged.
func (g *Gateway) ItemField(email, uuid, name string) (json.RawMessage, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	it := g.storedItem(email, uuid)
	switch {
	case it == nil:
		return nil, false
	case name == "items_key_id":
		b, _ := json.Marshal(it.ItemsKeyID)
		return b, it.ItemsKeyID != ""
	}
	v, ok := it.Extra[name]
	return v, ok
}

// SetItemField stores a field on an item as an official client would have
// sent it (a shared vault's uuid, say), without changing updated_at: the
// next client to update the item must send it back, or it is lost.
func (g *Gateway) SetItemField(email, uuid, name string, value any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	it := g.storedItem(email, uuid)
	raw, err := json.Marshal(value)
	if it == nil || err != nil || interpreted[name] {
		return
	}
	if it.Extra == nil {
		it.Extra = map[string]json.RawMessage{}
	}
	it.Extra[name] = raw
}

func (g *Gateway) storedItem(email, uuid string) *item {
	if u := g.users[strings.ToLower(email)]; u != nil {
		return u.items[uuid]
	}
	return nil
}
