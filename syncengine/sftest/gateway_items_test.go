package sftest

import (
	"net/http"
	"testing"
)

// syncItems posts items to /v1items and returns the wrapped answer's data.
func (c *gw) sync(token string, body map[string]any) map[string]any {
	c.t.Helper()
	if body["api"] == nil {
		body["api"] = "20200115"
	}
	ans := c.post("/v1/items", token, body)
	if ans.status != 200 || ans.data() == nil {
		c.t.Fatalf("sync: %d %s", ans.status, ans.raw)
	}
	return ans.data()
}

func itemsOf(data map[string]any, key string) map[string]map[string]any {
	out := map[string]map[string]any{}
	list, _ := data[key].([]any)
	for _, it := range list {
		m := it.(map[string]any)
		out[m["uuid"].(string)] = m
	}
	return out
}

func note(uuid string, extra map[string]any) map[string]any {
	m := map[string]any{"uuid": uuid, "content_type": "Note", "content": "004:nonce:cipher:aad",
		"enc_item_key": "004:n:k:aad", "items_key_id": "key-1"}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func TestGatewayItemsKeepUnknownFields(t *testing.T) {
	c := startGateway(t)
	a := c.register("fields@example.com")
	vault := map[string]any{"shared_vault_uuid": "vault-1", "key_system_identifier": "ks-1",
		"duplicate_of": "orig-1", "future_field": map[string]any{"nested": []any{1.0, "two"}}}
	saved := itemsOf(c.sync(a.access, map[string]any{"items": []any{note("n1", vault)}}), "saved_items")["n1"]
	if saved == nil || saved["updated_at_timestamp"] == nil || saved["content"] != nil {
		t.Fatalf("saved item: %v", saved)
	}
	got := itemsOf(c.sync(a.access, map[string]any{}), "retrieved_items")["n1"]
	for k, v := range vault {
		if k == "future_field" {
			inner, _ := got[k].(map[string]any)
			if list, _ := inner["nested"].([]any); len(list) != 2 || list[1] != "two" {
				t.Errorf("future_field came back as %v", got[k])
			}
			continue
		}
		if got[k] != v {
			t.Errorf("%s came back as %v, want %v", k, got[k], v)
		}
	}
	if got["items_key_id"] != "key-1" || got["created_at_timestamp"] == nil {
		t.Errorf("retrieved item: %v", got)
	}
	// An update that leaves the vault fields out loses them, as on the real server.
	update := note("n1", map[string]any{"updated_at_timestamp": got["updated_at_timestamp"], "content": "004:b:c:d"})
	c.sync(a.access, map[string]any{"items": []any{update}})
	after := itemsOf(c.sync(a.access, map[string]any{}), "retrieved_items")["n1"]
	if _, kept := after["shared_vault_uuid"]; kept || after["content"] != "004:b:c:d" {
		t.Errorf("after an update without shared_vault_uuid: %v", after)
	}
}

func TestGatewayConflictRule(t *testing.T) {
	c := startGateway(t)
	a := c.register("conflict@example.com")
	saved := itemsOf(c.sync(a.access, map[string]any{"items": []any{note("n1", nil)}}), "saved_items")["n1"]
	stale := note("n1", map[string]any{"content": "004:other:x:y",
		"updated_at_timestamp": saved["updated_at_timestamp"].(float64) - 1})
	data := c.sync(a.access, map[string]any{"items": []any{stale}})
	cs, _ := data["conflicts"].([]any)
	if len(cs) != 1 || cs[0].(map[string]any)["type"] != "sync_conflict" ||
		cs[0].(map[string]any)["server_item"] == nil {
		t.Fatalf("a stale updated_at_timestamp: %v", data)
	}
	// The same content is no conflict, whatever the time says.
	same := note("n1", map[string]any{"updated_at": "2001-01-01T00:00:00.000Z"})
	data = c.sync(a.access, map[string]any{"items": []any{same}})
	if cs, _ := data["conflicts"].([]any); len(cs) != 0 {
		t.Errorf("identical content conflicted: %v", cs)
	}
	// updated_at as answered (milliseconds) is within the 1 ms window.
	cur := itemsOf(c.sync(a.access, map[string]any{}), "retrieved_items")["n1"]
	fresh := note("n1", map[string]any{"updated_at": cur["updated_at"], "content": "004:new:x:y"})
	data = c.sync(a.access, map[string]any{"items": []any{fresh}})
	if cs, _ := data["conflicts"].([]any); len(cs) != 0 || len(itemsOf(data, "saved_items")) != 1 {
		t.Errorf("an update based on the current updated_at: %v", data)
	}
	// Legacy shape on the 20161215 API.
	data = c.sync(a.access, map[string]any{"api": "20161215", "items": []any{stale}})
	if un, _ := data["unsaved"].([]any); len(un) != 1 {
		t.Errorf("20161215 answer: %v", data)
	}
}

func TestGatewayContentTypeFilterAndKeysFirst(t *testing.T) {
	c := startGateway(t)
	a := c.register("types@example.com")
	key := map[string]any{"uuid": "k1", "content_type": "SN|ItemsKey", "content": "004:a:b:c", "enc_item_key": ""}
	c.sync(a.access, map[string]any{"items": []any{note("n1", nil), note("n2", nil)}})
	saved := c.sync(a.access, map[string]any{"items": []any{key}})
	notes := c.sync(a.access, map[string]any{"content_type": "Note", "sync_token": "MjoxLjA=\n"})
	if got := itemsOf(notes, "retrieved_items"); len(got) != 2 || got["k1"] != nil {
		t.Errorf("content_type filter: %v", notes["retrieved_items"])
	}
	// A first sync's every page starts with the items keys it does not hold.
	first := c.sync(a.access, map[string]any{"limit": 1})
	list, _ := first["retrieved_items"].([]any)
	if len(list) != 2 || list[0].(map[string]any)["uuid"] != "k1" || first["cursor_token"] == nil {
		t.Fatalf("first page of a first sync: %v", first)
	}
	next := c.sync(a.access, map[string]any{"limit": 1, "cursor_token": first["cursor_token"]})
	if list, _ := next["retrieved_items"].([]any); len(list) < 1 || list[0].(map[string]any)["uuid"] != "k1" {
		t.Errorf("second page of a first sync: %v", next["retrieved_items"])
	}
	later := c.sync(a.access, map[string]any{"sync_token": saved["sync_token"]})
	if list, _ := later["retrieved_items"].([]any); len(list) != 0 {
		t.Errorf("a later sync front-loads keys: %v", list)
	}
}

func TestGatewayKnobs(t *testing.T) {
	c := startGateway(t)
	a := c.register("knobs@example.com")
	c.srv.Inject(Fault{Path: "/v1/items", Status: http.StatusBadGateway, Body: "<html>bad gateway</html>"})
	if ans := c.post("/v1/items", a.access, map[string]any{"api": "20200115"}); ans.status != http.StatusBadGateway {
		t.Fatalf("fault: %d", ans.status)
	}
	c.sync(a.access, map[string]any{"items": []any{note("n1", nil)}})
	c.srv.Plant(a.email, "p1", "Note", "000eyJ0ZXh0IjoiaGkifQ==")
	if n := c.srv.ItemCount(a.email); n != 2 {
		t.Errorf("ItemCount %d", n)
	}
	if content, _, ok := c.srv.RawItem(a.email, "p1"); !ok || content != "000eyJ0ZXh0IjoiaGkifQ==" {
		t.Errorf("RawItem: %q %v", content, ok)
	}
	if n := c.srv.RequestCount("/v1/items"); n != 2 {
		t.Errorf("RequestCount %d", n)
	}
	if c.srv.UserUUID(a.email) != a.uuid || c.srv.UserUUID("none@example.com") != "" {
		t.Errorf("UserUUID")
	}
}

func TestGatewayItemFieldKnobs(t *testing.T) {
	c := startGateway(t)
	a := c.register("vault@example.com")
	c.sync(a.access, map[string]any{"items": []any{note("n1", nil)}})
	c.srv.SetItemField(a.email, "n1", "shared_vault_uuid", "vault-9")
	got := itemsOf(c.sync(a.access, map[string]any{}), "retrieved_items")["n1"]
	if got["shared_vault_uuid"] != "vault-9" {
		t.Fatalf("SetItemField: %v", got)
	}
	if v, ok := c.srv.ItemField(a.email, "n1", "shared_vault_uuid"); !ok || string(v) != `"vault-9"` {
		t.Errorf("ItemField: %s %v", v, ok)
	}
	if v, ok := c.srv.ItemField(a.email, "n1", "items_key_id"); !ok || string(v) != `"key-1"` {
		t.Errorf("ItemField items_key_id: %s %v", v, ok)
	}
	// A client that sends the item back with the field keeps it.
	back := note("n1", map[string]any{"updated_at_timestamp": got["updated_at_timestamp"],
		"shared_vault_uuid": got["shared_vault_uuid"]})
	c.sync(a.access, map[string]any{"items": []any{back}})
	if _, ok := c.srv.ItemField(a.email, "n1", "shared_vault_uuid"); !ok {
		t.Error("a field sent back was lost")
	}
}
