package sfcrypto

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func testItemsKey(t testing.TB) ItemsKey004 {
	t.Helper()
	k, err := NewItemsKey004("2d18aecb-0000-4d57-972e-ae7501338745", true)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func lookupOf(keys ...ItemsKey004) ItemsKeyLookup {
	return func(id string) (ItemsKey004, bool) {
		for _, k := range keys {
			if k.UUID == id {
				return k, true
			}
		}
		return ItemsKey004{}, false
	}
}

func TestRoundTrip004(t *testing.T) {
	k := testItemsKey(t)
	for _, content := range []string{`{}`, `{"title":"é <&> ` + "\u2028" + `","text":"` + strings.Repeat("x", 100000) + `"}`} {
		p, err := EncryptItem004("u-1", []byte(content), k)
		if err != nil {
			t.Fatal(err)
		}
		if p.UUID != "u-1" || p.ItemsKeyID != k.UUID {
			t.Fatalf("payload names %q/%q", p.UUID, p.ItemsKeyID)
		}
		for _, s := range []string{p.Content, p.EncItemKey} {
			parts := strings.Split(s, ":")
			if len(parts) != 5 || parts[0] != "004" || len(parts[1]) != 48 || parts[4] != EmptyAdditionalData004 {
				t.Fatalf("not a five-field 004 string: %.120s", s)
			}
			if parts[3] != AuthenticatedData004("u-1", nil) {
				t.Fatalf("written AD %s", parts[3])
			}
		}
		got, err := DecryptItem004(p, lookupOf(k))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != content {
			t.Fatalf("round trip changed the content (%d vs %d bytes)", len(got), len(content))
		}
	}
}

// TestItemsKeyRoundTrip004: an items key we encrypt with the vectors' root key
// carries that key's params in its AD, byte for byte as the official client
// writes them, and decrypts back.
func TestItemsKeyRoundTrip004(t *testing.T) {
	v := loadVectors004(t)
	root := v.rootKey(t, 1)
	k := testItemsKey(t)
	p, err := EncryptItemsKey004(k, root)
	if err != nil {
		t.Fatal(err)
	}
	if p.ItemsKeyID != "" {
		t.Fatalf("an items key names items key %q", p.ItemsKeyID)
	}
	e, err := ParseEncrypted004(p.EncItemKey)
	if err != nil {
		t.Fatal(err)
	}
	kp := root.Params
	if e.AuthenticatedData != AuthenticatedData004(k.UUID, &kp) {
		t.Fatalf("AD %s", decodeB64(t, e.AuthenticatedData))
	}
	got, err := DecryptItemsKey004(p, root)
	if err != nil {
		t.Fatal(err)
	}
	if got != k {
		t.Fatalf("got %+v, want %+v", got, k)
	}
	// Its content parses as the official client's shape.
	var c map[string]any
	if err := json.Unmarshal(k.ContentJSON(), &c); err != nil || c["itemsKey"] != k.Key || c["version"] != "004" || c["isDefault"] != true {
		t.Fatalf("content %s (%v)", k.ContentJSON(), err)
	}
}

// TestItemsKeyUnderServerParams004: an items key sealed with full key params
// (origination and created, as the official client writes at registration)
// decrypts with a root key whose params came from a server that stores
// neither, since the AD's key params are read from the string.
func TestItemsKeyUnderServerParams004(t *testing.T) {
	v := loadVectors004(t)
	full := v.rootKey(t, 0)
	k := testItemsKey(t)
	p, err := EncryptItemsKey004(k, full)
	if err != nil {
		t.Fatal(err)
	}
	fromServer := full
	fromServer.Params = KeyParams004{Identifier: full.Params.Identifier, PwNonce: full.Params.PwNonce, Version: Version004}
	if got, err := DecryptItemsKey004(p, fromServer); err != nil || got.Key != k.Key {
		t.Fatalf("got %+v, %v", got, err)
	}
	// The vector's items key likewise.
	ik := v.ItemsKeys[0]
	if got, err := DecryptItemsKey004(ik.Encrypted.payload(), fromServer); err != nil || got.Key != ik.ItemsKey {
		t.Fatalf("vector items key: got %+v, %v", got, err)
	}
}

// TestFixedRandomness004: encryption reads item key, content nonce, then key
// nonce, and lays them out where the format says.
func TestFixedRandomness004(t *testing.T) {
	itemKey := strings.Repeat("11", 32)
	n1, n2 := strings.Repeat("22", 24), strings.Repeat("33", 24)
	k := ItemsKey004{UUID: "ik", Key: strings.Repeat("44", 32), Version: Version004}
	p, err := encrypt004(fixedRandom(t, itemKey, n1, n2), "u", []byte(`{"a":1}`), k.Key, AuthenticatedData004("u", nil))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Content, "004:"+n1+":") || !strings.HasPrefix(p.EncItemKey, "004:"+n2+":") {
		t.Fatalf("nonces misplaced: %s / %s", p.Content, p.EncItemKey)
	}
	p.ItemsKeyID = "ik"
	c, ek, _ := parsePair004(p)
	kb, _ := hex.DecodeString(k.Key)
	got, err := open004(kb, ek, AuthenticatedData004("u", nil))
	if err != nil || string(got) != itemKey {
		t.Fatalf("enc_item_key holds %q (%v), want the item key as hex", got, err)
	}
	ib, _ := hex.DecodeString(itemKey)
	if got, err := open004(ib, c, AuthenticatedData004("u", nil)); err != nil || string(got) != `{"a":1}` {
		t.Fatalf("content %q (%v)", got, err)
	}
}

// TestBitFlips004 changes one character in every field of both strings of a
// vector note and of the vector items key. Every change to what is
// authenticated or parsed is refused; the one field that is not used (the
// string's own copy of the authenticated data, which is rebuilt instead, and
// the unused additional data) can never change the plaintext.
func TestBitFlips004(t *testing.T) {
	v := loadVectors004(t)
	it := v.Items[0]
	want := compactJSON(t, it.Decrypted)
	ik := v.ItemsKeys[0]
	root := v.rootKey(t, 0)
	type target struct {
		name string
		p    Payload
		dec  func(Payload) ([]byte, error)
	}
	targets := []target{
		{"note", it.Encrypted.payload(), func(p Payload) ([]byte, error) { return DecryptItem004(p, v.lookup()) }},
		{"items key", ik.Encrypted.payload(), func(p Payload) ([]byte, error) {
			k, err := DecryptItemsKey004(p, root)
			return []byte(k.Key), err
		}},
	}
	wantOf := map[string]string{"note": string(want), "items key": ik.ItemsKey}
	for _, tg := range targets {
		for _, which := range []string{"content", "enc_item_key"} {
			s := tg.p.Content
			if which == "enc_item_key" {
				s = tg.p.EncItemKey
			}
			parts := strings.Split(s, ":")
			for field := range parts {
				for _, pos := range []int{0, len(parts[field]) / 2} {
					fp := parts
					fp = append([]string(nil), parts...)
					fp[field] = flipChar(fp[field], pos)
					p := tg.p
					if which == "content" {
						p.Content = strings.Join(fp, ":")
					} else {
						p.EncItemKey = strings.Join(fp, ":")
					}
					out, err := tg.dec(p)
					name := tg.name + " " + which + " field " + string(rune('0'+field))
					switch {
					case field >= 3 && !(tg.name == "items key" && which == "enc_item_key" && field == 3):
						// Unused copies: refused as malformed, or harmless.
						if err == nil && string(out) != wantOf[tg.name] {
							t.Errorf("%s: a change decrypted to other content", name)
						}
						if err != nil && !errors.Is(err, ErrMalformed) {
							t.Errorf("%s: got %v", name, err)
						}
					case field == 0:
						if !errors.Is(err, ErrUnsupportedVersion) {
							t.Errorf("%s: got %v, want ErrUnsupportedVersion", name, err)
						}
					default:
						if !errors.Is(err, ErrAuth) && !errors.Is(err, ErrMalformed) {
							t.Errorf("%s pos %d: got %v, want ErrAuth or ErrMalformed", name, pos, err)
						}
					}
				}
			}
		}
	}
}

// flipChar changes s[i] to another character of the same alphabet class where
// possible, so the string stays well-formed and reaches the AEAD.
func flipChar(s string, i int) string {
	if s == "" {
		return "x"
	}
	b := []byte(s)
	switch c := b[i]; {
	case c == '0':
		b[i] = '4'
	case c >= '1' && c <= '9':
		b[i] = '0'
	case c == 'a' || c == 'A':
		b[i] = c + 1
	case c >= 'b' && c <= 'z', c >= 'B' && c <= 'Z':
		b[i] = c - 1
	default:
		b[i] = 'A'
	}
	return string(b)
}

func TestMalformed004(t *testing.T) {
	v := loadVectors004(t)
	good := v.Items[0].Encrypted.payload()
	parts := strings.Split(good.Content, ":")
	join := func(p ...string) string { return strings.Join(p, ":") }
	cases := []struct {
		name, s string
		want    error
	}{
		{"empty", "", ErrUnsupportedVersion},
		{"003 string", "003:" + strings.Repeat("a", 64) + ":u:" + strings.Repeat("b", 32) + ":c", ErrUnsupportedVersion},
		{"version only", "004", ErrMalformed},
		{"three fields", join(parts[:3]...), ErrMalformed},
		{"six fields", join(append(parts, "e30=")...), ErrMalformed},
		{"empty fields", "004::::", ErrMalformed},
		{"short nonce", join("004", parts[1][:46], parts[2], parts[3], parts[4]), ErrMalformed},
		{"nonce not hex", join("004", "zz"+parts[1][2:], parts[2], parts[3], parts[4]), ErrMalformed},
		{"ciphertext not base64", join("004", parts[1], "!!!!", parts[3], parts[4]), ErrMalformed},
		{"ciphertext shorter than a tag", join("004", parts[1], "AAAA", parts[3], parts[4]), ErrMalformed},
		{"ciphertext with a line break", join("004", parts[1], parts[2][:8]+"\n"+parts[2][8:], parts[3], parts[4]), ErrMalformed},
		{"AD not base64", join("004", parts[1], parts[2], "%%", parts[4]), ErrMalformed},
		{"empty additional data", join("004", parts[1], parts[2], parts[3], ""), ErrMalformed},
	}
	for _, c := range cases {
		if _, err := ParseEncrypted004(c.s); !errors.Is(err, c.want) {
			t.Errorf("parse %s: got %v, want %v", c.name, err, c.want)
		}
		p := good
		p.Content = c.s
		if _, err := DecryptItem004(p, v.lookup()); !errors.Is(err, c.want) {
			t.Errorf("decrypt content %s: got %v, want %v", c.name, err, c.want)
		}
		p = good
		p.EncItemKey = c.s
		if _, err := DecryptItem004(p, v.lookup()); !errors.Is(err, c.want) {
			t.Errorf("decrypt enc_item_key %s: got %v, want %v", c.name, err, c.want)
		}
	}
	// Four fields (no additional data) are read like five.
	four := good
	four.Content = join(parts[:4]...)
	four.EncItemKey = strings.Join(strings.Split(good.EncItemKey, ":")[:4], ":")
	if _, err := DecryptItem004(four, v.lookup()); err != nil {
		t.Fatalf("four-field strings: %v", err)
	}
	if e, _ := ParseEncrypted004(four.Content); e.String() != four.Content {
		t.Fatalf("four fields formatted as %s", e.String())
	}
}

func TestItemsKeyErrors004(t *testing.T) {
	v := loadVectors004(t)
	it := v.Items[0].Encrypted.payload()
	p := it
	p.ItemsKeyID = "not-arrived-yet"
	if _, err := DecryptItem004(p, v.lookup()); !errors.Is(err, ErrItemsKeyMissing) {
		t.Fatalf("unknown items key: got %v", err)
	}
	// Another items key: the AEAD fails.
	other := testItemsKey(t)
	if _, err := DecryptItem004(it, func(string) (ItemsKey004, bool) { return other, true }); !errors.Is(err, ErrAuth) {
		t.Fatalf("wrong items key: got %v", err)
	}
	// A key that is not 64 hex characters.
	if _, err := DecryptItem004(it, func(string) (ItemsKey004, bool) { return ItemsKey004{Key: "abc"}, true }); !errors.Is(err, ErrMalformed) {
		t.Fatalf("short items key: got %v", err)
	}
	// An items key moved to another uuid, and the items key's AD broken in
	// ways that never reach the AEAD.
	ik := v.ItemsKeys[0].Encrypted.payload()
	root := v.rootKey(t, 0)
	moved := ik
	moved.UUID = v.Items[1].UUID
	if _, err := DecryptItemsKey004(moved, root); !errors.Is(err, ErrAuth) {
		t.Fatalf("moved items key: got %v", err)
	}
	eparts := strings.Split(ik.EncItemKey, ":")
	for _, c := range []struct {
		ad   string
		want error
	}{
		{base64.StdEncoding.EncodeToString([]byte(`[1]`)), ErrMalformed},
		{base64.StdEncoding.EncodeToString([]byte(`{"u":"x","v":"004"}`)), ErrAuth},
		{base64.StdEncoding.EncodeToString([]byte(`{"kp":{"a":1e400}}`)), ErrMalformed},
		{base64.StdEncoding.EncodeToString([]byte(`{"kp":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`)), ErrMalformed},
	} {
		q := ik
		q.EncItemKey = strings.Join([]string{eparts[0], eparts[1], eparts[2], c.ad, eparts[4]}, ":")
		if _, err := DecryptItemsKey004(q, root); !errors.Is(err, c.want) {
			t.Errorf("AD %s: got %v, want %v", decodeB64(t, c.ad), err, c.want)
		}
	}
	// No lookup at all is a missing key, not a panic.
	if _, err := DecryptItem004(it, nil); !errors.Is(err, ErrItemsKeyMissing) {
		t.Fatalf("nil lookup: got %v", err)
	}
	// Items keys we would write but nobody could read are refused.
	for _, bad := range []ItemsKey004{{UUID: "k", Key: strings.Repeat("a", 64)}, {UUID: "k", Key: "abc", Version: Version004}} {
		if _, err := EncryptItemsKey004(bad, root); err == nil {
			t.Errorf("encrypted items key %+v", bad)
		}
	}
	if _, err := EncryptItemsKey004(testItemsKey(t), RootKey004{MasterKey: root.MasterKey}); !errors.Is(err, ErrUnsupportedVersion) {
		t.Errorf("root key without params: got %v", err)
	}
	// A 003 items key is not read here.
	if _, err := ParseItemsKey004("u", []byte(`{"itemsKey":"`+strings.Repeat("a", 64)+`","version":"003"}`)); !errors.Is(err, ErrUnsupportedVersion) {
		t.Fatalf("003 items key: got %v", err)
	}
	if _, err := ParseItemsKey004("u", []byte(`{"itemsKey":"zz","version":"004"}`)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("bad items key: got %v", err)
	}
}

func TestKeyParams004(t *testing.T) {
	var p KeyParams004
	if err := json.Unmarshal([]byte(`{"email":"a@b","pw_nonce":"n","version":"004","created":1700000000000}`), &p); err != nil {
		t.Fatal(err)
	}
	if p != (KeyParams004{Identifier: "a@b", PwNonce: "n", Version: "004", Created: "1700000000000"}) {
		t.Fatalf("got %+v", p)
	}
	// mdouchement's decoy for an unknown email has "nonce" (32 numbers), not
	// pw_nonce: it cannot derive anything.
	var decoy KeyParams004
	if err := json.Unmarshal([]byte(`{"identifier":"a@b","nonce":[1,2,3],"version":"004"}`), &decoy); err != nil {
		t.Fatal(err)
	}
	if err := decoy.Validate(); !errors.Is(err, ErrMalformed) {
		t.Fatalf("decoy params: got %v, want ErrMalformed", err)
	}
	if err := json.Unmarshal([]byte(`{"version":{}}`), &p); !errors.Is(err, ErrMalformed) {
		t.Fatalf("object version: got %v", err)
	}
	long := strings.Repeat("a", MaxParamLength+1)
	for _, c := range []struct {
		p    KeyParams004
		want error
	}{
		{KeyParams004{Identifier: "e", PwNonce: "n", Version: "004"}, nil},
		{KeyParams004{Identifier: "e", PwNonce: "n", Version: "003"}, ErrUnsupportedVersion},
		{KeyParams004{Identifier: "e", PwNonce: "n"}, ErrUnsupportedVersion},
		{KeyParams004{PwNonce: "n", Version: "004"}, ErrMalformed},
		{KeyParams004{Identifier: "e", Version: "004"}, ErrMalformed},
		{KeyParams004{Identifier: long, PwNonce: "n", Version: "004"}, ErrMalformed},
		{KeyParams004{Identifier: "e", PwNonce: "n", Version: "004", Created: long}, ErrMalformed},
	} {
		err := c.p.Validate()
		if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%+v: got %v, want %v", c.p, err, c.want)
		}
		if c.want != nil {
			if _, err := DeriveRootKey004("pw", c.p); !errors.Is(err, c.want) {
				t.Errorf("derive %+v: got %v, want %v", c.p, err, c.want)
			}
		}
	}
	now := time.UnixMilli(1700000000123)
	np, err := newKeyParams004(fixedRandom(t, strings.Repeat("ab", 32)), "me@x", OriginationRegistration, now)
	if err != nil {
		t.Fatal(err)
	}
	if np != (KeyParams004{Identifier: "me@x", PwNonce: strings.Repeat("ab", 32), Version: "004", Origination: "registration", Created: "1700000000123"}) {
		t.Fatalf("new params %+v", np)
	}
	a, _ := NewKeyParams004("me@x", OriginationRegistration)
	b, _ := NewKeyParams004("me@x", OriginationRegistration)
	if len(a.PwNonce) != 64 || a.PwNonce == b.PwNonce {
		t.Fatalf("nonces %q %q", a.PwNonce, b.PwNonce)
	}
}

// TestJSSerialisation: strings and numbers come out as JSON.stringify writes
// them (expectations checked with Node 20's JSON.stringify(JSON.parse(...))), which is where encoding/json differs (HTML characters, U+2028/2029,
// \b and \f, exponents).
func TestJSSerialisation(t *testing.T) {
	for in, want := range map[string]string{
		"plain":              `"plain"`,
		"<a href='x'>&</a>":  `"<a href='x'>&</a>"`,
		"q\"b\\s/":           `"q\"b\\s/"`,
		"\u2028\u2029":       "\"\u2028\u2029\"",
		"\b\f\n\r\t\x01\x1f": `"\b\f\n\r\t\u0001\u001f"`,
		"Jürgen 📝":           `"Jürgen 📝"`,
		"bad \xff utf8":      "\"bad \uFFFD utf8\"",
	} {
		if got := string(appendJSString(nil, in)); got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
	for raw, want := range map[string]string{
		`1700000000000`: `1700000000000`, `-0`: `0`, `1.50`: `1.5`, `0.1`: `0.1`, `1e21`: `1e+21`,
		`1E2`: `100`, `1.5e-7`: `1.5e-7`, `0.000001`: `0.000001`, `123456789012345678901234`: `1.2345678901234569e+23`, `1e-7`: `1e-7`,
		`{"b" : [true, null, "x"], "a":{}}`: `{"b":[true,null,"x"],"a":{}}`,
	} {
		got, err := appendJSValue(nil, json.RawMessage(raw))
		if err != nil || string(got) != want {
			t.Errorf("%s: got %s (%v), want %s", raw, got, err, want)
		}
	}
	for _, raw := range []string{``, `{`, `{"a":}`, `[1,]`, `"\ud800`} {
		if out, err := appendJSValue(nil, json.RawMessage(raw)); err == nil && !json.Valid([]byte(raw)) {
			t.Errorf("%q accepted as %s", raw, out)
		}
	}
	if !bytes.Equal([]byte(AuthenticatedData004("u", nil)), []byte("eyJ1IjoidSIsInYiOiIwMDQifQ==")) {
		t.Errorf(`AD of "u": %s`, AuthenticatedData004("u", nil))
	}
}
