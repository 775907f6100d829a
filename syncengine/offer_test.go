package syncengine

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"sfnotes/model"
)

// TestCheckOffer is the sign-in rule table, row by row and both ways.
func TestCheckOffer(t *testing.T) {
	f004 := model.KeyFloor{Version: "004"}
	f003 := model.KeyFloor{Version: "003", Cost: 110000}
	f003hi := model.KeyFloor{Version: "003", Cost: 300000}
	cases := []struct {
		name    string
		floor   model.KeyFloor
		known   bool
		version string
		cost    int64
		legacy  bool
		want    error
	}{
		{"known 004, offered 004", f004, true, "004", 0, false, nil},
		{"known 004, offered 003", f004, true, "003", 110000, false, ErrWeakerKeys},
		{"known 004, offered 001", f004, true, "001", 3000, true, ErrWeakerKeys},
		{"known 003, offered 004 (upgraded elsewhere)", f003, true, "004", 0, false, nil},
		{"known 003, offered the same", f003, true, "003", 110000, false, nil},
		{"known 003, offered more rounds", f003, true, "003", 300000, false, nil},
		{"known 003 at 300,000, offered 110,000", f003hi, true, "003", 110000, false, ErrWeakerKeys},
		{"known 003, offered 002", f003, true, "002", 110000, false, ErrWeakerKeys},
		{"unknown, offered 004", model.KeyFloor{}, false, "004", 0, false, nil},
		{"unknown, offered 003", model.KeyFloor{}, false, "003", 110000, false, nil},
		{"unknown, offered 002", model.KeyFloor{}, false, "002", 3000, false, ErrLegacyProtocol},
		{"unknown, offered 001", model.KeyFloor{}, false, "001", 3000, false, ErrLegacyProtocol},
		{"unknown, offered 001, allowed", model.KeyFloor{}, false, "001", 3000, true, nil},
	}
	for _, c := range cases {
		err := checkOffer(c.floor, c.known, c.version, c.cost, c.legacy)
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// fakeParamsServer answers auth/params with params and counts what else it
// is asked (a sign-in request must never come after a refused offer).
func fakeParamsServer(t *testing.T, params map[string]any) (string, *atomic.Int32) {
	t.Helper()
	var others atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/auth/params" {
			json.NewEncoder(w).Encode(params)
			return
		}
		others.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":{"message":"Invalid email or password."}}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &others
}

// TestDowngradeRefused: an account this device has signed in to as 004 is
// offered as 001 (cost 3000) and as 003 by a server: nothing is derived or
// sent, and the person is told the server may be hostile. Also after
// sign-out, which keeps the floor (under a keyed hash). A device that has
// never seen the account refuses 001 unless allowed.
func TestDowngradeRefused(t *testing.T) {
	params001 := map[string]any{"version": "001", "pw_cost": 3000, "pw_salt": "salt", "pw_func": "pbkdf2",
		"pw_alg": "sha512", "pw_key_size": 512}
	params003 := map[string]any{"version": "003", "pw_cost": 110000, "pw_nonce": "aabbcc", "identifier": "down@example.com"}
	for _, offered := range []map[string]any{params001, params003} {
		url, others := fakeParamsServer(t, offered)
		d := newDevice(t, "D")
		// The device knew this account as 004 (it signed in before); it then
		// signed out.
		err := d.store.Update(func(tx *model.Tx) error {
			return tx.SaveAccount(model.Account{Server: url, Email: "down@example.com",
				AuthParams: `{"identifier":"down@example.com","pw_nonce":"00","version":"004"}`})
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.acc.SignOut(); err != nil {
			t.Fatal(err)
		}
		err = d.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: " Down@Example.com ", Password: testPassword})
		mustErr(t, err, ErrWeakerKeys)
		if others.Load() != 0 {
			t.Fatalf("offered %v: %d requests after the params", offered["version"], others.Load())
		}
	}
	url, others := fakeParamsServer(t, params001)
	fresh := newDevice(t, "fresh")
	mustErr(t, fresh.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: "down@example.com", Password: testPassword}), ErrLegacyProtocol)
	if others.Load() != 0 {
		t.Fatalf("%d requests after refusing 001 params", others.Load())
	}
	mustErr(t, fresh.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: "down@example.com", Password: testPassword,
		AllowLegacyProtocol: true}), ErrWrongCredentials)
	if others.Load() != 1 {
		t.Fatalf("allowed: %d sign-in requests, want 1", others.Load())
	}
}

// TestDecoyParamsAreNoAccount: the official server's decoy for an unknown
// email, 003 params without a pw_cost, reads as "no such account", not as a
// cost below the minimum.
func TestDecoyParamsAreNoAccount(t *testing.T) {
	for _, p := range []map[string]any{
		{"version": "003", "pw_nonce": "aabb", "identifier": "x@example.com"},
		{"version": "003", "pw_nonce": "aabb", "identifier": "x@example.com", "pw_cost": nil},
	} {
		url, others := fakeParamsServer(t, p)
		d := newDevice(t, "D")
		mustErr(t, d.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: "x@example.com", Password: testPassword}), ErrNoAccount)
		if others.Load() != 0 {
			t.Fatal("a sign-in was sent after decoy params")
		}
	}
}

// TestFloorRecordedAndKeptAtSignOut: a real sign-in records the floor;
// sign-out keeps it; the database then holds no email or server in the
// clear; a later weaker offer from the same server is refused.
func TestFloorRecordedAndKeptAtSignOut(t *testing.T) {
	m := startMITM(t)
	a := newDevice(t, "A")
	register004(t, a, m.url, "floor@example.com", testPassword)
	if err := a.acc.SignOut(); err != nil {
		t.Fatal(err)
	}
	f, ok, err := a.store.KeyFloor(m.url, "FLOOR@example.com")
	if err != nil || !ok || f.Version != "004" {
		t.Fatalf("floor after sign-out: %+v %v %v", f, ok, err)
	}
	if _, ok, _ := a.store.KeyFloor(m.url, "other@example.com"); ok {
		t.Fatal("another email has a floor")
	}
	m.SetRewrite(func(method, path string, status int, body []byte) []byte {
		if path == "/auth/params" {
			return []byte(`{"version":"003","pw_cost":110000,"pw_nonce":"aa","identifier":"floor@example.com"}`)
		}
		return body
	})
	mustErr(t, a.acc.SignIn(context.Background(), SignInOptions{Server: m.url, Email: "floor@example.com", Password: testPassword}), ErrWeakerKeys)
}
