package sfcrypto

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Version004 is the protocol of accounts made since 2020: Argon2id root keys,
// XChaCha20-Poly1305 items and items keys. CurrentVersion stays 003 until the
// sync engine can read and write 004 accounts end to end.
const Version004 = "004"

// Origination values the official client records in 004 key params. They are
// informative only (nothing is derived from them), but they end up in the
// authenticated data of every items key, so we write the same words.
const (
	OriginationRegistration   = "registration"
	OriginationPasswordChange = "password-change"
)

// KeyParams004 are the key-derivation parameters of a 004 account. There is no
// cost field: version 004 fixes the Argon2id cost, so a server cannot lower it.
//
// The field order is the order the official client builds its key params in,
// and it matters: an items key's authenticated data embeds these params as
// JSON with their keys in this order (see AuthenticatedData004).
type KeyParams004 struct {
	Identifier string `json:"identifier"`
	PwNonce    string `json:"pw_nonce"`
	Version    string `json:"version"`
	// Origination and Created are kept as the strings they were sent as
	// ("registration", "1700000000000"); both are optional.
	Origination string `json:"origination,omitempty"`
	Created     string `json:"created,omitempty"`
}

// UnmarshalJSON accepts the shapes servers send: "email" when "identifier" is
// missing, and "created" as a number as well as a string.
func (p *KeyParams004) UnmarshalJSON(b []byte) error {
	var raw struct {
		Identifier  string          `json:"identifier"`
		Email       string          `json:"email"`
		PwNonce     string          `json:"pw_nonce"`
		Version     json.RawMessage `json:"version"`
		Origination string          `json:"origination"`
		Created     json.RawMessage `json:"created"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("%w: 004 key params: %v", ErrMalformed, err)
	}
	out := KeyParams004{Identifier: raw.Identifier, PwNonce: raw.PwNonce, Origination: raw.Origination}
	if out.Identifier == "" {
		out.Identifier = raw.Email
	}
	var err error
	if out.Version, err = looseString(raw.Version); err != nil {
		return fmt.Errorf("%w: 004 key params version: %v", ErrMalformed, err)
	}
	if out.Created, err = looseString(raw.Created); err != nil {
		return fmt.Errorf("%w: 004 key params created: %v", ErrMalformed, err)
	}
	*p = out
	return nil
}

// Validate checks that the params can derive a root key: version 004, an
// identifier and a nonce (the salt mixes both, so neither may be missing), and
// no field long enough to be an attempt at exhausting memory.
func (p KeyParams004) Validate() error {
	if p.Version != Version004 {
		return fmt.Errorf("%w: %q is not 004 key params", ErrUnsupportedVersion, p.Version)
	}
	if p.Identifier == "" || p.PwNonce == "" {
		return fmt.Errorf("%w: 004 key params need identifier and pw_nonce", ErrMalformed)
	}
	if max(len(p.Identifier), len(p.PwNonce), len(p.Origination), len(p.Created)) > MaxParamLength {
		return fmt.Errorf("%w: 004 key params field longer than %d bytes", ErrMalformed, MaxParamLength)
	}
	return nil
}

// NewKeyParams004 returns fresh params for a new account or a password change:
// a 256-bit random nonce, the given origination and the creation time in
// milliseconds, as the official client writes them.
func NewKeyParams004(identifier, origination string) (KeyParams004, error) {
	return newKeyParams004(rand.Reader, identifier, origination, time.Now())
}

func newKeyParams004(r io.Reader, identifier, origination string, now time.Time) (KeyParams004, error) {
	nonce := make([]byte, 32)
	if _, err := io.ReadFull(r, nonce); err != nil {
		return KeyParams004{}, fmt.Errorf("sfcrypto: random nonce: %w", err)
	}
	p := KeyParams004{Identifier: identifier, PwNonce: hex.EncodeToString(nonce), Version: Version004,
		Origination: origination, Created: strconv.FormatInt(now.UnixMilli(), 10)}
	return p, p.Validate()
}
