package sfcrypto

import (
	"context"
	"crypto/pbkdf2"
	"crypto/sha512"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestCostAndLengthMaximums: params that would make key derivation run for
// days, or carry megabytes in a nonce, are refused before any work is done.
func TestCostAndLengthMaximums(t *testing.T) {
	long := strings.Repeat("a", MaxParamLength+1)
	cases := []struct {
		p    AuthParams
		want error
	}{
		{AuthParams{Version: "003", PwCost: 1e12, PwNonce: "n", Identifier: "e"}, ErrCostTooHigh},
		{AuthParams{Version: "003", PwCost: MaxCost + 1, PwNonce: "n", Identifier: "e"}, ErrCostTooHigh},
		{AuthParams{Version: "002", PwCost: 1e9, PwSalt: "s"}, ErrCostTooHigh},
		{AuthParams{Version: "001", PwCost: 1e9, PwSalt: "s"}, ErrCostTooHigh},
		{AuthParams{Version: "003", PwCost: 110000, PwNonce: long, Identifier: "e"}, ErrMalformed},
		{AuthParams{Version: "003", PwCost: 110000, PwNonce: "n", Identifier: long}, ErrMalformed},
		{AuthParams{Version: "002", PwCost: 3000, PwSalt: long}, ErrMalformed},
		{AuthParams{Version: "003", PwCost: MaxCost, PwNonce: strings.Repeat("n", MaxParamLength), Identifier: "e"}, nil},
	}
	for _, c := range cases {
		start := time.Now()
		err := c.p.Validate()
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s cost %d: got %v, want %v", c.p.Version, c.p.PwCost, err, c.want)
		}
		if time.Since(start) > time.Second {
			t.Errorf("%s cost %d: validation took %v", c.p.Version, c.p.PwCost, time.Since(start))
		}
	}
}

// TestPBKDF2MatchesStandardLibrary: the interruptible PBKDF2 gives
// crypto/pbkdf2's bytes (the JS vectors check DeriveKeys as well).
func TestPBKDF2MatchesStandardLibrary(t *testing.T) {
	for _, c := range []struct {
		pw, salt  string
		iter, len int
	}{{"pw", "salt", 1, 96}, {"", "", 2, 64}, {"password", "NaCl", 3000, 96}, {"ünï 🎉", strings.Repeat("s", 200), 5000, 200}, {"x", "y", 1025, 10}} {
		want, err := pbkdf2.Key(sha512.New, c.pw, []byte(c.salt), c.iter, c.len)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pbkdf2SHA512(context.Background(), []byte(c.pw), []byte(c.salt), c.iter, c.len)
		if err != nil || string(got) != string(want) {
			t.Errorf("%+v: got %x (%v), want %x", c, got, err, want)
		}
	}
}

// TestDeriveKeysCancelled: a derivation at the highest accepted cost (several
// seconds) stops within a few milliseconds of its context's cancellation.
func TestDeriveKeysCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := DeriveKeysContext(ctx, "pw", AuthParams{Version: "003", PwCost: MaxCost, PwNonce: "n", Identifier: "e"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 600*time.Millisecond {
		t.Fatalf("returned %v after the start, %v after the cancel", d, d-100*time.Millisecond)
	}
}
