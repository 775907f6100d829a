package syncengine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

// The official server's dialect, against sftest's gateway mode (the
// official server itself is not on the package registries, so CI cannot run
// it): the same two-device scenarios as on mdouchement, on 004 accounts.

// TestScenariosOnGateway runs the 004 scenarios against the gateway mode,
// unpaged and paged at 150 items a request (the official server's page).
func TestScenariosOnGateway(t *testing.T) {
	pairProtocol = "004"
	defer func() { pairProtocol = "003" }()
	for _, limit := range []int{0, 150} {
		g := sftest.NewGateway()
		g.MaxLimit = limit
		url := g.Start(t).URL
		ran := 0
		for i, sc := range scenarios {
			if !scenarios004[sc.name] {
				continue
			}
			t.Run(fmt.Sprintf("%s_limit%d", sc.name, limit), func(t *testing.T) {
				sc.run(t, url, fmt.Sprintf("gw%d-%d@example.com", i, limit))
				ran++
			})
		}
		if ran != len(scenarios004) {
			t.Fatalf("limit %d: %d of %d scenarios passed on the gateway", limit, ran, len(scenarios004))
		}
		if g.RequestCount("/items/sync") != 0 || g.RequestCount("/auth/params") == 0 {
			t.Fatalf("requests: %d to /items/sync (want none), %d to /auth/params", g.RequestCount("/items/sync"), g.RequestCount("/auth/params"))
		}
	}
}

// TestGatewayAccountLife: on the gateway, register (004), a second device
// signs in and reads everything, device names in the sessions list, a
// revoked device is asked to sign in again, a password change makes the
// other device sign in again, and a wrong password and an unknown email both
// read as a refused sign-in, never a cost or a protocol.
func TestGatewayAccountLife(t *testing.T) {
	g := sftest.NewGateway()
	url := g.Start(t).URL
	const email = "life@example.com"
	a, b := newDevice(t, "A"), newDevice(t, "B")
	register004(t, a, url, email, testPassword)
	if acct, _, _ := a.store.Account(); acct.Dialect != DialectOfficial {
		t.Fatalf("the dialect after registering: %q", acct.Dialect)
	}
	a.note("one", "first", "Work")
	a.sync()
	b.signIn(url, email, testPassword)
	b.sync()
	converged(t, a, b)
	list, err := a.acc.Sessions(context.Background())
	if err != nil || len(list) != 2 {
		t.Fatalf("sessions: %+v %v", list, err)
	}
	var other string
	for _, s := range list {
		if s.Device == "" {
			t.Fatalf("a session without a device name: %+v", s)
		}
		if !s.Current {
			other = s.UUID
		}
	}
	if err := a.acc.RevokeSession(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	_, err = b.trySync()
	mustErr(t, err, ErrAuthRequired)
	b.signIn(url, email, testPassword)
	if err := a.acc.ChangePassword(context.Background(), testPassword, "the new passphrase"); err != nil {
		t.Fatalf("passwd: %v", err)
	}
	a.note("two", "after the change")
	a.sync()
	_, err = b.trySync()
	mustErr(t, err, ErrAuthRequired)
	b.signIn(url, email, "the new passphrase")
	b.sync()
	converged(t, a, b)
	c := newDevice(t, "C")
	mustErr(t, c.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: email, Password: "wrong password"}), ErrWrongCredentials)
	for i := 0; i < 8; i++ { // an unknown email gets one of the decoys
		unknown := fmt.Sprintf("nobody%d@example.com", i)
		err := c.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: unknown, Password: testPassword})
		if err == nil || errorsIsAny(err, sfcrypto.ErrCostTooLow, ErrLegacyProtocol, ErrWeakerKeys) {
			t.Fatalf("%s (%s decoy): %v", unknown, sftest.Decoy(unknown), err)
		}
		if !errorsIsAny(err, ErrNoAccount, ErrWrongCredentials, ErrMFARequired, ErrU2FUnsupported) {
			t.Fatalf("%s (%s decoy): %v", unknown, sftest.Decoy(unknown), err)
		}
	}
}

// TestGatewayTwoFactor: a 2FA account signs in with its code (given, or
// asked for); a wrong code is refused; the code is accepted once.
func TestGatewayTwoFactor(t *testing.T) {
	g := sftest.NewGateway()
	url := g.Start(t).URL
	const email = "totp@example.com"
	a := newDevice(t, "A")
	register004(t, a, url, email, testPassword)
	a.note("secret", "behind two factors")
	a.sync()
	secret := g.EnableMFA(email)
	b := newDevice(t, "B")
	signIn := func(m MFA) error {
		return b.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: email, Password: testPassword, MFA: m})
	}
	mustErr(t, signIn(MFA{}), ErrMFARequired)
	mustErr(t, signIn(MFA{Code: "000000"}), ErrMFAInvalid)
	code := sftest.TOTP(secret, time.Now())
	if err := signIn(MFA{Code: code}); err != nil {
		t.Fatalf("with the code: %v", err)
	}
	b.sync()
	if got := strings.Join(b.texts(), "|"); got != "behind two factors" {
		t.Fatalf("B reads %q", got)
	}
	// The same code again: refused (it was spent), then a prompt gives a
	// fresh one.
	c := newDevice(t, "C")
	asked := 0
	err := c.acc.SignIn(context.Background(), SignInOptions{Server: url, Email: email, Password: testPassword,
		MFA: MFA{Code: code, Ask: func(context.Context, string, int) (string, error) {
			asked++
			return sftest.TOTP(secret, time.Now().Add(30*time.Second)), nil
		}}})
	if err != nil || asked != 1 {
		t.Fatalf("a spent code, then a prompt: %v (asked %d)", err, asked)
	}
}

func errorsIsAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
