package syncengine

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

// TestOfficialSuperNoteAndFlagsThroughGateway: a Super note with flags and
// a tag, encrypted by the official 004 operator and uploaded through
// sftest's official gateway as the official app would, syncs into sfnotes,
// which refuses a text edit, pins, stars, unarchives and locks it and syncs
// back; the official operator reads from the server the Lexical text byte
// for byte, noteType, editorIdentifier and every other field as it wrote
// them, and the flags in the official shapes.
func TestOfficialSuperNoteAndFlagsThroughGateway(t *testing.T) {
	harness := snjsHarness(t)
	url := sftest.NewGateway().Start(t).URL
	const email, keyID, noteID, tagID = "super-gw@example.com", "7b1e7c9a-0000-4000-8000-000000000001",
		"7b1e7c9a-0000-4000-8000-000000000002", "7b1e7c9a-0000-4000-8000-000000000003"
	a := newDevice(t, "A")
	register004(t, a, url, email, testPassword)
	acct, _, _ := a.store.Account()
	p, err := storedParams004(acct)
	if err != nil {
		t.Fatal(err)
	}
	lex, err := os.ReadFile("../model/testdata/super-note.lexical.json")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(lex), "Garden plan", "Garden <plan> & “Grüße” 🌱", 1)
	official := map[string]any{"title": "Garden", "text": text, "noteType": "super",
		"editorIdentifier": "com.standardnotes.super-editor", "references": []any{},
		"preview_plain": "Garden plan", "starred": false, "protected": true, "spellcheck": true,
		"appData": map[string]any{"org.standardnotes.sn": map[string]any{"archived": true,
			"client_updated_at": "2026-11-20T10:00:00.000Z"}, "org.standardnotes.sn.components": map[string]any{"k": "v"}}}
	items := []map[string]any{
		{"uuid": keyID, "content_type": sfcrypto.ContentTypeItemsKey,
			"content": map[string]any{"itemsKey": strings.Repeat("6c", 32), "version": "004", "isDefault": true, "references": []any{}}},
		{"uuid": noteID, "content_type": model.TypeNote, "content": official},
		{"uuid": tagID, "content_type": model.TypeTag, "content": map[string]any{"title": "garden",
			"references": []any{map[string]any{"uuid": noteID, "content_type": "Note"}}}},
	}
	uploadAsOfficialApp(t, harness, a, p, items)

	b := newDevice(t, "B")
	b.signIn(url, email, testPassword)
	b.sync()
	n, err := b.store.GetNote(noteID)
	if err != nil || n.NoteType != model.NoteTypeSuper || !n.Archived || !n.Protected || len(n.Tags) != 1 ||
		!strings.HasPrefix(n.Readable, "# Garden <plan>") {
		t.Fatalf("sfnotes reads the official Super note as %+v (%v)", n.NoteSummary, err)
	}
	if l, _ := b.store.ListNotes(model.NoteQuery{View: model.ViewArchived}); len(l) != 1 {
		t.Fatalf("the archive: %+v", l)
	}
	typed := "typed over"
	if err := b.store.EditNote(noteID, model.NoteEdit{Text: &typed}); !errors.Is(err, model.ErrNotPlainText) {
		t.Fatalf("a text edit of the Super note: %v", err)
	}
	yes, no := true, false
	if err := b.store.EditNote(noteID, model.NoteEdit{Pinned: &yes, Starred: &yes, Archived: &no, Locked: &yes}); err != nil {
		t.Fatal(err)
	}
	b.sync()

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
	var back map[string]any
	for _, it := range dec.Items {
		if it.Error {
			t.Fatalf("the official operator cannot read %s from the server", it.UUID)
		}
		if it.UUID == noteID {
			_ = json.Unmarshal(it.Content, &back)
		}
	}
	if back == nil {
		t.Fatal("the note is not on the server")
	}
	if back["text"] != text {
		t.Fatal("the Lexical text changed on its way through sfnotes")
	}
	for _, k := range []string{"title", "noteType", "editorIdentifier", "preview_plain", "protected", "spellcheck", "references"} {
		if !sameJSON(t, mustMarshal(back[k]), mustMarshal(official[k])) {
			t.Errorf("%s: %v, was %v", k, back[k], official[k])
		}
	}
	app := back["appData"].(map[string]any)
	sn := app["org.standardnotes.sn"].(map[string]any)
	if back["starred"] != true || sn["pinned"] != true || sn["archived"] != false || sn["locked"] != true ||
		back["archived"] != nil || back["locked"] != nil || back["pinned"] != nil {
		t.Errorf("flags as the official operator reads them: top %v, appData %v", back, sn)
	}
	if !sameJSON(t, mustMarshal(app["org.standardnotes.sn.components"]), []byte(`{"k":"v"}`)) {
		t.Errorf("another appData domain changed: %v", app)
	}
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
