package syncengine

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sfapi"
	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

// Hostile-server cases for 004 accounts: a man in the middle (sftest.Proxy)
// in front of the real server rewrites its answers, or a fake server lies.

// mitm is a proxy in front of the real server whose sync answers can be
// rewritten by the test.
type mitm struct {
	*sftest.Proxy
	url string
	mu  sync.Mutex
	fn  func(resp map[string]any) // rewrites one decoded sync answer
}

func startMITM(t *testing.T) *mitm {
	t.Helper()
	m := &mitm{Proxy: sftest.NewProxy(sftest.StartReal(t))}
	m.url = m.Proxy.Start(t)
	m.SetRewrite(func(method, path string, status int, body []byte) []byte {
		m.mu.Lock()
		fn := m.fn
		m.mu.Unlock()
		if fn == nil || status != http.StatusOK || !strings.HasSuffix(path, "/sync") && path != "/v1/items" {
			return body
		}
		var resp map[string]any
		if json.Unmarshal(body, &resp) != nil {
			return body
		}
		fn(resp)
		out, _ := json.Marshal(resp)
		return out
	})
	return m
}

func (m *mitm) rewrite(fn func(resp map[string]any)) { m.mu.Lock(); m.fn = fn; m.mu.Unlock() }

// wireMap is a wire item as the JSON a server sends.
func wireMap(w WireItem) map[string]any {
	b, _ := json.Marshal(w)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func register004(t *testing.T, d *device, server, email, password string) {
	t.Helper()
	if _, err := d.acc.Register(context.Background(), RegisterOptions{Server: server, Email: email, Password: password, Protocol: "004"}); err != nil {
		t.Fatalf("%s register 004: %v", d.name, err)
	}
}

// serverWire is every item on the server, as a fresh sync from the start
// returns them to d's session.
func serverWire(t *testing.T, d *device) []WireItem {
	t.Helper()
	c, _, _, err := d.acc.Session()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Sync(context.Background(), SyncRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Retrieved
}

// itemsKeyOf reads which items key a note on the server names.
func itemsKeyOf(t *testing.T, d *device, uuid string) string {
	t.Helper()
	for _, w := range serverWire(t, d) {
		if w.UUID == uuid {
			return w.ItemsKeyID
		}
	}
	t.Fatalf("%s is not on the server", uuid)
	return ""
}

// TestPlantedItemsKeyRefused: after a password change (the old password
// leaked), whoever knows the old password seals an items key of their own
// under the old root key, marked default and newer than every other, and the
// server hands it out. The device keeps it aside, never writes with it, and
// a fresh device with the new password reads every note written after.
func TestPlantedItemsKeyRefused(t *testing.T) {
	m := startMITM(t)
	a := newDevice(t, "A")
	const email, newPassword = "planted@example.com", "a brand new passphrase"
	register004(t, a, m.url, email, testPassword)
	a.note("before", "written before the change")
	a.sync()
	acct, _, _ := a.store.Account()
	oldParams, err := storedParams004(acct)
	if err != nil {
		t.Fatal(err)
	}
	oldRoot, err := sfcrypto.DeriveRootKey004(testPassword, oldParams)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.acc.ChangePassword(context.Background(), testPassword, newPassword); err != nil {
		t.Fatalf("passwd: %v", err)
	}
	a.sync()

	// The attacker's key: sealed under the old root key, default, newest,
	// and first by uuid (the rule before was the first default by uuid).
	evil, _ := sfcrypto.NewItemsKey004("00000000-0000-4000-8000-00000000beef", true)
	sealed, err := sfcrypto.EncryptItemsKey004(evil, oldRoot)
	if err != nil {
		t.Fatal(err)
	}
	planted := WireItem{UUID: evil.UUID, ContentType: sfcrypto.ContentTypeItemsKey, Content: sealed.Content,
		EncItemKey: sealed.EncItemKey, CreatedAt: "2099-01-01T00:00:00.000000Z", UpdatedAt: "2099-01-01T00:00:00.000000Z"}
	var served atomic.Int32
	m.rewrite(func(resp map[string]any) {
		items, _ := resp["retrieved_items"].([]any)
		resp["retrieved_items"] = append([]any{wireMap(planted)}, items...)
		served.Add(1)
	})
	a.sync()
	if served.Load() == 0 {
		t.Fatal("the planted key was never served")
	}
	it, err := a.store.Get(evil.UUID)
	if err != nil || it.DecryptError != ReasonForeignItemsKey || it.Content != "" {
		t.Fatalf("the planted key is stored as %+v (%v); want it kept aside, unread", it, err)
	}
	n := a.note("after", "written after the planted key arrived")
	a.sync()
	m.rewrite(nil)
	if got := itemsKeyOf(t, a, n.UUID); got == evil.UUID || got == "" {
		t.Fatalf("the new note is encrypted with %q (the planted key is %q)", got, evil.UUID)
	}
	fresh := newDevice(t, "fresh")
	fresh.signIn(m.url, email, newPassword)
	fresh.sync()
	if got := strings.Join(fresh.texts(), "|"); !strings.Contains(got, "written after the planted key arrived") ||
		!strings.Contains(got, "written before the change") {
		t.Fatalf("a fresh device with the new password reads %q", got)
	}
}

// TestDefaultItemsKeyRule: the default-key rule, branch by branch, on a
// keyring alone: only keys sealed under the current root key (or made here,
// dirty) are written with; of those the default ones, newest first; a key
// that an older root key opens is read with if this device knew it, refused
// if not.
func TestDefaultItemsKeyRule(t *testing.T) {
	st, err := model.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	oldP, _ := sfcrypto.NewKeyParams004("rule@example.com", sfcrypto.OriginationRegistration)
	newP, _ := sfcrypto.NewKeyParams004("rule@example.com", sfcrypto.OriginationPasswordChange)
	oldRoot, _ := sfcrypto.DeriveRootKey004("old", oldP)
	newRoot, _ := sfcrypto.DeriveRootKey004("new", newP)
	kr, _ := loadKeyring(st, newRoot)
	kr.older = []sfcrypto.RootKey004{oldRoot}
	wire := func(k sfcrypto.ItemsKey004, root sfcrypto.RootKey004, created string) WireItem {
		p, err := sfcrypto.EncryptItemsKey004(k, root)
		if err != nil {
			t.Fatal(err)
		}
		return WireItem{UUID: k.UUID, ContentType: sfcrypto.ContentTypeItemsKey, Content: p.Content, EncItemKey: p.EncItemKey,
			CreatedAt: created, UpdatedAt: created}
	}
	known, _ := sfcrypto.NewItemsKey004("k-known", true)
	kr.remember(known.UUID, known.ContentJSON(), keyMeta{sealedBy: oldP.PwNonce, created: "2020-01-01T00:00:00Z"})
	older, _ := sfcrypto.NewItemsKey004("k-older-default", true)
	newer, _ := sfcrypto.NewItemsKey004("k-newer-default", true)
	plain, _ := sfcrypto.NewItemsKey004("k-newest-not-default", false)
	foreign, _ := sfcrypto.NewItemsKey004("k-foreign", true)

	if _, ok := kr.defaultKey(); ok {
		t.Fatal("a key sealed under the old root key is written with")
	}
	rs := decryptAll([]WireItem{
		wire(known, oldRoot, "2020-01-01T00:00:00Z"),   // known, old root: read only
		wire(foreign, oldRoot, "2030-01-01T00:00:00Z"), // unknown, old root: refused
		wire(older, newRoot, "2021-01-01T00:00:00Z"),
		wire(newer, newRoot, "2022-01-01T00:00:00Z"),
		wire(plain, newRoot, "2023-01-01T00:00:00Z"),
	}, kr)
	want := []string{"", ReasonForeignItemsKey, "", "", ""}
	for i, r := range rs {
		if r.DecryptError != want[i] {
			t.Fatalf("%s: %q, want %q", r.UUID, r.DecryptError, want[i])
		}
	}
	if _, ok := kr.lookup(foreign.UUID); ok {
		t.Fatal("the refused key can be read with")
	}
	if _, ok := kr.lookup(known.UUID); !ok {
		t.Fatal("the known key can no longer be read with")
	}
	if d, _ := kr.defaultKey(); d.UUID != newer.UUID {
		t.Fatalf("default %q, want the newest default key sealed under the current root, %q", d.UUID, newer.UUID)
	}
	// A key made here (dirty) is written with once it is the newest.
	mine, _ := sfcrypto.NewItemsKey004("k-mine", true)
	kr.remember(mine.UUID, mine.ContentJSON(), keyMeta{dirty: true, created: "2024-01-01T00:00:00Z"})
	if d, _ := kr.defaultKey(); d.UUID != mine.UUID {
		t.Fatalf("default %q, want the new local key", d.UUID)
	}
	// The same uuid with other key bytes, under the old root: refused.
	swapped, _ := sfcrypto.NewItemsKey004(known.UUID, true)
	if r := decryptAll([]WireItem{wire(swapped, oldRoot, "2020-01-01T00:00:00Z")}, kr)[0]; r.DecryptError != ReasonForeignItemsKey {
		t.Fatalf("a known uuid with other key bytes: %q", r.DecryptError)
	}
}

// TestHiddenItemsKeyFoundAgain: a new device is told during its first sync
// that the account's items key was deleted. It makes no second key and
// uploads nothing under one; once the server answers honestly, the key is
// fetched again and every note is read.
func TestHiddenItemsKeyFoundAgain(t *testing.T) {
	defer func(d time.Duration) { KeyScanInterval = d }(KeyScanInterval)
	KeyScanInterval = 0
	m := startMITM(t)
	a := newDevice(t, "A")
	const email = "hidden@example.com"
	register004(t, a, m.url, email, testPassword)
	for _, s := range []string{"one", "two", "three", "four"} {
		a.note(s, "text "+s)
	}
	a.sync()
	m.rewrite(func(resp map[string]any) {
		items, _ := resp["retrieved_items"].([]any)
		for _, x := range items {
			if w, ok := x.(map[string]any); ok && w["content_type"] == sfcrypto.ContentTypeItemsKey {
				w["deleted"], w["content"], w["enc_item_key"] = true, nil, nil
			}
		}
	})
	b := newDevice(t, "B")
	b.signIn(m.url, email, testPassword)
	_, err := b.trySync()
	mustErr(t, err, ErrItemsKeyHidden)
	b.note("mine", "written while the key was hidden")
	_, err = b.trySync()
	mustErr(t, err, ErrItemsKeyHidden)
	if keys, _ := b.store.ItemsOfType(sfcrypto.ContentTypeItemsKey); len(keys) != 0 {
		t.Fatalf("B made %d items keys of its own while the account's was hidden", len(keys))
	}
	m.rewrite(nil)
	b.sync()
	got := strings.Join(b.texts(), "|")
	for _, s := range []string{"text one", "text two", "text three", "text four", "written while the key was hidden"} {
		if !strings.Contains(got, s) {
			t.Fatalf("B reads %q after the server is honest; %q missing", got, s)
		}
	}
	if u, _ := b.store.UndecryptableCount(); u != 0 || b.dirty() != 0 {
		t.Fatalf("B: %d undecryptable, %d dirty", u, b.dirty())
	}
	if keys := serverKeys(t, a); keys != 1 {
		t.Fatalf("%d items keys on the server, want the account's one", keys)
	}
	a.sync()
	converged(t, a, b)
}

func serverKeys(t *testing.T, d *device) int {
	t.Helper()
	n := 0
	for _, w := range serverWire(t, d) {
		if w.ContentType == sfcrypto.ContentTypeItemsKey && !w.Deleted {
			n++
		}
	}
	return n
}

// TestRefreshAnswered498Once: a server that answers 498 to everything, the
// refresh included, gets one refresh for the failed request, and the caller
// is told to sign in again (before: a refresh from inside the refresh,
// without end: 2,700 requests in two minutes).
func TestRefreshAnswered498Once(t *testing.T) {
	for _, refreshStatus := range []int{sfapi.StatusExpiredAccess, http.StatusUnauthorized} {
		var syncs, refreshes atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/sessions/refresh" {
				refreshes.Add(1)
				w.WriteHeader(refreshStatus)
			} else {
				syncs.Add(1)
				w.WriteHeader(sfapi.StatusExpiredAccess)
			}
			w.Write([]byte(`{"error":{"tag":"expired-access-token","message":"expired"}}`))
		}))
		c, err := NewClient(srv.URL, ClientOptions{})
		if err != nil {
			t.Fatal(err)
		}
		c.SetSession("a", "r")
		done := make(chan error, 1)
		ctx, cancel := context.WithCancel(context.Background())
		go func() { _, err := c.Sync(ctx, SyncRequest{}); done <- err }()
		select {
		case err = <-done:
		case <-time.After(2 * time.Minute): // a hang bound, not a speed check
			cancel()
			<-done
			t.Fatalf("refresh answered %d: the request had not returned after 2 minutes (%d refreshes)", refreshStatus, refreshes.Load())
		}
		cancel()
		srv.Close()
		mustErr(t, err, ErrAuthRequired)
		if syncs.Load() != 1 || refreshes.Load() != 1 {
			t.Fatalf("refresh answered %d: %d sync requests and %d refreshes, want 1 and 1", refreshStatus, syncs.Load(), refreshes.Load())
		}
	}
}

// TestExpiredAgainAfterRefresh: the refresh succeeds but the retried request
// is 498 again: sign in again, with no second refresh.
func TestExpiredAgainAfterRefresh(t *testing.T) {
	var refreshes atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/sessions/refresh" {
			refreshes.Add(1)
			w.Write([]byte(`{"session":{"access_token":"b","refresh_token":"r2"}}`))
			return
		}
		w.WriteHeader(sfapi.StatusExpiredAccess)
		w.Write([]byte(`{"error":{"tag":"expired-access-token","message":"expired"}}`))
	}))
	defer srv.Close()
	c, _ := NewClient(srv.URL, ClientOptions{})
	c.SetSession("a", "r")
	_, err := c.Sync(context.Background(), SyncRequest{})
	mustErr(t, err, ErrAuthRequired)
	if refreshes.Load() != 1 {
		t.Fatalf("%d refreshes for one request", refreshes.Load())
	}
}

// TestSessionRevokedMidSync: the session is revoked by another device
// between two upload requests of one sync. The sync stops with "sign in
// again", the notes not yet uploaded stay local changes, and after signing
// in again everything goes up once: a new device reads all of them.
func TestSessionRevokedMidSync(t *testing.T) {
	m := startMITM(t)
	a, other := newDevice(t, "A"), newDevice(t, "other")
	const email, total = "revoked@example.com", 2*UploadBatch + 20
	register004(t, a, m.url, email, testPassword)
	a.sync()
	other.signIn(m.url, email, testPassword)
	for i := 0; i < total; i++ {
		a.note("n", "note "+strconv.Itoa(i))
	}
	var requests atomic.Int32
	m.rewrite(func(resp map[string]any) {
		if requests.Add(1) == 1 {
			if err := other.acc.RevokeOtherSessions(context.Background()); err != nil {
				t.Errorf("revoking: %v", err)
			}
		}
	})
	_, err := a.trySync()
	mustErr(t, err, ErrAuthRequired)
	m.rewrite(nil)
	left := a.dirty()
	if left == 0 || left >= total {
		t.Fatalf("%d of %d notes left to upload after the revocation", left, total)
	}
	a.signIn(m.url, email, testPassword)
	a.sync()
	if a.dirty() != 0 {
		t.Fatalf("%d notes still dirty", a.dirty())
	}
	fresh := newDevice(t, "fresh")
	fresh.signIn(m.url, email, testPassword)
	fresh.sync()
	if got := len(fresh.texts()); got != total {
		t.Fatalf("a new device reads %d notes, want %d", got, total)
	}
}

// TestAnswersNamingAnotherUserRefused: sign-in answers whose user object
// names another email or another user uuid, and a sync answer whose
// meta.auth.userUuid is another user's, are refused and nothing of them is
// stored.
func TestAnswersNamingAnotherUserRefused(t *testing.T) {
	m := startMITM(t)
	const email = "me@example.com"
	a := newDevice(t, "A")
	register004(t, a, m.url, email, testPassword)
	a.note("mine", "my text")
	a.sync()
	acct, _, _ := a.store.Account()
	setUser := func(field, value string) {
		m.SetRewrite(func(method, path string, status int, body []byte) []byte {
			if path != "/v2/login" || status != http.StatusOK {
				return body
			}
			var r map[string]any
			if json.Unmarshal(body, &r) != nil {
				return body
			}
			if u, ok := r["user"].(map[string]any); ok {
				u[field] = value
			}
			out, _ := json.Marshal(r)
			return out
		})
	}
	// A new device signing in gets an answer for another email.
	setUser("email", "someone-else@example.com")
	b := newDevice(t, "B")
	mustErr(t, b.acc.SignIn(context.Background(), SignInOptions{Server: m.url, Email: email, Password: testPassword}), ErrWrongUser)
	if _, ok, _ := b.store.Account(); ok {
		t.Fatal("an account was stored from an answer for another user")
	}
	// Signing in again: the answer names another user uuid.
	setUser("uuid", "00000000-0000-4000-8000-000000000000")
	mustErr(t, a.acc.SignIn(context.Background(), SignInOptions{Server: m.url, Email: email, Password: testPassword}), ErrWrongUser)
	if now, _, _ := a.store.Account(); now != acct {
		t.Fatalf("the account changed: %+v, was %+v", now, acct)
	}
	m.SetRewrite(nil)
	// A sync answer for another user: nothing of it is applied.
	c := newDevice(t, "C")
	c.signIn(m.url, email, testPassword)
	m.SetRewrite(func(method, path string, status int, body []byte) []byte {
		if !strings.HasSuffix(path, "/sync") || status != http.StatusOK {
			return body
		}
		var r map[string]any
		_ = json.Unmarshal(body, &r)
		r["meta"] = map[string]any{"auth": map[string]any{"userUuid": "00000000-0000-4000-8000-000000000000"}}
		out, _ := json.Marshal(r)
		return out
	})
	_, err := c.trySync()
	mustErr(t, err, ErrWrongUser)
	if n := len(c.texts()); n != 0 {
		t.Fatalf("%d notes stored from a sync answer for another user", n)
	}
	if cur, _, _ := c.store.Account(); cur.SyncToken != "" {
		t.Fatal("the sync token advanced")
	}
}
