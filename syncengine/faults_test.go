package syncengine

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

const email = "faults@example.com"

func syncedPair(t *testing.T, s *sftest.Server) (*device, *device, string) {
	t.Helper()
	url := s.Start(t).URL
	a, b := pair(t, url, email)
	return a, b, url
}

func TestServerErrorsLoseNothing(t *testing.T) {
	for _, f := range []sftest.Fault{
		{Path: "/items/sync", Status: 500, Body: `{"error":{"message":"boom"}}`},
		{Path: "/items/sync", Status: 502, Body: "<html>bad gateway</html>"},
		{Path: "/items/sync", Status: 503},
		{Path: "/items/sync", Truncate: true},
	} {
		s := sftest.New()
		a, b, _ := syncedPair(t, s)
		a.note("one", "text one")
		s.Inject(f)
		_, err := a.trySync()
		if Classify(err) != KindTransient {
			t.Fatalf("fault %+v: got %v (kind %v), want transient", f, err, Classify(err))
		}
		a.note("two", "text two")
		a.sync() // the server is back
		if a.dirty() != 0 {
			t.Fatalf("fault %+v: %d left dirty", f, a.dirty())
		}
		b.sync()
		if got := b.texts(); !slices.Equal(got, []string{"text one", "text two"}) {
			t.Fatalf("fault %+v: B has %q (a truncated answer must not duplicate)", f, got)
		}
		converged(t, a, b)
	}
}

func TestTimeoutIsTransient(t *testing.T) {
	s := sftest.New()
	url := s.Start(t).URL
	d := newDevice(t, "A")
	d.acc.Options.HTTP = &http.Client{Timeout: 200 * time.Millisecond}
	d.register(url, email)
	d.note("n", "t")
	s.Inject(sftest.Fault{Path: "/items/sync", Delay: time.Second})
	if _, err := d.trySync(); Classify(err) != KindTransient {
		t.Fatalf("hang: %v", err)
	}
	d.sync()
	if d.dirty() != 0 || s.ItemCount(email) != 1 {
		t.Fatal("not uploaded after the hang")
	}
}

func TestNonJSONAnswer(t *testing.T) {
	s := sftest.New()
	a, _, _ := syncedPair(t, s)
	a.note("n", "t")
	s.Inject(sftest.Fault{Path: "/items/sync", Status: 200, Body: "<html>captive portal</html>"})
	_, err := a.trySync()
	mustErr(t, err, ErrBadResponse)
	if a.dirty() != 1 {
		t.Fatal("the note should still be waiting")
	}
	a.sync()
}

func TestUnauthorizedMidPagingKeepsToken(t *testing.T) {
	s := sftest.New()
	s.MaxLimit = 5
	a, b, _ := syncedPair(t, s)
	for i := 0; i < 30; i++ {
		a.note("n", strings.Repeat("x", i))
	}
	a.sync()
	before, _, _ := b.store.Account()
	s.Inject(sftest.Fault{Path: "/items/sync"}, sftest.Fault{Path: "/items/sync", Status: 401,
		Body: `{"error":{"message":"Revoked token.","tag":"invalid-auth"}}`})
	_, err := b.trySync()
	mustErr(t, err, ErrAuthRequired)
	after, _, _ := b.store.Account()
	if after.SyncToken != before.SyncToken {
		t.Fatal("sync token saved before the whole answer was applied")
	}
	b.sync()
	if c, _ := b.store.CountNotes(model.NoteQuery{}); c != 30 {
		t.Fatalf("B has %d notes after resuming", c)
	}
}

func TestRepeatedPageRefused(t *testing.T) {
	d := newDevice(t, "A")
	d.acc.Secrets.Save(Credentials{Keys: sfcrypto.Keys{MK: strings.Repeat("0", 64), AK: strings.Repeat("0", 64)}, Token: "t"})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"retrieved_items":[],"saved_items":[],"conflicts":[],"sync_token":"s","cursor_token":"same"}`))
	}))
	defer srv.Close()
	d.store.SaveAccount(model.Account{Server: srv.URL, Email: email})
	_, err := d.trySync()
	mustErr(t, err, ErrBadResponse)
}

func TestTamperedItemsKeptAndNeverUploaded(t *testing.T) {
	s := sftest.New()
	a, b, _ := syncedPair(t, s)
	n1 := a.note("flip", "readable text")
	n2 := a.note("moved", "other text")
	n3 := a.note("flipped ciphertext", "third text")
	a.sync()
	b.sync()
	// Flip a bit of one item's content HMAC, and give another a foreign uuid.
	s.Tamper(email, n1.UUID, func(c, k string) (string, string) {
		p := strings.Split(c, ":")
		p[1] = strings.Repeat("0", 64)
		return strings.Join(p, ":"), k
	})
	s.Tamper(email, n2.UUID, func(c, k string) (string, string) {
		return strings.Replace(c, n2.UUID, "00000000-0000-0000-0000-000000000000", 1), k
	})
	s.Tamper(email, n3.UUID, func(c, k string) (string, string) {
		p := strings.Split(c, ":")
		ct := []byte(p[4])
		ct[len(ct)/2] ^= 0x02 // still base64, different bytes
		p[4] = string(ct)
		return strings.Join(p, ":"), k
	})
	rawBefore, _, _ := s.RawItem(email, n1.UUID)
	b.sync()
	for _, u := range []string{n1.UUID, n2.UUID, n3.UUID} {
		it, err := b.store.Get(u)
		if err != nil || it.DecryptError == "" || it.Content == "" {
			t.Fatalf("tampered %s on B: %+v %v (want marked, local text kept)", u, it, err)
		}
	}
	if got, _ := b.store.GetNote(n1.UUID); got.Text != "readable text" {
		t.Fatalf("B lost its readable copy: %q", got.Text)
	}
	text := "edit"
	if err := b.store.EditNote(n1.UUID, model.NoteEdit{Text: &text}); !errors.Is(err, model.ErrReadOnly) {
		t.Fatalf("editing a tampered item: %v", err)
	}
	b.note("another", "x")
	b.sync()
	if raw, _, _ := s.RawItem(email, n1.UUID); raw != rawBefore {
		t.Fatal("B uploaded over the server's copy of a tampered item")
	}
	// A device that never saw it keeps it as it came.
	c := newDevice(t, "C")
	c.signIn(s.Start(t).URL, email, testPassword)
	c.sync()
	it, err := c.store.Get(n1.UUID)
	if err != nil || it.DecryptError == "" || it.Content != "" || it.EncContent == "" {
		t.Fatalf("C should keep the tampered item encrypted and marked: %+v %v", it, err)
	}
	if l, _ := c.store.ListNotes(model.NoteQuery{}); len(l) != 4 {
		t.Fatalf("C lists %d notes, want 4 (three marked)", len(l))
	}
	if n, _ := c.store.UndecryptableCount(); n != 3 {
		t.Fatalf("C marks %d items, want 3", n)
	}
}

func TestUUIDConflictGivesNewUUID(t *testing.T) {
	s := sftest.New()
	url := s.Start(t).URL
	a := newDevice(t, "A")
	a.register(url, "one@example.com")
	n := a.note("mine", "first account")
	a.sync()
	b := newDevice(t, "B")
	b.register(url, "two@example.com")
	tag, _ := b.store.CreateTag("t")
	content := `{"title":"imported","text":"second account","references":[]}`
	b.store.Update(func(tx *model.Tx) error { return tx.PutLocal(n.UUID, model.TypeNote, content, "") })
	b.store.AddTag(n.UUID, tag.UUID)
	b.sync()
	if _, err := b.store.Get(n.UUID); err == nil {
		t.Fatal("the taken uuid is still used locally")
	}
	l, _ := b.store.ListNotes(model.NoteQuery{View: model.ViewTag, Tag: tag.UUID})
	if len(l) != 1 || l[0].Title != "imported" || l[0].UUID == n.UUID {
		t.Fatalf("moved note %+v", l)
	}
	if b.dirty() != 0 || s.ItemCount("two@example.com") != 2 {
		t.Fatal("moved note not uploaded")
	}
}

func TestLegacyUnsavedShape(t *testing.T) {
	s := sftest.New()
	s.Legacy = true
	a, b, _ := syncedPair(t, s)
	n := a.note("n", "base")
	a.sync()
	b.sync()
	a.edit(n.UUID, "legacy A")
	b.edit(n.UUID, "legacy B")
	time.Sleep(1100 * time.Millisecond) // past the one-second conflict rule
	a.sync()
	b.sync()
	a.sync()
	for _, d := range []*device{a, b} {
		if got := d.texts(); !slices.Contains(got, "legacy A") || !slices.Contains(got, "legacy B") {
			t.Fatalf("%s has %q", d.name, got)
		}
	}
	converged(t, a, b)
}

func TestLockoutAndBadCredentials(t *testing.T) {
	s := sftest.New()
	url := s.Start(t).URL
	a := newDevice(t, "A")
	a.register(url, email)
	b := newDevice(t, "B")
	for i := 0; i < 6; i++ {
		err := b.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: email, Password: "wrong"})
		mustErr(t, err, ErrWrongCredentials) // said plainly, not "sign in again"
	}
	err := b.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: email, Password: testPassword})
	mustErr(t, err, ErrLocked)
	if Classify(err) != KindLocked {
		t.Fatal("423 not classified as locked")
	}
}

func TestParamsRefused(t *testing.T) {
	answers := map[string]struct {
		body string
		want error
	}{
		"low 003 cost":      {`{"version":"003","pw_cost":5000,"pw_nonce":"n","identifier":"e"}`, sfcrypto.ErrCostTooLow},
		"low 002 cost":      {`{"version":"002","pw_cost":100,"pw_salt":"s"}`, sfcrypto.ErrCostTooLow},
		"004 pseudo params": {`{"identifier":"e","nonce":[1,2,3],"version":"004"}`, ErrNoAccount},
		"not json":          {`<html>`, ErrBadResponse},
		"empty object":      {`{}`, ErrNoAccount},
	}
	for name, a := range answers {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(a.body)) }))
		d := newDevice(t, "A")
		err := d.acc.SignIn(context.Background(), SignInOptions{Server: srv.URL, Email: "e", Password: "pw"})
		srv.Close()
		if !errors.Is(err, a.want) {
			t.Errorf("%s: got %v, want %v", name, err, a.want)
		}
		if _, ok, _ := d.store.Account(); ok {
			t.Errorf("%s: an account was saved", name)
		}
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if err := newDevice(t, "A").acc.SignIn(context.Background(), SignInOptions{Server: srv.URL, Email: "e", Password: "pw"}); !errors.Is(err, ErrNoAccount) {
		t.Errorf("404 params: %v", err)
	}
}

func TestInsecureURLs(t *testing.T) {
	for url, ok := range map[string]bool{
		"http://example.com": false, "http://10.0.0.1:3000": false, "https://example.com": true,
		"http://127.0.0.1:3000": true, "http://localhost": true, "http://[::1]:80": true, "ftp://x": false, "": false,
	} {
		_, err := NewClient(url, ClientOptions{})
		if (err == nil) != ok {
			t.Errorf("%q: %v", url, err)
		}
	}
	if _, err := NewClient("http://example.com", ClientOptions{}); !errors.Is(err, ErrInsecure) {
		t.Errorf("want ErrInsecure, got %v", err)
	}
	if _, err := NewClient("http://example.com", ClientOptions{AllowInsecure: true}); err != nil {
		t.Errorf("explicitly allowed: %v", err)
	}
}

func TestEditDuringInflightSync(t *testing.T) {
	s := sftest.New()
	a, b, _ := syncedPair(t, s)
	n := a.note("n", "v1")
	s.Inject(sftest.Fault{Path: "/items/sync", Delay: 300 * time.Millisecond})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); a.sync() }()
	time.Sleep(100 * time.Millisecond) // the request is in flight
	a.edit(n.UUID, "v2 typed during the sync")
	wg.Wait()
	// The save of v1 came back after v2 was typed: v2 must survive it, and
	// the syncer's next round (it loops until nothing is dirty) uploads it.
	if got, _ := a.store.GetNote(n.UUID); got.Text != "v2 typed during the sync" {
		t.Fatalf("the edit was lost: %q", got.Text)
	}
	if n := s.RequestCount("/items/sync"); n != 2 || a.dirty() != 0 {
		t.Fatalf("v2 was not uploaded in a second round (%d requests, %d dirty)", n, a.dirty())
	}
	b.sync()
	if got := b.texts(); !slices.Equal(got, []string{"v2 typed during the sync"}) {
		t.Fatalf("B has %q", got)
	}
}

func TestOfflineNotesGoIntoAccount(t *testing.T) {
	s := sftest.New()
	url := s.Start(t).URL
	d := newDevice(t, "A")
	d.note("before", "written with no account", "offline")
	d.register(url, email)
	d.sync()
	if s.ItemCount(email) != 2 || d.dirty() != 0 {
		t.Fatalf("server has %d items", s.ItemCount(email))
	}
}

func TestWireItemAlwaysSendsEveryField(t *testing.T) {
	b, _ := json.Marshal(WireItem{UUID: "u", ContentType: "Note", Deleted: true})
	for _, f := range []string{`"content":""`, `"enc_item_key":""`, `"created_at":null`, `"updated_at":null`, `"deleted":true`} {
		if !strings.Contains(string(b), f) {
			t.Errorf("missing %s in %s", f, b)
		}
	}
}

// TestPasswordChangedWithoutRevocation: a server that keeps our token valid
// after a password change elsewhere (mdouchement within the same second)
// must still lead to "sign in again", not to a store full of undecryptable items.
func TestPasswordChangedWithoutRevocation(t *testing.T) {
	s := sftest.New()
	a, b, url := syncedPair(t, s)
	a.note("n", "before")
	a.sync()
	b.sync()
	if err := a.acc.ChangePassword(context.Background(), testPassword, "new password here"); err != nil {
		t.Fatal(err)
	}
	a.sync()
	// Give B a token that is still valid (as the real server may leave it),
	// while B keeps its old keys and params.
	c := newDevice(t, "C")
	c.signIn(url, email, "new password here")
	fresh, _ := c.acc.Secrets.Load()
	old, _ := b.acc.Secrets.Load()
	b.acc.Secrets.Save(Credentials{Keys: old.Keys, Token: fresh.Token})
	_, err := b.trySync()
	mustErr(t, err, ErrPasswordChanged)
	if Classify(err) != KindAuth {
		t.Fatal("not classified as sign in again")
	}
	if n, _ := b.store.UndecryptableCount(); n != 0 {
		t.Fatalf("%d undecryptable items stored", n)
	}
	b.signIn(url, email, "new password here")
	b.sync()
	if got := b.texts(); len(got) != 1 || got[0] != "before" {
		t.Fatalf("B after signing in again: %q", got)
	}
}

// TestLateResaveIsNoConflict: the server re-saves our last synced version
// with a newer time (a request that outlived its killed client); our next
// edit must go on without a conflicted copy.
func TestLateResaveIsNoConflict(t *testing.T) {
	s := sftest.New()
	a, b, _ := syncedPair(t, s)
	n := a.note("n", "v1")
	a.sync()
	s.Resave(email, n.UUID)
	time.Sleep(1100 * time.Millisecond) // past sftest's one-second rule, like the real server's 1 ms
	a.edit(n.UUID, "v2")
	a.sync()
	if c, _ := a.store.ConflictCount(); c != 0 {
		t.Fatalf("%d conflicted copies of our own version", c)
	}
	b.sync()
	if got := b.texts(); !slices.Equal(got, []string{"v2"}) {
		t.Fatalf("B has %q", got)
	}
}
