package sfapi

import (
	"context"
	"encoding/json"
)

// A dialect is what differs between the kinds of server sfnotes speaks to:
// where an account's params come from, how a sign-in, a 003 registration or
// password change and a sync are sent. Everything else (transport, the
// answers' shapes, sessions, 004 accounts' registration and credentials) is
// shared. One file per dialect: standard.go (the 2016 API and
// mdouchement's 2020 routes beside it) and official.go (the official
// gateway). A Client picks its dialect from what it has found the server to
// be (Client.Dialect, remembered with the account).
type dialect interface {
	// params fetches an account's sign-in params as JSON, giving a
	// two-factor code where the server asks for one.
	params(ctx context.Context, c *Client, email string, mfa MFA) (json.RawMessage, error)
	// signIn sends the server password derived from those params and takes
	// the token or session the server answers.
	signIn(ctx context.Context, c *Client, email, serverPassword string, v004 bool) error
	// register003 registers a protocol 003 (or older) account.
	register003(ctx context.Context, c *Client, body map[string]any) error
	// changePassword003 changes a 003 (or older) account's password.
	changePassword003(ctx context.Context, c *Client, body map[string]any) error
	// sync sends one sync request.
	sync(ctx context.Context, c *Client, req SyncRequest) (SyncResponse, error)
}

// speaker is the dialect of the server as this client knows it.
func (c *Client) speaker() dialect {
	if c.dialect == DialectOfficial {
		return official{}
	}
	return standard{}
}
