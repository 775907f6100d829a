package sfcrypto

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Protocol versions.
const (
	Version000 = "000"
	Version001 = "001"
	Version002 = "002"
	Version003 = "003"
	// CurrentVersion is what new accounts and new items are written with.
	CurrentVersion = Version003
	// DefaultCost is the PBKDF2 cost of a new account (the JS client's value).
	DefaultCost = 110000
	// MaxCost bounds the PBKDF2 cost of 001-003 params: 90 times the default,
	// about ten seconds here. A server or file asking for more (1e12 would
	// run for days) is refused instead of obeyed.
	MaxCost = 10_000_000
	// MaxParamLength bounds pw_nonce, pw_salt and identifier (64 hex chars,
	// 40 hex chars and an email in real accounts).
	MaxParamLength = 1024
)

// MinCost returns the smallest PBKDF2 cost accepted for a version, and false
// for a version that has no key derivation here.
func MinCost(version string) (int, bool) {
	switch version {
	case Version001, Version002:
		return 3000, true
	case Version003:
		return 110000, true
	}
	return 0, false
}

// AuthParams are the key-derivation parameters of an account, as served by
// GET auth/params. Fields a version does not use stay empty.
type AuthParams struct {
	Version    string `json:"version"`
	PwCost     int    `json:"pw_cost"`
	PwNonce    string `json:"pw_nonce,omitempty"`
	PwSalt     string `json:"pw_salt,omitempty"`
	Identifier string `json:"identifier,omitempty"`
	PwFunc     string `json:"pw_func,omitempty"`
	PwAlg      string `json:"pw_alg,omitempty"`
	PwKeySize  int    `json:"pw_key_size,omitempty"`
}

// UnmarshalJSON accepts numbers sent as strings ("110000"), which some servers
// do, and a missing version (spec 0.0.1 accounts are 001).
func (p *AuthParams) UnmarshalJSON(b []byte) error {
	var raw struct {
		Version    json.RawMessage `json:"version"`
		PwCost     json.RawMessage `json:"pw_cost"`
		PwNonce    string          `json:"pw_nonce"`
		PwSalt     string          `json:"pw_salt"`
		Identifier string          `json:"identifier"`
		Email      string          `json:"email"`
		PwFunc     string          `json:"pw_func"`
		PwAlg      string          `json:"pw_alg"`
		PwKeySize  json.RawMessage `json:"pw_key_size"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("%w: auth params: %v", ErrMalformed, err)
	}
	var err error
	out := AuthParams{PwNonce: raw.PwNonce, PwSalt: raw.PwSalt, Identifier: raw.Identifier,
		PwFunc: raw.PwFunc, PwAlg: raw.PwAlg}
	if out.Identifier == "" {
		out.Identifier = raw.Email
	}
	if out.Version, err = looseString(raw.Version); err != nil {
		return fmt.Errorf("%w: auth params version: %v", ErrMalformed, err)
	}
	if out.PwCost, err = looseInt(raw.PwCost); err != nil {
		return fmt.Errorf("%w: auth params pw_cost: %v", ErrMalformed, err)
	}
	if out.PwKeySize, err = looseInt(raw.PwKeySize); err != nil {
		return fmt.Errorf("%w: auth params pw_key_size: %v", ErrMalformed, err)
	}
	if out.Version == "" && out.PwSalt != "" {
		out.Version = Version001
	}
	*p = out
	return nil
}

func looseString(m json.RawMessage) (string, error) {
	if len(m) == 0 || string(m) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(m, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(m, &n); err != nil {
		return "", err
	}
	return n.String(), nil
}

func looseInt(m json.RawMessage) (int, error) {
	s, err := looseString(m)
	if err != nil || s == "" {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Validate checks that the params can be used to derive keys: a known
// version, the fields that version needs, and a cost not below its minimum.
func (p AuthParams) Validate() error {
	min, ok := MinCost(p.Version)
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnsupportedVersion, p.Version)
	}
	if p.PwCost < min {
		return fmt.Errorf("%w: version %s cost %d, minimum %d", ErrCostTooLow, p.Version, p.PwCost, min)
	}
	if p.PwCost > MaxCost {
		return fmt.Errorf("%w: version %s cost %d, maximum %d", ErrCostTooHigh, p.Version, p.PwCost, MaxCost)
	}
	if max(len(p.PwNonce), len(p.PwSalt), len(p.Identifier)) > MaxParamLength {
		return fmt.Errorf("%w: pw_nonce, pw_salt or identifier longer than %d bytes", ErrMalformed, MaxParamLength)
	}
	switch p.Version {
	case Version003:
		if p.PwNonce == "" || p.Identifier == "" {
			return fmt.Errorf("%w: 003 auth params need pw_nonce and identifier", ErrMalformed)
		}
	default:
		if p.PwSalt == "" {
			return fmt.Errorf("%w: %s auth params need pw_salt", ErrMalformed, p.Version)
		}
	}
	return nil
}

// NewAuthParams returns the params of a new account: version 003, the default
// cost and a 256-bit random nonce.
func NewAuthParams(identifier string) (AuthParams, error) {
	return newAuthParams(rand.Reader, identifier)
}

func newAuthParams(r io.Reader, identifier string) (AuthParams, error) {
	nonce := make([]byte, 32)
	if _, err := io.ReadFull(r, nonce); err != nil {
		return AuthParams{}, fmt.Errorf("sfcrypto: random nonce: %w", err)
	}
	return AuthParams{Version: Version003, PwCost: DefaultCost,
		PwNonce: hex.EncodeToString(nonce), Identifier: identifier}, nil
}
