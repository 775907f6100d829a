package syncengine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// Credentials are the secrets of a signed-in account: the derived keys and
// the session token. They never go in the database or a log.
type Credentials struct {
	Keys  sfcrypto.Keys `json:"keys"`
	Token string        `json:"token"`
}

// ErrNoCredentials means no secrets are stored.
var ErrNoCredentials = errors.New("no stored credentials")

// Secrets keeps Credentials somewhere safe (the OS keyring, or a 0600 file).
type Secrets interface {
	Load() (Credentials, error) // ErrNoCredentials when there are none
	Save(Credentials) error
	Clear() error
	Where() string // "keyring" or "file", for the status
}

// Accounts performs account operations against the store and the secrets.
type Accounts struct {
	Store   *model.Store
	Secrets Secrets
	Options ClientOptions
}

// Register creates a new account (version 003, cost 110000) and signs in.
// Notes written before are dirty already and go up with the first sync.
func (a *Accounts) Register(ctx context.Context, server, email, password string) error {
	email = strings.TrimSpace(email)
	c, err := NewClient(server, a.Options)
	if err != nil {
		return err
	}
	params, err := sfcrypto.NewAuthParams(email)
	if err != nil {
		return err
	}
	keys, err := sfcrypto.DeriveKeysContext(ctx, password, params)
	if err != nil {
		return err
	}
	if err := c.Register(ctx, email, params, keys); err != nil {
		return fmt.Errorf("register: %w", err)
	}
	return a.saveSession(c, email, params, keys)
}

// SignIn fetches the account's params (refusing costs below the minimum),
// derives the keys and signs in. Signing in again to the same account keeps
// the sync token; another account starts from scratch, with every local
// item uploaded into it.
func (a *Accounts) SignIn(ctx context.Context, server, email, password string) error {
	email = strings.TrimSpace(email)
	c, err := NewClient(server, a.Options)
	if err != nil {
		return err
	}
	params, err := c.Params(ctx, email)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	keys, err := sfcrypto.DeriveKeysContext(ctx, password, params)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	if err := c.SignIn(ctx, email, keys); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	return a.saveSession(c, email, params, keys)
}

func (a *Accounts) saveSession(c *Client, email string, params sfcrypto.AuthParams, keys sfcrypto.Keys) error {
	pj, err := json.Marshal(params)
	if err != nil {
		return err
	}
	if err := a.Secrets.Save(Credentials{Keys: keys, Token: c.Token()}); err != nil {
		return fmt.Errorf("storing the keys: %w", err)
	}
	return a.Store.Update(func(tx *model.Tx) error {
		old, ok, err := tx.Account()
		if err != nil {
			return err
		}
		acct := model.Account{Server: c.Server(), Email: email, AuthParams: string(pj), SecretsIn: a.Secrets.Where()}
		if ok && old.Server == acct.Server && strings.EqualFold(old.Email, email) {
			acct.SyncToken, acct.LastSyncMs = old.SyncToken, old.LastSyncMs
		} else if ok {
			// Another account: everything local goes up into the new one.
			if err := tx.MarkAllDirty(); err != nil {
				return err
			}
		}
		return tx.SaveAccount(acct)
	})
}

// Session returns a client with the stored token and the stored keys.
func (a *Accounts) Session() (*Client, sfcrypto.Keys, model.Account, error) {
	acct, ok, err := a.Store.Account()
	if err != nil {
		return nil, sfcrypto.Keys{}, acct, err
	}
	if !ok {
		return nil, sfcrypto.Keys{}, acct, ErrNotSignedIn
	}
	cred, err := a.Secrets.Load()
	if err != nil {
		return nil, sfcrypto.Keys{}, acct, fmt.Errorf("%w: %w", ErrAuthRequired, err)
	}
	c, err := NewClient(acct.Server, ClientOptions{HTTP: a.Options.HTTP, AllowInsecure: true}) // checked at sign-in
	if err != nil {
		return nil, sfcrypto.Keys{}, acct, err
	}
	c.SetToken(cred.Token)
	return c, cred.Keys, acct, nil
}

// ChangePassword changes the account password: new 003 params and keys, the
// server's change_pw, then every item re-encrypted with the new keys on the
// next sync. Items are marked dirty before the server call, so a crash after
// it still re-uploads everything once the user signs in with the new password.
func (a *Accounts) ChangePassword(ctx context.Context, current, next string) error {
	c, keys, acct, err := a.Session()
	if err != nil {
		return err
	}
	var params sfcrypto.AuthParams
	if err := json.Unmarshal([]byte(acct.AuthParams), &params); err != nil {
		return fmt.Errorf("stored auth params: %w", err)
	}
	currentKeys, err := sfcrypto.DeriveKeysContext(ctx, current, params)
	if err != nil {
		return err
	}
	if currentKeys.PW != keys.PW {
		return fmt.Errorf("%w: the current password is wrong", ErrRejected)
	}
	newParams, err := sfcrypto.NewAuthParams(acct.Email)
	if err != nil {
		return err
	}
	newKeys, err := sfcrypto.DeriveKeysContext(ctx, next, newParams)
	if err != nil {
		return err
	}
	if err := a.Store.Update(func(tx *model.Tx) error { return tx.MarkAllDirty() }); err != nil {
		return err
	}
	if err := c.ChangePassword(ctx, acct.Email, currentKeys, newParams, newKeys); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	return a.saveSession(c, acct.Email, newParams, newKeys)
}

// SignOut forgets the account, its keys and all local data.
func (a *Accounts) SignOut() error {
	if err := a.Secrets.Clear(); err != nil && !errors.Is(err, ErrNoCredentials) {
		return err
	}
	return a.Store.SignOut()
}

// NewSyncer returns a Syncer for the signed-in account.
func (a *Accounts) NewSyncer() (*Syncer, error) {
	c, keys, acct, err := a.Session()
	if err != nil {
		return nil, err
	}
	var params sfcrypto.AuthParams
	if acct.AuthParams != "" {
		if err := json.Unmarshal([]byte(acct.AuthParams), &params); err != nil {
			return nil, fmt.Errorf("stored auth params: %w", err)
		}
	}
	return &Syncer{Store: a.Store, Client: c, Keys: keys, Email: acct.Email, Params: params}, nil
}
