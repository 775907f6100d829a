package syncengine

import (
	"errors"
)

// ErrNotSignedIn: a sync was asked for with no account.
var ErrNotSignedIn = errors.New("not signed in")

// Kind classifies a failure for the UI: what to tell the user and whether to retry.
type Kind int

// Failure kinds.
const (
	KindNone      Kind = iota
	KindTransient      // offline, 5xx, timeouts: retry with backoff
	KindAuth           // sign in again
	KindLocked         // wait, then sign in
	KindFatal          // a refused request, a bad answer, a local failure: retry won't help by itself
)

// Classify maps an error to its Kind.
func Classify(err error) Kind {
	switch {
	case err == nil:
		return KindNone
	case errors.Is(err, ErrOffline), errors.Is(err, ErrKeysChanged), errors.Is(err, ErrPasswordChangeUnknown):
		return KindTransient
	case errors.Is(err, ErrAuthRequired), errors.Is(err, ErrNotSignedIn):
		return KindAuth
	case errors.Is(err, ErrLocked):
		return KindLocked
	default:
		return KindFatal
	}
}
