package sfapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"sfnotes/syncengine/sfcrypto"
)

// Bounds on what one answer may hold, checked against Content-Length before
// anything is read, and enforced while reading when no length is announced.
// maxBody is for items/sync: a whole account's first sync of 10,000 large
// notes fits. maxAuthBody is for auth/params and the sign-in answers, which
// are a few hundred bytes (a 10 MB pw_nonce is an attack, not an account).
// maxErrorBody is what we read of an error answer for its message.
const (
	maxBody      = 512 << 20
	maxAuthBody  = 1 << 20
	maxErrorBody = 64 << 10
)

// Client speaks the Standard File HTTP API to one server.
type Client struct {
	base          *url.URL
	http          *http.Client
	token         string
	refresh       string // a 2020 session's refresh token ("" for a JWT)
	user          string // the user's uuid, from the last auth answer
	email         string // the email this client signs in or registers with
	dialect       string // DialectStandard or DialectOfficial
	verifier      string // the PKCE verifier of the last loginParams
	allowInsecure bool
	// OnSession, if set, is told the new tokens after a session was renewed
	// (an expired access token, HTTP 498), so that they can be stored.
	OnSession func(access, refresh string)
}

// ClientOptions tune a Client.
type ClientOptions struct {
	// HTTP is the client to use; nil means one with a 60 s timeout.
	HTTP *http.Client
	// AllowInsecure permits plain http to a non-loopback host.
	AllowInsecure bool
}

// NewClient checks the server URL and returns a client for it. Plain http is
// refused unless the host is a loopback address or AllowInsecure is set:
// the password-derived server password travels in the clear otherwise.
func NewClient(server string, opts ClientOptions) (*Client, error) {
	u, err := ParseServerURL(server, opts.AllowInsecure)
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Timeout: 60 * time.Second}
	if opts.HTTP != nil {
		copied := *opts.HTTP // the caller's client keeps its own redirect policy
		hc = &copied
	}
	c := &Client{base: u, http: hc, allowInsecure: opts.AllowInsecure}
	hc.CheckRedirect = c.checkRedirect
	return c, nil
}

// checkRedirect follows a redirect only when it cannot leak anything: same
// scheme and host as the request, the plain-http rule holding for the new
// address, and a request that carries no credentials (no body, no bearer
// token; Go would re-send both on a 307 or 308). Anything else is not
// followed and do reports it as ErrRedirected.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	switch {
	case len(via) >= 5,
		req.URL.Scheme != first.URL.Scheme, req.URL.Host != first.URL.Host,
		first.Body != nil && first.Body != http.NoBody, first.Header.Get("Authorization") != "":
		return http.ErrUseLastResponse
	}
	if _, err := ParseServerURL(req.URL.String(), c.allowInsecure); err != nil {
		return http.ErrUseLastResponse
	}
	return nil
}

// ParseServerURL validates a server URL (see NewClient).
func ParseServerURL(server string, allowInsecure bool) (*url.URL, error) {
	server = strings.TrimSpace(server)
	if !strings.Contains(server, "://") {
		return nil, fmt.Errorf("%w: %q has no https:// in front (for example https://%s)", ErrBadURL, server, server)
	}
	u, err := url.Parse(server)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("%w: %q is not an http(s) URL", ErrBadURL, server)
	}
	if u.Scheme == "http" && !allowInsecure && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("%w: %s (use https, or allow insecure explicitly)", ErrInsecure, u.Host)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SetToken sets the bearer token for authenticated calls.
func (c *Client) SetToken(t string) { c.token = t }

// Token is the current bearer token.
func (c *Client) Token() string { return c.token }

// Server is the server URL as normalised.
func (c *Client) Server() string { return c.base.String() }

// do sends one request and decodes a 2xx answer of at most limit bytes into out.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any, limit int64) error {
	err := c.once(ctx, method, path, query, body, out, limit)
	var se *ServerError
	if errors.As(err, &se) && se.Status == StatusExpiredAccess && c.refresh != "" {
		// An expired access token: renew the session without bothering the
		// user, then try once more. At most one refresh per request: a second
		// 498 is "sign in again" (statusError), never another refresh.
		if rerr := c.refreshSession(ctx); rerr != nil {
			return rerr
		}
		err = c.once(ctx, method, path, query, body, out, limit)
	}
	return err
}

// once sends one request and reads its answer.
func (c *Client) once(ctx context.Context, method, path string, query url.Values, body, out any, limit int64) error {
	u := *c.base
	u.Path += path
	u.RawQuery = query.Encode()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encoding request: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrRejected, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent) // names this device in the account's sessions
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: %v", ErrOffline, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		return fmt.Errorf("%w: %s %s answered HTTP %d, to %q", ErrRedirected, method, path, resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		data, _ = c.unwrap(data)
		e := statusError(resp.StatusCode, data)
		if se, ok := e.(*ServerError); ok {
			se.Captcha = resp.Header.Get("X-Captcha-Required") != ""
		}
		return e
	}
	data, err := readBody(resp, limit)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	data, metaUser := c.unwrap(data)
	if metaUser != "" && c.user != "" && metaUser != c.user {
		return fmt.Errorf("%w (an answer for user %q, expected %q)", ErrWrongUser, metaUser, c.user)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%w: %s %s: %v", ErrBadResponse, method, path, err)
	}
	return nil
}

// readBody reads an answer of at most limit bytes. An announced length over
// the limit is refused before a byte is read; a known length is read into a
// buffer of exactly that size; an unknown one is read up to the limit.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: an answer of %d bytes, more than the %d allowed", ErrBadResponse, resp.ContentLength, limit)
	}
	if resp.ContentLength >= 0 {
		data := make([]byte, resp.ContentLength)
		if _, err := io.ReadFull(resp.Body, data); err != nil {
			return nil, fmt.Errorf("%w: reading the answer: %v", ErrOffline, err)
		}
		return data, nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading the answer: %v", ErrOffline, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: an answer larger than the %d bytes allowed", ErrBadResponse, limit)
	}
	return data, nil
}

// statusError reads either error shape: {"error":{"message","tag"}} or
// {"errors":["..."]}, and classifies the status.
func statusError(status int, body []byte) error {
	e := &ServerError{Status: status}
	var one struct {
		Error struct {
			Message string `json:"message"`
			Tag     string `json:"tag"`
			Payload struct {
				MFAKey string `json:"mfa_key"`
			} `json:"payload"`
		} `json:"error"`
		Errors []string `json:"errors"`
	}
	if json.Unmarshal(body, &one) == nil {
		e.Message, e.Tag, e.MFAKey = one.Error.Message, one.Error.Tag, one.Error.Payload.MFAKey
		if e.Message == "" && len(one.Errors) > 0 {
			e.Message = strings.Join(one.Errors, "; ")
		}
	}
	switch {
	case status == http.StatusUnauthorized, status == StatusExpiredAccess:
		// 498 reaches a caller only when the session could not be renewed
		// (no refresh token, or still expired right after a refresh).
		e.kind = ErrAuthRequired
	case status == http.StatusLocked:
		e.kind = ErrLocked
	case status >= 500, status == http.StatusRequestTimeout, status == http.StatusTooManyRequests:
		e.kind = ErrOffline
	default:
		e.kind = ErrRejected
	}
	return e
}

type authResponse struct {
	Token string    `json:"token"`
	JWT   string    `json:"jwt"`
	User  *userInfo `json:"user"`
}

// userInfo is the user object of an auth answer.
type userInfo struct {
	UUID  string `json:"uuid"`
	Email string `json:"email"`
}

// ErrWrongUser: an answer names another account than the one this client
// signs in to or syncs (another email or user uuid). Nothing of it is
// stored: a server mixing accounts up, or lying, must not get one account's
// data or session into another's place.
var ErrWrongUser = fmt.Errorf("%w: the answer names another account", ErrBadResponse)

// checkUser refuses an answer whose user is not the expected one: the email
// this client signed in with, and the user uuid it already knows, where both
// sides name one.
func (c *Client) checkUser(u *userInfo) error {
	if u == nil {
		return nil
	}
	if c.email != "" && u.Email != "" && !strings.EqualFold(strings.TrimSpace(u.Email), strings.TrimSpace(c.email)) {
		return fmt.Errorf("%w (user %q, expected %q)", ErrWrongUser, u.Email, c.email)
	}
	if c.user != "" && u.UUID != "" && u.UUID != c.user {
		return fmt.Errorf("%w (user uuid %q, expected %q)", ErrWrongUser, u.UUID, c.user)
	}
	return nil
}

// take sets the token (and the user's uuid, when named) from an answer.
func (c *Client) take(r authResponse) error {
	if err := c.checkUser(r.User); err != nil {
		return err
	}
	if r.User != nil && r.User.UUID != "" {
		c.user = r.User.UUID
	}
	t, err := r.token()
	c.token = t
	return err
}

// UserUUID is the signed-in user's uuid as the last auth answer named it.
func (c *Client) UserUUID() string { return c.user }

func (a authResponse) token() (string, error) {
	if a.Token != "" {
		return a.Token, nil
	}
	if a.JWT != "" {
		return a.JWT, nil
	}
	return "", fmt.Errorf("%w: no token in the answer", ErrBadResponse)
}

// Register creates a protocol 003 (or older) account with the derived
// server password and sets the token.
func (c *Client) Register(ctx context.Context, email string, p sfcrypto.AuthParams, keys sfcrypto.Keys) error {
	c.email = email
	body := map[string]any{"email": email, "password": keys.PW, "pw_cost": p.PwCost, "pw_nonce": p.PwNonce,
		"version": p.Version, "identifier": p.Identifier, "api": APIVersion}
	return c.speaker().register003(ctx, c, body)
}

// SignIn signs in to a protocol 003 (or older) account with the derived
// server password and sets the token.
func (c *Client) SignIn(ctx context.Context, email string, keys sfcrypto.Keys) error {
	c.email = email
	return c.speaker().signIn(ctx, c, email, keys.PW, false)
}

// ChangePassword replaces a 003 account's server password and params; every
// real server then revokes the old tokens. It sets the new token.
func (c *Client) ChangePassword(ctx context.Context, email string, current sfcrypto.Keys, p sfcrypto.AuthParams, next sfcrypto.Keys) error {
	c.email = email
	body := map[string]any{"current_password": current.PW, "new_password": next.PW, "pw_nonce": p.PwNonce,
		"pw_cost": p.PwCost, "version": p.Version, "identifier": p.Identifier, "email": email, "api": APIVersion}
	return c.speaker().changePassword003(ctx, c, body)
}

// Sync sends one sync request. An answer naming another user is refused.
func (c *Client) Sync(ctx context.Context, req SyncRequest) (SyncResponse, error) {
	if req.Items == nil {
		req.Items = []WireItem{}
	}
	req.API = APIVersion
	r, err := c.speaker().sync(ctx, c, req)
	if err == nil && r.SyncToken == nil && r.Cursor() == "" {
		err = fmt.Errorf("%w: sync answer without a sync_token", ErrBadResponse)
	}
	if err == nil && r.Meta != nil && r.Meta.Auth.UserUUID != "" && c.user != "" && r.Meta.Auth.UserUUID != c.user {
		return SyncResponse{}, fmt.Errorf("%w (a sync answer for user %q, expected %q)", ErrWrongUser, r.Meta.Auth.UserUUID, c.user)
	}
	return r, err
}
