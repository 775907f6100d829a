package syncengine

import (
	"context"
	"errors"
)

// A 004 account's sessions: every device signed in has one; the account
// dialog and `sfnotes sessions` list them and end the ones the user no
// longer trusts (a lost laptop). Accounts without sessions (003 and older,
// on JWTs) have nothing to list.

// ErrNoSessions: the account has no sessions to list (it signs in with a
// token that the server cannot list or end, as 003 accounts do).
var ErrNoSessions = errors.New("this account has no sessions to list (only protocol 004 accounts have them)")

// sessionClient is the signed-in account's client, if it has sessions.
func (a *Accounts) sessionClient() (*Client, error) {
	c, cred, _, err := a.session()
	if err != nil {
		return nil, err
	}
	if cred.Refresh == "" {
		return nil, ErrNoSessions
	}
	return c, nil
}

// Sessions lists the account's sessions, the current one marked.
func (a *Accounts) Sessions(ctx context.Context) ([]Session, error) {
	c, err := a.sessionClient()
	if err != nil {
		return nil, err
	}
	return c.ListSessions(ctx)
}

// RevokeSession ends another device's session: its next request is
// refused and it is asked to sign in again.
func (a *Accounts) RevokeSession(ctx context.Context, id string) error {
	c, err := a.sessionClient()
	if err != nil {
		return err
	}
	return c.RevokeSession(ctx, id)
}

// RevokeOtherSessions ends every session of the account but this one.
func (a *Accounts) RevokeOtherSessions(ctx context.Context) error {
	c, err := a.sessionClient()
	if err != nil {
		return err
	}
	return c.RevokeOtherSessions(ctx)
}
