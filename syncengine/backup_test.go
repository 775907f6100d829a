package syncengine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

func importFile(t *testing.T, d *device, data []byte, password string) (ImportSummary, error) {
	t.Helper()
	p, err := ParseBackup(bytes.NewReader(data))
	if err != nil {
		return ImportSummary{}, err
	}
	return p.Import(context.Background(), d.store, password)
}

func TestImport0100Export(t *testing.T) {
	d := newDevice(t, "A")
	data, err := os.ReadFile("testdata/sn-0.10.0-export.json")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := importFile(t, d, data, "")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Notes != 2 || sum.Tags != 1 {
		t.Fatalf("summary %+v", sum)
	}
	tag, err := d.store.TagByTitle("archive")
	if err != nil {
		t.Fatal(err)
	}
	l, _ := d.store.ListNotes(model.NoteQuery{View: model.ViewTag, Tag: tag.UUID})
	if len(l) != 1 || l[0].Title != "Old style note" {
		t.Fatalf("note-to-tag reference not read: %+v", l)
	}
	if n, _ := d.store.CountNotes(model.NoteQuery{Search: "exporters"}); n != 1 {
		t.Fatal("string content not imported")
	}
	if d.dirty() != 3 {
		t.Fatalf("%d dirty, want every imported item", d.dirty())
	}
}

// TestImportEncryptedFromJSClient builds an encrypted backup from the JS
// client's own 003 vector item and imports it with the vector password.
func TestImportEncryptedFromJSClient(t *testing.T) {
	raw, err := os.ReadFile("sfcrypto/testdata/sfjs-0.3.71-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Inputs struct{ Password string } `json:"inputs"`
		Keys   map[string]struct {
			AuthParams json.RawMessage `json:"auth_params"`
		} `json:"keys"`
		Items map[string]struct {
			SyncParams json.RawMessage `json:"sync_params"`
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"auth_params", "keyParams"} {
		backup := []byte(`{"items":[` + string(v.Items["003"].SyncParams) + `],"` + key + `":` + string(v.Keys["003"].AuthParams) + `}`)
		d := newDevice(t, "A")
		if _, err := importFile(t, d, backup, "wrong"); !errors.Is(err, ErrBackupPassword) {
			t.Fatalf("%s wrong password: %v", key, err)
		}
		if n, _ := d.store.CountNotes(model.NoteQuery{}); n != 0 {
			t.Fatal("a failed import changed the store")
		}
		sum, err := importFile(t, d, backup, v.Inputs.Password)
		if err != nil || sum.Notes != 1 {
			t.Fatalf("%s: %+v %v", key, sum, err)
		}
		l, _ := d.store.ListNotes(model.NoteQuery{})
		n, _ := d.store.GetNote(l[0].UUID)
		if n.Title != "Hello" || n.Text != "Unicode: café ✓ 📝" {
			t.Fatalf("imported %+v", n)
		}
	}
}

func TestImportRefusesLowCostBackup(t *testing.T) {
	backup := `{"items":[{"uuid":"u","content_type":"Note","content":"003:x","enc_item_key":"003:y"}],` +
		`"auth_params":{"version":"003","pw_cost":1000,"pw_nonce":"n","identifier":"e"}}`
	_, err := importFile(t, newDevice(t, "A"), []byte(backup), "pw")
	if !errors.Is(err, sfcrypto.ErrCostTooLow) {
		t.Fatalf("got %v", err)
	}
}

func TestImportTooLarge(t *testing.T) {
	big := strings.NewReader(`{"items":[` + strings.Repeat(" ", MaxImportSize) + `]}`)
	if _, err := ParseBackup(big); !errors.Is(err, ErrBadBackup) {
		t.Fatalf("got %v", err)
	}
}

func TestExportEncryptedRoundTrip(t *testing.T) {
	a := newDevice(t, "A")
	a.note("secret", "ünïcode text", "tag")
	params := sfcrypto.AuthParams{Version: "002", PwCost: 3000, PwSalt: "salt"}
	keys, _ := sfcrypto.DeriveKeys("pw", params)
	var buf bytes.Buffer
	sum, err := ExportEncrypted(a.store, keys, params, &buf)
	if err != nil || sum.Items != 2 {
		t.Fatalf("%+v %v", sum, err)
	}
	if strings.Contains(buf.String(), "ünïcode") {
		t.Fatal("plaintext in the encrypted export")
	}
	b := newDevice(t, "B")
	if _, err := importFile(t, b, buf.Bytes(), "pw"); err != nil {
		t.Fatal(err)
	}
	converged(t, a, b)
}

// FuzzParseBackup: the importer never panics, and whatever it accepts it can
// import into a real store or refuse with a clear error, changing nothing then.
func FuzzParseBackup(f *testing.F) {
	seed, _ := os.ReadFile("testdata/sn-0.10.0-export.json")
	f.Add(seed)
	f.Add([]byte(`{"items":[]}`))
	f.Add([]byte(`{"items":[{"uuid":"u","content_type":"Note","content":"000e30="}]}`))
	f.Add([]byte(`{"items":[{"uuid":"u","content_type":"Note","content":"003:a:b:c:d"}],"auth_params":{"version":"002","pw_cost":3000,"pw_salt":"s"}}`))
	// The largest cost a file may ask for (sfcrypto.MaxCost) derives for ten
	// seconds or more: once the fuzzer found one, its worker outlived -fuzztime
	// and the run failed with "context deadline exceeded". Every import gets a
	// one-second deadline; a cancelled import must leave the store as it was.
	f.Add([]byte(`{"items":[{"uuid":"u","content_type":"Note","content":"002:a:b:c:d"}],"auth_params":{"version":"002","pw_cost":10000000,"pw_salt":"s"}}`))
	d := newDevice(f, "F")
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseBackup(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrBadBackup) {
				t.Fatalf("unclassified parse error: %v", err)
			}
			return
		}
		before, _ := d.store.DirtyCount()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if _, err := p.Import(ctx, d.store, "pw"); err != nil {
			if after, _ := d.store.DirtyCount(); after != before {
				t.Fatal("a failed import changed the store")
			}
		}
	})
}

// FuzzSyncResponse: any bytes from a server either parse into a response the
// syncer can walk or fail as a bad response; nothing panics.
func FuzzSyncResponse(f *testing.F) {
	f.Add([]byte(`{"retrieved_items":[{"uuid":"u","content_type":"Note","content":"003:x","enc_item_key":null,"updated_at":"2020-01-01T00:00:00.000Z"}],"saved_items":[],"conflicts":[{"type":"sync_conflict","server_item":{"uuid":"u"}}],"sync_token":"MjoxNTQ=\n","cursor_token":null}`))
	f.Add([]byte(`{"retrieved_items":[],"saved_items":[],"unsaved":[{"item":{"uuid":"u"},"error":{"tag":"uuid_conflict"}}],"sync_token":"t"}`))
	f.Add([]byte(`{"errors":["x"]}`))
	keys := sfcrypto.Keys{MK: strings.Repeat("a", 64), AK: strings.Repeat("b", 64)}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r SyncResponse
		if err := json.Unmarshal(data, &r); err != nil {
			return
		}
		_ = r.Cursor()
		_ = conflictsOf(r)
		for _, rm := range decryptAll(r.Retrieved, keys003{keys: keys}) {
			if rm.DecryptError == "" && !rm.Deleted && !json.Valid([]byte(rm.Content)) {
				t.Fatal("accepted content that is not JSON")
			}
		}
	})
}
