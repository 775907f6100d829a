package syncengine

import (
	"context"
	"errors"
	"testing"

	"sfnotes/syncengine/sftest"
)

// CheckPassword accepts the account's password and refuses any other, and
// says when nobody is signed in. (A 003 account: sftest speaks no 004; the
// 004 branch compares the root key's server password as changePassword004
// does.)
func TestCheckPassword(t *testing.T) {
	url := sftest.New().Start(t).URL
	ctx := context.Background()
	d3 := newDevice(t, "three")
	d3.register(url, "three@example.com")
	for _, d := range []*device{d3} {
		if err := d.acc.CheckPassword(ctx, testPassword); err != nil {
			t.Errorf("%s: the right password: %v", d.name, err)
		}
		if err := d.acc.CheckPassword(ctx, testPassword+"x"); !errors.Is(err, ErrWrongPassword) {
			t.Errorf("%s: a wrong password: %v", d.name, err)
		}
	}
	if err := newDevice(t, "none").acc.CheckPassword(ctx, testPassword); !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("no account: %v", err)
	}
}
