package syncengine

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// The official Standard Notes 004 operator (@standardnotes/snjs under Node,
// .ci/snjs/operator.js, installed by `make snjs`) and sfnotes must read each
// other's items. SFNOTES_SNJS names the harness; in CI it must be set.

func snjsHarness(t *testing.T) string {
	t.Helper()
	p := os.Getenv("SFNOTES_SNJS")
	if p == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SFNOTES_SNJS is not set: CI must run the official-operator tests (use make test)")
		}
		t.Skip("SFNOTES_SNJS not set; `make test` installs the official operator and sets it")
	}
	return p
}

func snjsRun(t *testing.T, harness string, job any, out any) {
	t.Helper()
	in, err := json.Marshal(job)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", harness)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("the official operator: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(res, out); err != nil {
		t.Fatalf("the official operator's answer: %v: %.300s", err, res)
	}
}

type snjsItem struct {
	UUID        string          `json:"uuid"`
	ContentType string          `json:"content_type"`
	Content     json.RawMessage `json:"content"`
	EncItemKey  string          `json:"enc_item_key,omitempty"`
	ItemsKeyID  string          `json:"items_key_id,omitempty"`
	Error       bool            `json:"error,omitempty"`
}

func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func interopContents() map[string]string {
	big := strings.Repeat("Grüße aus 日本 <b>&amp;</b> \"quoted\" \\ back\n", 100*1024/48)
	return map[string]string{
		model.TypeNote: `{"title":"Ünïcödé <>&","text":` + mustJSON(big) + `,"references":[],"appData":{"org.standardnotes.sn":{"client_updated_at":"2026-11-28T12:00:00.000Z"}}}`,
		model.TypeTag:  `{"title":"Работа 💡","references":[{"uuid":"6f1e7c9a-0000-4000-8000-000000000002","content_type":"Note"}]}`,
	}
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestOfficialOperatorReadsUsAndWeReadIt: the same root key from the same
// password and params; items keys, notes and tags encrypted by sfnotes are
// decrypted by the official operator and the other way round, field for
// field; a string moved to another uuid fails in both.
func TestOfficialOperatorReadsUsAndWeReadIt(t *testing.T) {
	harness := snjsHarness(t)
	const password = "interop ü password"
	p, err := sfcrypto.NewKeyParams004("interop@example.com", sfcrypto.OriginationRegistration)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	root, err := sfcrypto.DeriveRootKey004(password, p)
	goMs := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	var js struct {
		MasterKey, ServerPassword string
		Ms                        float64
	}
	snjsRun(t, harness, map[string]any{"op": "derive", "password": password, "keyParams": p}, &js)
	if js.MasterKey != root.MasterKey || js.ServerPassword != root.ServerPassword {
		t.Fatal("the official operator derives another root key from the same password and params")
	}
	t.Logf("Argon2id root key: sfnotes %v, the official operator (libsodium wasm) %.0f ms", goMs.Round(time.Millisecond), js.Ms)
	job := map[string]any{"password": password, "keyParams": p}

	// sfnotes encrypts; the official operator decrypts.
	const keyID, noteID, tagID = "6f1e7c9a-0000-4000-8000-000000000001", "6f1e7c9a-0000-4000-8000-000000000002", "6f1e7c9a-0000-4000-8000-000000000003"
	k, err := sfcrypto.NewItemsKey004(keyID, true)
	if err != nil {
		t.Fatal(err)
	}
	ikp, err := sfcrypto.EncryptItemsKey004(k, root)
	if err != nil {
		t.Fatal(err)
	}
	contents := interopContents()
	var sent []snjsItem
	add := func(pl sfcrypto.Payload, ct string) {
		c, _ := json.Marshal(pl.Content)
		sent = append(sent, snjsItem{UUID: pl.UUID, ContentType: ct, Content: c, EncItemKey: pl.EncItemKey, ItemsKeyID: pl.ItemsKeyID})
	}
	add(ikp, sfcrypto.ContentTypeItemsKey)
	// An items key re-encrypted as stored (a password change), appData kept.
	const key2ID = "6f1e7c9a-0000-4000-8000-000000000004"
	key2 := `{"itemsKey":"` + strings.Repeat("3c", 32) + `","version":"004","isDefault":false,"references":[],"appData":{"org.standardnotes.sn":{"client_updated_at":"2026-01-01T00:00:00.000Z"}}}`
	ik2, err := sfcrypto.EncryptItemsKeyContent004(key2ID, []byte(key2), root)
	if err != nil {
		t.Fatal(err)
	}
	add(ik2, sfcrypto.ContentTypeItemsKey)
	for id, ct := range map[string]string{noteID: model.TypeNote, tagID: model.TypeTag} {
		pl, err := sfcrypto.EncryptItem004(id, []byte(contents[ct]), k)
		if err != nil {
			t.Fatal(err)
		}
		add(pl, ct)
	}
	moved := sent[2]                                    // a note or the tag
	moved.UUID = "6f1e7c9a-0000-4000-8000-0000000000ff" // another item's uuid
	job["op"], job["items"] = "decrypt", append(append([]snjsItem{}, sent...), moved)
	var got struct{ Items []snjsItem }
	snjsRun(t, harness, job, &got)
	byID := map[string]snjsItem{}
	for _, it := range got.Items {
		byID[it.UUID] = it
	}
	if it := byID[keyID]; it.Error || !sameJSON(t, it.Content, k.ContentJSON()) {
		t.Fatalf("the official operator reads our items key as %s (error %v)", it.Content, it.Error)
	}
	if it := byID[key2ID]; it.Error || !sameJSON(t, it.Content, []byte(key2)) {
		t.Fatalf("the official operator reads our re-encrypted items key as %s (error %v)", it.Content, it.Error)
	}
	for id, ct := range map[string]string{noteID: model.TypeNote, tagID: model.TypeTag} {
		if it := byID[id]; it.Error || !sameJSON(t, it.Content, []byte(contents[ct])) {
			t.Fatalf("the official operator reads our %s as %.200s (error %v)", ct, it.Content, it.Error)
		}
	}
	if !byID[moved.UUID].Error {
		t.Fatal("the official operator decrypted a string moved to another uuid")
	}

	// The official operator encrypts; sfnotes decrypts.
	theirKey := map[string]any{"itemsKey": strings.Repeat("5a", 32), "version": "004", "isDefault": true, "references": []any{}}
	items := []map[string]any{{"uuid": keyID, "content_type": sfcrypto.ContentTypeItemsKey, "content": theirKey}}
	for id, ct := range map[string]string{noteID: model.TypeNote, tagID: model.TypeTag} {
		var c any
		json.Unmarshal([]byte(contents[ct]), &c)
		items = append(items, map[string]any{"uuid": id, "content_type": ct, "content": c})
	}
	job["op"], job["items"] = "encrypt", items
	var enc struct{ Items []snjsItem }
	snjsRun(t, harness, job, &enc)
	if len(enc.Items) != 3 {
		t.Fatalf("the official operator encrypted %d items", len(enc.Items))
	}
	payload := func(it snjsItem) sfcrypto.Payload {
		var s string
		json.Unmarshal(it.Content, &s)
		return sfcrypto.Payload{UUID: it.UUID, Content: s, EncItemKey: it.EncItemKey, ItemsKeyID: it.ItemsKeyID}
	}
	ik, err := sfcrypto.DecryptItemsKey004(payload(enc.Items[0]), root)
	if err != nil || ik.Key != theirKey["itemsKey"] {
		t.Fatalf("we read the official items key as %+v, %v", ik, err)
	}
	lookup := func(id string) (sfcrypto.ItemsKey004, bool) { return ik, id == ik.UUID }
	for _, it := range enc.Items[1:] {
		plain, err := sfcrypto.DecryptItem004(payload(it), lookup)
		if err != nil || !sameJSON(t, plain, []byte(contents[it.ContentType])) {
			t.Fatalf("we read the official %s as %.200s, %v", it.ContentType, plain, err)
		}
		it.UUID = moved.UUID
		if _, err := sfcrypto.DecryptItem004(payload(it), lookup); err == nil {
			t.Fatal("we decrypted an official string moved to another uuid")
		}
	}
}
