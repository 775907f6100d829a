package syncengine

import (
	"context"
	"errors"
	"testing"

	"sfnotes/syncengine/sftest"
)

// CheckPassword accepts the account's password and refuses any other, on a
// 003 account (sftest) and a 004 one (sftest's official gateway), and says
// when nobody is signed in.
func TestCheckPassword(t *testing.T) {
	url := sftest.New().Start(t).URL
	ctx := context.Background()
	d3 := newDevice(t, "three")
	d3.register(url, "three@example.com")
	d4 := newDevice(t, "four")
	register004(t, d4, sftest.NewGateway().Start(t).URL, "four@example.com", testPassword)
	for _, d := range []*device{d3, d4} {
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
