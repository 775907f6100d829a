package sfcrypto

import (
	"errors"
	"strings"
	"testing"
)

func testRoot(t *testing.T, origination string) RootKey004 {
	t.Helper()
	p, err := NewKeyParams004("legacy@example.com", origination)
	if err != nil {
		t.Fatal(err)
	}
	return RootKey004{MasterKey: strings.Repeat("1f", 32), ServerPassword: strings.Repeat("2e", 32), Params: p}
}

// A 003 items key made at an upgrade round-trips through the root key with
// its content byte for byte, and gives back the 003 keys that read 003 items.
func TestLegacyItemsKeyRoundTrip(t *testing.T) {
	k3 := Keys{MK: strings.Repeat("ab", 32), AK: strings.Repeat("cd", 32), Version: Version003}
	content, err := LegacyItemsKeyContent(k3)
	if err != nil {
		t.Fatal(err)
	}
	root := testRoot(t, OriginationUpgrade)
	p, err := EncryptItemsKeyContent004("5c7c1a2e-0000-4000-8000-000000000003", content, root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := OpenItemsKey004(p, root)
	if err != nil || string(got) != string(content) {
		t.Fatalf("opened %q, %v; want %q", got, err, content)
	}
	back, err := ParseLegacyItemsKey(got)
	if err != nil || back.MK != k3.MK || back.AK != k3.AK {
		t.Fatalf("parsed %+v, %v", back, err)
	}
	if kp, ok := ItemsKeyParams(p); !ok || kp.PwNonce != root.Params.PwNonce || kp.Origination != OriginationUpgrade {
		t.Fatalf("key params in the string: %+v %v", kp, ok)
	}
	// A 003 item encrypted with the account's keys opens with the items key.
	item, err := EncryptItem("5c7c1a2e-0000-4000-8000-000000000004", []byte(`{"title":"t","text":"x"}`), Keys{PW: "p", MK: k3.MK, AK: k3.AK})
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := DecryptItem(item, back); err != nil || !strings.Contains(string(plain), `"text":"x"`) {
		t.Fatalf("a 003 item through the 003 items key: %q %v", plain, err)
	}
}

// Re-encrypting an existing 004 items key keeps fields sfnotes does not read.
func TestEncryptItemsKeyContentKeepsAppData(t *testing.T) {
	content := []byte(`{"itemsKey":"` + strings.Repeat("0a", 32) + `","version":"004","isDefault":true,"references":[],"appData":{"org.standardnotes.sn":{"client_updated_at":"2026-01-01T00:00:00.000Z"}}}`)
	old, next := testRoot(t, OriginationRegistration), testRoot(t, OriginationPasswordChange)
	p, err := EncryptItemsKeyContent004("5c7c1a2e-0000-4000-8000-000000000005", content, next)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := OpenItemsKey004(p, next); err != nil || string(got) != string(content) {
		t.Fatalf("%q %v", got, err)
	}
	if _, err := OpenItemsKey004(p, RootKey004{MasterKey: strings.Repeat("99", 32), Params: old.Params}); !errors.Is(err, ErrAuth) {
		t.Fatalf("another root key opened it: %v", err)
	}
}

func TestEncryptItemsKeyContentRefusesOthers(t *testing.T) {
	root := testRoot(t, OriginationRegistration)
	for _, c := range []string{`{"title":"a note"}`, `{"itemsKey":"zz","version":"004"}`, `{"itemsKey":"` + strings.Repeat("ab", 32) + `","version":"003"}`, `not json`} {
		if _, err := EncryptItemsKeyContent004("u", []byte(c), root); err == nil {
			t.Fatalf("encrypted %q as an items key", c)
		}
	}
	if _, err := LegacyItemsKeyContent(Keys{MK: "short", AK: strings.Repeat("ab", 32)}); err == nil {
		t.Fatal("made a 003 items key from a bad master key")
	}
}

// FuzzItemsKeyContent: reading any items key content (004 or 003) and the
// key params of any string never panics; what ParseLegacyItemsKey accepts
// has two 64-hex keys; what EncryptItemsKeyContent004 accepts opens back to
// the same bytes.
func FuzzItemsKeyContent(f *testing.F) {
	k3, _ := LegacyItemsKeyContent(Keys{MK: strings.Repeat("ab", 32), AK: strings.Repeat("cd", 32)})
	f.Add(k3, "004:"+strings.Repeat("0", 48)+":AAAA:e30=")
	f.Add([]byte(`{"itemsKey":"`+strings.Repeat("0a", 32)+`","version":"004","isDefault":true,"references":[]}`), "")
	f.Add([]byte(`{"itemsKey":"zz","version":"003","dataAuthenticationKey":""}`), "004:::eyJrcCI6e319:")
	root := RootKey004{MasterKey: strings.Repeat("1f", 32), Params: KeyParams004{Identifier: "f@example.com", PwNonce: "n", Version: Version004}}
	f.Fuzz(func(t *testing.T, content []byte, encItemKey string) {
		if k, err := ParseLegacyItemsKey(content); err == nil {
			if _, e1 := decodeKey(k.MK); e1 != nil {
				t.Fatalf("accepted a 003 items key with master key %q", k.MK)
			}
			if _, e2 := decodeKey(k.AK); e2 != nil {
				t.Fatalf("accepted a 003 items key with auth key %q", k.AK)
			}
		}
		ItemsKeyParams(Payload{EncItemKey: encItemKey})
		p, err := EncryptItemsKeyContent004("6f1e7c9a-0000-4000-8000-000000000001", content, root)
		if err != nil {
			return
		}
		back, err := OpenItemsKey004(p, root)
		if err != nil || string(back) != string(content) {
			t.Fatalf("encrypted items key opened as %q, %v", back, err)
		}
	})
}
