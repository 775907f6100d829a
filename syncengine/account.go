package syncengine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
)

// Credentials are the secrets of a signed-in account: the derived keys and
// the session token. They never go in the database or a log.
type Credentials struct {
	Keys  sfcrypto.Keys `json:"keys"`
	Token string        `json:"token"`
	// Previous are this account's keys from before its password changed,
	// newest first (at most maxPrevious). Another device may still upload
	// under them for a while; what arrives so is read and re-encrypted.
	Previous []sfcrypto.Keys `json:"previous,omitempty"`
	// Pending is a password change sent to the server whose answer was not
	// seen: kept until the server's params say whether it happened.
	Pending *PendingChange `json:"pending,omitempty"`
	// Root is a 004 account's root key (Keys is unused then), and Refresh
	// its session's refresh token.
	Root    *sfcrypto.RootKey004 `json:"root,omitempty"`
	Refresh string               `json:"refresh,omitempty"`
	// OlderRoots are a 004 account's root keys from before its password
	// changed, newest first (at most maxPrevious): items keys another device
	// has not re-encrypted yet still open with them. After an upgrade from
	// 003, Keys and Previous keep the 003 keys for the same reason.
	OlderRoots []sfcrypto.RootKey004 `json:"older_roots,omitempty"`
}

// PendingChange is the new params and keys of a password change in flight.
type PendingChange struct {
	Params sfcrypto.AuthParams `json:"params"`
	Keys   sfcrypto.Keys       `json:"keys"`
	// Root is the new root key of a change to 004 params (a 004 password
	// change, or an upgrade from 003 when Upgrade is set); Params and Keys
	// are unused then.
	Root    *sfcrypto.RootKey004 `json:"root,omitempty"`
	Upgrade bool                 `json:"upgrade,omitempty"`
}

// maxPrevious bounds how many earlier key sets are kept.
const maxPrevious = 4

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
	// mu: one sync or password change at a time in this process.
	mu sync.Mutex
	// keyScan is when the items keys were last fetched whole (under mu).
	keyScan time.Time
}

// RegisterOptions are one registration's inputs.
type RegisterOptions struct {
	Server, Email, Password string
	// AllowInsecure permits plain http to a host that is not this machine
	// (so does the Accounts' own Options.AllowInsecure).
	AllowInsecure bool
	// Protocol is "003" or "004"; "" is the newest the server speaks (see
	// NewAccountProtocol).
	Protocol string
}

// Register creates a new account and signs in, and returns its protocol.
// Notes written before are dirty already and go up with the first sync.
func (a *Accounts) Register(ctx context.Context, o RegisterOptions) (string, error) {
	o.AllowInsecure = o.AllowInsecure || a.Options.AllowInsecure
	v := o.Protocol
	if v == "" {
		var err error
		if v, err = a.NewAccountProtocol(ctx, o.Server, o.Email, o.AllowInsecure); err != nil {
			return "", fmt.Errorf("register: %w", err)
		}
	}
	switch v {
	case sfcrypto.Version004:
		return v, a.register004(ctx, o)
	case sfcrypto.Version003:
		return v, a.register003(ctx, o)
	}
	return "", fmt.Errorf("%w: new accounts are protocol 003 or 004, not %q", ErrRejected, v)
}

// register003 creates a protocol 003 account (cost 110000).
func (a *Accounts) register003(ctx context.Context, o RegisterOptions) error {
	email, password := strings.TrimSpace(o.Email), o.Password
	c, err := NewClient(o.Server, a.clientOptions(o.AllowInsecure))
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
		return fmt.Errorf("register: %w", registerError(err))
	}
	return a.saveSession(c, email, params, keys)
}

// SignInOptions are one sign-in's inputs and what the person allowed for it.
type SignInOptions struct {
	Server, Email, Password string
	// AllowInsecure permits plain http to a host that is not this machine
	// (so does the Accounts' own Options.AllowInsecure).
	AllowInsecure bool
	// AllowLegacyProtocol permits an account this device has never seen to
	// be signed in to as protocol 001 or 002 (see checkOffer).
	AllowLegacyProtocol bool
	// MFA gives a two-factor code where the server asks for one.
	MFA MFA
}

// SignIn fetches the account's params, checks them by the sign-in rule
// (checkOffer: against what this device knows of the account, before any key
// is derived or anything sent), derives the keys and signs in. Signing in
// again to the same account keeps the sync token; another account starts
// from scratch, with every local item uploaded into it.
func (a *Accounts) SignIn(ctx context.Context, o SignInOptions) error {
	email, password := strings.TrimSpace(o.Email), o.Password
	c, err := NewClient(o.Server, a.clientOptions(o.AllowInsecure || a.Options.AllowInsecure))
	if err != nil {
		return err
	}
	if old, ok, _ := a.Store.Account(); ok && SameAccount(old.Server, old.Email, c.Server(), email) {
		c.SetUserUUID(old.UserUUID) // the answer must name the same user
	}
	params, p4, err := c.AccountParamsMFA(ctx, email, o.MFA)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	version, cost := params.Version, int64(params.PwCost)
	if p4 != nil {
		version, cost = p4.Version, 0
	}
	if err := a.checkAccountOffer(c.Server(), email, version, cost, o.AllowLegacyProtocol); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	if p4 != nil {
		return a.signIn004(ctx, c, email, password, *p4)
	}
	keys, err := sfcrypto.DeriveKeysContext(ctx, password, params)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	if err := c.SignIn(ctx, email, keys); err != nil {
		return fmt.Errorf("sign in: %w", signInError(err))
	}
	return a.saveSession(c, email, params, keys)
}

// signInError reads a refused sign-in: a 401 there is not "sign in again"
// (there is no session yet) but a wrong email or password, said plainly with
// the server's own words and without its status code.
func signInError(err error) error {
	var se *ServerError
	if !errors.As(err, &se) || se.Status != http.StatusUnauthorized {
		return err
	}
	if se.Captcha {
		// The official server marks the refusal itself once an email has
		// failed too often: even the right password is refused until a
		// captcha is solved.
		return fmt.Errorf("%w: %w", ErrCaptcha, err)
	}
	if se.Message != "" {
		return fmt.Errorf("%w (the server says: %s)", ErrWrongCredentials, se.Message)
	}
	return ErrWrongCredentials
}

// registerError reads a refused registration. There is no session yet, so a
// 401 is not "sign in again": servers answer 401 (mdouchement) or 400 (the
// official one) with "This email is already registered".
func registerError(err error) error {
	var se *ServerError
	if !errors.As(err, &se) || se.Status < 400 || se.Status >= 500 {
		return err
	}
	if strings.Contains(strings.ToLower(se.Message), "already") {
		return fmt.Errorf("%w: %s", ErrAccountExists, se.Message)
	}
	if se.Status == http.StatusUnauthorized {
		return fmt.Errorf("%w: %s", ErrRejected, se.Message)
	}
	if se.Status == http.StatusNotFound {
		return fmt.Errorf("%w: this server has no route for this protocol's registration (the official server registers protocol 004 only)", ErrRejected)
	}
	return err
}

func (a *Accounts) clientOptions(allowInsecure bool) ClientOptions {
	o := a.Options
	o.AllowInsecure = allowInsecure
	return o
}

// SameAccount is the one rule for "signing in again to the same account":
// the same server URL (as normalised) and the same email, ignoring case and
// surrounding spaces.
func SameAccount(serverA, emailA, serverB, emailB string) bool {
	return strings.TrimRight(serverA, "/") == strings.TrimRight(serverB, "/") &&
		strings.EqualFold(strings.TrimSpace(emailA), strings.TrimSpace(emailB))
}

// saveSession stores a new session. Signing in again to the same account
// keeps the sync token and, if the password changed, the old keys as
// Previous; another account starts from scratch, with every local item
// uploaded into it.
func (a *Accounts) saveSession(c *Client, email string, params sfcrypto.AuthParams, keys sfcrypto.Keys) error {
	return a.storeSession(c, email, params, Credentials{Keys: keys, Token: c.Token()}, nil)
}

// storeSession stores a new session's secrets and account row (see
// saveSession); params is the account's params (003 or 004), and setup, if
// set, runs in the same transaction as the account row.
func (a *Accounts) storeSession(c *Client, email string, params any, cred Credentials, setup func(*model.Tx) error) error {
	pj, err := json.Marshal(params)
	if err != nil {
		return err
	}
	old, ok, err := a.Store.Account()
	if err != nil {
		return err
	}
	same := ok && SameAccount(old.Server, old.Email, c.Server(), email)
	if prev, err := a.Secrets.Load(); err == nil && same {
		if cred.Root == nil {
			cred.Previous = withPrevious(prev, cred.Keys)
		} else {
			// Signing in again to a 004 account (its password changed
			// elsewhere, or it was upgraded from 003): keep what opens items
			// keys and 003 items that other devices have not re-encrypted.
			cred.OlderRoots = withOlderRoots(prev, *cred.Root)
			if cred.Keys.MK == "" {
				cred.Keys, cred.Previous = prev.Keys, prev.Previous
			}
		}
	}
	if err := a.Secrets.Save(cred); err != nil {
		return fmt.Errorf("storing the keys: %w", err)
	}
	return a.Store.Update(func(tx *model.Tx) error {
		acct := model.Account{Server: c.Server(), Email: email, AuthParams: string(pj), SecretsIn: a.Secrets.Where(),
			UserUUID: c.UserUUID(), Dialect: c.Dialect()}
		if same {
			acct.SyncToken, acct.LastSyncMs = old.SyncToken, old.LastSyncMs
			if acct.UserUUID == "" {
				acct.UserUUID = old.UserUUID
			}
		} else if ok {
			// Another account: everything local goes up into the new one.
			if err := tx.MarkAllDirty(); err != nil {
				return err
			}
		}
		if setup != nil {
			if err := setup(tx); err != nil {
				return err
			}
		}
		return tx.SaveAccount(acct)
	})
}

// withOlderRoots is prev's 004 root keys, its own first, without next.
func withOlderRoots(prev Credentials, next sfcrypto.RootKey004) []sfcrypto.RootKey004 {
	all := prev.OlderRoots
	if prev.Root != nil {
		all = append([]sfcrypto.RootKey004{*prev.Root}, all...)
	}
	out := []sfcrypto.RootKey004{}
	for _, r := range all {
		if r.MasterKey != next.MasterKey && len(out) < maxPrevious {
			out = append(out, r)
		}
	}
	return out
}

// withPrevious is prev's key history with prev's own keys added in front,
// when they differ from next: the keys of every earlier password, newest
// first, bounded.
func withPrevious(prev Credentials, next sfcrypto.Keys) []sfcrypto.Keys {
	out := []sfcrypto.Keys{}
	for _, k := range append([]sfcrypto.Keys{prev.Keys}, prev.Previous...) {
		if k != next && k.MK != "" && len(out) < maxPrevious {
			out = append(out, k)
		}
	}
	return out
}

// Session returns a client with the stored token and the stored keys.
func (a *Accounts) Session() (*Client, sfcrypto.Keys, model.Account, error) {
	c, cred, acct, err := a.session()
	return c, cred.Keys, acct, err
}

func (a *Accounts) session() (*Client, Credentials, model.Account, error) {
	acct, ok, err := a.Store.Account()
	if err != nil {
		return nil, Credentials{}, acct, err
	}
	if !ok {
		return nil, Credentials{}, acct, ErrNotSignedIn
	}
	cred, err := a.Secrets.Load()
	if err != nil {
		return nil, Credentials{}, acct, fmt.Errorf("%w: %w", ErrAuthRequired, err)
	}
	c, err := NewClient(acct.Server, ClientOptions{HTTP: a.Options.HTTP, AllowInsecure: true}) // checked at sign-in
	if err != nil {
		return nil, Credentials{}, acct, err
	}
	c.SetSession(cred.Token, cred.Refresh)
	c.SetUserUUID(acct.UserUUID)
	c.SetDialect(acct.Dialect)
	if cred.Refresh != "" {
		// A renewed session is stored at once: the old refresh token is spent.
		c.OnSession = func(access, refresh string) {
			if cur, err := a.Secrets.Load(); err == nil {
				cur.Token, cur.Refresh = access, refresh
				_ = a.Secrets.Save(cur)
			}
		}
	}
	return c, cred, acct, nil
}

// SignOutRevoking ends a 2020 session (a 004 account) on the server, so
// that its tokens stop working there, then signs out here. The server's part
// is best effort, bounded by revokeTimeout: signing out works offline, and
// reports revoked false so the caller can say the session stays valid on the
// server until it expires. Accounts without such a session (003) have
// nothing to revoke.
func (a *Accounts) SignOutRevoking(ctx context.Context) (revoked bool, err error) {
	if c, cred, _, err := a.session(); err == nil && cred.Refresh != "" {
		rctx, cancel := context.WithTimeout(ctx, revokeTimeout)
		c.OnSession = nil // a renewal during the call must not be stored
		revoked = c.SignOut004(rctx) == nil
		cancel()
	}
	return revoked, a.SignOut()
}

// revokeTimeout bounds the server's part of a sign-out.
const revokeTimeout = 5 * time.Second

// HasSession reports whether the account has a 2020 session (one the
// server can end at sign-out).
func (a *Accounts) HasSession() bool {
	cred, err := a.Secrets.Load()
	return err == nil && cred.Refresh != ""
}

// SignOut forgets the account, its keys and all local data.
func (a *Accounts) SignOut() error {
	if err := a.Secrets.Clear(); err != nil && !errors.Is(err, ErrNoCredentials) {
		return err
	}
	return a.Store.SignOut()
}

// NewSyncer returns a Syncer for the signed-in account. It first settles a
// password change whose answer was lost (FinishPasswordChange), so that
// nothing is ever uploaded under keys the account may no longer have.
func (a *Accounts) NewSyncer(ctx context.Context) (*Syncer, error) {
	a.mu.Lock()
	err := a.finishPasswordChange(ctx)
	a.mu.Unlock()
	if err != nil {
		return nil, err
	}
	s, err := a.newSyncer()
	if err != nil {
		return nil, err
	}
	s.lock = &a.mu
	s.keyScan = &a.keyScan
	return s, nil
}

// newSyncer builds a Syncer from the stored session. Its guard stops it
// before any request once the account's params change or a password change
// starts (in this process or another one on the same data directory).
func (a *Accounts) newSyncer() (*Syncer, error) {
	c, cred, acct, err := a.session()
	if err != nil {
		return nil, err
	}
	var params sfcrypto.AuthParams
	if acct.AuthParams != "" {
		if err := json.Unmarshal([]byte(acct.AuthParams), &params); err != nil {
			return nil, fmt.Errorf("stored auth params: %w", err)
		}
	}
	s := &Syncer{Store: a.Store, Client: c, Keys: cred.Keys, Previous: cred.Previous, Email: acct.Email, Params: params,
		Root: cred.Root, OlderRoots: cred.OlderRoots}
	s.guard = func() error {
		now, ok, err := a.Store.Account()
		switch {
		case err != nil:
			return err
		case !ok:
			return ErrNotSignedIn
		case now.PendingParams != "" || now.AuthParams != acct.AuthParams:
			return ErrKeysChanged
		}
		return nil
	}
	return s, nil
}
