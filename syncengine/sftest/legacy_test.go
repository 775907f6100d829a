package sftest

import (
	"net/http"
	"testing"
	"time"
)

// TestLegacyDialectUnchanged drives the ruby-dialect Server through the
// code it now shares with the gateway (faults, sync, conflicts), so that a
// change made for one dialect cannot quietly change the other.
func TestLegacyDialectUnchanged(t *testing.T) {
	s := New()
	c := &gw{t: t, base: s.Start(t).URL}
	reg := c.post("/auth", "", map[string]any{"email": "old@example.com", "password": "sp", "pw_cost": 110000,
		"pw_nonce": "n", "version": "003"})
	tok, _ := reg.json["token"].(string)
	if reg.status != 200 || tok == "" || reg.json["meta"] != nil {
		t.Fatalf("register: %d %s", reg.status, reg.raw)
	}
	item := map[string]any{"uuid": "n1", "content_type": "Note", "content": "003:x", "enc_item_key": "003:k",
		"items_key_id": "dropped", "shared_vault_uuid": "dropped"}
	saved := c.post("/items/sync", tok, map[string]any{"api": "20190520", "items": []any{item}})
	list, _ := saved.json["saved_items"].([]any)
	if saved.status != 200 || len(list) != 1 {
		t.Fatalf("sync: %d %s", saved.status, saved.raw)
	}
	got := c.post("/items/sync", tok, map[string]any{"api": "20190520"})
	items, _ := got.json["retrieved_items"].([]any)
	first, _ := items[0].(map[string]any)
	if _, has := first["items_key_id"]; has || first["shared_vault_uuid"] != nil {
		t.Errorf("the legacy dialect keeps fields the ruby server does not: %v", first)
	}
	// The ruby conflict rule: a second away conflicts, within it does not.
	updated, _ := time.Parse(time.RFC3339Nano, first["updated_at"].(string))
	item["updated_at"] = updated.Add(-2 * time.Second).Format(time.RFC3339Nano)
	conflicted := c.post("/items/sync", tok, map[string]any{"api": "20190520", "items": []any{item}})
	if cs, _ := conflicted.json["conflicts"].([]any); len(cs) != 1 {
		t.Errorf("a stale update did not conflict: %s", conflicted.raw)
	}
	item["updated_at"] = updated.Add(500 * time.Millisecond).Format(time.RFC3339Nano)
	ok := c.post("/items/sync", tok, map[string]any{"api": "20190520", "items": []any{item}})
	if cs, _ := ok.json["conflicts"].([]any); len(cs) != 0 {
		t.Errorf("an update within the second conflicted: %s", ok.raw)
	}
	s.Inject(Fault{Path: "/items/sync", Status: http.StatusServiceUnavailable})
	if a := c.post("/items/sync", tok, map[string]any{}); a.status != http.StatusServiceUnavailable {
		t.Errorf("fault: %d", a.status)
	}
	if a := c.post("/v1/items", tok, map[string]any{}); a.status != http.StatusNotFound {
		t.Errorf("the legacy dialect answered /v1/items: %d", a.status)
	}
}
