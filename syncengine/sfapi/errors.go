package sfapi

import (
	"errors"
	"fmt"
)

// Sentinel errors callers branch on. Every error the client and the engine
// return wraps exactly one of them (errors.Is), and Classify maps it to a Kind.
var (
	// ErrAuthRequired: the server refused our token or credentials (401).
	// Keep all local data; ask the user to sign in again.
	ErrAuthRequired = errors.New("sign in again")
	// ErrLocked: too many failed sign-ins; the server locked the account for a while (423).
	ErrLocked = errors.New("account locked for a while after too many failed sign-ins")
	// ErrOffline: the server cannot be reached, timed out or failed (5xx). Retry later.
	ErrOffline = errors.New("cannot reach the server")
	// ErrBadResponse: the server answered something that is not the protocol.
	ErrBadResponse = errors.New("the server sent an answer that is not Standard File")
	// ErrRejected: the server refused the request (other 4xx) with a message.
	ErrRejected = errors.New("the server refused the request")
	// ErrNoAccount: no account for that email, or one of a protocol version we cannot use.
	ErrNoAccount = errors.New("no usable account for that email on this server")
	// ErrWrongCredentials: the server refused a sign-in: a wrong password, or
	// an email it does not know (servers make the two look alike on purpose).
	ErrWrongCredentials = errors.New("wrong email or password")
	// ErrInsecure: plain http to a host that is not loopback, without explicit permission.
	ErrInsecure = errors.New("refusing plain http to a non-loopback server")
	// ErrRedirected: the server answered with a redirect we do not follow (to
	// another scheme or host, or one that would re-send credentials).
	ErrRedirected = errors.New("the server redirected the request")
	// ErrBadURL: the server address is not an http(s) URL; nothing was sent.
	ErrBadURL = errors.New("the server address is not a URL")
	// ErrAccountExists: registering an email the server already has.
	ErrAccountExists = errors.New("an account with that email already exists on this server")
)

// ServerError carries what the server said. It unwraps to its Kind's sentinel.
type ServerError struct {
	Status  int
	Message string
	Tag     string
	// MFAKey is the field a two-factor code goes in (an mfa-required answer).
	MFAKey string
	// Captcha: the server wants a captcha solved before more sign-ins.
	Captcha bool
	kind    error
}

// Error is the status and what the server said; the kind is left to
// errors.Is (a user's message names it once, in its own words).
func (e *ServerError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	return fmt.Sprintf("HTTP %d: %s", e.Status, msg)
}

// Unwrap returns the sentinel for the status.
func (e *ServerError) Unwrap() error { return e.kind }
