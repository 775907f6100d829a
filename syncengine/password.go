package syncengine

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// A password change is a small protocol of its own, because its one request
// (change_pw) may be lost: the process killed, the connection cut after the
// server applied it. Uploading anything under the old keys after the server
// switched params would leave notes that no device can read, so:
//
//  1. Sync first, with the current keys: everything the server holds is then
//     here and gets re-encrypted below, including notes another device
//     uploaded that this one had not seen.
//  2. Store the new params and keys as pending (secrets first, then a marker
//     in the database) before sending change_pw. While a change is pending no
//     sync uploads anything (Syncer's guard and NewSyncer).
//  3. Send change_pw. A refusal (4xx) clears the pending change. A lost or
//     unclear answer leaves it pending: the outcome is unknown, not failed.
//  4. Settle: the server's params say what happened. Ours: sign in with the
//     new keys for a fresh token and adopt them. The old ones: not applied
//     yet, but the lost request may still arrive, so roll forward: send the
//     same change again (the user asked for it); the loser of the two fails
//     on its current password. Other params: the password was changed
//     elsewhere; sign in again.
//  5. Adopt: in one database transaction mark every item dirty, store the new
//     params and clear the marker; then store the new keys, keeping the old
//     ones as Previous. The next sync re-encrypts and uploads everything.
//
// Every step is idempotent, and a crash between any two leaves a state that
// the next NewSyncer (every sync, from the window or the command line)
// settles before uploading.

var (
	// ErrPasswordChangeUnknown: the server did not answer a password change,
	// so whether it happened is unknown. Nothing is uploaded until the next
	// sync has asked the server and finished or dropped the change.
	ErrPasswordChangeUnknown = errors.New("the server did not confirm the password change")
	// ErrKeysChanged: the account's keys changed, or a password change
	// started, while a sync was running; it stopped before sending more.
	ErrKeysChanged = errors.New("the account's keys changed during the sync")
	// ErrWrongPassword: the current password given for a change is not the
	// account's.
	ErrWrongPassword = errors.New("the current password is wrong")
)

// ChangePassword changes the account password: new 003 params and keys on
// the server, then every item re-encrypted with the new keys on the next
// sync (see the protocol above). An ErrPasswordChangeUnknown means the next
// sync settles it.
func (a *Accounts) ChangePassword(ctx context.Context, current, next string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.finishPasswordChange(ctx); err != nil {
		return fmt.Errorf("an earlier password change is not settled: %w", err)
	}
	c, _, acct, err := a.session()
	if err != nil {
		return err
	}
	if is004(acct) {
		return a.changePassword004(ctx, c, acct, current, next)
	}
	params, err := storedParams(acct)
	if err != nil {
		return err
	}
	currentKeys, err := sfcrypto.DeriveKeysContext(ctx, current, params)
	if err != nil {
		return err
	}
	cred, err := a.Secrets.Load()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrAuthRequired, err)
	}
	if subtle.ConstantTimeCompare([]byte(currentKeys.PW), []byte(cred.Keys.PW)) != 1 {
		return ErrWrongPassword
	}
	// 1. Everything the server has, here, before the keys change.
	s, err := a.newSyncer()
	if err != nil {
		return err
	}
	if _, err := s.Sync(ctx); err != nil {
		return fmt.Errorf("syncing before the change (the password was not changed): %w", err)
	}
	newParams, err := sfcrypto.NewAuthParams(acct.Email)
	if err != nil {
		return err
	}
	newKeys, err := sfcrypto.DeriveKeysContext(ctx, next, newParams)
	if err != nil {
		return err
	}
	// 2. Remembered before it is sent.
	if err := a.setPending(cred, &PendingChange{Params: newParams, Keys: newKeys}); err != nil {
		return err
	}
	// 3. Sent.
	err = c.ChangePassword(ctx, acct.Email, currentKeys, newParams, newKeys)
	if err == nil {
		return a.adopt(c.Token(), newParams, newKeys)
	}
	if refused(err) {
		if cerr := a.setPending(cred, nil); cerr != nil {
			return cerr
		}
		return fmt.Errorf("change password: %w", err)
	}
	// 4. Unknown: ask the server now, if it can be asked.
	if ctx.Err() == nil {
		if serr := a.finishPasswordChange(ctx); serr == nil {
			return nil
		}
	}
	return fmt.Errorf("%w (the next sync checks and finishes it; nothing is uploaded until then): %w", ErrPasswordChangeUnknown, err)
}

// refused reports whether the server definitely did not apply a request: it
// answered with a client error.
func refused(err error) bool {
	var se *ServerError
	return errors.As(err, &se) && se.Status >= 400 && se.Status < 500 &&
		se.Status != http.StatusRequestTimeout && se.Status != http.StatusTooManyRequests
}

// FinishPasswordChange settles a password change whose answer was lost; it
// does nothing when none is pending.
func (a *Accounts) FinishPasswordChange(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.finishPasswordChange(ctx)
}

func (a *Accounts) finishPasswordChange(ctx context.Context) error {
	acct, ok, err := a.Store.Account()
	if err != nil || !ok {
		return err
	}
	cred, err := a.Secrets.Load()
	if errors.Is(err, ErrNoCredentials) {
		return nil // session() says "sign in again"
	}
	if err != nil {
		return err
	}
	if cred.Pending != nil && cred.Pending.Root != nil {
		return a.finish004(ctx, acct, cred)
	}
	if cred.Pending == nil {
		if acct.PendingParams != "" {
			// The secrets were settled and the marker outlived a crash.
			return a.Store.Update(func(tx *model.Tx) error { return tx.SetPendingParams("") })
		}
		return nil
	}
	c, err := NewClient(acct.Server, ClientOptions{HTTP: a.Options.HTTP, AllowInsecure: true})
	if err != nil {
		return err
	}
	server, err := c.Params(ctx, acct.Email)
	if err != nil {
		return fmt.Errorf("%w: asking the server whether it happened: %w", ErrPasswordChangeUnknown, err)
	}
	old, err := storedParams(acct)
	if err != nil {
		return err
	}
	p := cred.Pending
	switch {
	case sameParams(server, p.Params):
		// It happened. The old token may be revoked: sign in with the new keys.
		if err := c.SignIn(ctx, acct.Email, p.Keys); err != nil {
			return fmt.Errorf("%w: signing in with the new password: %w", ErrPasswordChangeUnknown, err)
		}
		return a.adopt(c.Token(), p.Params, p.Keys)
	case sameParams(server, old):
		// Not (yet) applied. The lost request may still be on its way, so
		// "it did not happen" cannot be concluded: roll forward instead, and
		// send the same change again. Whichever of the two the server takes
		// first wins; the other fails on its current password, and the
		// server's params then name ours.
		return a.rollForward(ctx, c, acct.Email, cred)
	default:
		if err := a.setPending(cred, nil); err != nil {
			return err
		}
		return ErrPasswordChanged
	}
}

// rollForward re-sends a pending change that the server has not applied.
func (a *Accounts) rollForward(ctx context.Context, c *Client, email string, cred Credentials) error {
	p := cred.Pending
	c.SetToken(cred.Token)
	err := c.ChangePassword(ctx, email, cred.Keys, p.Params, p.Keys)
	if err == nil {
		return a.adopt(c.Token(), p.Params, p.Keys)
	}
	if !refused(err) {
		return fmt.Errorf("%w: finishing it: %w", ErrPasswordChangeUnknown, err)
	}
	server, perr := c.Params(ctx, email)
	if perr != nil {
		return fmt.Errorf("%w: finishing it: %w", ErrPasswordChangeUnknown, perr)
	}
	if !sameParams(server, p.Params) {
		return fmt.Errorf("finishing the password change: %w", err)
	}
	if err := c.SignIn(ctx, email, p.Keys); err != nil {
		return fmt.Errorf("%w: signing in with the new password: %w", ErrPasswordChangeUnknown, err)
	}
	return a.adopt(c.Token(), p.Params, p.Keys)
}

// setPending stores (or, with nil, clears) a pending change: in the secrets
// and as a marker in the database. Setting writes the secrets first, so the
// new keys exist before anything depends on them; clearing writes them
// first too, and a marker left alone by a crash is cleared by the next
// finishPasswordChange.
func (a *Accounts) setPending(cred Credentials, p *PendingChange) error {
	cred.Pending = p
	if err := a.Secrets.Save(cred); err != nil {
		return fmt.Errorf("storing the keys: %w", err)
	}
	marker := ""
	if p != nil {
		var v any = p.Params
		if p.Root != nil {
			v = p.Root.Params
		}
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		marker = string(b)
	}
	return a.Store.Update(func(tx *model.Tx) error { return tx.SetPendingParams(marker) })
}

// adopt switches the account to new params and keys after the server took
// them: every item is marked dirty (to be re-encrypted by the next sync) in
// the same transaction that stores the params, then the keys are stored with
// the old ones kept as Previous.
func (a *Accounts) adopt(token string, params sfcrypto.AuthParams, keys sfcrypto.Keys) error {
	pj, err := json.Marshal(params)
	if err != nil {
		return err
	}
	cred, err := a.Secrets.Load()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrAuthRequired, err)
	}
	err = a.Store.Update(func(tx *model.Tx) error {
		acct, ok, err := tx.Account()
		if err != nil || !ok {
			return fmt.Errorf("account vanished during a password change: %w", err)
		}
		if err := tx.MarkAllDirty(); err != nil {
			return err
		}
		acct.AuthParams, acct.PendingParams = string(pj), ""
		return tx.SaveAccount(acct)
	})
	if err != nil {
		return err
	}
	next := Credentials{Keys: keys, Token: token, Previous: withPrevious(cred, keys)}
	if err := a.Secrets.Save(next); err != nil {
		return fmt.Errorf("storing the keys: %w", err)
	}
	return nil
}

func storedParams(acct model.Account) (sfcrypto.AuthParams, error) {
	var p sfcrypto.AuthParams
	if err := json.Unmarshal([]byte(acct.AuthParams), &p); err != nil {
		return p, fmt.Errorf("stored auth params: %w", err)
	}
	return p, nil
}

// sameParams compares what determines the keys.
func sameParams(a, b sfcrypto.AuthParams) bool {
	return a.Version == b.Version && a.PwCost == b.PwCost && a.PwNonce == b.PwNonce && a.PwSalt == b.PwSalt
}
