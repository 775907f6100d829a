package sfapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"sfnotes/syncengine/sfcrypto"
)

// APIVersion2020 is the API of the 2020 session protocol (protocol 004
// accounts): sign-in answers a session with an access and a refresh token.
const APIVersion2020 = "20200115"

// StatusExpiredAccess is the status for an expired access token: refresh the
// session, then retry.
const StatusExpiredAccess = 498

// sessionResponse is a sign-in, registration or refresh answer: a 2020
// session, or a JWT for accounts without sessions (003 and older).
type sessionResponse struct {
	authResponse
	Session *struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	} `json:"session"`
}

// adopt sets the client's tokens from an answer.
func (c *Client) adopt(r sessionResponse) error {
	if err := c.checkUser(r.User); err != nil {
		return err
	}
	if r.User != nil && r.User.UUID != "" {
		c.user = r.User.UUID
	}
	if r.Session != nil && r.Session.AccessToken != "" {
		c.token, c.refresh = r.Session.AccessToken, r.Session.RefreshToken
		return nil
	}
	c.refresh = ""
	return c.take(r.authResponse)
}

// RefreshToken is the session's refresh token ("" for a JWT).
func (c *Client) RefreshToken() string { return c.refresh }

// SetSession sets a 2020 session's tokens.
func (c *Client) SetSession(access, refresh string) { c.token, c.refresh = access, refresh }

// SignIn004 signs in to a 004 account with the derived server password and
// sets the session's tokens (see the dialects for how).
func (c *Client) SignIn004(ctx context.Context, email, serverPassword string) error {
	c.email = email
	return c.speaker().signIn(ctx, c, email, serverPassword, true)
}

// Register004 creates a 004 account (/v1/users on the 2020 API) and sets the
// session's tokens.
func (c *Client) Register004(ctx context.Context, email string, p sfcrypto.KeyParams004, serverPassword string) error {
	c.email = email
	body := map[string]any{"api": APIVersion2020, "email": email, "identifier": p.Identifier, "password": serverPassword,
		"pw_nonce": p.PwNonce, "version": p.Version, "origination": p.Origination, "created": p.Created}
	var r sessionResponse
	if err := c.do(ctx, http.MethodPost, "/v1/users", nil, body, &r, maxAuthBody); err != nil {
		return err
	}
	return c.adopt(r)
}

// refreshSession trades the refresh token for a new session.
func (c *Client) refreshSession(ctx context.Context) error {
	body := map[string]any{"access_token": c.token, "refresh_token": c.refresh, "api": APIVersion2020}
	var r sessionResponse
	saved := c.token
	c.token = "" // the refresh call itself carries no bearer
	// once, not do: a refresh answered 498 must not refresh again (a server
	// doing so sent the client into an endless recursion of refreshes).
	if err := c.once(ctx, http.MethodPost, "/v1/sessions/refresh", nil, body, &r, maxAuthBody); err != nil {
		c.token = saved
		var se *ServerError
		if errors.As(err, &se) && se.Status >= 400 && se.Status < 500 {
			return fmt.Errorf("%w: the session could not be renewed: %w", ErrAuthRequired, err)
		}
		return err
	}
	if err := c.adopt(r); err != nil {
		return err
	}
	if c.OnSession != nil {
		c.OnSession(c.token, c.refresh)
	}
	return nil
}

// SignOut004 ends the session on the server (its tokens stop working there).
func (c *Client) SignOut004(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/v1/logout", nil, map[string]any{"api": APIVersion2020}, nil, maxAuthBody)
}

// ChangeCredentials004 gives the account new 004 key params and a new server
// password (a 004 password change, or an upgrade from 003, whose current
// password is then the 003 server password), and adopts the session the
// answer carries. It uses the 2020 route when the user's uuid is known, and
// otherwise the older change_pw route on the 2020 API, which mdouchement
// serves with the same handler.
func (c *Client) ChangeCredentials004(ctx context.Context, currentServerPassword string, next sfcrypto.RootKey004) error {
	p := next.Params
	body := map[string]any{"api": APIVersion2020, "current_password": currentServerPassword,
		"new_password": next.ServerPassword, "pw_nonce": p.PwNonce, "version": p.Version,
		"identifier": p.Identifier, "origination": p.Origination, "created": p.Created}
	var r sessionResponse
	var err error
	if c.user != "" {
		err = c.do(ctx, http.MethodPut, "/v1/users/"+url.PathEscape(c.user)+"/attributes/credentials", nil, body, &r, maxAuthBody)
	} else {
		err = c.do(ctx, http.MethodPost, "/auth/change_pw", nil, body, &r, maxAuthBody)
	}
	if err != nil {
		return err
	}
	return c.adopt(r)
}

// SetUserUUID sets the user's uuid (stored at sign-in) for the 2020 routes.
func (c *Client) SetUserUUID(id string) { c.user = id }

// Speaks2020 reports whether the server has the 2020 API (sessions, 004
// accounts), by asking for sign-in params on its PKCE route, which only such
// servers have: 404 or 405 means no. Servers answer it for any email (an
// unknown one gets decoy params), so the answer says nothing about accounts.
func (c *Client) Speaks2020(ctx context.Context, email string) (bool, error) {
	_, challenge, err := pkce()
	if err != nil {
		return false, err
	}
	var ignored json.RawMessage
	err = c.do(ctx, http.MethodPost, "/v2/login-params", nil,
		map[string]any{"email": email, "code_challenge": challenge, "api": APIVersion2020}, &ignored, maxAuthBody)
	var se *ServerError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &se) && (se.Status == http.StatusNotFound || se.Status == http.StatusMethodNotAllowed):
		return false, nil
	case errors.As(err, &se) && se.Status >= 400 && se.Status < 500:
		return true, nil // the route exists; it refused this request
	}
	return false, err
}
