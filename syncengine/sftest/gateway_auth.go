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

// Messages the official server answers, word for word (its sign-in
// refusal has no full stop, unlike the ruby server's).
const (
	msgBadCredentials = "Invalid email or password"
	msgInvalidAuth    = "Invalid login credentials."
	msgLocked         = "Too many successive login requests. Please try your request again later."
	msgRegistered     = "This email is already registered."
	msgMFARequired    = "Please enter your two-factor authentication code."
	msgMFAInvalid     = "The two-factor authentication code you entered is incorrect. Please try again."
	msgMFAReused      = "The two-factor authentication code you entered has been already utilized. Please try again in a while."
	msgU2FRequired    = "Please authenticate with your U2F device."
	msgBadAPI         = "Unsupported api version"
	msgCurrentPw      = "The current password you entered is incorrect. Please try again."
)

// Decoy kinds, as Decoy names them. The official server answers half of
// the unknown emails with pseudo params (003 or 004) and the other half
// with a pretended second factor (a code or a hardware key).
const (
	DecoyParams003 = "003"          // 200 {identifier, pw_nonce, version:"003"}: no pw_cost
	DecoyParams004 = "004"          // 200 {identifier, pw_nonce, version:"004"}
	DecoyMFA       = "mfa-required" // 401 mfa-required with a fresh mfa_key, code or not
	DecoyU2F       = "u2f-required" // 401 u2f-required
)

// Decoy tells which decoy login-params answers for an email without an
// account. It depends on the email only, so that asking twice gives the same
// answer, as it would for a real account.
func Decoy(email string) string {
	sum := sha256.Sum256([]byte("sftest decoy kind " + email))
	return []string{DecoyParams003, DecoyParams004, DecoyMFA, DecoyU2F}[int(sum[0])%4]
}

func decoyParams(email, kind string) map[string]any {
	sum := sha256.Sum256([]byte("sftest decoy nonce " + email))
	return map[string]any{"identifier": email, "pw_nonce": hex.EncodeToString(sum[:]), "version": kind}
}

// keyParams is what login-params and the auth answers show of an account:
// identifier, pw_nonce and version; pw_cost on 003 and older (null when the
// account was registered here, which keeps no cost); created and
// origination only to a signed-in client (authenticated), as the official
// server does.
func keyParams(u *user, authenticated bool) map[string]any {
	out := map[string]any{"identifier": u.params["identifier"], "pw_nonce": u.params["pw_nonce"],
		"version": u.params["version"]}
	if out["identifier"] == nil {
		out["identifier"] = u.email
	}
	if v, _ := out["version"].(string); v != "004" {
		out["pw_cost"] = u.params["pw_cost"]
	} else if authenticated {
		for _, k := range []string{"created", "origination"} {
			if v := u.params[k]; v != nil && v != "" {
				out[k] = v
			}
		}
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
	case challenge == "":
		g.fail(w, http.StatusBadRequest, "", "", "Please provide the code challenge parameter.", nil)
		return
	case email == "":
		g.fail(w, http.StatusBadRequest, "", "", "Please provide an email address.", nil)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	u := g.users[strings.ToLower(email)]
	if u == nil {
		g.decoy(w, email)
		return
	}
	if !g.secondFactor(w, g.accountOf(u.email), req) {
		return
	}
	g.challenges[challenge] = u.email
	g.reply(w, http.StatusOK, "", g.override(keyParams(u, false)))
}

// decoy answers login-params for an unknown email like a real account's.
// It stores no challenge: the /v2/login that follows fails its PKCE check,
// with the same words as a wrong password.
func (g *Gateway) decoy(w http.ResponseWriter, email string) {
	switch kind := Decoy(email); kind {
	case DecoyMFA:
		g.fail(w, http.StatusUnauthorized, "", "mfa-required", msgMFARequired, mfaPayload("mfa_"+newUUID()))
	case DecoyU2F:
		g.fail(w, http.StatusUnauthorized, "", "u2f-required", msgU2FRequired, nil)
	default:
		g.reply(w, http.StatusOK, "", g.override(decoyParams(email, kind)))
	}
}

func mfaPayload(key string) map[string]string { return map[string]string{"mfa_key": key} }

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
	key, code := "", ""
	for k, v := range req {
		if strings.HasPrefix(k, "mfa_") {
			key = k
			code, _ = v.(string)
		}
	}
	if key == "" {
		g.fail(w, http.StatusUnauthorized, "", "mfa-required", msgMFARequired, mfaPayload("mfa_"+newUUID()))
		return false
	}
	if msg := g.spendCode(a, code); msg != "" {
		g.fail(w, http.StatusUnauthorized, "", "mfa-invalid", msg, mfaPayload(key))
		return false
	}
	return true
}

// spendCode accepts a current code (one step either side) once; it
// answers why not otherwise. A code already accepted is refused for as
// long as it could still be valid.
func (g *Gateway) spendCode(a *account, code string) string {
	now := g.Now()
	for c, at := range a.usedCodes {
		if now.Sub(at) > 3*totpStep {
			delete(a.usedCodes, c)
		}
	}
	if _, used := a.usedCodes[code]; used {
		return msgMFAReused
	}
	if !ValidTOTP(a.mfaSecret, code, now) {
		return msgMFAInvalid
	}
	a.usedCodes[code] = now
	return ""
}

// captchaLimit reports whether email has failed CaptchaAfter sign-ins:
// the hosted service then wants a captcha with every sign-in, which no test
// client can give.
func (g *Gateway) captchaLimit(email string) bool {
	return g.CaptchaAfter > 0 && g.accountOf(email).failed >= g.CaptchaAfter
}

// pkceChallenge is base64url (no padding) of the hex sha256 of the verifier.
func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString([]byte(hex.EncodeToString(sum[:])))
}

func (g *Gateway) login(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Email    string `json:"email"`
		Password string `json:"password"`
		API      string `json:"api"`
		Verifier string `json:"code_verifier"`
	}
	if !g.decodeBody(w, r, &req) {
		return
	}
	switch {
	case req.Email == "" || req.Password == "" || req.Verifier == "":
		g.fail(w, http.StatusUnauthorized, "", "invalid-auth", msgInvalidAuth, nil)
		return
	case !supportedAPI(req.API):
		g.fail(w, http.StatusBadRequest, "", "", msgBadAPI, nil)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	key := strings.ToLower(req.Email)
	u, attempts := g.users[key], g.attempts(key)
	if g.Now().Before(attempts.lockedUntil) {
		g.fail(w, http.StatusLocked, "", "", msgLocked, nil)
		return
	}
	// The challenge is spent whether the rest succeeds or not.
	ch := pkceChallenge(req.Verifier)
	_, challenged := g.challenges[ch]
	delete(g.challenges, ch)
	if !challenged || u == nil || g.captchaLimit(key) || u.pw != req.Password {
		g.signInFailed(w, attempts)
		return
	}
	u.failed, g.accountOf(u.email).failed = 0, 0
	g.authAnswer(w, u, g.newSession(u, r, req.API), "")
}

// attempts is where email's failed sign-ins are counted: its user, or for
// an email without an account a stand-in, since the official server counts
// and locks by the email asked for, so that a lock tells nothing either.
func (g *Gateway) attempts(email string) *user {
	if u := g.users[email]; u != nil {
		return u
	}
	if g.strangers[email] == nil {
		g.strangers[email] = &user{email: email}
	}
	return g.strangers[email]
}

// signInFailed counts a failed sign-in (6 in a row lock the email for
// LockFor; CaptchaAfter asks for a captcha) and answers 401.
func (g *Gateway) signInFailed(w http.ResponseWriter, attempts *user) {
	g.accountOf(attempts.email).failed++
	attempts.failed++
	if attempts.failed >= 6 {
		attempts.lockedUntil, attempts.failed = g.Now().Add(g.LockFor), 0
	}
	if g.captchaLimit(attempts.email) {
		w.Header().Set("x-captcha-required", "true")
	}
	g.fail(w, http.StatusUnauthorized, "", "", msgBadCredentials, nil)
}

// authAnswer is the answer of a sign-in, a registration and a credentials
// change: {session, key_params, user}. metaUser is the meta's userUuid: the
// gateway fills it from the request's own credentials, so a sign-in or a
// registration, which carries none, answers without it.
func (g *Gateway) authAnswer(w http.ResponseWriter, u *user, sess *gwSession, metaUser string) {
	a := g.accountOf(u.email)
	kp := keyParams(u, true)
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
		g.fail(w, http.StatusBadRequest, "", "", "Please enter an email and a password to register.", nil)
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
	delete(g.strangers, key) // a registration clears the email's failed sign-ins
	a := g.accountOf(key)
	a.failed = 0
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
	u.pw = next
	updateParams(u.params, req)
	// Every other device must sign in again; the caller's session stays,
	// and the answer brings a new one.
	g.deleteSessions(u.email, func(s *gwSession) bool { return s.uuid != sess.uuid })
	api, _ := req["api"].(string)
	g.authAnswer(w, u, g.newSession(u, r, api), a.uuid)
}

// updateParams applies a credentials change to stored key params: the new
// pw_nonce, and version, identifier, created and origination when sent
// (the official server keeps the old ones otherwise).
func updateParams(p, req map[string]any) {
	p["pw_nonce"] = req["pw_nonce"]
	for _, k := range []string{"version", "identifier", "created", "origination"} {
		if v := req[k]; v != nil && v != "" {
			p[k] = v
		}
	}
}

// msTime is how the gateway's answers write a time in milliseconds.
func msTime(t time.Time) int64 { return t.UnixMilli() }
