package sfcrypto

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParseEncrypted004: the parser never panics; what it accepts formats back
// to the same string and has a 24-byte nonce and at least a tag of ciphertext.
func FuzzParseEncrypted004(f *testing.F) {
	v := loadVectors004(f)
	for _, it := range v.Items {
		f.Add(it.Encrypted.Content)
		f.Add(it.Encrypted.EncItemKey)
	}
	for _, n := range v.Negative {
		f.Add(n.Content)
	}
	f.Add(v.ItemsKeys[0].Encrypted.EncItemKey)
	f.Add("004:" + strings.Repeat("0", 48) + ":" + strings.Repeat("A", 24) + ":e30=")
	f.Add("004::::")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEncrypted004(s)
		if err != nil {
			return
		}
		if e.String() != s {
			t.Fatalf("parse/format changed %q into %q", s, e.String())
		}
		if len(e.nonce) != 24 || len(e.ct) < 16 {
			t.Fatalf("accepted a %d-byte nonce and %d-byte ciphertext", len(e.nonce), len(e.ct))
		}
	})
}

// FuzzDecryptItem004: decryption of notes (with the vectors' items key) and
// of items keys (with the vectors' master key) never panics on any input, and
// whatever it accepts is JSON, or an items key of 64 hex characters. Seeds are
// the vectors' strings, so mutations start at the real format.
func FuzzDecryptItem004(f *testing.F) {
	v := loadVectors004(f)
	for _, it := range v.Items {
		p := it.Encrypted.payload()
		f.Add(false, p.UUID, p.ItemsKeyID, p.Content, p.EncItemKey)
	}
	for _, n := range v.Negative {
		f.Add(false, n.UUID, n.ItemsKeyUUID, n.Content, n.EncItemKey)
	}
	ik := v.ItemsKeys[0].Encrypted.payload()
	f.Add(true, ik.UUID, "", ik.Content, ik.EncItemKey)
	root := v.rootKey(f, 0)
	f.Fuzz(func(t *testing.T, itemsKey bool, uuid, itemsKeyID, content, encItemKey string) {
		p := Payload{UUID: uuid, Content: content, EncItemKey: encItemKey, ItemsKeyID: itemsKeyID}
		if itemsKey {
			k, err := DecryptItemsKey004(p, root)
			if err == nil {
				if _, kerr := decodeKey(k.Key); kerr != nil || k.UUID != uuid {
					t.Fatalf("accepted items key %+v", k)
				}
			}
			return
		}
		out, err := DecryptItem004(p, v.lookup())
		if err == nil && !json.Valid(out) {
			t.Fatalf("accepted non-JSON %q", out)
		}
	})
}
