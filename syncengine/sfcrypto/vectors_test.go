package sfcrypto

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// vectors mirrors testdata/sfjs-0.3.71-vectors.json (see testdata/README.md).
type vectors struct {
	Inputs struct {
		Email        string          `json:"email"`
		Password     string          `json:"password"`
		UUID         string          `json:"uuid"`
		ItemKey      string          `json:"item_key"`
		IVEncItemKey string          `json:"iv_enc_item_key"`
		IVContent    string          `json:"iv_content"`
		Content      json.RawMessage `json:"content"`
	} `json:"inputs"`
	Keys map[string]struct {
		AuthParams     AuthParams `json:"auth_params"`
		Keys           Keys       `json:"keys"`
		PwSaltComputed string     `json:"pw_salt_computed"`
	} `json:"keys"`
	Items map[string]struct {
		SyncParams struct {
			UUID       string  `json:"uuid"`
			Content    string  `json:"content"`
			EncItemKey string  `json:"enc_item_key"`
			AuthHash   *string `json:"auth_hash"`
		} `json:"sync_params"`
		Decrypted json.RawMessage `json:"decrypted_content"`
	} `json:"items"`
	Negative map[string]bool `json:"negative"`
}

func loadVectors(t testing.TB) vectors {
	t.Helper()
	b, err := os.ReadFile("testdata/sfjs-0.3.71-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Keys) != 4 || len(v.Items) != 3 {
		t.Fatalf("vectors file has %d key sets and %d items, want 4 and 3", len(v.Keys), len(v.Items))
	}
	return v
}

// keysFor returns the expected keys of the account an item version was made with.
func (v vectors) keysFor(t testing.TB, ver string) Keys {
	t.Helper()
	k := v.Keys[ver].Keys
	if k.MK == "" {
		t.Fatalf("no keys for %s", ver)
	}
	return k
}

func (v vectors) payload(ver string) Payload {
	sp := v.Items[ver].SyncParams
	p := Payload{UUID: sp.UUID, Content: sp.Content, EncItemKey: sp.EncItemKey}
	if sp.AuthHash != nil {
		p.AuthHash = *sp.AuthHash
	}
	return p
}

func TestVectorKeys(t *testing.T) {
	v := loadVectors(t)
	for name, set := range v.Keys {
		t.Run(name, func(t *testing.T) {
			got, err := DeriveKeys(v.Inputs.Password, set.AuthParams)
			if err != nil {
				t.Fatal(err)
			}
			if got.PW != set.Keys.PW || got.MK != set.Keys.MK || got.AK != set.Keys.AK {
				t.Fatalf("keys differ:\n got %+v\nwant %+v", got, set.Keys)
			}
			if set.PwSaltComputed != "" {
				p := set.AuthParams
				if s := Salt003(p.Identifier, p.PwCost, p.PwNonce); s != set.PwSaltComputed {
					t.Fatalf("salt %s, want %s", s, set.PwSaltComputed)
				}
			}
		})
	}
}

func TestVectorItemsDecrypt(t *testing.T) {
	v := loadVectors(t)
	for ver := range v.Items {
		t.Run(ver, func(t *testing.T) {
			got, err := DecryptItem(v.payload(ver), v.keysFor(t, ver))
			if err != nil {
				t.Fatal(err)
			}
			assertSameJSON(t, got, v.Items[ver].Decrypted)
			assertSameJSON(t, got, v.Inputs.Content)
		})
	}
}

// TestVectorItemsEncryptIdentical feeds the vector's item key and IVs as the
// randomness and expects the JS client's strings byte for byte (its sixth
// field, the auth params, is optional and left out by us).
func TestVectorItemsEncryptIdentical(t *testing.T) {
	v := loadVectors(t)
	for _, ver := range []string{Version002, Version003} {
		t.Run(ver, func(t *testing.T) {
			r := fixedRandom(t, v.Inputs.ItemKey, v.Inputs.IVContent, v.Inputs.IVEncItemKey)
			content := compactJSON(t, v.Inputs.Content)
			p, err := encryptItem(r, ver, v.Inputs.UUID, content, v.keysFor(t, ver))
			if err != nil {
				t.Fatal(err)
			}
			want := v.payload(ver)
			if !strings.HasPrefix(want.Content, p.Content+":") {
				t.Fatalf("content\n got %s\nwant %s", p.Content, want.Content)
			}
			if !strings.HasPrefix(want.EncItemKey, p.EncItemKey+":") {
				t.Fatalf("enc_item_key\n got %s\nwant %s", p.EncItemKey, want.EncItemKey)
			}
		})
	}
}

func TestVectorNegatives(t *testing.T) {
	v := loadVectors(t)
	if !v.Negative["uuid_mismatch_errorDecrypting"] || !v.Negative["auth_hash_flip_errorDecrypting"] {
		t.Fatalf("vectors file lost its negative cases: %v", v.Negative)
	}
	for _, ver := range []string{Version002, Version003} {
		p := v.payload(ver)
		k := v.keysFor(t, ver)
		moved := p
		moved.UUID = "00000000-0000-0000-0000-000000000000"
		if _, err := DecryptItem(moved, k); !errors.Is(err, ErrUUIDMismatch) {
			t.Errorf("%s uuid mismatch: got %v", ver, err)
		}
		flipped := p
		flipped.Content = flipHexChar(p.Content, 4) // first char of auth_hash
		if _, err := DecryptItem(flipped, k); !errors.Is(err, ErrAuth) {
			t.Errorf("%s auth hash flip: got %v", ver, err)
		}
	}
	p := v.payload(Version001)
	p.AuthHash = flipHexChar(p.AuthHash, 0)
	if _, err := DecryptItem(p, v.keysFor(t, Version001)); !errors.Is(err, ErrAuth) {
		t.Errorf("001 auth hash flip: got %v", err)
	}
}

func TestVectorWrongPassword(t *testing.T) {
	v := loadVectors(t)
	for ver, set := range v.Keys {
		if _, ok := v.Items[ver]; !ok {
			continue
		}
		k, err := DeriveKeys("not the password", set.AuthParams)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecryptItem(v.payload(ver), k); !errors.Is(err, ErrAuth) {
			t.Errorf("%s with wrong password: got %v, want ErrAuth", ver, err)
		}
	}
}

func TestForeignFiveFieldItem(t *testing.T) {
	// A five-field string (what we write) must decrypt like a six-field one.
	v := loadVectors(t)
	p := v.payload(Version003)
	p.Content = strings.Join(strings.Split(p.Content, ":")[:5], ":")
	p.EncItemKey = strings.Join(strings.Split(p.EncItemKey, ":")[:5], ":")
	got, err := DecryptItem(p, v.keysFor(t, Version003))
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, got, v.Inputs.Content)
}

type sliceReader struct{ b []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, errors.New("fixed randomness exhausted")
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func fixedRandom(t testing.TB, hexParts ...string) *sliceReader {
	t.Helper()
	var all []byte
	for _, h := range hexParts {
		b, err := hex.DecodeString(h)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return &sliceReader{b: all}
}

// compactJSON re-marshals JSON the way JSON.stringify does (no spaces, key
// order kept, no HTML escaping).
func compactJSON(t testing.TB, raw []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func assertSameJSON(t testing.TB, got, want []byte) {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("got is not JSON: %v", err)
	}
	if err := json.Unmarshal(want, &b); err != nil {
		t.Fatal(err)
	}
	ga, _ := json.Marshal(a)
	gb, _ := json.Marshal(b)
	if !bytes.Equal(ga, gb) {
		t.Fatalf("JSON differs:\n got %s\nwant %s", ga, gb)
	}
}

func flipHexChar(s string, i int) string {
	b := []byte(s)
	if b[i] == '0' {
		b[i] = '1'
	} else {
		b[i] = '0'
	}
	return string(b)
}
