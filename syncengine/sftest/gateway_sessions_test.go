package sftest

import (
	"testing"
	"time"
)

const (
	uaSfnotes = "sfnotes (linux; amd64)"
	uaChrome  = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) " +
		"Chrome/120.0.0.0 Safari/537.36"
)

func TestGatewayAuthRefusalsAreNotWrapped(t *testing.T) {
	c := startGateway(t)
	a := c.register("mw@example.com")
	sync := func(token string) answer {
		return c.post("/v1/items", token, map[string]any{"api": "20200115", "items": []any{}})
	}
	expectBare(t, sync(""), 401, "invalid-auth", "Invalid login credentials.")
	expectBare(t, sync("1:nope:nope"), 401, "invalid-auth", "Invalid login credentials.")
	c.setClock(time.Now().Add(c.srv.AccessTTL + time.Minute))
	expectBare(t, sync(a.access), 498, "expired-access-token", "The provided access token has expired.")
	// The refresh gives new tokens; the old access token is gone.
	ref := c.post("/v1/sessions/refresh", "", map[string]any{"api": "20200115", "access_token": a.access,
		"refresh_token": a.refresh})
	access := str2(ref.data(), "session", "access_token")
	if ref.status != 200 || access == "" || access == a.access || ref.json["meta"] == nil {
		t.Fatalf("refresh: %d %s", ref.status, ref.raw)
	}
	if ans := sync(access); ans.status != 200 {
		t.Fatalf("the refreshed token: %d %s", ans.status, ans.raw)
	}
	expectBare(t, sync(a.access), 401, "invalid-auth", "Invalid login credentials.")
	again := c.post("/v1/sessions/refresh", "", map[string]any{"access_token": a.access, "refresh_token": a.refresh})
	expectError(t, again, 400, "invalid-parameters", "The provided parameters are not valid.")
	wrong := c.post("/v1/sessions/refresh", "", map[string]any{"access_token": access, "refresh_token": a.refresh})
	expectError(t, wrong, 400, "invalid-refresh-token", "The refresh token is not valid.")
	c.srv.RevokeTokens(a.email)
	expectBare(t, sync(access), 401, "invalid-auth", "Invalid login credentials.")
}

func TestGatewayExpiredRefreshToken(t *testing.T) {
	c := startGateway(t)
	a := c.register("late@example.com")
	c.setClock(time.Now().Add(c.srv.RefreshTTL + time.Hour))
	ans := c.post("/v1/sessions/refresh", "", map[string]any{"access_token": a.access, "refresh_token": a.refresh})
	expectError(t, ans, 400, "expired-refresh-token", "")
}

// sessionsOf lists the sessions as token sees them, by device.
func (c *gw) sessionsOf(token string) (map[string]map[string]any, answer) {
	c.t.Helper()
	ans := c.call("GET", "/v1/sessions?api=20200115", token, "", nil)
	list, _ := ans.json["data"].([]any)
	out := map[string]map[string]any{}
	for _, s := range list {
		m := s.(map[string]any)
		out[m["device_info"].(string)] = m
	}
	return out, ans
}

func TestGatewaySessionsListAndRevoke(t *testing.T) {
	c := startGateway(t)
	a := c.register("dev@example.com")
	laptop, _ := c.signIn(a, uaSfnotes)
	browser, _ := c.signIn(a, uaChrome)
	list, ans := c.sessionsOf(laptop)
	if ans.status != 200 || len(list) != 3 || list["linux"] == nil || list["Chrome on Mac"] == nil {
		t.Fatalf("sessions: %d %s", ans.status, ans.raw)
	}
	if list["linux"]["current"] != true || list["Chrome on Mac"]["current"] != false {
		t.Errorf("current is not the caller's session: %s", ans.raw)
	}
	for _, k := range []string{"uuid", "api_version", "created_at", "updated_at"} {
		if list["linux"][k] == nil {
			t.Errorf("a session without %s: %s", k, ans.raw)
		}
	}
	own := c.call("DELETE", "/v1/sessions/"+list["linux"]["uuid"].(string), laptop, "", nil)
	expectError(t, own, 400, "", "You can not delete your current session.")
	gone := c.call("DELETE", "/v1/sessions/"+list["Chrome on Mac"]["uuid"].(string), laptop, "", nil)
	if gone.status != 204 {
		t.Fatalf("revoke: %d %s", gone.status, gone.raw)
	}
	if _, ans := c.sessionsOf(browser); ans.status != 401 {
		t.Errorf("a revoked session still works: %d", ans.status)
	}
	if all := c.call("DELETE", "/v1/sessions", laptop, "", nil); all.status != 204 || c.srv.SessionCount(a.email) != 1 {
		t.Fatalf("revoke others: %d, %d sessions left", all.status, c.srv.SessionCount(a.email))
	}
	if out := c.post("/v1/logout", laptop, nil); out.status != 204 || c.srv.SessionCount(a.email) != 0 {
		t.Fatalf("logout: %d, %d sessions left", out.status, c.srv.SessionCount(a.email))
	}
	if _, ans := c.sessionsOf(laptop); ans.status != 401 {
		t.Errorf("signed out, the token still works: %d", ans.status)
	}
}

func TestGatewayChangeCredentials(t *testing.T) {
	c := startGateway(t)
	a := c.register("pw@example.com")
	other, _ := c.signIn(a, uaChrome)
	path := "/v1/users/" + a.uuid + "/attributes/credentials"
	change := func(current string) answer {
		return c.call("PUT", path, a.access, uaSfnotes, map[string]any{"api": "20200115", "current_password": current,
			"new_password": "next", "pw_nonce": "n2", "version": "004", "identifier": a.email})
	}
	expectError(t, change("wrong"), 401, "", "The current password you entered is incorrect. Please try again.")
	ans := change(a.password)
	if ans.status != 200 || str2(ans.data(), "key_params", "pw_nonce") != "n2" ||
		str2(ans.data(), "session", "access_token") == "" || str2(ans.data(), "user", "uuid") != a.uuid {
		t.Fatalf("change: %d %s", ans.status, ans.raw)
	}
	if _, list := c.sessionsOf(other); list.status != 401 {
		t.Errorf("another device's session survived the change: %d", list.status)
	}
	if _, list := c.sessionsOf(str2(ans.data(), "session", "access_token")); list.status != 200 {
		t.Errorf("the new session: %d", list.status)
	}
	if p, _ := c.loginParams(a.email, nil); p.data()["pw_nonce"] != "n2" {
		t.Errorf("login-params after the change: %s", p.raw)
	}
	a.password = "next"
	c.signIn(a, uaSfnotes)
}

func TestDeviceInfo(t *testing.T) {
	for _, tc := range []struct{ ua, want string }{
		{uaSfnotes, "linux"},
		{"sfnotes (darwin; arm64)", "mac"},
		{"sfnotes (windows; amd64)", "windows"},
		{uaChrome, "Chrome on Mac"},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "Firefox on Linux"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 " +
			"Safari/537.36 Edg/120.0.0.0", "Edge on Windows"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
			"Version/17.0 Mobile/15E148 Safari/604.1", "Safari on iOS"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) " +
			"StandardNotes/3.195.13 Chrome/120.0.0.0 Electron/28.1.0 Safari/537.36", "Standard Notes Desktop on Mac"},
		{"", "Unknown Client on Unknown OS"},
	} {
		if got := DeviceInfo(tc.ua); got != tc.want {
			t.Errorf("DeviceInfo(%q) = %q, want %q", tc.ua, got, tc.want)
		}
	}
}

func TestGatewayExpireKnobs(t *testing.T) {
	c := startGateway(t)
	a := c.register("knob@example.com")
	refresh := func(access, refresh string) answer {
		return c.post("/v1/sessions/refresh", "", map[string]any{"access_token": access, "refresh_token": refresh})
	}
	c.srv.ExpireAccessTokens(a.email)
	if _, ans := c.sessionsOf(a.access); ans.status != 498 {
		t.Fatalf("after ExpireAccessTokens: %d", ans.status)
	}
	ref := refresh(a.access, a.refresh)
	access, next := str2(ref.data(), "session", "access_token"), str2(ref.data(), "session", "refresh_token")
	if _, ans := c.sessionsOf(access); ans.status != 200 {
		t.Fatalf("after the refresh: %d %s", ans.status, ref.raw)
	}
	if meta, _ := ref.json["meta"].(map[string]any); str2(meta, "auth", "userUuid") != "" {
		t.Errorf("a refresh carries no credentials, yet meta names a user: %s", ref.raw)
	}
	c.srv.ExpireRefreshTokens(a.email)
	if _, ans := c.sessionsOf(access); ans.status != 498 {
		t.Fatalf("after ExpireRefreshTokens: %d", ans.status)
	}
	expectError(t, refresh(access, next), 400, "expired-refresh-token", "")
}

func TestGatewayParamsKnob(t *testing.T) {
	c := startGateway(t)
	a := c.register("params@example.com")
	c.srv.mu.Lock()
	c.srv.Params = map[string]any{"version": "001", "pw_cost": 1}
	c.srv.mu.Unlock()
	for _, email := range []string{a.email, decoyEmails()[DecoyParams004]} {
		ans, _ := c.loginParams(email, nil)
		if ans.data()["version"] != "001" || ans.data()["pw_cost"] != 1.0 {
			t.Errorf("Params not merged for %s: %s", email, ans.raw)
		}
	}
}
