package syncengine

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// Changes to 004 key params: a 004 account's password change, and the
// upgrade of a 003 account to 004. Both follow the password change protocol
// of password.go (sync first, remember before sending, settle from the
// server's params, roll forward, adopt), with what 004 changes:
//
//   - Only the items keys are re-encrypted (with the new root key); notes
//     and tags stay encrypted with their items keys.
//   - An upgrade keeps the 003 items readable without re-encrypting them:
//     adopting it stores a 003 items key holding the account's 003 master and
//     authentication keys (as the official client does), and a new default
//     004 items key for everything written from then on.
//   - The old root key (or the 003 keys) stay in the credentials, so items
//     keys or 003 items another device uploads before it catches up are
//     still read.

// ErrAlready004: an upgrade was asked of an account that is 004 already.
var ErrAlready004 = errors.New("the account already uses protocol 004")

// changePassword004 is ChangePassword for a 004 account; a.mu is held.
func (a *Accounts) changePassword004(ctx context.Context, c *Client, acct model.Account, current, next string) error {
	old, err := storedParams004(acct)
	if err != nil {
		return err
	}
	cred, err := a.Secrets.Load()
	if err != nil || cred.Root == nil {
		return fmt.Errorf("%w: no root key stored: %w", ErrAuthRequired, err)
	}
	cur, err := derive004(ctx, current, old)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(cur.ServerPassword), []byte(cred.Root.ServerPassword)) != 1 {
		return ErrWrongPassword
	}
	if cred, err = a.syncBeforeChange(ctx, c, cred); err != nil {
		return err
	}
	p, err := sfcrypto.NewKeyParams004(acct.Email, sfcrypto.OriginationPasswordChange)
	if err != nil {
		return err
	}
	root, err := derive004(ctx, next, p)
	if err != nil {
		return err
	}
	return a.sendChange004(ctx, c, cred, &PendingChange{Root: &root}, cred.Root.ServerPassword)
}

// Upgrade moves a 003 (or older) account to protocol 004 with the same
// password: new 004 key params and root key on the server, a 003 items key
// that keeps the existing items readable, and a default 004 items key for
// new ones. Nothing is re-encrypted; items move to 004 as they are edited.
// An ErrPasswordChangeUnknown means the next sync settles it.
func (a *Accounts) Upgrade(ctx context.Context, password string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.finishPasswordChange(ctx); err != nil {
		return fmt.Errorf("an earlier password change is not settled: %w", err)
	}
	c, cred, acct, err := a.session()
	if err != nil {
		return err
	}
	if is004(acct) || cred.Root != nil {
		return ErrAlready004
	}
	params, err := storedParams(acct)
	if err != nil {
		return err
	}
	keys, err := sfcrypto.DeriveKeysContext(ctx, password, params)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(keys.PW), []byte(cred.Keys.PW)) != 1 {
		return ErrWrongPassword
	}
	if cred, err = a.syncBeforeChange(ctx, c, cred); err != nil {
		return err
	}
	p, err := sfcrypto.NewKeyParams004(acct.Email, sfcrypto.OriginationUpgrade)
	if err != nil {
		return err
	}
	root, err := derive004(ctx, password, p)
	if err != nil {
		return err
	}
	return a.sendChange004(ctx, c, cred, &PendingChange{Root: &root, Upgrade: true}, cred.Keys.PW)
}

// syncBeforeChange brings everything the server has here, under the
// current keys, before they change. That sync may renew the session (an
// expired access token): c then takes the renewed tokens, and the returned
// credentials are the stored ones, so that nothing sends a spent token or
// stores one back (the official server ends the old tokens at a renewal).
func (a *Accounts) syncBeforeChange(ctx context.Context, c *Client, cred Credentials) (Credentials, error) {
	s, err := a.newSyncer()
	if err != nil {
		return cred, err
	}
	if _, err := s.Sync(ctx); err != nil {
		return cred, fmt.Errorf("syncing before the change (the password was not changed): %w", err)
	}
	now, err := a.Secrets.Load()
	if err != nil {
		return cred, fmt.Errorf("%w: %w", ErrAuthRequired, err)
	}
	c.SetSession(now.Token, now.Refresh)
	return now, nil
}

// sendChange004 remembers the change, sends it, and adopts it or leaves it
// pending when the answer is unknown.
func (a *Accounts) sendChange004(ctx context.Context, c *Client, cred Credentials, p *PendingChange, currentServerPassword string) error {
	if err := a.setPending(cred, p); err != nil {
		return err
	}
	cred.Pending = p
	c.OnSession = nil // the change's own session is stored by adopt004
	err := c.ChangeCredentials004(ctx, currentServerPassword, *p.Root)
	if err == nil {
		return a.adopt004(c, cred)
	}
	if refused(err) {
		if cerr := a.setPending(cred, nil); cerr != nil {
			return cerr
		}
		return fmt.Errorf("change password: %w", err)
	}
	if ctx.Err() == nil {
		if serr := a.finishPasswordChange(ctx); serr == nil {
			return nil
		}
	}
	return fmt.Errorf("%w (the next sync checks and finishes it; nothing is uploaded until then): %w", ErrPasswordChangeUnknown, err)
}

// finish004 settles a pending change to 004 params from the server's
// current params: ours (it happened: sign in with the new key and adopt),
// still the old ones (roll forward: send it again), or others (changed
// elsewhere: sign in again).
func (a *Accounts) finish004(ctx context.Context, acct model.Account, cred Credentials) error {
	c, err := NewClient(acct.Server, ClientOptions{HTTP: a.Options.HTTP, AllowInsecure: true})
	if err != nil {
		return err
	}
	c.SetUserUUID(acct.UserUUID)
	p := cred.Pending
	server3, server4, err := c.AccountParams(ctx, acct.Email)
	if err != nil {
		return fmt.Errorf("%w: asking the server whether it happened: %w", ErrPasswordChangeUnknown, err)
	}
	switch {
	case server4 != nil && server4.PwNonce == p.Root.Params.PwNonce:
		return a.signInAndAdopt004(ctx, c, acct.Email, cred)
	case a.stillOld(acct, cred, server3, server4):
		c.SetSession(cred.Token, cred.Refresh)
		current := cred.Keys.PW
		if cred.Root != nil {
			current = cred.Root.ServerPassword
		}
		err := c.ChangeCredentials004(ctx, current, *p.Root)
		if err == nil {
			return a.adopt004(c, cred)
		}
		if !refused(err) {
			return fmt.Errorf("%w: finishing it: %w", ErrPasswordChangeUnknown, err)
		}
		_, again, perr := c.AccountParams(ctx, acct.Email)
		if perr != nil {
			return fmt.Errorf("%w: finishing it: %w", ErrPasswordChangeUnknown, perr)
		}
		if again == nil || again.PwNonce != p.Root.Params.PwNonce {
			return fmt.Errorf("finishing the password change: %w", err)
		}
		return a.signInAndAdopt004(ctx, c, acct.Email, cred)
	default:
		if err := a.setPending(cred, nil); err != nil {
			return err
		}
		return ErrPasswordChanged
	}
}

// stillOld reports whether the server still has the params this device had
// before the change.
func (a *Accounts) stillOld(acct model.Account, cred Credentials, server3 sfcrypto.AuthParams, server4 *sfcrypto.KeyParams004) bool {
	if cred.Pending.Upgrade {
		old, err := storedParams(acct)
		return err == nil && server4 == nil && sameParams(server3, old)
	}
	return server4 != nil && cred.Root != nil && server4.PwNonce == cred.Root.Params.PwNonce
}

func (a *Accounts) signInAndAdopt004(ctx context.Context, c *Client, email string, cred Credentials) error {
	if err := c.SignIn004(ctx, email, cred.Pending.Root.ServerPassword); err != nil {
		return fmt.Errorf("%w: signing in with the new password: %w", ErrPasswordChangeUnknown, err)
	}
	return a.adopt004(c, cred)
}

// adopt004 switches the account to the pending 004 params and root key once
// the server has them. In one transaction: the items keys are marked for
// re-encryption (a password change) or the 003 and new default items keys
// are made (an upgrade), the params stored and the marker cleared. Done
// twice (a crash before the secrets were saved), the transaction sees the
// params already stored and makes no second pair of keys.
func (a *Accounts) adopt004(c *Client, cred Credentials) error {
	p := cred.Pending
	root := *p.Root
	pj, err := json.Marshal(root.Params)
	if err != nil {
		return err
	}
	err = a.Store.Update(func(tx *model.Tx) error {
		acct, ok, err := tx.Account()
		if err != nil || !ok {
			return fmt.Errorf("account vanished during a password change: %w", err)
		}
		if acct.AuthParams != string(pj) {
			if err := prepareKeys004(tx, p.Upgrade, cred.Keys); err != nil {
				return err
			}
		}
		acct.AuthParams, acct.PendingParams = string(pj), ""
		if id := c.UserUUID(); id != "" {
			acct.UserUUID = id
		}
		return tx.SaveAccount(acct)
	})
	if err != nil {
		return err
	}
	next := Credentials{Root: &root, Token: c.Token(), Refresh: c.RefreshToken(), OlderRoots: withOlderRoots(cred, root),
		Keys: cred.Keys, Previous: cred.Previous}
	if err := a.Secrets.Save(next); err != nil {
		return fmt.Errorf("storing the keys: %w", err)
	}
	return nil
}

// prepareKeys004 makes the items keys ready for new params: re-encryption of
// the existing ones, or for an upgrade a 003 items key and a default 004 one.
func prepareKeys004(tx *model.Tx, upgrade bool, keys003 sfcrypto.Keys) error {
	if !upgrade {
		return tx.MarkTypeDirty(sfcrypto.ContentTypeItemsKey)
	}
	content, err := sfcrypto.LegacyItemsKeyContent(keys003)
	if err != nil {
		return fmt.Errorf("the 003 items key: %w", err)
	}
	if err := tx.PutLocal(model.NewUUID(), sfcrypto.ContentTypeItemsKey, string(content), ""); err != nil {
		return err
	}
	return NewItemsKeyItem(tx)
}

func storedParams004(acct model.Account) (sfcrypto.KeyParams004, error) {
	var p sfcrypto.KeyParams004
	if err := json.Unmarshal([]byte(acct.AuthParams), &p); err != nil {
		return p, fmt.Errorf("stored key params: %w", err)
	}
	return p, p.Validate()
}
