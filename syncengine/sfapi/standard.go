package sfapi

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// The standard dialect: the 2016 Standard File API (GET /auth/params,
// POST /auth, /auth/sign_in, /auth/change_pw, /items/sync), which the ruby
// reference server and mdouchement/standardfile answer, with the 2020
// routes beside it where the server has them (mdouchement: PKCE sign-in of
// 004 accounts through /v2/login-params and /v2/login; /v1/users,
// sessions and credentials in session2020.go). How sfnotes signs in to such
// a server, from the params to the session, is this file.

type standard struct{}

// params: GET /auth/params. A server without that route (404) may be the
// official gateway, which has /v2/login-params instead: asked there, and
// remembered when it answers.
func (standard) params(ctx context.Context, c *Client, email string, mfa MFA) (json.RawMessage, error) {
	var raw json.RawMessage
	err := c.do(ctx, http.MethodGet, "/auth/params", url.Values{"email": {email}, "api": {APIVersion}}, nil, &raw, maxAuthBody)
	var se *ServerError
	switch {
	case errors.As(err, &se) && se.Status == http.StatusUnauthorized:
		return nil, fmt.Errorf("%w: %s", ErrNoAccount, email)
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		raw, err = official{}.params(ctx, c, email, mfa)
		if err == nil {
			c.dialect = DialectOfficial
		}
		return raw, err
	case err != nil:
		return nil, err
	}
	return raw, nil
}

// signIn: a 003 (or older) account with POST /auth/sign_in; a 004 one with
// PKCE (/v2/login-params, then /v2/login), or /auth/sign_in on the 2020
// API where the server has no v2 routes.
func (standard) signIn(ctx context.Context, c *Client, email, serverPassword string, v004 bool) error {
	if !v004 {
		var r authResponse
		body := map[string]any{"email": email, "password": serverPassword, "api": APIVersion}
		if err := c.do(ctx, http.MethodPost, "/auth/sign_in", nil, body, &r, maxAuthBody); err != nil {
			return err
		}
		return c.take(r)
	}
	verifier, challenge, err := pkce()
	if err != nil {
		return err
	}
	var ignored json.RawMessage
	err = c.do(ctx, http.MethodPost, "/v2/login-params", nil,
		map[string]any{"email": email, "code_challenge": challenge, "api": APIVersion2020}, &ignored, maxAuthBody)
	var r sessionResponse
	var se *ServerError
	switch {
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		err = c.do(ctx, http.MethodPost, "/auth/sign_in", nil,
			map[string]any{"email": email, "password": serverPassword, "api": APIVersion2020}, &r, maxAuthBody)
	case err == nil:
		err = c.do(ctx, http.MethodPost, "/v2/login", nil, map[string]any{"email": email, "password": serverPassword,
			"code_verifier": verifier, "api": APIVersion2020}, &r, maxAuthBody)
	}
	if err != nil {
		return err
	}
	return c.adopt(r)
}

// register003: POST /auth.
func (standard) register003(ctx context.Context, c *Client, body map[string]any) error {
	var r authResponse
	if err := c.do(ctx, http.MethodPost, "/auth", nil, body, &r, maxAuthBody); err != nil {
		return err
	}
	return c.take(r)
}

// changePassword003: POST /auth/change_pw.
func (standard) changePassword003(ctx context.Context, c *Client, body map[string]any) error {
	var r authResponse
	if err := c.do(ctx, http.MethodPost, "/auth/change_pw", nil, body, &r, maxAuthBody); err != nil {
		return err
	}
	return c.take(r)
}

// sync: POST /items/sync, decoded straight into the answer's items.
func (standard) sync(ctx context.Context, c *Client, req SyncRequest) (SyncResponse, error) {
	var r SyncResponse
	err := c.do(ctx, http.MethodPost, "/items/sync", nil, req, &r, maxBody)
	return r, err
}

// pkce returns a code verifier and its challenge: base64url (no padding) of
// the hex sha256 of the verifier, as the 2020 API computes it.
func pkce() (verifier, challenge string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	verifier = hex.EncodeToString(b)
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString([]byte(hex.EncodeToString(sum[:]))), nil
}
