package sftest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Gateway is the in-memory server in the official server's dialect (the
// api-gateway of standardnotes/server, which the hosted service runs too).
// It shares the store, the sync rules and the test knobs of Server, which it
// embeds: Inject, RevokeTokens, ItemCount, RawItem, Plant, Tamper, Resave,
// RequestCount, Now, MaxLimit, LockFor, Cursors and Params (merged over
// login-params answers, decoys included) work as they do there. Legacy and
// KeepTokens belong to the legacy dialect and are not read here. The zero
// value is not usable; call NewGateway.
type Gateway struct {
	*Server
	// AccessTTL is how long an access token lives (then 498); RefreshTTL
	// how long a refresh token does (then the refresh is refused).
	AccessTTL, RefreshTTL time.Duration
	// CaptchaAfter, when positive, is how many failed sign-ins of an email
	// make the hosted service want a captcha: the failed /v2/login that
	// reaches it, and every /v2/login after it (the right password too),
	// answer 401 with the header x-captcha-required: true (the hosted
	// service sends its captcha page's address as the value).
	CaptchaAfter int
	// FilesServerURL is announced in every answer's meta.
	FilesServerURL string

	mux        *http.ServeMux
	accounts   map[string]*account   // by lowercase email
	sessions   map[string]*gwSession // by session uuid
	strangers  map[string]*user      // failed sign-ins of emails without an account
	challenges map[string]string     // PKCE code_challenge -> email
}

// account is what the gateway knows of a user beyond the legacy store.
type account struct {
	uuid      string
	mfaSecret string               // base32; "" when two-factor is off
	u2f       bool                 // a hardware key is required
	usedCodes map[string]time.Time // TOTP codes accepted, so none is taken twice
	failed    int                  // failed sign-ins, for CaptchaAfter
}

// NewGateway returns an empty server in the official gateway's dialect.
func NewGateway() *Gateway {
	s := New()
	s.official = true
	g := &Gateway{Server: s, AccessTTL: 24 * time.Hour, RefreshTTL: 30 * 24 * time.Hour,
		FilesServerURL: "http://localhost:3125", accounts: map[string]*account{},
		sessions: map[string]*gwSession{}, challenges: map[string]string{}, strangers: map[string]*user{}}
	g.mux = g.routes()
	return g
}

// Start serves g on a loopback httptest server closed with the test.
func (g *Gateway) Start(t testing.TB) *httptest.Server {
	ts := httptest.NewServer(g)
	t.Cleanup(ts.Close)
	return ts
}

func (g *Gateway) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("POST /v2/login-params", g.loginParams)
	m.HandleFunc("POST /v2/login", g.login)
	m.HandleFunc("POST /v1/users", g.register)
	m.HandleFunc("PUT /v1/users/{uuid}/attributes/credentials", g.withAuth(g.changeCredentials))
	m.HandleFunc("GET /v1/users/{uuid}/mfa-secret", g.withAuth(g.mfaSecret))
	m.HandleFunc("PUT /v1/users/{uuid}/settings", g.withAuth(g.setting))
	m.HandleFunc("POST /v1/items", g.withAuth(g.items))
	m.HandleFunc("POST /v1/sessions/refresh", g.refresh)
	m.HandleFunc("GET /v1/sessions", g.withAuth(g.listSessions))
	m.HandleFunc("DELETE /v1/sessions", g.withAuth(g.revokeOthers))
	m.HandleFunc("DELETE /v1/sessions/{uuid}", g.withAuth(g.revokeSession))
	m.HandleFunc("POST /v1/logout", g.withAuth(g.logout))
	return m
}

// ServeHTTP routes the official gateway's endpoints. Everything else,
// the legacy routes included, is a bare 404 without a body, as the
// gateway's catch-all controller answers: it mounts no legacy controller,
// and a wrong method on a known path falls through to it too.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.serve(w, r, func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := g.mux.Handler(r); pattern == "" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		g.mux.ServeHTTP(w, r)
	})
}

// reply writes a proxied route's answer: {meta, data}, errors too. userUUID
// is the user the request's token names; "" leaves meta.auth empty ({}), as
// the gateway does for a route without its auth middleware (sign-in,
// registration, refresh), where it knows neither user nor roles.
func (g *Gateway) reply(w http.ResponseWriter, status int, userUUID string, data any) {
	auth := map[string]any{}
	if userUUID != "" {
		auth["userUuid"] = userUUID
		auth["roles"] = []any{map[string]string{"uuid": roleUUID, "name": "CORE_USER"}}
	}
	meta := map[string]any{"auth": auth, "server": map[string]any{"filesServerUrl": g.FilesServerURL}}
	writeJSON(w, status, map[string]any{"meta": meta, "data": data})
}

// roleUUID is the fixed uuid of the one role every account has here.
const roleUUID = "00000000-0000-4000-8000-00000000c0de"

// fail writes a wrapped error. tag and payload are left out when empty.
func (g *Gateway) fail(w http.ResponseWriter, status int, userUUID, tag, msg string, payload any) {
	g.reply(w, status, userUUID, errorBody(tag, msg, payload))
}

func errorBody(tag, msg string, payload any) map[string]any {
	e := map[string]any{"message": msg}
	if tag != "" {
		e["tag"] = tag
	}
	if payload != nil {
		e["payload"] = payload
	}
	return map[string]any{"error": e}
}

// decodeBody reads a JSON object; a bad body is a wrapped 400.
func (g *Gateway) decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		g.fail(w, http.StatusBadRequest, "", "", "Could not parse the request.", nil)
		return false
	}
	return true
}

// supportedAPI is what the gateway's auth routes accept.
func supportedAPI(api string) bool { return api == "20200115" || api == "20240226" }

// authedHandler is a route behind the auth middleware: it runs with g.mu
// held and the request's user and session.
type authedHandler func(w http.ResponseWriter, r *http.Request, u *user, sess *gwSession)

// withAuth is the gateway's auth middleware. Its refusals are the only
// answers not wrapped: 401 invalid-auth for a missing, unknown or revoked
// token, 498 expired-access-token for an expired one.
func (g *Gateway) withAuth(h authedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		defer g.mu.Unlock()
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		sess := g.sessionByAccess(tok)
		var u *user
		if ok && sess != nil {
			u = g.users[sess.email]
		}
		switch {
		case u == nil || u.gen != sess.gen:
			writeError(w, http.StatusUnauthorized, "Invalid login credentials.", "invalid-auth")
		case !g.Now().Before(sess.accessExp):
			writeError(w, 498, "The provided access token has expired.", "expired-access-token")
		default:
			h(w, r, u, sess)
		}
	}
}

// accountOf returns the gateway's record of u, creating it for a user made
// through the embedded Server's knobs.
func (g *Gateway) accountOf(email string) *account {
	a := g.accounts[email]
	if a == nil {
		a = &account{uuid: newUUID(), usedCodes: map[string]time.Time{}}
		g.accounts[email] = a
	}
	return a
}

// UserUUID is the uuid of email's account ("" if there is none), for the
// /v1/users/{uuid}/... routes.
func (g *Gateway) UserUUID(email string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	email = strings.ToLower(email)
	if g.users[email] == nil {
		return ""
	}
	return g.accountOf(email).uuid
}

// EnableMFA turns two-factor sign-in (TOTP, RFC 6238) on for email and
// returns its base32 secret ("" if there is no such account).
func (g *Gateway) EnableMFA(email string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	email = strings.ToLower(email)
	if g.users[email] == nil {
		return ""
	}
	a := g.accountOf(email)
	a.mfaSecret = NewTOTPSecret()
	return a.mfaSecret
}

// EnableU2F makes email's account require a hardware key: login-params
// answers u2f-required, which no code satisfies.
func (g *Gateway) EnableU2F(email string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	email = strings.ToLower(email)
	if g.users[email] != nil {
		g.accountOf(email).u2f = true
	}
}
