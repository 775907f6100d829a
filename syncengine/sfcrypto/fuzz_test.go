package sfcrypto

import (
	"strings"
	"testing"
)

// FuzzParseEncrypted: the parser never panics, and whatever it accepts
// formats back to the same string.
func FuzzParseEncrypted(f *testing.F) {
	v := loadVectors(f)
	for _, it := range v.Items {
		f.Add(it.SyncParams.Content)
		f.Add(it.SyncParams.EncItemKey)
	}
	f.Add("003:" + strings.Repeat("a", 64) + ":u:" + strings.Repeat("b", 32) + ":c")
	f.Add(":::::")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEncrypted(s)
		if err != nil {
			return
		}
		if e.String() != s {
			t.Fatalf("parse/format changed %q into %q", s, e.String())
		}
	})
}

// FuzzDecryptItem: decryption never panics on any payload, and anything it
// accepts under the vector keys is JSON. Mutations of the real vectors are the
// seeds, so the fuzzer starts at the interesting boundaries.
func FuzzDecryptItem(f *testing.F) {
	v := loadVectors(f)
	for ver := range v.Items {
		p := v.payload(ver)
		f.Add(ver, p.UUID, p.Content, p.EncItemKey, p.AuthHash)
	}
	f.Add("003", "u", "000e30=", "", "")
	f.Fuzz(func(t *testing.T, ver, uuid, content, encItemKey, authHash string) {
		k, ok := v.Keys[ver]
		if !ok {
			k = v.Keys[Version003]
		}
		out, err := DecryptItem(Payload{UUID: uuid, Content: content, EncItemKey: encItemKey, AuthHash: authHash}, k.Keys)
		if err == nil && len(out) == 0 {
			t.Fatal("accepted with empty output")
		}
	})
}

// FuzzRoundTrip: any JSON object we encrypt decrypts to the same bytes.
func FuzzRoundTrip(f *testing.F) {
	k := testKeys(f)
	f.Add("Hello", "Unicode: café ✓ 📝")
	f.Fuzz(func(t *testing.T, title, text string) {
		content := []byte(`{"title":` + quote(title) + `,"text":` + quote(text) + `}`)
		p, err := EncryptItem("uuid", content, k)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecryptItem(p, k)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(content) {
			t.Fatal("round trip changed the content")
		}
	})
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || r == 0xFFFD:
			b.WriteString(`\u0020`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
