package syncengine

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// Protocol 004 accounts (the official apps' accounts since 2020): the
// password gives an Argon2id root key, which only encrypts the account's
// items keys; every other item is encrypted with an items key and names it.
// Sign-in answers a session (an access token and a refresh token, renewed
// without the user on HTTP 498).
//
// Password changes and upgrades from 003 are in password004.go, encrypted
// backups in backup004.go.

// signIn004 derives the root key, signs in and stores the session.
func (a *Accounts) signIn004(ctx context.Context, c *Client, email, password string, p sfcrypto.KeyParams004) error {
	root, err := derive004(ctx, password, p)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	if err := c.SignIn004(ctx, email, root.ServerPassword); err != nil {
		return fmt.Errorf("sign in: %w", signInError(err))
	}
	cred := Credentials{Root: &root, Token: c.Token(), Refresh: c.RefreshToken()}
	return a.storeSession(c, email, p, cred, nil)
}

// register004 creates a protocol 004 account and signs in: new key params,
// the root key, the account on the server, and a default items key stored
// as a local change, uploaded by the first sync with the notes.
func (a *Accounts) register004(ctx context.Context, o RegisterOptions) error {
	email, password := strings.TrimSpace(o.Email), o.Password
	c, err := NewClient(o.Server, a.clientOptions(o.AllowInsecure))
	if err != nil {
		return err
	}
	p, err := sfcrypto.NewKeyParams004(email, sfcrypto.OriginationRegistration)
	if err != nil {
		return err
	}
	root, err := derive004(ctx, password, p)
	if err != nil {
		return err
	}
	if err := c.Register004(ctx, email, p, root.ServerPassword); err != nil {
		return fmt.Errorf("register: %w", registerError(err))
	}
	cred := Credentials{Root: &root, Token: c.Token(), Refresh: c.RefreshToken()}
	return a.storeSession(c, email, p, cred, NewItemsKeyItem)
}

// NewAccountProtocol is the protocol a new account on server gets: 004
// where the server speaks the 2020 API, as the official apps do, else 003.
func (a *Accounts) NewAccountProtocol(ctx context.Context, server, email string, allowInsecure bool) (string, error) {
	c, err := NewClient(server, a.clientOptions(allowInsecure))
	if err != nil {
		return "", err
	}
	yes, err := c.Speaks2020(ctx, strings.TrimSpace(email))
	if err != nil {
		return "", fmt.Errorf("asking the server which protocol it speaks: %w", err)
	}
	if yes {
		return sfcrypto.Version004, nil
	}
	return sfcrypto.Version003, nil
}

// derive004 runs Argon2id (about half a second, 64 MiB) so that a cancelled
// caller returns at once; the derivation itself cannot be interrupted and
// finishes in the background.
func derive004(ctx context.Context, password string, p sfcrypto.KeyParams004) (sfcrypto.RootKey004, error) {
	type result struct {
		k   sfcrypto.RootKey004
		err error
	}
	done := make(chan result, 1)
	go func() {
		k, err := sfcrypto.DeriveRootKey004(password, p)
		done <- result{k, err}
	}()
	select {
	case r := <-done:
		return r.k, r.err
	case <-ctx.Done():
		return sfcrypto.RootKey004{}, ctx.Err()
	}
}

// is004 reports whether the signed-in account is a 004 one.
func is004(acct model.Account) bool {
	return strings.Contains(acct.AuthParams, `"version":"004"`)
}

// ProtocolOf is the protocol version of the account's stored params ("004",
// "003", ...), or "" when they cannot be read.
func ProtocolOf(acct model.Account) string {
	var p struct {
		Version string `json:"version"`
	}
	if json.Unmarshal([]byte(acct.AuthParams), &p) != nil {
		return ""
	}
	return p.Version
}
