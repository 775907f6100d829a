package sftest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

// gw drives a Gateway with plain net/http, as a client in another language
// would: every check here reads the wire, not the server's insides.
type gw struct {
	t    *testing.T
	srv  *Gateway
	base string
}

func startGateway(t *testing.T) *gw {
	t.Helper()
	g := NewGateway()
	return &gw{t: t, srv: g, base: g.Start(t).URL}
}

// answer is one HTTP answer: its status, headers, raw body and JSON.
type answer struct {
	status int
	header http.Header
	raw    []byte
	json   map[string]any
}

// data is the wrapped answer's data object (nil if not wrapped).
func (a answer) data() map[string]any {
	d, _ := a.json["data"].(map[string]any)
	return d
}

// wrappedError is data.error of a wrapped answer.
func (a answer) wrappedError() map[string]any {
	e, _ := a.data()["error"].(map[string]any)
	return e
}

func (c *gw) call(method, path, token, ua string, body any) answer {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ua != "" {
		req.Header.Set("User-Agent", ua)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	_ = json.Unmarshal(raw, &a.json)
	return a
}

func (c *gw) post(path, token string, body any) answer { return c.call("POST", path, token, "", body) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// account is a registered 004 account and its first session.
type testAccount struct {
	email, password, nonce, uuid, access, refresh string
}

func (c *gw) register(email string) testAccount {
	c.t.Helper()
	a := testAccount{email: email, password: randomHex(32), nonce: randomHex(32)}
	ans := c.post("/v1/users", "", map[string]any{"api": "20200115", "email": email, "password": a.password,
		"pw_nonce": a.nonce, "version": "004", "identifier": email, "origination": "registration"})
	if ans.status != 200 {
		c.t.Fatalf("register %s: %d %s", email, ans.status, ans.raw)
	}
	a.uuid = str2(ans.data(), "user", "uuid")
	a.access, a.refresh = str2(ans.data(), "session", "access_token"), str2(ans.data(), "session", "refresh_token")
	return a
}

// str2 reads m[k1][k2] as a string.
func str2(m map[string]any, k1, k2 string) string {
	inner, _ := m[k1].(map[string]any)
	s, _ := inner[k2].(string)
	return s
}

// loginParams asks for sign-in params with a fresh PKCE pair; extra fields
// (an mfa_ code) are added to the request.
func (c *gw) loginParams(email string, extra map[string]any) (answer, string) {
	c.t.Helper()
	verifier := randomHex(32)
	body := map[string]any{"email": email, "api": "20200115", "code_challenge": pkceChallenge(verifier)}
	for k, v := range extra {
		body[k] = v
	}
	return c.post("/v2/login-params", "", body), verifier
}

// signIn does both steps with a User-Agent, and fails the test on refusal.
func (c *gw) signIn(a testAccount, ua string) (access, refresh string) {
	c.t.Helper()
	params, verifier := c.loginParams(a.email, nil)
	if params.status != 200 {
		c.t.Fatalf("login-params: %d %s", params.status, params.raw)
	}
	ans := c.call("POST", "/v2/login", "", ua, map[string]any{"email": a.email, "password": a.password,
		"api": "20200115", "code_verifier": verifier})
	if ans.status != 200 {
		c.t.Fatalf("login: %d %s", ans.status, ans.raw)
	}
	return str2(ans.data(), "session", "access_token"), str2(ans.data(), "session", "refresh_token")
}

// setClock pins the server's clock, which TOTP and expirations read.
func (c *gw) setClock(t time.Time) {
	c.srv.mu.Lock()
	defer c.srv.mu.Unlock()
	c.srv.Now = func() time.Time { return t }
}

// expectError checks a wrapped error's status, tag and message.
func expectError(t *testing.T, a answer, status int, tag, msg string) {
	t.Helper()
	e := a.wrappedError()
	if a.status != status || e == nil {
		t.Fatalf("want %d with a wrapped error, got %d %s", status, a.status, a.raw)
	}
	if got, _ := e["tag"].(string); got != tag {
		t.Errorf("tag %q, want %q (%s)", got, tag, a.raw)
	}
	if msg != "" && e["message"] != msg {
		t.Errorf("message %q, want %q", e["message"], msg)
	}
	if _, ok := a.json["meta"]; !ok {
		t.Errorf("error not wrapped in {meta, data}: %s", a.raw)
	}
}

// expectBare checks a middleware refusal: not wrapped, {"error":{tag, message}}.
func expectBare(t *testing.T, a answer, status int, tag, msg string) {
	t.Helper()
	e, _ := a.json["error"].(map[string]any)
	if a.status != status || e == nil {
		t.Fatalf("want a bare %d error, got %d %s", status, a.status, a.raw)
	}
	if _, wrapped := a.json["meta"]; wrapped {
		t.Errorf("the middleware's %d must not be wrapped: %s", status, a.raw)
	}
	if e["tag"] != tag || e["message"] != msg {
		t.Errorf("error %v, want tag %q message %q", e, tag, msg)
	}
}
