package syncengine

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

// scenarios004 are the two-device scenarios run on 004 accounts too: all of
// them (a 004 password change re-encrypts the items keys only).
var scenarios004 = map[string]bool{
	"a_register_write_signin_identical": true, "b_offline_edits_keep_both": true, "c_delete_travels": true,
	"d_tags_and_trash_travel": true, "e_password_change": true, "f_2000_notes_both_ways": true,
	"g_unknown_type_untouched": true, "h_password_change_answer_lost": true,
	"i_password_change_before_seeing_uploads": true,
}

// TestRealServer004 runs the scenarios on protocol 004 accounts (Argon2id,
// items keys, 2020 sessions) against the real server.
func TestRealServer004(t *testing.T) {
	url := sftest.StartReal(t)
	pairProtocol = "004"
	defer func() { pairProtocol = "003" }()
	ran := 0
	for i, sc := range scenarios {
		if !scenarios004[sc.name] {
			continue
		}
		t.Run(sc.name, func(t *testing.T) {
			sc.run(t, url, fmt.Sprintf("v4-%d@example.com", i))
			ran++
		})
	}
	fmt.Printf("real-server scenarios on 004 accounts: %d of %d passed against mdouchement/standardfile v0.13.4\n", ran, len(scenarios004))
	if ran != len(scenarios004) {
		t.Fatalf("%d of %d 004 scenarios passed", ran, len(scenarios004))
	}
}

// TestRealServer004Ciphertext: what a 004 account puts on the server is 004
// ciphertext, every item but the items keys names its items key, and the
// official client's rule holds: nothing readable leaves the device.
func TestRealServer004Ciphertext(t *testing.T) {
	url := sftest.StartReal(t)
	pairProtocol = "004"
	defer func() { pairProtocol = "003" }()
	a, b := pair(t, url, "v4-cipher@example.com")
	a.note("secret title", "secret text", "secret tag")
	a.sync()
	b.sync()
	converged(t, a, b)
	c, _, _, err := b.acc.Session()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Sync(context.Background(), SyncRequest{})
	if err != nil {
		t.Fatal(err)
	}
	keys := 0
	for _, w := range resp.Retrieved {
		if !strings.HasPrefix(w.Content, "004:") || !strings.HasPrefix(w.EncItemKey, "004:") || strings.Contains(w.Content, "secret") {
			t.Fatalf("item %s (%s) on the server: %.40q", w.UUID, w.ContentType, w.Content)
		}
		if w.ContentType == sfcrypto.ContentTypeItemsKey {
			keys++
		} else if w.ItemsKeyID == "" {
			t.Fatalf("item %s names no items key", w.UUID)
		}
	}
	if keys != 1 || len(resp.Retrieved) != 3 {
		t.Fatalf("%d items, %d items keys on the server", len(resp.Retrieved), keys)
	}
}

// TestNewAccountProtocol: new accounts are 004 on a server with the 2020
// API (the real one) and 003 on one without it (the in-memory one, which
// has no /v2 routes), and the account registered is of that protocol.
func TestNewAccountProtocol(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name, url, want string
	}{{"real", sftest.StartReal(t), "004"}, {"2019 API only", sftest.New().Start(t).URL, "003"}} {
		d := newDevice(t, c.name)
		v, err := d.acc.Register(ctx, RegisterOptions{Server: c.url, Email: "newest@example.com", Password: testPassword})
		if err != nil || v != c.want {
			t.Fatalf("%s: registered %q, %v; want %s", c.name, v, err, c.want)
		}
		acct, _, _ := d.store.Account()
		if got := ProtocolOf(acct); got != c.want {
			t.Fatalf("%s: the stored account is %q", c.name, got)
		}
		d.note("n", "t")
		d.sync()
		e := newDevice(t, c.name+"2")
		e.signIn(c.url, "newest@example.com", testPassword)
		e.sync()
		converged(t, d, e)
	}
}
