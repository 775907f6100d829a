package syncengine

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"sfnotes/syncengine/sfcrypto"
)

// fakeGateway is the smallest official-gateway stand-in for the client's
// dialect tests: no legacy routes, wrapped answers, PKCE, one two-factor
// code. (sftest's gateway mode is the full one.)
type fakeGateway struct {
	mu        sync.Mutex
	params    sfcrypto.KeyParams004
	challenge string
	mfa       string // the code wanted, "" for none
	used      bool
	u2f       bool
	captcha   bool
	hits      map[string]int
}

func (g *fakeGateway) wrap(w http.ResponseWriter, status int, data any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"meta": map[string]any{"auth": map[string]any{"userUuid": "u-1"}}, "data": data})
}

func (g *fakeGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hits[r.Method+" "+r.URL.Path]++
	var body map[string]any
	_ = json.NewDecoder(r.Body).Decode(&body)
	switch r.Method + " " + r.URL.Path {
	case "POST /v2/login-params":
		g.loginParams(w, body)
	case "POST /v2/login":
		sum := sha256.Sum256([]byte(body["code_verifier"].(string)))
		if base64.RawURLEncoding.EncodeToString([]byte(hex.EncodeToString(sum[:]))) != g.challenge {
			g.wrap(w, 401, map[string]any{"error": map[string]any{"message": "Invalid login credentials."}})
			return
		}
		g.wrap(w, 200, map[string]any{"session": map[string]any{"access_token": "at", "refresh_token": "rt"},
			"key_params": g.params, "user": map[string]any{"uuid": "u-1", "email": body["email"]}})
	case "POST /v1/items":
		g.wrap(w, 200, map[string]any{"retrieved_items": []any{}, "saved_items": body["items"], "sync_token": "t1"})
	default:
		w.WriteHeader(404)
		w.Write([]byte(`{"error":{"message":"Not found"}}`))
	}
}

func (g *fakeGateway) loginParams(w http.ResponseWriter, body map[string]any) {
	deny := func(tag, msg string, payload any) {
		g.wrap(w, 401, map[string]any{"error": map[string]any{"tag": tag, "message": msg, "payload": payload}})
	}
	switch {
	case g.captcha:
		w.Header().Set("X-Captcha-Required", "true")
		deny("invalid-auth", "Invalid login credentials.", nil)
		return
	case g.u2f:
		deny("u2f-required", "Please authenticate with your U2F device.", nil)
		return
	case g.mfa != "" && body["mfa_k1"] == nil:
		deny("mfa-required", "Please enter your two-factor authentication code.", map[string]any{"mfa_key": "mfa_k1"})
		return
	case g.mfa != "" && (body["mfa_k1"] != g.mfa || g.used):
		deny("mfa-invalid", "The two-factor authentication code you entered is incorrect. Please try again.", nil)
		return
	}
	if g.mfa != "" {
		g.used = true
	}
	g.challenge = body["code_challenge"].(string)
	g.wrap(w, 200, g.params)
}

func startFakeGateway(t *testing.T, email string) (*fakeGateway, string) {
	t.Helper()
	p, _ := sfcrypto.NewKeyParams004(email, sfcrypto.OriginationRegistration)
	g := &fakeGateway{params: p, hits: map[string]int{}}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return g, srv.URL
}

// TestOfficialDialectSignInAndSync: a server without the legacy routes and
// with wrapped answers is found to be the official gateway at sign-in; the
// two-factor code given up front goes in the field the server names; the
// dialect is stored with the account and the sync uses /v1/items.
func TestOfficialDialectSignInAndSync(t *testing.T) {
	g, url := startFakeGateway(t, "mfa@example.com")
	g.mfa = "123456"
	d := newDevice(t, "D")
	err := d.acc.SignInWith(context.Background(), SignInOptions{Server: url, Email: "mfa@example.com",
		Password: testPassword, MFA: MFA{Code: "123456"}})
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	acct, _, _ := d.store.Account()
	if acct.Dialect != DialectOfficial || acct.UserUUID != "u-1" {
		t.Fatalf("account %+v", acct)
	}
	d.note("n", "text")
	d.sync()
	if g.hits["POST /v1/items"] == 0 || g.hits["POST /items/sync"] != 0 {
		t.Fatalf("requests %v", g.hits)
	}
}

// TestTwoFactorAnswers: no code -> ErrMFARequired (nothing spent); a wrong
// code -> ErrMFAInvalid; a prompt that keeps giving wrong codes -> three
// tries, then ErrMFAFailed; a hardware-key account and a captcha are said
// plainly.
func TestTwoFactorAnswers(t *testing.T) {
	g, url := startFakeGateway(t, "mfa@example.com")
	g.mfa = "123456"
	d := newDevice(t, "D")
	signIn := func(m MFA) error {
		return d.acc.SignInWith(context.Background(), SignInOptions{Server: url, Email: "mfa@example.com", Password: testPassword, MFA: m})
	}
	mustErr(t, signIn(MFA{}), ErrMFARequired)
	mustErr(t, signIn(MFA{Code: "000000"}), ErrMFAInvalid)
	asked := 0
	before := g.hits["POST /v2/login-params"]
	mustErr(t, signIn(MFA{Ask: func(context.Context, string, int) (string, error) { asked++; return "999999", nil }}), ErrMFAFailed)
	if asked != maxMFATries || g.hits["POST /v2/login-params"]-before != 1+maxMFATries {
		t.Fatalf("asked %d times, %d requests", asked, g.hits["POST /v2/login-params"]-before)
	}
	if g.hits["POST /v2/login"] != 0 {
		t.Fatal("a sign-in was sent without a good code")
	}
	g.u2f = true
	mustErr(t, signIn(MFA{Code: "123456"}), ErrU2FUnsupported)
	g.u2f, g.captcha = false, true
	mustErr(t, signIn(MFA{Code: "123456"}), ErrCaptcha)
	if _, ok, _ := d.store.Account(); ok {
		t.Fatal("an account was stored")
	}
}

// TestWrappedAnswers: wrapped success and error answers read as plain ones;
// a plain sync answer is not parsed twice.
func TestWrappedAnswers(t *testing.T) {
	c := &Client{}
	data, user := c.unwrap([]byte(` {"meta":{"auth":{"userUuid":"u"}},"data":{"a":1}}`))
	if string(data) != `{"a":1}` || user != "u" || c.Dialect() != DialectOfficial {
		t.Fatalf("unwrap: %s %q %q", data, user, c.Dialect())
	}
	plain := []byte(`{"retrieved_items":[],"data":1}`)
	if data, _ := (&Client{}).unwrap(plain); string(data) != string(plain) {
		t.Fatal("a plain answer was changed")
	}
	body, _ := c.unwrap([]byte(`{"meta":{},"data":{"error":{"message":"This email is already registered."}}}`))
	err := registerError(statusError(400, body))
	mustErr(t, err, ErrAccountExists)
	if !strings.Contains(err.Error(), "already registered") {
		t.Fatalf("the server's words are lost: %v", err)
	}
}
