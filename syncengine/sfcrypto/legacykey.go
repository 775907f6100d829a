package sfcrypto

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// OriginationUpgrade is the origination the official client records in the
// key params of an account upgraded from 003 to 004.
const OriginationUpgrade = "protocol-upgrade"

// legacyItemsKeyContent is a 003 items key: the key an upgraded account keeps
// so that its 003 items stay readable without being re-encrypted. Its
// itemsKey and dataAuthenticationKey are the 003 account's master key and
// authentication key, so a 003 item string decrypts with them exactly as it
// did with the account's keys before the upgrade.
type legacyItemsKeyContent struct {
	ItemsKey              string            `json:"itemsKey"`
	DataAuthenticationKey string            `json:"dataAuthenticationKey"`
	Version               string            `json:"version"`
	IsDefault             bool              `json:"isDefault"`
	References            []json.RawMessage `json:"references"`
}

// LegacyItemsKeyContent is the content of a new 003 items key made from a
// 003 account's keys at its upgrade. It is never the default: new items are
// written as 004.
func LegacyItemsKeyContent(k Keys) ([]byte, error) {
	if _, err := decodeKey(k.MK); err != nil {
		return nil, fmt.Errorf("003 master key: %w", err)
	}
	if _, err := decodeKey(k.AK); err != nil {
		return nil, fmt.Errorf("003 authentication key: %w", err)
	}
	return json.Marshal(legacyItemsKeyContent{ItemsKey: k.MK, DataAuthenticationKey: k.AK, Version: Version003,
		References: []json.RawMessage{}})
}

// ParseLegacyItemsKey reads a decrypted 003 items key's content as the Keys
// that decrypt 003 items (MK and AK; no server password).
func ParseLegacyItemsKey(content []byte) (Keys, error) {
	var c legacyItemsKeyContent
	if err := json.Unmarshal(content, &c); err != nil {
		return Keys{}, fmt.Errorf("%w: items key content: %v", ErrMalformed, err)
	}
	if c.Version != Version003 {
		return Keys{}, fmt.Errorf("%w: items key version %q is not 003", ErrUnsupportedVersion, c.Version)
	}
	for _, h := range []string{c.ItemsKey, c.DataAuthenticationKey} {
		if _, err := decodeKey(h); err != nil {
			return Keys{}, fmt.Errorf("003 items key: %w", err)
		}
	}
	return Keys{MK: c.ItemsKey, AK: c.DataAuthenticationKey, Version: Version003}, nil
}

// EncryptItemsKeyContent004 encrypts an items key item's content, exactly as
// stored (appData and any field sfnotes does not read kept), with the root
// key. It is how a password change re-encrypts existing items keys, 004 and
// 003 alike; the content must be one of the two.
func EncryptItemsKeyContent004(uuid string, content []byte, root RootKey004) (Payload, error) {
	if _, err := ParseItemsKey004(uuid, content); err != nil {
		if _, lerr := ParseLegacyItemsKey(content); lerr != nil {
			return Payload{}, err
		}
	}
	if err := root.Params.Validate(); err != nil {
		return Payload{}, fmt.Errorf("root key params: %w", err)
	}
	kp := root.Params
	return encrypt004(rand.Reader, uuid, content, root.MasterKey, AuthenticatedData004(uuid, &kp))
}

// OpenItemsKey004 decrypts an items key item with the root key and returns
// its content as it was, whichever version of items key it holds.
func OpenItemsKey004(p Payload, root RootKey004) ([]byte, error) {
	c, ek, err := parsePair004(p)
	if err != nil {
		return nil, err
	}
	ad, err := rootKeyAuthenticatedData(p.UUID, ek.AuthenticatedData)
	if err != nil {
		return nil, err
	}
	return decrypt004(c, ek, root.MasterKey, ad)
}

// ItemsKeyParams returns the key params an items key string was sealed with
// (from its enc_item_key's authenticated data), to tell "encrypted under
// another password" from damage.
func ItemsKeyParams(p Payload) (KeyParams004, bool) {
	ek, err := ParseEncrypted004(p.EncItemKey)
	if err != nil {
		return KeyParams004{}, false
	}
	return authenticatedKeyParams(ek.AuthenticatedData)
}

// authenticatedKeyParams reads the key params named in a 004 string's
// authenticated data ("kp"), if any.
func authenticatedKeyParams(adField string) (KeyParams004, bool) {
	raw, err := base64.StdEncoding.DecodeString(adField)
	if err != nil {
		return KeyParams004{}, false
	}
	var top struct {
		KP *KeyParams004 `json:"kp"`
	}
	if json.Unmarshal(raw, &top) != nil || top.KP == nil {
		return KeyParams004{}, false
	}
	return *top.KP, true
}
