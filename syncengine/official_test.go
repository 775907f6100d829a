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

	"sfnotes/syncengine/sfapi"
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
	// items are what the server holds, whole; an update replaces the item,
	// so fields it leaves out are dropped, as on the real gateway.
	items map[string]map[string]any
	stamp float64
	// uploads are the items clients sent, in order.
	uploads []map[string]any
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
		var saved, retrieved []any
		in, _ := body["items"].([]any)
		for _, x := range in {
			it := x.(map[string]any)
			sent := map[string]any{}
			for k, v := range it {
				sent[k] = v
			}
			g.uploads = append(g.uploads, sent)
			g.stamp++
			it["updated_at_timestamp"] = g.stamp
			g.items[it["uuid"].(string)] = it
			saved = append(saved, it)
		}
		if body["sync_token"] == nil {
			for _, it := range g.items {
				retrieved = append(retrieved, it)
			}
		}
		g.wrap(w, 200, map[string]any{"retrieved_items": retrieved, "saved_items": saved, "sync_token": "t1"})
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
	g := &fakeGateway{params: p, hits: map[string]int{}, items: map[string]map[string]any{}, stamp: 1000}
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
	err := d.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: "mfa@example.com",
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
		return d.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: "mfa@example.com", Password: testPassword, MFA: m})
	}
	mustErr(t, signIn(MFA{}), ErrMFARequired)
	mustErr(t, signIn(MFA{Code: "000000"}), ErrMFAInvalid)
	asked := 0
	before := g.hits["POST /v2/login-params"]
	mustErr(t, signIn(MFA{Ask: func(context.Context, string, int) (string, error) { asked++; return "999999", nil }}), ErrMFAFailed)
	if asked != sfapi.MaxMFATries || g.hits["POST /v2/login-params"]-before != 1+sfapi.MaxMFATries {
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

// TestUnknownItemFieldsTravelBack: the official server's item fields that
// sfnotes does not use (a shared vault link, a key system, the server's
// timestamps) go back with every update, at the latest values the server
// gave: that server drops what an update leaves out.
func TestUnknownItemFieldsTravelBack(t *testing.T) {
	g, url := startFakeGateway(t, "vault@example.com")
	root, err := sfcrypto.DeriveRootKey004(testPassword, g.params)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := sfcrypto.NewItemsKey004("key-1", true)
	kp, _ := sfcrypto.EncryptItemsKey004(k, root)
	np, _ := sfcrypto.EncryptItem004("note-1", []byte(`{"title":"In a vault","text":"v1","references":[]}`), k)
	at := "2026-01-01T00:00:00.000000Z"
	g.items["key-1"] = map[string]any{"uuid": "key-1", "content_type": sfcrypto.ContentTypeItemsKey, "content": kp.Content,
		"enc_item_key": kp.EncItemKey, "deleted": false, "created_at": at, "updated_at": at}
	g.items["note-1"] = map[string]any{"uuid": "note-1", "content_type": "Note", "content": np.Content, "enc_item_key": np.EncItemKey,
		"items_key_id": "key-1", "deleted": false, "created_at": at, "updated_at": at,
		"shared_vault_uuid": "vault-9", "key_system_identifier": "ks-3", "updated_at_timestamp": 1000.0, "last_edited_by_uuid": nil}
	d := newDevice(t, "D")
	if err := d.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: "vault@example.com", Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	d.sync()
	if got := strings.Join(d.texts(), "|"); got != "v1" {
		t.Fatalf("texts %q", got)
	}
	for round := 0; round < 2; round++ {
		g.mu.Lock()
		want := g.items["note-1"]["updated_at_timestamp"]
		g.mu.Unlock()
		d.edit("note-1", "edit")
		d.edit("note-1", "edit "+strings.Repeat("!", round+1))
		d.sync()
		var sent map[string]any
		for _, u := range g.uploads {
			if u["uuid"] == "note-1" {
				sent = u
			}
		}
		if sent == nil || sent["shared_vault_uuid"] != "vault-9" || sent["key_system_identifier"] != "ks-3" {
			t.Fatalf("round %d: the update left out the item's other fields: %v", round, sent)
		}
		if _, ok := sent["last_edited_by_uuid"]; !ok {
			t.Fatalf("round %d: a null field was left out", round)
		}
		if sent["updated_at_timestamp"] != want {
			t.Fatalf("round %d: updated_at_timestamp %v, want the server's latest", round, sent["updated_at_timestamp"])
		}
	}
}
