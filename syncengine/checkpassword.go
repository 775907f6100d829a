package syncengine

import (
	"context"
	"crypto/subtle"

	"sfnotes/syncengine/sfcrypto"
)

// CheckPassword reports whether password is the signed-in account's, as the
// official app asks before it opens a protected note: the keys it derives
// are compared with the stored ones (the server password of a 004 root key,
// 003's pw), in constant time, without contacting the server. It fails with
// ErrWrongPassword, ErrNotSignedIn, or a derivation error.
func (a *Accounts) CheckPassword(ctx context.Context, password string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, cred, acct, err := a.session()
	if err != nil {
		return err
	}
	var got, want string
	if is004(acct) {
		p, err := storedParams004(acct)
		if err != nil {
			return err
		}
		if cred.Root == nil {
			return ErrAuthRequired
		}
		k, err := derive004(ctx, password, p)
		if err != nil {
			return err
		}
		got, want = k.ServerPassword, cred.Root.ServerPassword
	} else {
		p, err := storedParams(acct)
		if err != nil {
			return err
		}
		k, err := sfcrypto.DeriveKeysContext(ctx, password, p)
		if err != nil {
			return err
		}
		got, want = k.PW, cred.Keys.PW
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return ErrWrongPassword
	}
	return nil
}
