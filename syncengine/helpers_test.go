package syncengine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"sfnotes/model"
)

// memSecrets keeps credentials in memory.
type memSecrets struct {
	mu sync.Mutex
	c  *Credentials
}

func (m *memSecrets) Load() (Credentials, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.c == nil {
		return Credentials{}, ErrNoCredentials
	}
	return *m.c, nil
}
func (m *memSecrets) Save(c Credentials) error { m.mu.Lock(); m.c = &c; m.mu.Unlock(); return nil }
func (m *memSecrets) Clear() error             { m.mu.Lock(); m.c = nil; m.mu.Unlock(); return nil }
func (m *memSecrets) Where() string            { return "memory" }

// device is one client: its own store and secrets.
type device struct {
	t     testing.TB
	name  string
	store *model.Store
	acc   *Accounts
}

func newDevice(t testing.TB, name string) *device {
	t.Helper()
	st, err := model.Open(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &device{t: t, name: name, store: st, acc: &Accounts{Store: st, Secrets: &memSecrets{}}}
}

// testPassword is used everywhere; key derivation at the real cost makes
// each sign-in take a fraction of a second, which is the point.
const testPassword = "correct horse battery staple"

func (d *device) register(server, email string) {
	d.t.Helper()
	if _, err := d.acc.Register(context.Background(), RegisterOptions{Server: server, Email: email, Password: testPassword, Protocol: "003"}); err != nil {
		d.t.Fatalf("%s register: %v", d.name, err)
	}
}

func (d *device) signIn(server, email, password string) {
	d.t.Helper()
	if err := d.acc.SignIn(context.Background(), SignInOptions{Server: server, Email: email, Password: password}); err != nil {
		d.t.Fatalf("%s sign in: %v", d.name, err)
	}
}

func (d *device) trySync() (Result, error) {
	s, err := d.acc.NewSyncer(context.Background())
	if err != nil {
		return Result{}, err
	}
	return s.Sync(context.Background())
}

func (d *device) sync() Result {
	d.t.Helper()
	r, err := d.trySync()
	if err != nil {
		d.t.Fatalf("%s sync: %v", d.name, err)
	}
	return r
}

func (d *device) note(title, text string, tags ...string) model.Note {
	d.t.Helper()
	var uuids []string
	for _, name := range tags {
		tg, err := d.store.CreateTag(name)
		if err != nil {
			d.t.Fatal(err)
		}
		uuids = append(uuids, tg.UUID)
	}
	n, err := d.store.CreateNote(title, text, uuids...)
	if err != nil {
		d.t.Fatal(err)
	}
	return n
}

func (d *device) edit(uuid, text string) {
	d.t.Helper()
	if err := d.store.EditNote(uuid, model.NoteEdit{Text: &text}); err != nil {
		d.t.Fatal(err)
	}
}

// snapshot describes every live item by content (timestamps excluded), so
// two devices that converged have equal snapshots.
func (d *device) snapshot() string {
	d.t.Helper()
	items, err := d.store.AllItems()
	if err != nil {
		d.t.Fatal(err)
	}
	var rows []string
	for _, it := range items {
		if it.Deleted {
			continue
		}
		rows = append(rows, fmt.Sprintf("%s %s %s undecryptable=%v", it.UUID, it.ContentType, canonical(it.Content), it.DecryptError != ""))
	}
	sort.Strings(rows)
	return strings.Join(rows, "\n")
}

func canonical(s string) string {
	if s == "" {
		return ""
	}
	c := map[string]any{}
	_ = jsonUnmarshal(s, &c)
	delete(c, "appData") // client_updated_at differs in format only
	return fmt.Sprint(c)
}

// texts returns the texts of all live notes, sorted.
func (d *device) texts() []string {
	d.t.Helper()
	l, err := d.store.ListNotes(model.NoteQuery{})
	if err != nil {
		d.t.Fatal(err)
	}
	trash, _ := d.store.ListNotes(model.NoteQuery{View: model.ViewTrash})
	var out []string
	for _, s := range append(l, trash...) {
		n, err := d.store.GetNote(s.UUID)
		if err != nil {
			d.t.Fatal(err)
		}
		out = append(out, n.Text)
	}
	sort.Strings(out)
	return out
}

func (d *device) dirty() int {
	n, err := d.store.DirtyCount()
	if err != nil {
		d.t.Fatal(err)
	}
	return n
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func mustErr(t testing.TB, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got error %v, want %v", err, want)
	}
}
