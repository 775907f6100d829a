package sfcrypto

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
)

// vectors004 mirrors testdata/snjs-004-vectors.json (see testdata/README.md).
type vectors004 struct {
	Generator string `json:"generator"`
	Keysets   []struct {
		Identifier     string          `json:"identifier"`
		Password       string          `json:"password"`
		PwNonce        string          `json:"pw_nonce"`
		KeyParams      json.RawMessage `json:"key_params"`
		MasterKey      string          `json:"masterKey"`
		ServerPassword string          `json:"serverPassword"`
	} `json:"keysets"`
	ItemsKeys []struct {
		Keyset    int             `json:"keyset"`
		UUID      string          `json:"uuid"`
		Decrypted json.RawMessage `json:"decrypted_content"`
		ItemsKey  string          `json:"itemsKey"`
		Encrypted wireItem004     `json:"encrypted"`
	} `json:"items_keys"`
	Items []struct {
		ItemsKeyUUID string          `json:"items_key_uuid"`
		UUID         string          `json:"uuid"`
		Decrypted    json.RawMessage `json:"decrypted_content"`
		Encrypted    wireItem004     `json:"encrypted"`
	} `json:"items"`
	Negative []struct {
		Why          string `json:"why"`
		UUID         string `json:"uuid"`
		ItemsKeyUUID string `json:"items_key_uuid"`
		Content      string `json:"content"`
		EncItemKey   string `json:"enc_item_key"`
		OfficialFail bool   `json:"official_client_fails"`
	} `json:"negative"`
}

type wireItem004 struct {
	UUID        string `json:"uuid"`
	ContentType string `json:"content_type"`
	ItemsKeyID  string `json:"items_key_id"`
	Content     string `json:"content"`
	EncItemKey  string `json:"enc_item_key"`
	Version     string `json:"version"`
}

func (w wireItem004) payload() Payload {
	return Payload{UUID: w.UUID, Content: w.Content, EncItemKey: w.EncItemKey, ItemsKeyID: w.ItemsKeyID}
}

func loadVectors004(t testing.TB) vectors004 {
	t.Helper()
	b, err := os.ReadFile("testdata/snjs-004-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v vectors004
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Keysets) != 3 || len(v.ItemsKeys) != 1 || len(v.Items) != 4 || len(v.Negative) != 3 {
		t.Fatalf("vectors file has %d keysets, %d items keys, %d items, %d negatives; want 3, 1, 4, 3",
			len(v.Keysets), len(v.ItemsKeys), len(v.Items), len(v.Negative))
	}
	return v
}

func (v vectors004) params(t testing.TB, i int) KeyParams004 {
	t.Helper()
	var p KeyParams004
	if err := json.Unmarshal(v.Keysets[i].KeyParams, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// rootKey is the vector's root key as published (no Argon2 run): tests other
// than TestVectors004RootKeys need not pay half a second per key set.
func (v vectors004) rootKey(t testing.TB, i int) RootKey004 {
	ks := v.Keysets[i]
	return RootKey004{MasterKey: ks.MasterKey, ServerPassword: ks.ServerPassword, Params: v.params(t, i)}
}

// lookup answers with the vectors' items keys, as decrypted by the vectors.
func (v vectors004) lookup() ItemsKeyLookup {
	return func(id string) (ItemsKey004, bool) {
		for _, k := range v.ItemsKeys {
			if k.UUID == id {
				return ItemsKey004{UUID: k.UUID, Key: k.ItemsKey, Version: Version004}, true
			}
		}
		return ItemsKey004{}, false
	}
}

var derived004 sync.Map // password+params JSON -> RootKey004

func deriveCached(t testing.TB, password string, p KeyParams004) RootKey004 {
	t.Helper()
	id, _ := json.Marshal(p)
	if k, ok := derived004.Load(password + string(id)); ok {
		return k.(RootKey004)
	}
	k, err := DeriveRootKey004(password, p)
	if err != nil {
		t.Fatal(err)
	}
	derived004.Store(password+string(id), k)
	return k
}

func TestVectors004RootKeys(t *testing.T) {
	v := loadVectors004(t)
	for i, ks := range v.Keysets {
		p := v.params(t, i)
		if p.Identifier != ks.Identifier || p.PwNonce != ks.PwNonce || p.Version != Version004 {
			t.Fatalf("keyset %d: params %+v do not match the keyset", i, p)
		}
		k := deriveCached(t, ks.Password, p)
		if k.MasterKey != ks.MasterKey || k.ServerPassword != ks.ServerPassword {
			t.Errorf("keyset %d (%s):\n got mk %s pw %s\nwant mk %s pw %s", i, ks.Identifier,
				k.MasterKey, k.ServerPassword, ks.MasterKey, ks.ServerPassword)
		}
	}
}

func TestVectors004ItemsKeys(t *testing.T) {
	v := loadVectors004(t)
	for _, ik := range v.ItemsKeys {
		ks := v.Keysets[ik.Keyset]
		root := deriveCached(t, ks.Password, v.params(t, ik.Keyset))
		p := ik.Encrypted.payload()
		got, err := DecryptItemsKey004(p, root)
		if err != nil {
			t.Fatal(err)
		}
		if got.UUID != ik.UUID || got.Key != ik.ItemsKey || got.Version != Version004 {
			t.Fatalf("items key %+v, want uuid %s key %s", got, ik.UUID, ik.ItemsKey)
		}
		// The plaintext, byte for byte: JSON.stringify of the content.
		c, ek, err := parsePair004(p)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := decrypt004(c, ek, root.MasterKey, AuthenticatedData004(p.UUID, &root.Params))
		if err != nil {
			t.Fatal(err)
		}
		if want := compactJSON(t, ik.Decrypted); string(plain) != string(want) {
			t.Fatalf("items key content\n got %s\nwant %s", plain, want)
		}
	}
}

func TestVectors004Items(t *testing.T) {
	v := loadVectors004(t)
	for _, it := range v.Items {
		t.Run(it.UUID, func(t *testing.T) {
			p := it.Encrypted.payload()
			if p.ItemsKeyID != it.ItemsKeyUUID || p.UUID != it.UUID {
				t.Fatalf("vector item names %s/%s, want %s/%s", p.UUID, p.ItemsKeyID, it.UUID, it.ItemsKeyUUID)
			}
			got, err := DecryptItem004(p, v.lookup())
			if err != nil {
				t.Fatal(err)
			}
			if want := compactJSON(t, it.Decrypted); string(got) != string(want) {
				t.Fatalf("content\n got %.300s\nwant %.300s", got, want)
			}
		})
	}
}

func TestVectors004Negatives(t *testing.T) {
	v := loadVectors004(t)
	for _, n := range v.Negative {
		t.Run(n.Why, func(t *testing.T) {
			if !n.OfficialFail {
				t.Fatal("the official client accepted this case; it is not a negative")
			}
			p := Payload{UUID: n.UUID, Content: n.Content, EncItemKey: n.EncItemKey, ItemsKeyID: n.ItemsKeyUUID}
			out, err := DecryptItem004(p, v.lookup())
			if !errors.Is(err, ErrAuth) || out != nil {
				t.Fatalf("got %q, %v; want ErrAuth", out, err)
			}
		})
	}
}

// TestAuthenticatedData004MatchesVectors: what we authenticate (and write) is
// byte-identical to the official client's serialisation, with and without key
// params, including the non-ASCII identifier of keyset 1.
func TestAuthenticatedData004MatchesVectors(t *testing.T) {
	v := loadVectors004(t)
	check := func(name, s, want string) {
		t.Helper()
		e, err := ParseEncrypted004(s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if e.AuthenticatedData != want {
			t.Errorf("%s: vector AD %s, ours %s", name, e.AuthenticatedData, want)
		}
	}
	for _, it := range v.Items {
		want := AuthenticatedData004(it.UUID, nil)
		check(it.UUID+" content", it.Encrypted.Content, want)
		check(it.UUID+" enc_item_key", it.Encrypted.EncItemKey, want)
	}
	for _, ik := range v.ItemsKeys {
		kp := v.params(t, ik.Keyset)
		want := AuthenticatedData004(ik.UUID, &kp)
		check(ik.UUID+" content", ik.Encrypted.Content, want)
		check(ik.UUID+" enc_item_key", ik.Encrypted.EncItemKey, want)
		// What rootKeyAuthenticatedData rebuilds from the string is the same.
		e, _ := ParseEncrypted004(ik.Encrypted.EncItemKey)
		if got, err := rootKeyAuthenticatedData(ik.UUID, e.AuthenticatedData); err != nil || got != want {
			t.Errorf("rebuilt from the string: %s (%v), want %s", got, err, want)
		}
	}
	for i, ks := range v.Keysets {
		// Keyset 1's identifier is not ASCII: its AD must carry it unescaped.
		kp := v.params(t, i)
		ad := AuthenticatedData004("u", &kp)
		raw := decodeB64(t, ad)
		if !strings.Contains(raw, `"identifier":"`+ks.Identifier+`"`) {
			t.Errorf("keyset %d: AD %s does not carry the identifier verbatim", i, raw)
		}
	}
}

func TestVectors004WrongPassword(t *testing.T) {
	v := loadVectors004(t)
	ik := v.ItemsKeys[0]
	root := deriveCached(t, "not the password", v.params(t, ik.Keyset))
	if _, err := DecryptItemsKey004(ik.Encrypted.payload(), root); !errors.Is(err, ErrAuth) {
		t.Fatalf("got %v, want ErrAuth", err)
	}
	other := v.rootKey(t, 2) // another account's master key
	if _, err := DecryptItemsKey004(ik.Encrypted.payload(), other); !errors.Is(err, ErrAuth) {
		t.Fatalf("another account's key: got %v, want ErrAuth", err)
	}
}

func decodeB64(t testing.TB, s string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
