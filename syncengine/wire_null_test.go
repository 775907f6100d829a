package syncengine

import (
	"encoding/json"
	"reflect"
	"testing"
)

// A null wherever a string may be reads as "": servers write null for the
// timestamps of new items, the content of tombstones and 001 items' keys.
func TestWireItemNullsReadAsEmpty(t *testing.T) {
	var items []WireItem
	body := `[{"uuid":"u1","content_type":"Note","content":null,"enc_item_key":null,"auth_hash":null,` +
		`"items_key_id":null,"deleted":null,"created_at":null,"updated_at":null},` +
		`{"uuid":"u2","content_type":"Note","content":"003:x","enc_item_key":"k","deleted":true,"updated_at":"t"}]`
	if err := json.Unmarshal([]byte(body), &items); err != nil {
		t.Fatal(err)
	}
	want := []WireItem{{UUID: "u1", ContentType: "Note"},
		{UUID: "u2", ContentType: "Note", Content: "003:x", EncItemKey: "k", Deleted: true, UpdatedAt: "t"}}
	if len(items) != 2 || !reflect.DeepEqual(items, want) {
		t.Fatalf("decoded %+v, want %+v", items, want)
	}
}
