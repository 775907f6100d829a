package app

import (
	"errors"
	"fmt"

	"sfnotes/model"
	"sfnotes/syncengine"
	"sfnotes/syncengine/sfcrypto"
)

// errSignInOffline: the server could not be reached while signing in or
// registering, when there is nothing yet to keep or sync later.
var errSignInOffline = errors.New("cannot reach the server")

// signInError gives sign-in failures their own wording where the general one
// would mislead (an unreachable server has no changes of ours to keep yet).
func signInError(err error) error {
	if errors.Is(err, syncengine.ErrOffline) {
		return fmt.Errorf("%w: %w", errSignInOffline, err)
	}
	return err
}

// Message is the one place where errors become what a user reads, in the
// window and on the command line. The wrapped detail follows the sentence.
func Message(err error) string {
	if err == nil {
		return ""
	}
	lead := ""
	switch {
	case errors.Is(err, errSignInOffline):
		return "Cannot reach the server. Check its address and your connection; nothing was changed."
	case errors.Is(err, syncengine.ErrInsecure):
		lead = "Refusing to send your password over plain http to a server that is not on this machine. Use https, or allow plain http explicitly (the check box in the account form, or --allow-insecure)."
	case errors.Is(err, syncengine.ErrPasswordChangeUnknown):
		lead = "The server did not confirm the password change. sfnotes asks it at the next sync and finishes the change; until then nothing is uploaded."
	case errors.Is(err, syncengine.ErrKeysChanged):
		lead = "The account's keys changed while syncing; the sync stopped and starts again with the new keys."
	case errors.Is(err, syncengine.ErrWrongPassword):
		lead = "The current password is wrong; the password was not changed."
	case errors.Is(err, syncengine.ErrAuthRequired):
		lead = "The server did not accept your credentials. Sign in again (your notes are kept)."
	case errors.Is(err, syncengine.ErrLocked):
		lead = "Too many failed sign-ins: the server has locked the account for a while. Try again later."
	case errors.Is(err, syncengine.ErrOffline):
		lead = "Cannot reach the server; your changes are kept and will sync when it is back."
	case errors.Is(err, sfcrypto.ErrCostTooLow):
		lead = "The server asks for a key-derivation cost below the safe minimum; refusing to sign in."
	case errors.Is(err, syncengine.ErrNoAccount):
		lead = "No usable account for that email on this server."
	case errors.Is(err, syncengine.ErrBadResponse):
		lead = "The server's answer is not Standard File; nothing was changed."
	case errors.Is(err, syncengine.ErrNotSignedIn):
		lead = "Not signed in."
	case errors.Is(err, syncengine.ErrBackupPassword):
		lead = "That password does not decrypt this backup; nothing was imported."
	case errors.Is(err, syncengine.ErrBadBackup):
		lead = "This file is not a Standard File export, or it is damaged; nothing was imported."
	case errors.Is(err, model.ErrNotFound):
		lead = "No such note or tag."
	case errors.Is(err, model.ErrReadOnly):
		lead = "This item cannot be decrypted, so it is read-only."
	case errors.Is(err, syncengine.ErrRejected):
		lead = "The server refused the request."
	}
	if lead == "" {
		return err.Error()
	}
	return lead + " (" + err.Error() + ")"
}
