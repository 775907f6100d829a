package sfcrypto

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/chacha20poly1305"
)

// EmptyAdditionalData004 is the fifth field current clients write: base64 of
// "{}" (the field carries signatures for shared vaults, which we do not use).
const EmptyAdditionalData004 = "e30="

// Encrypted004 is a parsed 004 string:
// "004:<nonce>:<ciphertext>:<authenticated_data>[:<additional_data>]".
// Parsing checks the shape (hex nonce of 24 bytes, base64 ciphertext at least
// a tag long, base64 data fields) and verifies nothing cryptographic.
type Encrypted004 struct {
	Nonce      string // 48 hex characters
	CipherText string // standard base64, Poly1305 tag included
	// AuthenticatedData is base64 JSON. It is not taken as the AEAD's
	// associated data: that is rebuilt from the item (see DecryptItem004).
	AuthenticatedData string
	// AdditionalData is the optional fifth field ("" when the string has
	// four fields).
	AdditionalData string

	nonce, ct []byte
}

// ParseEncrypted004 splits and shape-checks a 004 string. A string of another
// version is ErrUnsupportedVersion; anything else wrong is ErrMalformed.
func ParseEncrypted004(s string) (Encrypted004, error) {
	parts := strings.Split(s, ":")
	if parts[0] != Version004 {
		return Encrypted004{}, fmt.Errorf("%w: encrypted string version %q", ErrUnsupportedVersion, version(parts[0]))
	}
	if len(parts) != 4 && len(parts) != 5 {
		return Encrypted004{}, fmt.Errorf("%w: 004 string has %d fields, want 4 or 5", ErrMalformed, len(parts))
	}
	e := Encrypted004{Nonce: parts[1], CipherText: parts[2], AuthenticatedData: parts[3]}
	if len(parts) == 5 {
		e.AdditionalData = parts[4]
		if !isBase64(e.AdditionalData) {
			return Encrypted004{}, fmt.Errorf("%w: 004 additional data is not base64", ErrMalformed)
		}
	}
	var err error
	if e.nonce, err = hex.DecodeString(e.Nonce); err != nil || len(e.nonce) != chacha20poly1305.NonceSizeX {
		return Encrypted004{}, fmt.Errorf("%w: 004 nonce is not %d hex characters", ErrMalformed, 2*chacha20poly1305.NonceSizeX)
	}
	if strings.ContainsAny(e.CipherText, "\r\n") {
		return Encrypted004{}, fmt.Errorf("%w: 004 ciphertext has line breaks", ErrMalformed)
	}
	if e.ct, err = base64.StdEncoding.Strict().DecodeString(e.CipherText); err != nil || len(e.ct) < chacha20poly1305.Overhead {
		return Encrypted004{}, fmt.Errorf("%w: 004 ciphertext is not base64 of at least a tag", ErrMalformed)
	}
	if !isBase64(e.AuthenticatedData) {
		return Encrypted004{}, fmt.Errorf("%w: 004 authenticated data is not base64", ErrMalformed)
	}
	return e, nil
}

// isBase64 reports whether s is non-empty, padded standard base64 with no
// line breaks (Go's decoder would skip those; the JS client never writes them).
func isBase64(s string) bool {
	if s == "" || strings.ContainsAny(s, "\r\n") {
		return false
	}
	_, err := base64.StdEncoding.Strict().DecodeString(s)
	return err == nil
}

// String formats the string back; with four fields it stays four fields.
func (e Encrypted004) String() string {
	s := Version004 + ":" + e.Nonce + ":" + e.CipherText + ":" + e.AuthenticatedData
	if e.AdditionalData != "" {
		s += ":" + e.AdditionalData
	}
	return s
}

// AuthenticatedData004 returns the associated data of a 004 item: base64 of
// {"kp":<key params>,"u":<uuid>,"v":"004"}, kp present only when kp is not nil
// (items encrypted with the root key, that is items keys).
//
// The bytes must be exactly what the official client's JSON.stringify gives,
// since they are authenticated: top-level keys sorted (kp, u, v), compact, and
// strings escaped as JavaScript does (no HTML escaping, U+2028/U+2029 left as
// they are, which encoding/json would escape). The key params keep their own
// field order, which is not sorted.
func AuthenticatedData004(uuid string, kp *KeyParams004) string {
	var b []byte
	b = append(b, '{')
	if kp != nil {
		b = append(b, `"kp":`...)
		b = appendKeyParamsJS(b, *kp)
		b = append(b, ',')
	}
	b = append(b, `"u":`...)
	b = appendJSString(b, uuid)
	b = append(b, `,"v":"004"}`...)
	return base64.StdEncoding.EncodeToString(b)
}

func appendKeyParamsJS(b []byte, p KeyParams004) []byte {
	b = append(b, `{"identifier":`...)
	b = appendJSString(b, p.Identifier)
	b = append(b, `,"pw_nonce":`...)
	b = appendJSString(b, p.PwNonce)
	b = append(b, `,"version":`...)
	b = appendJSString(b, p.Version)
	if p.Origination != "" {
		b = append(b, `,"origination":`...)
		b = appendJSString(b, p.Origination)
	}
	if p.Created != "" {
		b = append(b, `,"created":`...)
		b = appendJSString(b, p.Created)
	}
	return append(b, '}')
}

// appendJSString quotes s the way JSON.stringify does: only '"', '\\' and
// control characters are escaped (\b \f \n \r \t short, the rest \u00xx in
// lowercase hex). Invalid UTF-8 becomes U+FFFD, as it would on its way into a
// JavaScript string.
func appendJSString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"':
			b = append(b, '\\', '"')
		case r == '\\':
			b = append(b, '\\', '\\')
		case r == '\b':
			b = append(b, '\\', 'b')
		case r == '\f':
			b = append(b, '\\', 'f')
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[r>>4], hexDigits[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// rootKeyAuthenticatedData rebuilds the associated data of an items key from
// the item's own uuid and the key params named by the enc_item_key string's
// authenticated data (adField, already shape-checked by ParseEncrypted004).
//
// Why the string's key params and not ours: the official client does the same
// (it overrides only "u" and "v"), and the params a server returns at sign-in
// are often not the ones the items key was sealed with. mdouchement's server,
// for one, stores neither "origination" nor "created", while the official
// client seals its first items key with both. Using them is safe: they are
// covered by the AEAD, so only a holder of the master key can choose them,
// and the uuid and version still come from the item, not from the string.
// Other top-level fields (shared vaults' ksi and svu) are dropped, not kept as
// the official client keeps them: such items keys are not ours to read.
func rootKeyAuthenticatedData(uuid, adField string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(adField)
	if err != nil {
		return "", fmt.Errorf("%w: 004 authenticated data is not base64", ErrMalformed)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return "", fmt.Errorf("%w: 004 authenticated data is not a JSON object", ErrMalformed)
	}
	kp, ok := top["kp"]
	if !ok {
		return "", fmt.Errorf("%w: items key's authenticated data names no key params", ErrAuth)
	}
	var b []byte
	b = append(b, `{"kp":`...)
	if b, err = appendJSValue(b, kp); err != nil {
		return "", err
	}
	b = append(b, `,"u":`...)
	b = appendJSString(b, uuid)
	b = append(b, `,"v":"004"}`...)
	return base64.StdEncoding.EncodeToString(b), nil
}

// appendJSValue re-serialises one JSON value as JSON.stringify(JSON.parse(v))
// would: compact, object keys in their given order, strings and numbers in
// JavaScript's form. (JavaScript would list integer-like object keys first;
// key params have none.)
func appendJSValue(b []byte, raw json.RawMessage) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	out, err := appendJSToken(b, dec, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: key params: %v", ErrMalformed, err)
	}
	return out, nil
}

// maxJSDepth bounds the nesting appendJSToken follows, so hostile input
// cannot exhaust the stack (encoding/json has already refused deeper input).
const maxJSDepth = 64

func appendJSToken(b []byte, dec *json.Decoder, depth int) ([]byte, error) {
	if depth > maxJSDepth {
		return nil, fmt.Errorf("nested deeper than %d", maxJSDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		closing := byte('}')
		if t == '[' {
			closing = ']'
		}
		b = append(b, byte(t))
		for i := 0; dec.More(); i++ {
			if i > 0 {
				b = append(b, ',')
			}
			if t == '{' {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := k.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v", k)
				}
				b = appendJSString(b, key)
				b = append(b, ':')
			}
			if b, err = appendJSToken(b, dec, depth+1); err != nil {
				return nil, err
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return append(b, closing), nil
	case string:
		return appendJSString(b, t), nil
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return nil, err
		}
		return appendJSNumber(b, f), nil
	case bool:
		return strconv.AppendBool(b, t), nil
	case nil:
		return append(b, "null"...), nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// appendJSNumber formats f as JavaScript's Number.prototype.toString: the
// shortest round-tripping digits, plain notation from 1e-6 up to 1e21,
// exponent notation ("1e+21", "1.5e-7") outside it.
func appendJSNumber(b []byte, f float64) []byte {
	if f == 0 || math.IsInf(f, 0) || math.IsNaN(f) { // -0 prints as 0; JSON has no Inf or NaN
		return append(b, '0')
	}
	if a := math.Abs(f); a >= 1e-6 && a < 1e21 {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // "1.5e-07"
	mant, exp, _ := strings.Cut(s, "e")
	sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
	return append(append(append(b, mant...), 'e'), sign+digits...)
}
