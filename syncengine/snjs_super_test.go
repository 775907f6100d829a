package syncengine

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// TestOfficialSuperNoteAndFlagsRoundTrip: a Super note with flags, encrypted
// by the official 004 operator, is decrypted and stored by sfnotes, which
// refuses a text edit, pins, stars, unarchives and locks it; encrypted again
// by sfnotes, the official operator reads the Lexical text byte for byte,
// noteType, editorIdentifier and every other field as it wrote them, and
// the flags in the official shapes.
func TestOfficialSuperNoteAndFlagsRoundTrip(t *testing.T) {
	harness := snjsHarness(t)
	const password = "super interop"
	p, err := sfcrypto.NewKeyParams004("super@example.com", sfcrypto.OriginationRegistration)
	if err != nil {
		t.Fatal(err)
	}
	root, err := sfcrypto.DeriveRootKey004(password, p)
	if err != nil {
		t.Fatal(err)
	}
	lex, err := os.ReadFile("../model/testdata/super-note.lexical.json")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(lex), "Garden plan", "Garden <plan> & “Grüße” 🌱", 1)
	const keyID, noteID = "7a1e7c9a-0000-4000-8000-000000000001", "7a1e7c9a-0000-4000-8000-000000000002"
	official := map[string]any{"title": "Garden", "text": text, "noteType": "super",
		"editorIdentifier": "com.standardnotes.super-editor", "references": []any{},
		"preview_plain": "Garden plan", "starred": false, "protected": true, "spellcheck": true,
		"appData": map[string]any{"org.standardnotes.sn": map[string]any{"archived": true,
			"client_updated_at": "2026-11-20T10:00:00.000Z"}, "org.standardnotes.sn.components": map[string]any{"k": "v"}}}
	theirKey := map[string]any{"itemsKey": strings.Repeat("5b", 32), "version": "004", "isDefault": true, "references": []any{}}
	job := map[string]any{"password": password, "keyParams": p, "op": "encrypt", "items": []map[string]any{
		{"uuid": keyID, "content_type": sfcrypto.ContentTypeItemsKey, "content": theirKey},
		{"uuid": noteID, "content_type": model.TypeNote, "content": official}}}
	var enc struct{ Items []snjsItem }
	snjsRun(t, harness, job, &enc)
	payload := func(it snjsItem) sfcrypto.Payload {
		var s string
		_ = json.Unmarshal(it.Content, &s)
		return sfcrypto.Payload{UUID: it.UUID, Content: s, EncItemKey: it.EncItemKey, ItemsKeyID: it.ItemsKeyID}
	}
	ik, err := sfcrypto.DecryptItemsKey004(payload(enc.Items[0]), root)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := sfcrypto.DecryptItem004(payload(enc.Items[1]), func(id string) (sfcrypto.ItemsKey004, bool) { return ik, id == ik.UUID })
	if err != nil {
		t.Fatal(err)
	}

	st, err := model.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Update(func(tx *model.Tx) error {
		_, err := tx.ApplyRemote(model.Remote{UUID: noteID, ContentType: model.TypeNote, Content: string(plain),
			CreatedAt: "2026-11-01T09:00:00.000Z", UpdatedAt: "2026-11-20T10:00:00.000Z"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	n, err := st.GetNote(noteID)
	if err != nil || n.NoteType != model.NoteTypeSuper || !n.Archived || !n.Protected || !strings.HasPrefix(n.Readable, "# Garden <plan>") {
		t.Fatalf("sfnotes reads the official note as %+v (%v)", n.NoteSummary, err)
	}
	typed := "typed over"
	if err := st.EditNote(noteID, model.NoteEdit{Text: &typed}); !errors.Is(err, model.ErrNotPlainText) {
		t.Fatalf("a text edit of the Super note: %v", err)
	}
	yes, no := true, false
	if err := st.EditNote(noteID, model.NoteEdit{Pinned: &yes, Starred: &yes, Archived: &no, Locked: &yes}); err != nil {
		t.Fatal(err)
	}
	stored, _ := st.Get(noteID)

	// sfnotes encrypts with its own items key; the official operator reads it.
	k, err := sfcrypto.NewItemsKey004(keyID, true)
	if err != nil {
		t.Fatal(err)
	}
	ikp, err := sfcrypto.EncryptItemsKey004(k, root)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := sfcrypto.EncryptItem004(noteID, []byte(stored.Content), k)
	if err != nil {
		t.Fatal(err)
	}
	var sent []snjsItem
	for _, x := range []struct {
		pl sfcrypto.Payload
		ct string
	}{{ikp, sfcrypto.ContentTypeItemsKey}, {pl, model.TypeNote}} {
		c, _ := json.Marshal(x.pl.Content)
		sent = append(sent, snjsItem{UUID: x.pl.UUID, ContentType: x.ct, Content: c, EncItemKey: x.pl.EncItemKey, ItemsKeyID: x.pl.ItemsKeyID})
	}
	job["op"], job["items"] = "decrypt", sent
	var got struct{ Items []snjsItem }
	snjsRun(t, harness, job, &got)
	var back map[string]any
	if got.Items[1].Error || json.Unmarshal(got.Items[1].Content, &back) != nil {
		t.Fatalf("the official operator cannot read the note back: %+v", got.Items[1])
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
