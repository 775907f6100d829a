package sfapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"sfnotes/syncengine/sfcrypto"
)

// An account's sign-in params: what every dialect's params request answers,
// read and checked the same way.

// AccountParams fetches an account's params in whichever version it has: 003
// and older as AuthParams, 004 as KeyParams004. Decoys for unknown emails
// (mdouchement answers a 004 shape with a byte-array nonce and no pw_nonce)
// and unusable params are ErrNoAccount.
func (c *Client) AccountParams(ctx context.Context, email string) (sfcrypto.AuthParams, *sfcrypto.KeyParams004, error) {
	return c.AccountParamsMFA(ctx, email, MFA{})
}

// AccountParamsMFA is AccountParams with a way to give a two-factor code,
// for a sign-in. On the official gateway (known, or found here because it
// has no GET /auth/params) the params come from /v2/login-params, which
// also starts the PKCE sign-in (see official.go).
func (c *Client) AccountParamsMFA(ctx context.Context, email string, mfa MFA) (sfcrypto.AuthParams, *sfcrypto.KeyParams004, error) {
	raw, err := c.rawParams(ctx, email, mfa)
	if err != nil {
		return sfcrypto.AuthParams{}, nil, err
	}
	var peek struct {
		Version any `json:"version"`
	}
	_ = json.Unmarshal(raw, &peek)
	if fmt.Sprint(peek.Version) != sfcrypto.Version004 {
		p, err := parseParams(raw, email)
		return p, nil, err
	}
	var p4 sfcrypto.KeyParams004
	if err := json.Unmarshal(raw, &p4); err != nil {
		return sfcrypto.AuthParams{}, nil, fmt.Errorf("%w: unusable 004 params: %w", ErrBadResponse, err)
	}
	if p4.Identifier == "" {
		p4.Identifier = email
	}
	if err := p4.Validate(); err != nil {
		return sfcrypto.AuthParams{}, nil, fmt.Errorf("%w: %s", ErrNoAccount, email)
	}
	return sfcrypto.AuthParams{}, &p4, nil
}

// rawParams fetches the params as the server's dialect offers them.
func (c *Client) rawParams(ctx context.Context, email string, mfa MFA) (json.RawMessage, error) {
	return c.speaker().params(ctx, c, email, mfa)
}

// Params fetches an account's key-derivation parameters and checks that we
// can use them: a version we know, a cost not below its minimum. Pseudo
// params, 404s and 004 answers for unknown emails all become ErrNoAccount.
func (c *Client) Params(ctx context.Context, email string) (sfcrypto.AuthParams, error) {
	raw, err := c.rawParams(ctx, email, MFA{})
	if err != nil {
		return sfcrypto.AuthParams{}, err
	}
	return parseParams(raw, email)
}

// parseParams reads and checks 003-and-older params (see Params).
func parseParams(raw []byte, email string) (sfcrypto.AuthParams, error) {
	var p sfcrypto.AuthParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return p, fmt.Errorf("%w: GET /auth/params: %v", ErrBadResponse, err)
	}
	if p.Identifier == "" {
		p.Identifier = email
	}
	if p.Version == sfcrypto.Version003 && !hasCost(raw) {
		// The official server's decoy for an email it does not know (a real
		// 003 account always has its cost): "wrong email or password".
		return p, fmt.Errorf("%w: %s", ErrNoAccount, email)
	}
	if err := p.Validate(); err != nil {
		if errors.Is(err, sfcrypto.ErrUnsupportedVersion) {
			return p, fmt.Errorf("%w: %s (server offers protocol %q): %w", ErrNoAccount, email, p.Version, err)
		}
		return p, fmt.Errorf("%w: unusable auth params: %w", ErrBadResponse, err)
	}
	return p, nil
}

// hasCost reports whether params name a pw_cost (null counts as none).
func hasCost(raw []byte) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	v, ok := m["pw_cost"]
	return ok && string(v) != "null"
}
