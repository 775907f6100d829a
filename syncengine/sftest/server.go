// Package sftest is an in-memory Standard File server for fast tests, like
// net/http/httptest. It follows the ruby reference server's semantics: both
// sync API shapes (20190520 conflicts, legacy unsaved), opaque base64 sync
// and cursor tokens that end in "\n", cursor paging that repeats the boundary
// item (>=), the one-second conflict rule, tombstones, pseudo auth params for
// unknown emails, a 423 lockout after 6 failed sign-ins, and session tokens
// revoked by a password change. Knobs inject faults: status codes, delays,
// truncated or non-JSON bodies, revoked tokens, redirects (Fault.Header),
// huge answers (Fault.Size), auth params of any cost or size (Params), and
// cursors that alternate or never end (Cursors).
//
// NewGateway gives the same store and knobs in the official server's dialect
// (standardnotes/server's api-gateway, which the hosted service runs): only
// the /v1 and /v2 routes (the legacy ones are a bare 404), every answer
// wrapped as {"meta":{auth, server},"data":...} except the auth middleware's
// bare 401 invalid-auth and 498 expired-access-token, PKCE sign-in
// (/v2/login-params then /v2/login), sessions with refresh tokens and a
// device_info made from the User-Agent, decoy answers for unknown emails
// (Decoy says which), two-factor sign-in with a real RFC 6238 check (TOTP,
// EnableMFA, EnableU2F, CaptchaAfter), the official conflict rule, and item
// fields it does not interpret kept exactly as the last update sent them.
// Its behaviour follows SN-TODAY.md and what the official server's public
// source was read to do (standardnotes/server is AGPL: read, none copied).
//
// It has its own JSON types on purpose, so that it checks the client's wire
// format independently. It is for tests and fault injection, not a
// substitute for the real server suite.
package sftest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is the in-memory server. The zero value is not usable; call New.
type Server struct {
	mu     sync.Mutex
	users  map[string]*user   // by lowercase email
	owners map[string]string  // item uuid -> owner email
	tokens map[string]session // bearer token -> session
	last   time.Time          // last write time; writes are strictly increasing
	faults []Fault            // applied one per matching request, in order
	// Now is the server clock.
	Now func() time.Time
	// MaxLimit caps the page size (the official server's is 300); 0 means a
	// request without limit gets everything.
	MaxLimit int
	// LockFor is how long 6 failed sign-ins lock an account.
	LockFor time.Duration
	// Legacy answers every sync in the 20161215 shape (unsaved), whatever
	// api the client asks for.
	Legacy bool
	// Requests counts requests by path.
	Requests map[string]int
	// Params, when set, is merged over every auth/params answer (known and
	// unknown emails): a cost of 1e12, a 10 MB pw_nonce.
	Params map[string]any
	// Cursors, when set, replaces the cursor_token of every sync answer with
	// what it returns for the request's cursor (see AlternatingCursors and
	// EndlessCursors); the answer is otherwise the real one.
	Cursors func(requestCursor string) string
	// KeepTokens leaves older tokens valid after a password change, as
	// mdouchement does for tokens issued in the same second as the change.
	KeepTokens bool
	// official switches the item rules to the official server's (see
	// Gateway): its conflict rule, items_key_id and unknown item fields kept.
	official bool
}

type user struct {
	email       string
	pw          string
	params      map[string]any
	gen         int
	failed      int
	lockedUntil time.Time
	items       map[string]*item
}

type session struct {
	email string
	gen   int
}

type item struct {
	UUID, ContentType, Content, EncItemKey, AuthHash string
	Deleted                                          bool
	CreatedAt, UpdatedAt                             time.Time
	// Gateway mode only: the items key named, and the fields this server
	// does not interpret, kept as sent (raw JSON by name).
	ItemsKeyID string
	Extra      map[string]json.RawMessage
}

// New returns an empty server.
func New() *Server {
	return &Server{users: map[string]*user{}, owners: map[string]string{}, tokens: map[string]session{},
		Now: time.Now, LockFor: time.Hour, Requests: map[string]int{}}
}

// Start serves s on a loopback httptest server closed with the test.
func (s *Server) Start(t testing.TB) *httptest.Server {
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts
}

// ServeHTTP routes the Standard File endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, s.route)
}

// serve counts the request and applies the first matching fault around
// route, so that both dialects share the knobs.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, route http.HandlerFunc) {
	s.mu.Lock()
	s.Requests[r.URL.Path]++
	f, hasFault := s.takeFault(r.URL.Path)
	s.mu.Unlock()
	if hasFault && f.apply(w) {
		return
	}
	if !hasFault || !f.Truncate {
		route(w, r)
		return
	}
	rec := httptest.NewRecorder()
	route(rec, r)
	truncate(w, rec)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/auth/params":
		s.params(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/auth":
		s.register(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/auth/sign_in":
		s.signIn(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/auth/change_pw":
		s.changePassword(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/items/sync":
		s.sync(w, r)
	default:
		writeError(w, http.StatusNotFound, "Not found.", "")
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg, tag string) {
	e := map[string]string{"message": msg}
	if tag != "" {
		e["tag"] = tag
	}
	writeJSON(w, status, map[string]any{"error": e})
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tick returns a write time strictly after the previous one.
func (s *Server) tick() time.Time {
	t := s.Now().UTC().Truncate(time.Microsecond)
	if !t.After(s.last) {
		t = s.last.Add(time.Microsecond)
	}
	s.last = t
	return t
}

func (s *Server) params(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(r.URL.Query().Get("email"))
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[email]
	if u == nil {
		// Pseudo params, so that nobody can tell which emails have accounts.
		sum := sha256.Sum256([]byte("sftest pseudo nonce " + email))
		writeJSON(w, http.StatusOK, s.override(map[string]any{"version": "003", "pw_cost": 110000,
			"pw_nonce": hex.EncodeToString(sum[:]), "identifier": email}))
		return
	}
	writeJSON(w, http.StatusOK, s.override(u.params))
}

func (s *Server) override(p map[string]any) map[string]any {
	if s.Params == nil {
		return p
	}
	out := map[string]any{}
	for k, v := range p {
		out[k] = v
	}
	for k, v := range s.Params {
		out[k] = v
	}
	return out
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Could not parse the request.", "")
		return false
	}
	return true
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	var req map[string]any
	if !decode(w, r, &req) {
		return
	}
	email, _ := req["email"].(string)
	pw, _ := req["password"].(string)
	email = strings.ToLower(email)
	if email == "" || pw == "" {
		writeError(w, http.StatusUnauthorized, "No email or password provided.", "")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[email] != nil {
		writeError(w, http.StatusUnauthorized, "This email is already registered.", "")
		return
	}
	u := &user{email: email, pw: pw, params: authParams(req), items: map[string]*item{}}
	s.users[email] = u
	writeJSON(w, http.StatusOK, map[string]any{"token": s.newToken(u), "user": map[string]string{"email": email}})
}

// authParams keeps the key-derivation params a register or change_pw sent.
func authParams(req map[string]any) map[string]any {
	return map[string]any{"identifier": req["identifier"], "version": req["version"],
		"pw_cost": req["pw_cost"], "pw_nonce": req["pw_nonce"]}
}

func (s *Server) newToken(u *user) string {
	t := randomToken()
	s.tokens[t] = session{email: u.email, gen: u.gen}
	return t
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if !decode(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[strings.ToLower(req.Email)]
	now := s.Now()
	if u != nil && now.Before(u.lockedUntil) {
		writeError(w, http.StatusLocked, "Too many successive login requests. Please try your request again later.", "")
		return
	}
	if u == nil || u.pw != req.Password {
		if u != nil {
			u.failed++
			if u.failed >= 6 {
				u.lockedUntil = now.Add(s.LockFor)
				u.failed = 0
			}
		}
		writeError(w, http.StatusUnauthorized, "Invalid email or password.", "")
		return
	}
	u.failed = 0
	writeJSON(w, http.StatusOK, map[string]any{"token": s.newToken(u), "user": map[string]string{"email": u.email}})
}

// authed returns the user of the bearer token, or writes a 401.
func (s *Server) authed(w http.ResponseWriter, r *http.Request) *user {
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	sess, ok := s.tokens[tok]
	if !ok {
		writeError(w, http.StatusUnauthorized, "Invalid login credentials.", "invalid-auth")
		return nil
	}
	u := s.users[sess.email]
	if u == nil || u.gen != sess.gen {
		writeError(w, http.StatusUnauthorized, "Revoked token.", "invalid-auth")
		return nil
	}
	return u
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	var req map[string]any
	if !decode(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.authed(w, r)
	if u == nil {
		return
	}
	cur, _ := req["current_password"].(string)
	next, _ := req["new_password"].(string)
	if cur != u.pw || next == "" {
		writeError(w, http.StatusUnauthorized, "The current password you entered is incorrect. Please try again.", "")
		return
	}
	u.pw = next
	u.params = authParams(req)
	if !s.KeepTokens {
		u.gen++ // every older token is revoked
	} else {
		for tok, sess := range s.tokens {
			if sess.email == u.email {
				s.tokens[tok] = session{email: u.email, gen: u.gen + 1}
			}
		}
		u.gen++
	}
	writeJSON(w, http.StatusOK, map[string]any{"token": s.newToken(u), "user": map[string]string{"email": u.email}})
}

// RevokeTokens revokes every session of email, as a password change
// elsewhere would.
func (s *Server) RevokeTokens(email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users[strings.ToLower(email)]; u != nil {
		u.gen++
	}
}

// ItemCount returns how many live (not deleted) items email has.
func (s *Server) ItemCount(email string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	if u := s.users[strings.ToLower(email)]; u != nil {
		for _, it := range u.items {
			if !it.Deleted {
				n++
			}
		}
	}
	return n
}

// RawItem returns the stored encrypted content of an item, for tests that
// tamper with it.
func (s *Server) RawItem(email, uuid string) (content, encItemKey string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[strings.ToLower(email)]
	if u == nil || u.items[uuid] == nil {
		return "", "", false
	}
	return u.items[uuid].Content, u.items[uuid].EncItemKey, true
}

// Tamper replaces an item's content on the server (and bumps updated_at), as
// an attacker with the database could.
func (s *Server) Tamper(email, uuid string, mutate func(content, encItemKey string) (string, string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[strings.ToLower(email)]
	if u == nil || u.items[uuid] == nil {
		return
	}
	it := u.items[uuid]
	it.Content, it.EncItemKey = mutate(it.Content, it.EncItemKey)
	it.UpdatedAt = s.tick()
}

// RequestCount is how many requests path has received.
func (s *Server) RequestCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Requests[path]
}

// Resave saves an item again unchanged with a newer updated_at, as a request
// of a killed client that the server finishes late does.
func (s *Server) Resave(email, uuid string) {
	s.Tamper(email, uuid, func(c, k string) (string, string) { return c, k })
}

// Plant stores an item for email exactly as given (any content string,
// "000" plaintext included), as a hostile or broken server might hold it.
func (s *Server) Plant(email, uuid, contentType, content string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[strings.ToLower(email)]
	if u == nil {
		return
	}
	now := s.tick()
	u.items[uuid] = &item{UUID: uuid, ContentType: contentType, Content: content, CreatedAt: now, UpdatedAt: now}
	s.owners[uuid] = u.email
}
