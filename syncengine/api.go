package syncengine

import "sfnotes/syncengine/sfapi"

// The Standard File HTTP API is spoken by package sfapi (one file per server
// dialect); these names keep the engine's callers, and the window's, from
// depending on where the client lives.

type (
	// Client speaks to one server (sfapi.Client).
	Client = sfapi.Client
	// ClientOptions tune a Client.
	ClientOptions = sfapi.ClientOptions
	// WireItem is an item as it travels in a sync.
	WireItem = sfapi.WireItem
	// SyncRequest is one sync request's body.
	SyncRequest = sfapi.SyncRequest
	// SyncResponse is one sync answer.
	SyncResponse = sfapi.SyncResponse
	// ServerError is what a server said when it refused a request.
	ServerError = sfapi.ServerError
	// Session is one signed-in device of an account.
	Session = sfapi.Session
	// MFA is how a sign-in gets a two-factor code.
	MFA = sfapi.MFA
)

// Sentinel errors of the API client (see sfapi/errors.go).
var (
	ErrAuthRequired     = sfapi.ErrAuthRequired
	ErrLocked           = sfapi.ErrLocked
	ErrOffline          = sfapi.ErrOffline
	ErrBadResponse      = sfapi.ErrBadResponse
	ErrRejected         = sfapi.ErrRejected
	ErrNoAccount        = sfapi.ErrNoAccount
	ErrWrongCredentials = sfapi.ErrWrongCredentials
	ErrInsecure         = sfapi.ErrInsecure
	ErrRedirected       = sfapi.ErrRedirected
	ErrBadURL           = sfapi.ErrBadURL
	ErrAccountExists    = sfapi.ErrAccountExists
	ErrWrongUser        = sfapi.ErrWrongUser
	ErrMFARequired      = sfapi.ErrMFARequired
	ErrMFAInvalid       = sfapi.ErrMFAInvalid
	ErrMFAFailed        = sfapi.ErrMFAFailed
	ErrU2FUnsupported   = sfapi.ErrU2FUnsupported
	ErrCaptcha          = sfapi.ErrCaptcha
)

// Dialects and API versions.
const (
	DialectStandard = sfapi.DialectStandard
	DialectOfficial = sfapi.DialectOfficial
	APIVersion      = sfapi.APIVersion
	APIVersion2020  = sfapi.APIVersion2020
)

// NewClient checks the server URL and returns a client for it.
func NewClient(server string, opts ClientOptions) (*Client, error) {
	return sfapi.NewClient(server, opts)
}

// ParseServerURL validates a server URL.
var ParseServerURL = sfapi.ParseServerURL
