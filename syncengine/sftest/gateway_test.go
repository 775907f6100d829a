package sftest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestGatewayLegacyRoutesAre404(t *testing.T) {
	c := startGateway(t)
	for _, r := range []struct{ method, path string }{{"GET", "/auth/params?email=a@b.c"}, {"POST", "/auth"},
		{"POST", "/auth/sign_in"}, {"POST", "/auth/change_pw"}, {"POST", "/items/sync"},
		{"GET", "/v2/login-params"}, {"GET", "/v1/login-params?email=a@b.c"}} {
		a := c.call(r.method, r.path, "", "", map[string]any{"email": "a@b.c"})
		if a.status != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", r.method, r.path, a.status)
		}
		if len(a.raw) != 0 {
			t.Errorf("%s %s: a 404 with a body (%s); the gateway's has none", r.method, r.path, a.raw)
		}
	}
}

func TestGatewayRegisterIsWrapped(t *testing.T) {
	c := startGateway(t)
	a := c.register("new@example.com")
	ans := c.post("/v1/users", "", map[string]any{"api": "20200115", "email": "New@Example.com",
		"password": "x", "pw_nonce": randomHex(32), "version": "004"})
	expectError(t, ans, 400, "", "This email is already registered.")
	if a.uuid == "" || a.access == "" || a.refresh == "" {
		t.Fatalf("register answered no user uuid or session: %+v", a)
	}
	// The first answer's meta names the user and the files server.
	params, _ := c.loginParams(a.email, nil)
	if params.status != 200 || params.data()["pw_nonce"] != a.nonce || params.data()["version"] != "004" {
		t.Fatalf("login-params: %d %s", params.status, params.raw)
	}
	for _, k := range []string{"pw_cost", "origination", "created"} {
		if _, has := params.data()[k]; has {
			t.Errorf("login-params of a 004 account carry %s: %s", k, params.raw)
		}
	}
	meta, _ := params.json["meta"].(map[string]any)
	if str2(meta, "server", "filesServerUrl") == "" {
		t.Errorf("no meta.server.filesServerUrl: %s", params.raw)
	}
	if auth, ok := meta["auth"].(map[string]any); !ok || len(auth) != 0 {
		t.Errorf("meta.auth of a route without credentials should be {}: %s", params.raw)
	}
	items := c.post("/v1/items", a.access, map[string]any{"api": "20200115", "items": []any{}})
	auth, _ := items.json["meta"].(map[string]any)["auth"].(map[string]any)
	if roles, _ := auth["roles"].([]any); auth["userUuid"] != a.uuid || len(roles) == 0 {
		t.Errorf("meta.auth should name the user and their roles: %s", items.raw)
	}
}

func TestGatewayAPIVersion(t *testing.T) {
	c := startGateway(t)
	for _, api := range []string{"", "20190520", "20161215"} {
		ans, _ := c.loginParams("x@example.com", map[string]any{"api": api})
		expectError(t, ans, 400, "", "Unsupported api version")
	}
	if ans, _ := c.loginParams("x@example.com", map[string]any{"api": "20240226"}); ans.status == 400 {
		t.Errorf("api 20240226 refused: %s", ans.raw)
	}
}

func TestGatewaySignInNeedsPKCEAndPassword(t *testing.T) {
	c := startGateway(t)
	a := c.register("pkce@example.com")
	login := func(verifier, password string) answer {
		return c.post("/v2/login", "", map[string]any{"email": a.email, "password": password, "api": "20200115",
			"code_verifier": verifier})
	}
	_, verifier := c.loginParams(a.email, nil)
	if ans := login(randomHex(32), a.password); ans.status != 401 {
		t.Errorf("a verifier that matches no challenge: %d %s", ans.status, ans.raw)
	}
	expectError(t, login("", a.password), 401, "invalid-auth", "Invalid login credentials.")
	_, verifier = c.loginParams(a.email, nil)
	expectError(t, login(verifier, "wrong"), 401, "", "Invalid email or password")
	_, verifier = c.loginParams(a.email, nil)
	ok := login(verifier, a.password)
	if ok.status != 200 || str2(ok.data(), "session", "access_token") == "" ||
		str2(ok.data(), "key_params", "pw_nonce") != a.nonce || str2(ok.data(), "user", "uuid") != a.uuid {
		t.Fatalf("sign-in: %d %s", ok.status, ok.raw)
	}
	// created and origination go only to a signed-in client.
	if str2(ok.data(), "key_params", "origination") != "registration" {
		t.Errorf("the sign-in answer's key params lack origination: %s", ok.raw)
	}
	if ans := login(verifier, a.password); ans.status != 401 {
		t.Errorf("a challenge served a second sign-in: %d", ans.status)
	}
}

func TestGatewayLockoutAfterSixFailures(t *testing.T) {
	c := startGateway(t)
	a := c.register("lock@example.com")
	status := 0
	for range 7 {
		_, verifier := c.loginParams(a.email, nil)
		status = c.post("/v2/login", "", map[string]any{"email": a.email, "password": "wrong", "api": "20200115",
			"code_verifier": verifier}).status
	}
	if status != http.StatusLocked {
		t.Fatalf("7th sign-in after 6 failures: %d, want 423", status)
	}
	// An email without an account locks the same way: a lock tells nothing.
	stranger := decoyEmails()[DecoyParams004]
	for range 7 {
		status = c.post("/v2/login", "", map[string]any{"email": stranger, "password": "x", "api": "20200115",
			"code_verifier": randomHex(32)}).status
	}
	if status != http.StatusLocked {
		t.Fatalf("7th sign-in of an unknown email: %d, want 423", status)
	}
}

func TestGatewayCaptchaAfterFailures(t *testing.T) {
	c := startGateway(t)
	c.srv.mu.Lock()
	c.srv.CaptchaAfter = 2
	c.srv.mu.Unlock()
	a := c.register("captcha@example.com")
	login := func(password string) answer {
		_, verifier := c.loginParams(a.email, nil)
		return c.post("/v2/login", "", map[string]any{"email": a.email, "password": password, "api": "20200115",
			"code_verifier": verifier})
	}
	if first := login("wrong"); first.status != 401 || first.header.Get("x-captcha-required") != "" {
		t.Fatalf("first failure: %d, x-captcha-required %q", first.status, first.header.Get("x-captcha-required"))
	}
	if second := login("wrong"); second.header.Get("x-captcha-required") != "true" {
		t.Fatalf("the failure that reaches the limit: %d, no x-captcha-required", second.status)
	}
	right := login(a.password)
	if right.status != 401 || right.header.Get("x-captcha-required") != "true" {
		t.Fatalf("the right password without a captcha: %d, x-captcha-required %q", right.status,
			right.header.Get("x-captcha-required"))
	}
}

// decoyEmails finds an unknown email of each decoy kind.
func decoyEmails() map[string]string {
	out := map[string]string{}
	for i := 0; len(out) < 4; i++ {
		e := "nobody" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + "@example.com"
		if _, seen := out[Decoy(e)]; !seen {
			out[Decoy(e)] = e
		}
	}
	return out
}

func TestGatewayDecoysForUnknownEmails(t *testing.T) {
	c := startGateway(t)
	emails := decoyEmails()
	first, _ := c.loginParams(emails[DecoyParams003], nil)
	again, _ := c.loginParams(emails[DecoyParams003], nil)
	if first.status != 200 || first.data()["version"] != "003" || string(first.raw) != string(again.raw) {
		t.Fatalf("003 decoy: %d %s / %s", first.status, first.raw, again.raw)
	}
	if cost, has := first.data()["pw_cost"]; has && cost != nil {
		t.Errorf("003 decoy has a cost: %s", first.raw)
	}
	d4, verifier := c.loginParams(emails[DecoyParams004], nil)
	if nonce, _ := d4.data()["pw_nonce"].(string); d4.status != 200 || d4.data()["version"] != "004" || len(nonce) != 64 {
		t.Fatalf("004 decoy: %d %s", d4.status, d4.raw)
	}
	login := c.post("/v2/login", "", map[string]any{"email": emails[DecoyParams004], "password": "x",
		"api": "20200115", "code_verifier": verifier})
	expectError(t, login, 401, "", "Invalid email or password")
	m1, _ := c.loginParams(emails[DecoyMFA], nil)
	m2, _ := c.loginParams(emails[DecoyMFA], map[string]any{"mfa_123": "123456"})
	expectError(t, m1, 401, "mfa-required", "Please enter your two-factor authentication code.")
	expectError(t, m2, 401, "mfa-required", "")
	if mfaKey(m1) == mfaKey(m2) || !strings.HasPrefix(mfaKey(m1), "mfa_") {
		t.Errorf("decoy mfa keys %q, %q: want a fresh mfa_<uuid> each time", mfaKey(m1), mfaKey(m2))
	}
	u2f, _ := c.loginParams(emails[DecoyU2F], nil)
	expectError(t, u2f, 401, "u2f-required", "Please authenticate with your U2F device.")
}

func mfaKey(a answer) string {
	p, _ := a.wrappedError()["payload"].(map[string]any)
	k, _ := p["mfa_key"].(string)
	return k
}

func TestGatewayTwoFactor(t *testing.T) {
	c := startGateway(t)
	a := c.register("2fa@example.com")
	secret := c.srv.EnableMFA(a.email)
	now := time.Date(2026, 12, 2, 7, 0, 10, 0, time.UTC)
	c.setClock(now)
	ans, _ := c.loginParams(a.email, nil)
	expectError(t, ans, 401, "mfa-required", "Please enter your two-factor authentication code.")
	key := mfaKey(ans)
	if !strings.HasPrefix(key, "mfa_") {
		t.Fatalf("mfa_key %q", key)
	}
	wrong := "000000"
	if TOTP(secret, now) == wrong {
		wrong = "000001"
	}
	ans, _ = c.loginParams(a.email, map[string]any{key: wrong})
	expectError(t, ans, 401, "mfa-invalid",
		"The two-factor authentication code you entered is incorrect. Please try again.")
	// The code of the previous step still counts (clock drift), once.
	code := TOTP(secret, now.Add(-30*time.Second))
	ans, verifier := c.loginParams(a.email, map[string]any{key: code})
	if ans.status != 200 || ans.data()["pw_nonce"] != a.nonce {
		t.Fatalf("a valid code: %d %s", ans.status, ans.raw)
	}
	replay, _ := c.loginParams(a.email, map[string]any{key: code})
	expectError(t, replay, 401, "mfa-invalid",
		"The two-factor authentication code you entered has been already utilized. Please try again in a while.")
	if mfaKey(replay) != key {
		t.Errorf("a refused code's payload names %q, want the field it came in, %q", mfaKey(replay), key)
	}
	login := c.post("/v2/login", "", map[string]any{"email": a.email, "password": a.password, "api": "20200115",
		"code_verifier": verifier})
	if login.status != 200 {
		t.Fatalf("/v2/login after the code: %d %s", login.status, login.raw)
	}
	if old := TOTP(secret, now.Add(-90*time.Second)); old != TOTP(secret, now) {
		stale, _ := c.loginParams(a.email, map[string]any{key: old})
		expectError(t, stale, 401, "mfa-invalid", "")
	}
}

func TestGatewayTwoFactorSetupRoutes(t *testing.T) {
	c := startGateway(t)
	a := c.register("setup@example.com")
	got := c.call("GET", "/v1/users/"+a.uuid+"/mfa-secret", a.access, "", nil)
	secret, _ := got.data()["secret"].(string)
	if got.status != 200 || got.data()["success"] != true || len(secret) != 32 {
		t.Fatalf("mfa-secret: %d %s", got.status, got.raw)
	}
	put := func(token string) answer {
		return c.call("PUT", "/v1/users/"+a.uuid+"/settings", a.access, "",
			map[string]any{"name": "MFA_SECRET", "value": secret, "totpToken": token})
	}
	bad := "111111"
	if TOTP(secret, time.Now()) == bad {
		bad = "222222"
	}
	if ans := put(bad); ans.status != 400 {
		t.Fatalf("a wrong code turned 2FA on: %d %s", ans.status, ans.raw)
	}
	if ans := put(TOTP(secret, time.Now())); ans.status != 200 {
		t.Fatalf("settings: %d %s", ans.status, ans.raw)
	}
	ans, _ := c.loginParams(a.email, nil)
	expectError(t, ans, 401, "mfa-required", "")
}

func TestGatewayU2F(t *testing.T) {
	c := startGateway(t)
	a := c.register("key@example.com")
	c.srv.EnableU2F(a.email)
	ans, _ := c.loginParams(a.email, map[string]any{"mfa_x": "123456"})
	expectError(t, ans, 401, "u2f-required", "")
}

func TestGateway003Accounts(t *testing.T) {
	c := startGateway(t)
	reg := c.post("/v1/users", "", map[string]any{"api": "20200115", "email": "old@example.com", "password": "sp",
		"pw_nonce": randomHex(32), "version": "003", "pw_cost": 110000, "identifier": "old@example.com"})
	if reg.status != 200 || reg.data()["token"] == nil || reg.data()["session"] != nil {
		t.Fatalf("003 registration: %d %s", reg.status, reg.raw)
	}
	params, _ := c.loginParams("old@example.com", nil)
	if cost, has := params.data()["pw_cost"]; !has || cost != nil || params.data()["version"] != "003" {
		t.Errorf("a 003 account registered here must answer pw_cost null: %s", params.raw)
	}
	c.srv.AddAccount003("older@example.com", "sp", randomHex(32), 110000)
	params, verifier := c.loginParams("older@example.com", nil)
	if cost, _ := params.data()["pw_cost"].(float64); cost != 110000 {
		t.Errorf("a carried-over 003 account keeps its cost: %s", params.raw)
	}
	// /v2/login serves every protocol; the 2020 API gets a session.
	login := c.post("/v2/login", "", map[string]any{"email": "older@example.com", "password": "sp",
		"api": "20240226", "code_verifier": verifier})
	if login.status != 200 || str2(login.data(), "session", "refresh_token") == "" ||
		str2(login.data(), "key_params", "version") != "003" {
		t.Errorf("a 003 sign-in: %d %s", login.status, login.raw)
	}
}
