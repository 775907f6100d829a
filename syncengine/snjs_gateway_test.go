package syncengine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

// TestOfficialOperatorThroughGateway: items the official operator encrypts
// (its own items key, a note and a tag) go to sftest's official-gateway mode
// as the official app would upload them; a new sfnotes device reads them; it
// edits the note; the official operator reads the edit from the server.
func TestOfficialOperatorThroughGateway(t *testing.T) {
	harness := snjsHarness(t)
	g := sftest.NewGateway()
	url := g.Start(t).URL
	const email, noteID, tagID, keyID = "snjs-gw@example.com", "7a1e7c9a-0000-4000-8000-000000000002",
		"7a1e7c9a-0000-4000-8000-000000000003", "7a1e7c9a-0000-4000-8000-000000000001"
	a := newDevice(t, "A")
	register004(t, a, url, email, testPassword)
	acct, _, _ := a.store.Account()
	p, err := storedParams004(acct)
	if err != nil {
		t.Fatal(err)
	}
	contents := interopContents()
	items := []map[string]any{{"uuid": keyID, "content_type": sfcrypto.ContentTypeItemsKey,
		"content": map[string]any{"itemsKey": strings.Repeat("6b", 32), "version": "004", "isDefault": true, "references": []any{}}}}
	for id, ct := range map[string]string{noteID: model.TypeNote, tagID: model.TypeTag} {
		var c any
		_ = json.Unmarshal([]byte(strings.ReplaceAll(contents[ct], "6f1e7c9a-0000-4000-8000-000000000002", noteID)), &c)
		items = append(items, map[string]any{"uuid": id, "content_type": ct, "content": c})
	}
	uploadAsOfficialApp(t, harness, a, p, items) // through the gateway
	b := newDevice(t, "B")
	b.signIn(url, email, testPassword)
	b.sync()
	n, err := b.store.GetNote(noteID)
	if err != nil || n.Title != "Ünïcödé <>&" || len(n.Tags) != 1 || n.Tags[0].Title != "Работа 💡" {
		t.Fatalf("sfnotes reads the official operator's note as %+v (%v)", n, err)
	}
	b.edit(noteID, "edited by sfnotes")
	b.sync()
	// The official operator reads every item on the server.
	var raw []snjsItem
	for _, w := range serverWire(t, a) {
		if w.Deleted {
			continue
		}
		cj, _ := json.Marshal(w.Content)
		raw = append(raw, snjsItem{UUID: w.UUID, ContentType: w.ContentType, Content: cj, EncItemKey: w.EncItemKey, ItemsKeyID: w.ItemsKeyID})
	}
	var dec struct{ Items []snjsItem }
	snjsRun(t, harness, map[string]any{"op": "decrypt", "password": testPassword, "keyParams": p, "items": raw}, &dec)
	found := false
	for _, it := range dec.Items {
		if it.Error {
			t.Fatalf("the official operator cannot read %s from the server", it.UUID)
		}
		if it.UUID == noteID {
			var nc struct{ Text string }
			_ = json.Unmarshal(it.Content, &nc)
			found = nc.Text == "edited by sfnotes"
		}
	}
	if !found {
		t.Fatal("the official operator does not read sfnotes' edit of its note")
	}
}

// uploadAsOfficialApp has the official operator encrypt items (an items key
// first) under d's account and uploads them with d's session, as the official
// app would.
func uploadAsOfficialApp(t *testing.T, harness string, d *device, p any, items []map[string]any) {
	t.Helper()
	var enc struct{ Items []snjsItem }
	snjsRun(t, harness, map[string]any{"op": "encrypt", "password": testPassword, "keyParams": p, "items": items}, &enc)
	c, _, _, err := d.acc.Session()
	if err != nil {
		t.Fatal(err)
	}
	var up []WireItem
	for _, it := range enc.Items {
		var s string
		_ = json.Unmarshal(it.Content, &s)
		up = append(up, WireItem{UUID: it.UUID, ContentType: it.ContentType, Content: s, EncItemKey: it.EncItemKey, ItemsKeyID: it.ItemsKeyID})
	}
	if _, err := c.Sync(context.Background(), SyncRequest{Items: up}); err != nil {
		t.Fatalf("uploading the official operator's items: %v", err)
	}
}
