package syncengine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// store004 is a store holding a 004 account's default items key, two notes
// and a tag, and the root key they go with.
func store004(t *testing.T, password string) (*model.Store, sfcrypto.RootKey004) {
	t.Helper()
	d := newDevice(t, "backup004")
	p, err := sfcrypto.NewKeyParams004("backup@example.com", sfcrypto.OriginationRegistration)
	if err != nil {
		t.Fatal(err)
	}
	root, err := sfcrypto.DeriveRootKey004(password, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.store.Update(NewItemsKeyItem); err != nil {
		t.Fatal(err)
	}
	d.note("Четыре", "written on a 004 account <&>", "kept tag")
	d.note("second", strings.Repeat("long line\n", 2000))
	return d.store, root
}

func importInto(t *testing.T, data []byte, password string) (*device, ImportSummary, error) {
	t.Helper()
	p, err := ParseBackup(bytes.NewReader(data))
	if err != nil {
		return nil, ImportSummary{}, err
	}
	if !p.Encrypted() {
		t.Fatal("a 004 encrypted backup parsed as not encrypted")
	}
	d := newDevice(t, "importer")
	sum, err := p.Import(context.Background(), d.store, password)
	return d, sum, err
}

// TestBackup004RoundTrip: an encrypted backup of a 004 account is in the
// official format (version, keyParams, 004 strings naming their items key,
// nothing readable) and imports on a device with no account: every note and
// tag, no items key.
func TestBackup004RoundTrip(t *testing.T) {
	const pw = "backup password 004"
	st, root := store004(t, pw)
	var buf bytes.Buffer
	sum, err := ExportEncrypted004(st, root, &buf)
	if err != nil || sum.Items != 4 {
		t.Fatalf("export: %+v %v", sum, err)
	}
	var f struct {
		Version   string                `json:"version"`
		KeyParams sfcrypto.KeyParams004 `json:"keyParams"`
		Items     []exportItem          `json:"items"`
	}
	if err := json.Unmarshal(buf.Bytes(), &f); err != nil || f.Version != "004" || f.KeyParams.PwNonce != root.Params.PwNonce {
		t.Fatalf("file header: %+v %v", f, err)
	}
	for _, it := range f.Items {
		s, _ := contentString(it.Content)
		if !strings.HasPrefix(s, "004:") || strings.Contains(buf.String(), "Четыре") ||
			(it.ContentType != sfcrypto.ContentTypeItemsKey && it.ItemsKeyID == "") {
			t.Fatalf("item %s (%s) in the backup: %.30q, items key %q", it.UUID, it.ContentType, s, it.ItemsKeyID)
		}
	}
	d, isum, err := importInto(t, buf.Bytes(), pw)
	if err != nil || isum.Notes != 2 || isum.Tags != 1 || isum.Undecryptable != 0 {
		t.Fatalf("import: %+v %v", isum, err)
	}
	if keys, _ := d.store.ItemsOfType(sfcrypto.ContentTypeItemsKey); len(keys) != 0 {
		t.Fatalf("%d items keys imported", len(keys))
	}
	var plain bytes.Buffer
	if _, err := ExportDecrypted(st, &plain); err != nil || strings.Contains(plain.String(), sfcrypto.ContentTypeItemsKey) ||
		!strings.Contains(plain.String(), "Четыре") {
		t.Fatalf("a decrypted export of a 004 account: %v, items key in it: %v", err, strings.Contains(plain.String(), sfcrypto.ContentTypeItemsKey))
	}
	if got := d.texts(); len(got) != 2 || !strings.Contains(strings.Join(got, ""), "<&>") {
		t.Fatalf("imported notes %q", got)
	}
}

// TestBackup004WrongPasswordAndDamage: a wrong password imports nothing; a
// damaged note is counted and left out while the rest comes in; a file
// whose 004 items have no key params is refused before any password.
func TestBackup004WrongPasswordAndDamage(t *testing.T) {
	const pw = "backup password 004"
	st, root := store004(t, pw)
	var buf bytes.Buffer
	if _, err := ExportEncrypted004(st, root, &buf); err != nil {
		t.Fatal(err)
	}
	if d, _, err := importInto(t, buf.Bytes(), "not the password"); !errors.Is(err, ErrBackupPassword) || len(d.texts()) != 0 {
		t.Fatalf("wrong password: %v", err)
	}
	var f map[string]any
	json.Unmarshal(buf.Bytes(), &f)
	items := f["items"].([]any)
	damaged := 0
	for _, raw := range items {
		it := raw.(map[string]any)
		if it["content_type"] == model.TypeNote && damaged == 0 {
			s := it["content"].(string)
			it["content"] = s[:60] + flip(s[60]) + s[61:]
			damaged++
		}
	}
	bad, _ := json.Marshal(f)
	d, sum, err := importInto(t, bad, pw)
	if err != nil || sum.Undecryptable != 1 || sum.Notes != 1 || len(d.texts()) != 1 || !sum.Damaged {
		t.Fatalf("a damaged note: %+v %v", sum, err)
	}
	delete(f, "keyParams")
	noParams, _ := json.Marshal(f)
	if _, err := ParseBackup(bytes.NewReader(noParams)); !errors.Is(err, ErrBadBackup) {
		t.Fatalf("004 items without key params: %v", err)
	}
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

// TestBackup004FromOfficialOperator: a backup file assembled from items the
// official 004 operator encrypted (the vectors) imports with its password.
func TestBackup004FromOfficialOperator(t *testing.T) {
	raw, err := os.ReadFile("sfcrypto/testdata/snjs-004-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Keysets []struct {
			Password  string          `json:"password"`
			KeyParams json.RawMessage `json:"key_params"`
		} `json:"keysets"`
		ItemsKeys []struct {
			Keyset    int             `json:"keyset"`
			Encrypted json.RawMessage `json:"encrypted"`
		} `json:"items_keys"`
		Items []struct {
			Encrypted json.RawMessage `json:"encrypted"`
			Decrypted json.RawMessage `json:"decrypted_content"`
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	items := []json.RawMessage{v.ItemsKeys[0].Encrypted}
	for _, it := range v.Items {
		items = append(items, it.Encrypted)
	}
	file, _ := json.Marshal(map[string]any{"version": "004", "keyParams": v.Keysets[v.ItemsKeys[0].Keyset].KeyParams, "items": items})
	d, sum, err := importInto(t, file, v.Keysets[v.ItemsKeys[0].Keyset].Password)
	if err != nil || sum.Undecryptable != 0 || sum.Notes != len(v.Items) {
		t.Fatalf("official items: %+v %v", sum, err)
	}
	var want []string
	for _, it := range v.Items {
		var c struct{ Text string }
		json.Unmarshal(it.Decrypted, &c)
		want = append(want, c.Text)
	}
	checked := 0
	for _, w := range want {
		if w == "" {
			continue // one vector note has no text; its count is checked above
		}
		if !slices.Contains(d.texts(), w) {
			t.Fatalf("the note %q is not among the imported %q", w, d.texts())
		}
		checked++
	}
	if checked < 3 {
		t.Fatalf("only %d vector notes had text to compare", checked)
	}
}

// TestDecryptedBackup004: the official apps' decrypted backup (version 004,
// content objects, its items keys in the clear) imports without a password;
// its items keys are not taken into this account.
func TestDecryptedBackup004(t *testing.T) {
	file := `{"version":"004","items":[
	 {"uuid":"1f0c5d4e-0000-4000-8000-00000000000a","content_type":"SN|ItemsKey","content":{"itemsKey":"` + strings.Repeat("ab", 32) + `","version":"004","isDefault":true,"references":[]},"created_at":"2024-01-01T00:00:00.000Z","updated_at":"2024-01-01T00:00:00.000Z"},
	 {"uuid":"1f0c5d4e-0000-4000-8000-00000000000b","content_type":"Note","content":{"title":"from the official app","text":"decrypted backup","references":[]},"items_key_id":"1f0c5d4e-0000-4000-8000-00000000000a","created_at":"2024-01-01T00:00:00.000Z","updated_at":"2024-01-02T00:00:00.000Z"}]}`
	p, err := ParseBackup(strings.NewReader(file))
	if err != nil || p.Encrypted() {
		t.Fatalf("parse: %v, encrypted %v", err, p != nil && p.Encrypted())
	}
	d := newDevice(t, "decrypted004")
	sum, err := p.Import(context.Background(), d.store, "")
	if err != nil || sum.Notes != 1 || sum.Others != 0 {
		t.Fatalf("import: %+v %v", sum, err)
	}
	if keys, _ := d.store.ItemsOfType(sfcrypto.ContentTypeItemsKey); len(keys) != 0 || !slices.Equal(d.texts(), []string{"decrypted backup"}) {
		t.Fatalf("%d items keys, notes %q", len(keys), d.texts())
	}
}

// damage004 edits the items of a 004 backup file as JSON: change is called
// with each item (a map) and its index; it returns the file re-encoded.
func damage004(t *testing.T, data []byte, change func(f map[string]any, it map[string]any)) []byte {
	t.Helper()
	var f map[string]any
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for _, raw := range f["items"].([]any) {
		change(f, raw.(map[string]any))
	}
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBackup004DamageIsNotAWrongPassword: where a damaged backup can be told
// from a wrong password, it is reported as damaged. Every note and tag
// damaged (the items key opens: the password is right): damaged, nothing
// imported; the same file with a wrong password: still "does not decrypt".
// The file's key params changed (nonce, identifier): the items keys' own
// params open it, and everything comes in, marked as damaged. No items key
// at all: damaged. Before, each of these said the password was wrong.
func TestBackup004DamageIsNotAWrongPassword(t *testing.T) {
	const pw = "backup password 004"
	st, root := store004(t, pw)
	var buf bytes.Buffer
	if _, err := ExportEncrypted004(st, root, &buf); err != nil {
		t.Fatal(err)
	}
	allDamaged := damage004(t, buf.Bytes(), func(_ map[string]any, it map[string]any) {
		if it["content_type"] != sfcrypto.ContentTypeItemsKey {
			s := it["content"].(string)
			it["content"] = s[:60] + flip(s[60]) + s[61:]
		}
	})
	d, _, err := importInto(t, allDamaged, pw)
	if errors.Is(err, ErrBackupPassword) || !errors.Is(err, ErrBadBackup) || len(d.texts()) != 0 {
		t.Fatalf("every item damaged, the right password: %v, %d notes imported", err, len(d.texts()))
	}
	if !errors.Is(err, ErrBackupDamaged) {
		t.Fatalf("every item damaged: %v, want ErrBackupDamaged", err)
	}
	if _, _, err := importInto(t, allDamaged, "not the password"); !errors.Is(err, ErrBackupPassword) {
		t.Fatalf("every item damaged, a wrong password: %v", err)
	}

	for _, field := range []string{"pw_nonce", "identifier"} {
		badParams := damage004(t, buf.Bytes(), func(f map[string]any, _ map[string]any) {
			kp := f["keyParams"].(map[string]any)
			if field == "pw_nonce" {
				kp[field] = strings.Repeat("0", len(kp[field].(string)))
			} else {
				kp[field] = "someone.else@example.com"
			}
		})
		d, sum, err := importInto(t, badParams, pw)
		if err != nil || sum.Notes != 2 || sum.Tags != 1 || len(d.texts()) != 2 {
			t.Fatalf("key params' %s changed, the right password: %+v %v", field, sum, err)
		}
		if !sum.Damaged {
			t.Fatalf("key params' %s changed: not reported as damaged", field)
		}
		if _, _, err := importInto(t, badParams, "not the password"); !errors.Is(err, ErrBackupPassword) {
			t.Fatalf("key params' %s changed, a wrong password: %v", field, err)
		}
	}

	var f map[string]any
	json.Unmarshal(buf.Bytes(), &f)
	var kept []any
	for _, raw := range f["items"].([]any) {
		if raw.(map[string]any)["content_type"] != sfcrypto.ContentTypeItemsKey {
			kept = append(kept, raw)
		}
	}
	f["items"] = kept
	noKeys, _ := json.Marshal(f)
	if _, _, err := importInto(t, noKeys, pw); errors.Is(err, ErrBackupPassword) || !errors.Is(err, ErrBackupDamaged) {
		t.Fatalf("no items key in the backup: %v", err)
	}
}
