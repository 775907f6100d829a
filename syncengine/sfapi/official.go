package sfapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// The official Standard Notes server (the hosted service and the
// self-hosted standardnotes/server run the same gateway) speaks a dialect of
// its own; this file is how sfnotes talks to it. What differs from the
// 2016 API and mdouchement's mix of it with the 2020 routes:
//
//   - none of the legacy routes: params come only from POST /v2/login-params
//     (which is also the PKCE challenge, and where a two-factor code goes),
//     sign-in is POST /v2/login for every protocol, sync is POST /v1/items,
//     a password change is PUT /v1/users/{uuid}/attributes/credentials;
//   - every answer it proxies is wrapped, {"meta":{...},"data":<body>}, errors
//     too; its auth middleware's 401 and 498 are not (unwrap reads both);
//   - an email it does not know gets decoys (params without a cost, or a
//     401 mfa-required), so that nobody can tell which emails have accounts;
//   - two-factor sign-in: 401 mfa-required names the field the code goes in,
//     and the code is accepted once (never spent on a probe).
//
// Which dialect a server speaks is found at sign-in or registration: a
// server that answers GET /auth/params with 404 but has /v2/login-params, or
// that wraps its answers, is the official gateway. It is remembered with the
// account (model.Account.Dialect).

// Dialects, as stored with the account.
const (
	// DialectStandard is the 2016 API, with the 2020 routes beside it where
	// the server has them (mdouchement/standardfile): the default.
	DialectStandard = ""
	// DialectOfficial is the official gateway.
	DialectOfficial = "official"
)

// Two-factor sign-in.
var (
	// ErrMFARequired: the server wants a two-factor code for this sign-in.
	ErrMFARequired = errors.New("the server asks for a two-factor authentication code")
	// ErrMFAInvalid: the code was wrong (or already used); try again.
	ErrMFAInvalid = errors.New("that two-factor code is wrong")
	// ErrMFAFailed: three wrong codes: the email, password or code is wrong
	// (an unknown email gets a decoy code request every time).
	ErrMFAFailed = errors.New("wrong email, password or two-factor code")
	// ErrU2FUnsupported: the account signs in with a hardware key.
	ErrU2FUnsupported = errors.New("this account signs in with a hardware security key (U2F/WebAuthn), which sfnotes does not support yet")
	// ErrCaptcha: too many failed sign-ins; the server wants a captcha.
	ErrCaptcha = errors.New("the server wants a captcha solved after too many failed sign-ins")
)

// MFA is how a sign-in gets a two-factor code when the server asks: Code
// (given up front: --code, SFNOTES_2FA_CODE, the window's field) or Ask (a
// prompt; tries counts the wrong codes so far). With neither, the sign-in
// stops with ErrMFARequired.
type MFA struct {
	Code string
	Ask  func(ctx context.Context, message string, tries int) (string, error)
}

// MaxMFATries is how many codes one sign-in tries.
const MaxMFATries = 3

// SetDialect sets the dialect remembered with the account.
func (c *Client) SetDialect(d string) { c.dialect = d }

// Dialect is the dialect this client has found the server to speak.
func (c *Client) Dialect() string { return c.dialect }

// unwrap returns the body of a wrapped answer ({"meta", "data"}) and the
// user its meta names; any other answer is returned as it is. Only a body
// whose first key is "meta" or "data" is parsed for it, so that a plain
// sync answer of hundreds of megabytes is not read twice. Seeing a wrapped
// answer marks the server as the official gateway.
func (c *Client) unwrap(body []byte) ([]byte, string) {
	if !wrappedShape(body) {
		return body, ""
	}
	var w struct {
		Meta *struct {
			Auth struct {
				UserUUID string `json:"userUuid"`
			} `json:"auth"`
		} `json:"meta"`
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &w) != nil || w.Data == nil {
		return body, ""
	}
	c.dialect = DialectOfficial
	user := ""
	if w.Meta != nil {
		user = w.Meta.Auth.UserUUID
	}
	return w.Data, user
}

// wrappedShape reports whether a JSON object's first key is "meta" or "data".
func wrappedShape(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n")
	if len(b) == 0 || b[0] != '{' {
		return false
	}
	b = bytes.TrimLeft(b[1:], " \t\r\n")
	return bytes.HasPrefix(b, []byte(`"meta"`)) || bytes.HasPrefix(b, []byte(`"data"`))
}

// loginParams asks POST /v2/login-params for an account's params with a
// fresh PKCE challenge (its verifier kept for loginV2), giving a two-factor
// code where the server asks for one. This is the request the code is meant
// for: it is sent only here, never on a probe.
func (c *Client) loginParams(ctx context.Context, email string, mfa MFA) (json.RawMessage, error) {
	verifier, challenge, err := pkce()
	if err != nil {
		return nil, err
	}
	body := map[string]any{"email": email, "code_challenge": challenge, "api": APIVersion2020}
	var raw json.RawMessage
	err = c.do(ctx, http.MethodPost, "/v2/login-params", nil, body, &raw, maxAuthBody)
	for sent := 0; err != nil; sent++ {
		var se *ServerError
		if !errors.As(err, &se) {
			return nil, err
		}
		key, wantsCode := mfaKeyOf(se, body)
		switch {
		case se.Tag == "u2f-required":
			return nil, ErrU2FUnsupported
		case se.Captcha:
			return nil, fmt.Errorf("%w: %w", ErrCaptcha, err)
		case !wantsCode:
			return nil, err
		case sent >= MaxMFATries:
			return nil, ErrMFAFailed
		case sent > 0 && mfa.Ask == nil:
			return nil, fmt.Errorf("%w: %s", ErrMFAInvalid, se.Message)
		}
		code, cerr := mfa.code(ctx, se.Message, sent)
		if cerr != nil {
			return nil, cerr
		}
		body[key] = code
		err = c.do(ctx, http.MethodPost, "/v2/login-params", nil, body, &raw, maxAuthBody)
	}
	c.verifier = verifier
	return raw, nil
}

// mfaKeyOf reads a refused login-params: whether it asks for a code (again),
// and in which field.
func mfaKeyOf(se *ServerError, body map[string]any) (string, bool) {
	switch {
	case se.Tag == "mfa-required" && se.MFAKey != "":
		return se.MFAKey, true
	case se.Tag == "mfa-invalid" || se.Tag == "mfa-required":
		for k := range body {
			if len(k) > 4 && k[:4] == "mfa_" {
				return k, true // a wrong code: the same field again
			}
		}
	}
	return "", false
}

// code is the two-factor code for try number tries (0 first).
func (m MFA) code(ctx context.Context, message string, tries int) (string, error) {
	if tries == 0 && m.Code != "" {
		return m.Code, nil
	}
	if m.Ask == nil {
		return "", fmt.Errorf("%w: %s", ErrMFARequired, message)
	}
	return m.Ask(ctx, message, tries)
}

// loginV2 signs in with the server password and the verifier of the last
// loginParams (/v2/login, every protocol on the official gateway).
func (c *Client) loginV2(ctx context.Context, email, serverPassword string) error {
	c.email = email
	var r sessionResponse
	err := c.do(ctx, http.MethodPost, "/v2/login", nil, map[string]any{"email": email, "password": serverPassword,
		"code_verifier": c.verifier, "api": APIVersion2020}, &r, maxAuthBody)
	if err != nil {
		return err
	}
	return c.adopt(r)
}

type official struct{}

// params: POST /v2/login-params, the only params route there (and the PKCE
// challenge of the sign-in that follows). A 404 or 405 means the server is
// not the official gateway after all: no usable account.
func (official) params(ctx context.Context, c *Client, email string, mfa MFA) (json.RawMessage, error) {
	raw, err := c.loginParams(ctx, email, mfa)
	var se *ServerError
	switch {
	case errors.Is(err, ErrCaptcha):
		return nil, err
	case errors.As(err, &se) && (se.Status == http.StatusNotFound || se.Status == http.StatusMethodNotAllowed ||
		se.Status == http.StatusUnauthorized):
		return nil, fmt.Errorf("%w: %s", ErrNoAccount, email)
	}
	return raw, err
}

// signIn: POST /v2/login for every protocol, with the verifier of the
// params request (made now, without a code, if there was none).
func (official) signIn(ctx context.Context, c *Client, email, serverPassword string, _ bool) error {
	if c.verifier == "" {
		if _, err := c.loginParams(ctx, email, MFA{}); err != nil {
			return err
		}
	}
	return c.loginV2(ctx, email, serverPassword)
}

// register003: the official server stores no cost for a 003 registration, so
// nobody could sign in to such an account again: refused here.
func (official) register003(context.Context, *Client, map[string]any) error {
	return fmt.Errorf("%w: the official server registers protocol 004 accounts only", ErrRejected)
}

// changePassword003: PUT /v1/users/{uuid}/attributes/credentials, the one
// route for every version's change there.
func (official) changePassword003(ctx context.Context, c *Client, body map[string]any) error {
	if c.user == "" {
		return fmt.Errorf("%w: the user's uuid is not known; sign in again first", ErrRejected)
	}
	body["api"] = APIVersion2020
	var r sessionResponse
	if err := c.do(ctx, http.MethodPut, "/v1/users/"+url.PathEscape(c.user)+"/attributes/credentials", nil, body, &r, maxAuthBody); err != nil {
		return err
	}
	return c.adopt(r)
}

// sync: POST /v1/items; the items' fields sfnotes has no place for are kept
// (a second read of the answer), since this server drops what an update
// leaves out.
func (official) sync(ctx context.Context, c *Client, req SyncRequest) (SyncResponse, error) {
	var r SyncResponse
	var raw json.RawMessage
	if err := c.do(ctx, http.MethodPost, "/v1/items", nil, req, &raw, maxBody); err != nil {
		return r, err
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("%w: POST /v1/items: %v", ErrBadResponse, err)
	}
	attachExtras(raw, &r)
	return r, nil
}
