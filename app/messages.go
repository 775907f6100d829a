package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

// leads maps each sentinel to the sentence a user reads, in order of
// precedence (the first that matches wins).
var leads = []struct {
	err  error
	lead string
}{
	{context.Canceled, "Interrupted; nothing more was done."},
	{syncengine.ErrBadURL, "The server address needs https:// in front, for example https://sync.example.com; nothing was sent."},
	{syncengine.ErrAccountExists, "An account with that email already exists on this server: sign in instead (sfnotes signin, or Sign in in the account form)."},
	{syncengine.ErrInsecure, "Refusing to send your password over plain http to a server that is not on this machine. Use https, or allow plain http explicitly (the check box in the account form, or --allow-insecure)."},
	{syncengine.ErrRedirected, "The server redirects to another address. sfnotes does not follow a redirect that changes the address or would send your credentials again; if the new address is right, use it as the server."},
	{syncengine.ErrPasswordChangeUnknown, "The server did not confirm the password change. sfnotes asks it at the next sync and finishes the change; until then nothing is uploaded."},
	{syncengine.ErrKeysChanged, "The account's keys changed while syncing; the sync stopped and starts again with the new keys."},
	{syncengine.ErrWrongPassword, "The current password is wrong; nothing was changed."},
	{syncengine.ErrNoSessions, "This account has no sessions to list: only protocol 004 accounts have them (sfnotes upgrade makes it one)."},
	{syncengine.ErrAlready004, "This account already uses protocol 004; there is nothing to upgrade."},
	{syncengine.ErrItemsKeyHidden, "The server has notes encrypted with an items key it does not send. sfnotes keeps waiting for that key (it retries) instead of making a second one; your new changes stay on this device until then."},
	{syncengine.ErrMFAFailed, "Wrong email, password or two-factor code; nothing was changed."},
	{syncengine.ErrMFAInvalid, "That two-factor code is wrong, or was used already. Wait for the next one and try again."},
	{syncengine.ErrMFARequired, "The server asks for a two-factor code. If this account has two-factor sign-in, give the code from your authenticator app (in the window's code field; on the command line, --code or SFNOTES_2FA_CODE, or type it when asked); if it has not, check the email and password."},
	{syncengine.ErrU2FUnsupported, "The server asks for a hardware security key (U2F/WebAuthn), which sfnotes does not support yet. If this account uses one, sign in with the official app or turn the key off there; if it does not, check the email and password."},
	{syncengine.ErrCaptcha, "Too many failed sign-ins: the server wants a captcha solved. Sign in once with the official app or web app (which can show it), then try again here."},
	{syncengine.ErrWrongCredentials, "Wrong email or password; nothing was changed."},
	{syncengine.ErrAuthRequired, "The server did not accept your credentials. Sign in again (your notes are kept)."},
	{syncengine.ErrLocked, "Too many failed sign-ins: the server has locked the account for a while. Try again later."},
	{syncengine.ErrOffline, "Cannot reach the server; your changes are kept and will sync when it is back."},
	{syncengine.ErrWeakerKeys, "The server offered weaker keys than this account uses on this device; it may be hostile. Nothing was sent."},
	{syncengine.ErrLegacyProtocol, "The server offers this account as encryption protocol 001 or 002 (2016). Real accounts that old exist, but a hostile server can offer these to anyone to make the password far cheaper to guess. Nothing was sent; sign in only if you know the account is that old (the window asks; on the command line, --allow-legacy-protocol)."},
	{sfcrypto.ErrCostTooLow, "The server asks for a key-derivation cost below the safe minimum; refusing to sign in."},
	{sfcrypto.ErrCostTooHigh, "These account parameters ask for a key-derivation cost far above any real account's; refusing rather than computing for hours."},
	{syncengine.ErrNoAccount, "Wrong email or password, or no account for that email on this server."},
	{syncengine.ErrWrongUser, "The server's answer names another account than yours; nothing was stored. The server may be misconfigured or hostile."},
	{syncengine.ErrBadResponse, "The server's answer is not Standard File; nothing was changed."},
	{syncengine.ErrNotSignedIn, "Not signed in."},
	{syncengine.ErrBackupDamaged, "This backup is damaged: the password is right (it opens the backup's keys), but none of its notes and tags decrypt; nothing was imported."},
	{syncengine.ErrBackupPassword, "That password does not decrypt this backup; nothing was imported."},
	{syncengine.ErrBadBackup, "This file is not a Standard File export, or it is damaged; nothing was imported."},
	{model.ErrNoVersion, "No such version in this device's history (see sfnotes history UUID)."},
	{model.ErrNotFound, "No such note or tag."},
	{model.ErrNotPlainText, "This note's text is not plain text (a Super note, say): editing it here would destroy it for the Standard Notes app, so nothing was changed. Make an editable plain-text copy instead: sfnotes copy-plain UUID (Make a plain-text copy in the window)."},
	{model.ErrLocked, "This note is locked against editing (Prevent editing); nothing was changed. Unlock it first (sfnotes unlock UUID, or Unlock in the window), or give edit --force."},
	{model.ErrReadOnly, "This item cannot be decrypted, so it is read-only."},
	{syncengine.ErrRejected, "The server refused the request."},
	{model.ErrDBReadOnly, "The data directory or its database cannot be written (a read-only file system or file?); nothing was changed. Commands that only read (notes, show, status, export) still work."},
	{model.ErrDBFull, "The disk is full; nothing was changed."},
	{model.ErrDBBusy, "The database is busy: another sfnotes is writing to it. Try again."},
	{model.ErrDBDamaged, "The database file is damaged, or it is not an sfnotes database."},
	{model.ErrDB, "The local database failed; nothing was changed."},
}

// Message is the one place where errors become what a user reads, in the
// window and on the command line: a sentence for the kind of failure, then
// the detail in parentheses, without the sentence's own words again.
func Message(err error) string {
	if err == nil {
		return ""
	}
	switch {
	case errors.Is(err, errSignInOffline):
		return "Cannot reach the server. Check its address and your connection; nothing was changed."
	case errors.Is(err, context.Canceled):
		return leads[0].lead // where it was stopped is no news to whoever stopped it
	}
	kind := err
	if p := model.DatabaseProblem(err); p != nil && !errors.Is(err, p) {
		kind = &wrapped{p, err} // a raw SQLite error, classified
	}
	for _, l := range leads {
		if errors.Is(kind, l.err) {
			if d := detail(err.Error(), l.err.Error()); d != "" {
				return l.lead + " (" + d + ")"
			}
			return l.lead
		}
	}
	return err.Error()
}

// wrapped is err classified as kind.
type wrapped struct{ kind, err error }

func (w *wrapped) Error() string   { return w.err.Error() }
func (w *wrapped) Unwrap() []error { return []error{w.kind, w.err} }

// detail is an error's text without the sentinel's own words ("sign in: the
// server refused the request: HTTP 400: …" becomes "sign in: HTTP 400: …").
func detail(text, sentinel string) string {
	text = strings.ReplaceAll(text, sentinel+": ", "")
	text = strings.TrimSuffix(text, ": "+sentinel)
	if text == sentinel {
		return ""
	}
	return text
}
