package sftest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// The gateway's sign-in: POST /v2/login-params answers the key params and
// remembers the PKCE challenge; POST /v2/login proves the verifier and the
// server password. Two-factor codes are checked at login-params only, so
// the challenge is what binds a code to the sign-in that follows.

// Messages the official server answers, word for word.
const (
	msgBadCredentials = "Invalid email or password."
	msgLocked         = "Too many successive login requests. Please try your request again later."
	msgRegistered     = "This email is already registered."
	msgMFARequired    = "Please enter your two-factor authentication code."
	msgMFAInvalid     = "The two-factor authentication code you entered is incorrect. Please try again."
	msgU2FRequired    = "Please authenticate with your U2F device."
	msgBadAPI         = "Unsupported api version"
	msgCurrentPw      = "The current password you entered is incorrect. Please try again."
)

// Decoy kinds, as Decoy names them.
const (
	DecoyParams003 = "003"          // 200, 003-shaped params with no pw_cost
	DecoyParams004 = "004"          // 200, 004 params with a made-up pw_nonce
	DecoyMFA       = "mfa-required" // 401 mfa-required, a fresh mfa_key every time
)

// Decoy tells which decoy login-params answers for an email without an
// account. It depends on the email only, so that asking twice gives the same
// answer, as it would for a real account.
func Decoy(email string) string {
	sum := sha256.Sum256([]byte("sftest decoy kind " + strings.ToLower(email)))
	return []string{DecoyParams003, DecoyParams004, DecoyMFA}[int(sum[0])%3]
}

func decoyParams(email, kind string) map[string]any {
	sum := sha256.Sum256([]byte("sftest decoy nonce " + strings.ToLower(email)))
	if kind == DecoyParams003 {
		return map[string]any{"identifier": email, "pw_nonce": hex.EncodeToString(sum[:]), "version": "003"}
	}
	return map[string]any{"identifier": email, "pw_nonce": hex.EncodeToString(sum[:]), "version": "004"}
}

// keyParams is what login-params and the auth answers show of an account:
// the stored params without empty optional fields, pw_cost only on 003 and
// older (null when the account was registered here without one).
func keyParams(u *user) map[string]any {
	out := map[string]any{}
	for k, v := range u.params {
		if v != nil && v != "" {
			out[k] = v
		}
	}
	if out["identifier"] == nil {
		out["identifier"] = u.email
	}
	if v, _ := out["version"].(string); v != "004" {
		out["pw_cost"] = u.params["pw_cost"]
	}
	return out
}

func (g *Gateway) loginParams(w http.ResponseWriter, r *http.Request) {
	var req map[string]any
	if !g.decodeBody(w, r, &req) {
		return
	}
	api, _ := req["api"].(string)
	email, _ := req["email"].(string)
	challenge, _ := req["code_challenge"].(string)
	switch {
	case !supportedAPI(api):
		g.fail(w, http.StatusBadRequest, "", "", msgBadAPI, nil)
		return
	case email == "" || challenge == "":
		g.fail(w, http.StatusBadRequest, "", "", "Please provide an email address and a code challenge.", nil)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	key := strings.ToLower(email)
	u := g.users[key]
	if u == nil {
		g.decoy(w, email, challenge)
		return
	}
	if g.captcha(w, key) || !g.secondFactor(w, g.accountOf(key), req) {
		return
	}
	g.challenges[challenge] = key
	g.reply(w, http.StatusOK, "", g.override(keyParams(u)))
}

// decoy answers login-params for an unknown email like a real account's.
func (g *Gateway) decoy(w http.ResponseWriter, email, challenge string) {
	kind := Decoy(email)
	if kind == DecoyMFA {
		g.fail(w, http.StatusUnauthorized, "", "mfa-required", msgMFARequired, mfaPayload())
		return
	}
	g.challenges[challenge] = strings.ToLower(email) // /v2/login then says "Invalid email or password."
	g.reply(w, http.StatusOK, "", g.override(decoyParams(email, kind)))
}

func mfaPayload() map[string]string { return map[string]string{"mfa_key": "mfa_" + newUUID()} }

// secondFactor checks a hardware key or TOTP requirement; it reports
// whether the sign-in may go on, and otherwise has answered. The code is
// in whichever request field is named mfa_<anything>.
func (g *Gateway) secondFactor(w http.ResponseWriter, a *account, req map[string]any) bool {
	if a.u2f {
		g.fail(w, http.StatusUnauthorized, "", "u2f-required", msgU2FRequired, nil)
		return false
	}
	if a.mfaSecret == "" {
		return true
	}
	code, sent := "", false
	for k, v := range req {
		if strings.HasPrefix(k, "mfa_") {
			code, _ = v.(string)
			sent = true
		}
	}
	switch {
	case !sent:
		g.fail(w, http.StatusUnauthorized, "", "mfa-required", msgMFARequired, mfaPayload())
		return false
	case !g.spendCode(a, code):
		g.fail(w, http.StatusUnauthorized, "", "mfa-invalid", msgMFAInvalid, nil)
		return false
	}
	return true
}

// spendCode accepts a current code (one step either side) once: a code
// already accepted is refused for as long as it could still be valid.
func (g *Gateway) spendCode(a *account, code string) bool {
	now := g.Now()
	for c, at := range a.usedCodes {
		if now.Sub(at) > 2*totpStep {
			delete(a.usedCodes, c)
		}
	}
	if _, used := a.usedCodes[code]; used || !ValidTOTP(a.mfaSecret, code, now) {
		return false
	}
	a.usedCodes[code] = now
	return true
}

// captcha answers 401 with x-captcha-required when the email has failed
// CaptchaAfter sign-ins; it reports whether it did.
func (g *Gateway) captcha(w http.ResponseWriter, email string) bool {
	if g.CaptchaAfter <= 0 || g.accountOf(email).failed < g.CaptchaAfter {
		return false
	}
	w.Header().Set("x-captcha-required", "true")
	g.fail(w, http.StatusUnauthorized, "", "", msgBadCredentials, nil)
	return true
}

// pkceChallenge is base64url (no padding) of the hex sha256 of the verifier.
func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString([]byte(hex.EncodeToString(sum[:])))
}

func (g *Gateway) login(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email, Password, API string
		Verifier             string `json:"code_verifier"`
	}
	if !g.decodeBody(w, r, &req) {
		return
	}
	if !supportedAPI(req.API) {
		g.fail(w, http.StatusBadRequest, "", "", msgBadAPI, nil)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	key := strings.ToLower(req.Email)
	ch := pkceChallenge(req.Verifier)
	owner, known := g.challenges[ch]
	delete(g.challenges, ch) // a challenge serves one sign-in
	if req.Verifier == "" || !known || owner != key {
		g.fail(w, http.StatusUnauthorized, "", "", "Invalid login credentials.", nil)
		return
	}
	u := g.users[key]
	if u == nil {
		g.fail(w, http.StatusUnauthorized, "", "", msgBadCredentials, nil)
		return
	}
	if g.captcha(w, key) || !g.checkPassword(w, u, req.Password) {
		return
	}
	g.authAnswer(w, u, g.newSession(u, r, req.API), "")
}

// checkPassword applies the lockout (423 after 6 failures in a row) and the
// password; it reports whether the sign-in may go on, and otherwise has
// answered.
func (g *Gateway) checkPassword(w http.ResponseWriter, u *user, password string) bool {
	now := g.Now()
	if now.Before(u.lockedUntil) {
		g.fail(w, http.StatusLocked, "", "", msgLocked, nil)
		return false
	}
	a := g.accountOf(u.email)
	if u.pw != password {
		a.failed++
		u.failed++
		if u.failed >= 6 {
			u.lockedUntil, u.failed = now.Add(g.LockFor), 0
		}
		g.fail(w, http.StatusUnauthorized, "", "", msgBadCredentials, nil)
		return false
	}
	u.failed, a.failed = 0, 0
	return true
}

// authAnswer is the answer of a sign-in, a registration and a credentials
// change: {session, key_params, user}. metaUser is the meta's userUuid: the
// gateway fills it from the request's own credentials, so a sign-in or a
// registration, which carries none, answers without it.
func (g *Gateway) authAnswer(w http.ResponseWriter, u *user, sess *gwSession, metaUser string) {
	a := g.accountOf(u.email)
	kp := keyParams(u)
	g.reply(w, http.StatusOK, metaUser, map[string]any{"session": sess.wire(), "key_params": kp,
		"user": map[string]any{"uuid": a.uuid, "email": u.email, "protocolVersion": kp["version"]}})
}

// accountParams keeps the key params a registration or a credentials
// change sent. pw_cost is never kept: the official server has no column
// for it, so a 003 account registered there answers pw_cost null.
func accountParams(req map[string]any, email string) map[string]any {
	p := map[string]any{"identifier": req["identifier"], "pw_nonce": req["pw_nonce"], "version": req["version"],
		"origination": req["origination"], "created": req["created"]}
	if p["identifier"] == nil || p["identifier"] == "" {
		p["identifier"] = email
	}
	return p
}

func (g *Gateway) register(w http.ResponseWriter, r *http.Request) {
	var req map[string]any
	if !g.decodeBody(w, r, &req) {
		return
	}
	api, _ := req["api"].(string)
	email, _ := req["email"].(string)
	pw, _ := req["password"].(string)
	key := strings.ToLower(email)
	switch {
	case !supportedAPI(api):
		g.fail(w, http.StatusBadRequest, "", "", msgBadAPI, nil)
		return
	case email == "" || pw == "":
		g.fail(w, http.StatusBadRequest, "", "", "Please provide an email and a password.", nil)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.users[key] != nil {
		g.fail(w, http.StatusBadRequest, "", "", msgRegistered, nil)
		return
	}
	u := &user{email: key, pw: pw, params: accountParams(req, email), items: map[string]*item{}}
	g.users[key] = u
	a := g.accountOf(key)
	if v, _ := req["version"].(string); v != "" && v < "004" {
		// A 003 registration gets an old-style token and no session.
		sess := g.newSession(u, r, api)
		sess.refresh = ""
		g.reply(w, http.StatusOK, "", map[string]any{"token": sess.access,
			"user": map[string]any{"uuid": a.uuid, "email": key}})
		return
	}
	g.authAnswer(w, u, g.newSession(u, r, api), "")
}

// AddAccount003 creates a 003 account as one made long ago on an older
// server and carried over: its params keep pw_cost (a 003 registration on
// the gateway itself stores none). serverPassword is what the client
// derives and sends as password.
func (g *Gateway) AddAccount003(email, serverPassword, pwNonce string, pwCost int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key := strings.ToLower(email)
	g.users[key] = &user{email: key, pw: serverPassword, items: map[string]*item{},
		params: map[string]any{"identifier": email, "pw_nonce": pwNonce, "version": "003", "pw_cost": pwCost}}
	g.accountOf(key)
}

func (g *Gateway) changeCredentials(w http.ResponseWriter, r *http.Request, u *user, sess *gwSession) {
	a := g.accountOf(u.email)
	if r.PathValue("uuid") != a.uuid {
		g.fail(w, http.StatusUnauthorized, a.uuid, "", "Operation not allowed.", nil)
		return
	}
	var req map[string]any
	if !g.decodeBody(w, r, &req) {
		return
	}
	cur, _ := req["current_password"].(string)
	next, _ := req["new_password"].(string)
	nonce, _ := req["pw_nonce"].(string)
	switch {
	case cur != u.pw:
		g.fail(w, http.StatusUnauthorized, a.uuid, "", msgCurrentPw, nil)
		return
	case next == "" || nonce == "":
		g.fail(w, http.StatusBadRequest, a.uuid, "", "Please provide the new password and its key params.", nil)
		return
	}
	u.pw, u.params = next, accountParams(req, u.email)
	// Every other device must sign in again; the caller's session stays,
	// and the answer brings a new one.
	g.deleteSessions(u.email, func(s *gwSession) bool { return s.uuid != sess.uuid })
	api, _ := req["api"].(string)
	g.authAnswer(w, u, g.newSession(u, r, api), a.uuid)
}

// msTime is how the gateway's answers write a time in milliseconds.
func msTime(t time.Time) int64 { return t.UnixMilli() }
