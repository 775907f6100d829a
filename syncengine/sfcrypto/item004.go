package sfcrypto

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
)

// Protocol 004 in brief. The password, through Argon2id (DeriveRootKey004),
// gives a root key: a master key and a server password. The master key
// encrypts only the account's items keys; every other item is encrypted with
// an items key and names it in items_key_id. Each item has its own random
// 256-bit item key: it encrypts the content JSON, and the items key (or the
// master key) encrypts it into enc_item_key. Both strings are
// XChaCha20-Poly1305 under the same associated data, which binds them to the
// item's uuid and is rebuilt from the item at decryption, so ciphertext moved
// between items fails authentication.

// ErrItemsKeyMissing means a 004 item names an items key we do not have (yet):
// keep the item encrypted and try again once more items keys have arrived.
// It is not tampering, so it is neither ErrAuth nor ErrMalformed.
var ErrItemsKeyMissing = errors.New("sfcrypto: items key not available")

// ContentTypeItemsKey is the content type of items keys.
const ContentTypeItemsKey = "SN|ItemsKey"

// ItemsKey004 is a decrypted items key: the key that encrypts every other item
// of a 004 account (their item keys, precisely). Items keys themselves are
// items, encrypted with the root key's master key, so changing the password
// re-encrypts them and not every note.
type ItemsKey004 struct {
	UUID      string
	Key       string // 64 hex characters: content "itemsKey"
	Version   string // "004"
	IsDefault bool   // the one new items are encrypted with
}

// NewItemsKey004 returns a new items key with a 256-bit random key. The uuid is
// the caller's (a fresh random uuid, like any new item's).
func NewItemsKey004(uuid string, isDefault bool) (ItemsKey004, error) {
	return newItemsKey004(rand.Reader, uuid, isDefault)
}

func newItemsKey004(r io.Reader, uuid string, isDefault bool) (ItemsKey004, error) {
	raw := make([]byte, 32)
	if _, err := io.ReadFull(r, raw); err != nil {
		return ItemsKey004{}, fmt.Errorf("sfcrypto: random items key: %w", err)
	}
	return ItemsKey004{UUID: uuid, Key: hex.EncodeToString(raw), Version: Version004, IsDefault: isDefault}, nil
}

// itemsKeyContent is the content JSON of an items key.
type itemsKeyContent struct {
	ItemsKey   string            `json:"itemsKey"`
	Version    string            `json:"version"`
	IsDefault  bool              `json:"isDefault"`
	References []json.RawMessage `json:"references"`
}

// ContentJSON is the content of a new items key item:
// {"itemsKey":…,"version":"004","isDefault":…,"references":[]}. (Re-encrypting
// an existing items key should keep its original content, appData included.)
func (k ItemsKey004) ContentJSON() []byte {
	b, _ := json.Marshal(itemsKeyContent{ItemsKey: k.Key, Version: k.Version, IsDefault: k.IsDefault,
		References: []json.RawMessage{}}) // cannot fail: strings, a bool and an empty slice
	return b
}

// ParseItemsKey004 reads a decrypted items key's content. It accepts only 004
// keys: a 003 items key (an upgraded account's, with dataAuthenticationKey)
// decrypts 003 items, which this function does not cover.
func ParseItemsKey004(uuid string, content []byte) (ItemsKey004, error) {
	var c struct {
		ItemsKey  string `json:"itemsKey"`
		Version   string `json:"version"`
		IsDefault bool   `json:"isDefault"`
	}
	if err := json.Unmarshal(content, &c); err != nil {
		return ItemsKey004{}, fmt.Errorf("%w: items key content: %v", ErrMalformed, err)
	}
	if c.Version != Version004 {
		return ItemsKey004{}, fmt.Errorf("%w: items key version %q", ErrUnsupportedVersion, c.Version)
	}
	if _, err := decodeKey(c.ItemsKey); err != nil {
		return ItemsKey004{}, fmt.Errorf("items key: %w", err)
	}
	return ItemsKey004{UUID: uuid, Key: c.ItemsKey, Version: c.Version, IsDefault: c.IsDefault}, nil
}

// ItemsKeyLookup finds an items key by uuid (a 004 item's items_key_id, passed
// as is, even when empty: the caller may then answer with its default key).
type ItemsKeyLookup func(id string) (ItemsKey004, bool)

// EncryptItem004 encrypts an item's content JSON for a 004 account: a fresh
// random item key encrypts the content, the items key encrypts the item key,
// and both strings authenticate the item's uuid. The payload names the items
// key in ItemsKeyID.
func EncryptItem004(uuid string, content []byte, k ItemsKey004) (Payload, error) {
	p, err := encrypt004(rand.Reader, uuid, content, k.Key, AuthenticatedData004(uuid, nil))
	if err != nil {
		return Payload{}, err
	}
	p.ItemsKeyID = k.UUID
	return p, nil
}

// EncryptItemsKey004 encrypts an items key with the root key's master key; its
// authenticated data embeds the root key's params, as the official client's
// does, so the key params that can decrypt it travel with it.
//
// The key must be a 004 items key with a 64-hex key: anything else would be
// written, then refused by every client at decryption.
func EncryptItemsKey004(k ItemsKey004, root RootKey004) (Payload, error) {
	if k.Version != Version004 {
		return Payload{}, fmt.Errorf("%w: items key version %q", ErrUnsupportedVersion, k.Version)
	}
	if _, err := decodeKey(k.Key); err != nil {
		return Payload{}, fmt.Errorf("items key: %w", err)
	}
	if err := root.Params.Validate(); err != nil {
		return Payload{}, fmt.Errorf("root key params: %w", err)
	}
	kp := root.Params
	return encrypt004(rand.Reader, k.UUID, k.ContentJSON(), root.MasterKey, AuthenticatedData004(k.UUID, &kp))
}

// encrypt004 reads the item key (32 bytes), then the content nonce, then the
// enc_item_key nonce from r, so tests can fix the randomness.
func encrypt004(r io.Reader, uuid string, content []byte, wrapKey, ad string) (Payload, error) {
	wk, err := decodeKey(wrapKey)
	if err != nil {
		return Payload{}, err
	}
	raw := make([]byte, 32)
	if _, err := io.ReadFull(r, raw); err != nil {
		return Payload{}, fmt.Errorf("sfcrypto: random item key: %w", err)
	}
	itemKey := hex.EncodeToString(raw)
	c, err := seal004(r, raw, content, ad)
	if err != nil {
		return Payload{}, err
	}
	ek, err := seal004(r, wk, []byte(itemKey), ad)
	if err != nil {
		return Payload{}, err
	}
	return Payload{UUID: uuid, Content: c, EncItemKey: ek}, nil
}

func seal004(r io.Reader, key, plain []byte, ad string) (string, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := io.ReadFull(r, nonce); err != nil {
		return "", fmt.Errorf("sfcrypto: random nonce: %w", err)
	}
	ct := aead.Seal(nil, nonce, plain, []byte(ad))
	e := Encrypted004{Nonce: hex.EncodeToString(nonce), CipherText: base64.StdEncoding.EncodeToString(ct), AuthenticatedData: ad,
		AdditionalData: EmptyAdditionalData004}
	return e.String(), nil
}

func open004(key []byte, e Encrypted004, ad string) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	out, err := aead.Open(nil, e.nonce, e.ct, []byte(ad))
	if err != nil {
		return nil, ErrAuth
	}
	return out, nil
}

// DecryptItem004 returns the content JSON of a 004 item, encrypted with the
// items key lookup finds for p.ItemsKeyID (ErrItemsKeyMissing when none).
//
// The associated data is rebuilt from p.UUID ({"u":uuid,"v":"004"}), never
// read from the strings, and both strings are opened with it. So a string
// copied from another item fails like any tampering, with ErrAuth: the uuid a
// string claims is not authenticated, so it is not reported as
// ErrUUIDMismatch. Otherwise: ErrUnsupportedVersion for a string that is not
// 004, ErrMalformed for a malformed one or for authenticated content that is
// not JSON.
//
// Items of shared vaults, whose authenticated data carries more fields (ksi,
// svu), are outside this rebuild and fail with ErrAuth; sfnotes has no vaults.
func DecryptItem004(p Payload, lookup ItemsKeyLookup) ([]byte, error) {
	c, ek, err := parsePair004(p)
	if err != nil {
		return nil, err
	}
	var k ItemsKey004
	ok := false
	if lookup != nil {
		k, ok = lookup(p.ItemsKeyID)
	}
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrItemsKeyMissing, p.ItemsKeyID)
	}
	return decrypt004(c, ek, k.Key, AuthenticatedData004(p.UUID, nil))
}

// DecryptItemsKey004 decrypts an items key item with the root key. Its
// associated data is rebuilt from p.UUID and version 004 too; the key params
// in it are taken from the enc_item_key string, as the official client does,
// because a server's key params may lack fields the key was sealed with (see
// rootKeyAuthenticatedData). The AEAD still authenticates them. So only
// root.MasterKey is used here; root.Params matter when encrypting.
func DecryptItemsKey004(p Payload, root RootKey004) (ItemsKey004, error) {
	c, ek, err := parsePair004(p)
	if err != nil {
		return ItemsKey004{}, err
	}
	ad, err := rootKeyAuthenticatedData(p.UUID, ek.AuthenticatedData)
	if err != nil {
		return ItemsKey004{}, err
	}
	content, err := decrypt004(c, ek, root.MasterKey, ad)
	if err != nil {
		return ItemsKey004{}, err
	}
	return ParseItemsKey004(p.UUID, content)
}

func parsePair004(p Payload) (content, encItemKey Encrypted004, err error) {
	if content, err = ParseEncrypted004(p.Content); err != nil {
		return content, encItemKey, fmt.Errorf("content: %w", err)
	}
	if encItemKey, err = ParseEncrypted004(p.EncItemKey); err != nil {
		return content, encItemKey, fmt.Errorf("enc_item_key: %w", err)
	}
	return content, encItemKey, nil
}

// decrypt004 opens enc_item_key with wrapKey, then the content with the item
// key inside, both under the same associated data.
func decrypt004(c, ek Encrypted004, wrapKey, ad string) ([]byte, error) {
	wk, err := decodeKey(wrapKey)
	if err != nil {
		return nil, err
	}
	itemKey, err := open004(wk, ek, ad)
	if err != nil {
		return nil, fmt.Errorf("enc_item_key: %w", err)
	}
	ik, err := decodeKey(string(itemKey))
	if err != nil {
		return nil, fmt.Errorf("enc_item_key holds no item key: %w", err)
	}
	out, err := open004(ik, c, ad)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	if !json.Valid(out) {
		return nil, fmt.Errorf("%w: decrypted content is not JSON", ErrMalformed)
	}
	return out, nil
}
