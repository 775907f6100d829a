package sfcrypto

import (
	"crypto/aes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Payload holds the encrypted fields of one item as they travel over the
// wire. AuthHash is used by version 001 only, ItemsKeyID by 004 only (the
// uuid of the items key that encrypted the item; empty for items keys).
type Payload struct {
	UUID       string
	Content    string
	EncItemKey string
	AuthHash   string
	ItemsKeyID string
}

// EncryptItem encrypts an item's content JSON with a fresh random item key
// and wraps that key with the account keys. It writes version 003.
func EncryptItem(uuid string, content []byte, k Keys) (Payload, error) {
	return encryptItem(rand.Reader, Version003, uuid, content, k)
}

// encryptItem reads the item key (64 bytes), then the content IV, then the
// enc_item_key IV from r, so tests can reproduce the JS client's output.
func encryptItem(r io.Reader, version, uuid string, content []byte, k Keys) (Payload, error) {
	if version != Version002 && version != Version003 {
		return Payload{}, fmt.Errorf("%w: cannot write %q", ErrUnsupportedVersion, version)
	}
	raw := make([]byte, 64)
	if _, err := io.ReadFull(r, raw); err != nil {
		return Payload{}, fmt.Errorf("sfcrypto: random item key: %w", err)
	}
	itemKey := hex.EncodeToString(raw)
	c, err := encryptString(r, version, uuid, content, itemKey[:64], itemKey[64:])
	if err != nil {
		return Payload{}, err
	}
	ek, err := encryptString(r, version, uuid, []byte(itemKey), k.MK, k.AK)
	if err != nil {
		return Payload{}, err
	}
	return Payload{UUID: uuid, Content: c, EncItemKey: ek}, nil
}

// EncodePlain returns the "000" form: base64 JSON, no encryption. It is what
// the protocol uses for items of a user with no account keys.
func EncodePlain(content []byte) string {
	return Version000 + base64.StdEncoding.EncodeToString(content)
}

// DecryptItem returns the content JSON of an encrypted item. It checks the
// uuid and the HMAC (in constant time) before any AES, and fails with one of
// the package's sentinel errors; it never returns unauthenticated plaintext
// for 002/003.
func DecryptItem(p Payload, k Keys) ([]byte, error) {
	var out []byte
	var err error
	switch v := version(p.Content); v {
	case Version000:
		out, err = base64.StdEncoding.DecodeString(p.Content[3:])
		if err != nil {
			return nil, fmt.Errorf("%w: 000 content is not base64", ErrMalformed)
		}
	case Version001:
		out, err = decrypt001(p, k)
	case Version002, Version003:
		out, err = decrypt00x(p, k)
	default:
		return nil, fmt.Errorf("%w: content version %q", ErrUnsupportedVersion, v)
	}
	if err != nil {
		return nil, err
	}
	if !json.Valid(out) {
		return nil, fmt.Errorf("%w: decrypted content is not JSON", ErrMalformed)
	}
	return out, nil
}

func version(s string) string {
	if len(s) < 3 {
		return s
	}
	return s[:3]
}

func decrypt00x(p Payload, k Keys) ([]byte, error) {
	if !strings.HasPrefix(p.EncItemKey, "00") {
		return nil, fmt.Errorf("%w: enc_item_key has no version", ErrMalformed)
	}
	itemKey, err := decryptString(p.EncItemKey, p.UUID, k.MK, k.AK)
	if err != nil {
		return nil, fmt.Errorf("enc_item_key: %w", err)
	}
	if len(itemKey) != 128 {
		return nil, fmt.Errorf("%w: item key is %d characters, want 128", ErrMalformed, len(itemKey))
	}
	ik := string(itemKey)
	out, err := decryptString(p.Content, p.UUID, ik[:64], ik[64:])
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	return out, nil
}

// decrypt001 reads the legacy scheme: zero IVs, an unauthenticated
// enc_item_key and an item-level HMAC over the whole content string.
func decrypt001(p Payload, k Keys) ([]byte, error) {
	mk, err := decodeKey(k.MK)
	if err != nil {
		return nil, err
	}
	wrapped, err := base64.StdEncoding.DecodeString(p.EncItemKey)
	if err != nil {
		return nil, fmt.Errorf("%w: 001 enc_item_key is not base64", ErrMalformed)
	}
	zero := make([]byte, aes.BlockSize)
	itemKey, err := cbcDecrypt(mk, zero, wrapped)
	if err != nil {
		// Without an HMAC on the key, a wrong key shows up as bad padding.
		return nil, fmt.Errorf("001 enc_item_key: %w", ErrAuth)
	}
	if len(itemKey) != 128 {
		return nil, fmt.Errorf("001 enc_item_key: %w", ErrAuth)
	}
	ek, err := decodeKey(string(itemKey[:64]))
	if err != nil {
		return nil, fmt.Errorf("001 enc_item_key: %w", ErrAuth)
	}
	ak, err := decodeKey(string(itemKey[64:]))
	if err != nil {
		return nil, fmt.Errorf("001 enc_item_key: %w", ErrAuth)
	}
	if err := checkHMAC(ak, p.Content, p.AuthHash); err != nil {
		return nil, fmt.Errorf("001 content: %w", err)
	}
	ct, err := base64.StdEncoding.DecodeString(p.Content[3:])
	if err != nil {
		return nil, fmt.Errorf("%w: 001 content is not base64", ErrMalformed)
	}
	return cbcDecrypt(ek, zero, ct)
}
