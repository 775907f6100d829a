package app

import (
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine"
)

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

var commands = map[string]command{
	"register": {flags: registerFlags, run: cmdRegister},
	"signin":   {flags: signInFlags, run: cmdSignIn},
	"signout":  {flags: boolFlag("force", "sign out even with changes not yet synced"), run: cmdSignOut},
	"passwd":   {run: cmdPasswd},
	"upgrade":  {run: cmdUpgrade},
	"sessions": {flags: sessionsFlags, run: cmdSessions},
	"sync":     {run: cmdSync},
	"status":   {flags: boolFlag("json", "print JSON"), run: cmdStatus, readOnly: true},
	"notes":    {flags: notesFlags, run: cmdNotes, readOnly: true},
	"show":     {flags: showFlags, run: cmdShow, args: 1, readOnly: true},
	"new":      {flags: noteFlags, run: cmdNew},
	"edit":     {flags: editFlags, run: cmdEdit, args: 1},
	"tag":      {run: cmdTag, args: 2, variadic: true},
	"untag":    {run: cmdUntag, args: 2, variadic: true},
	"rm":       {flags: boolFlag("forever", "delete forever instead of moving to the trash"), run: cmdRm, args: 1},
	"export":   {flags: boolFlag("encrypted", "write an encrypted backup"), run: cmdExport, args: 1, readOnly: true},
	"import":   {run: cmdImport, args: 1},
	"history":  {flags: boolFlag("json", "print JSON"), run: cmdHistory, args: 1, readOnly: true},
	"restore":  {run: cmdRestore, args: 1},
	// copy-plain is the way to edit a note whose text is not plain text.
	"copy-plain": {run: cmdCopyPlain, args: 1},
	"archive":    {run: setFlag(func(e *model.NoteEdit, v *bool) { e.Archived = v }, true), args: 1},
	"unarchive":  {run: setFlag(func(e *model.NoteEdit, v *bool) { e.Archived = v }, false), args: 1},
	"star":       {run: setFlag(func(e *model.NoteEdit, v *bool) { e.Starred = v }, true), args: 1},
	"unstar":     {run: setFlag(func(e *model.NoteEdit, v *bool) { e.Starred = v }, false), args: 1},
	"lock":       {run: setFlag(func(e *model.NoteEdit, v *bool) { e.Locked = v }, true), args: 1},
	"unlock":     {run: setFlag(func(e *model.NoteEdit, v *bool) { e.Locked = v }, false), args: 1},
	"protect":    {run: setFlag(func(e *model.NoteEdit, v *bool) { e.Protected = v }, true), args: 1},
	"unprotect":  {run: setFlag(func(e *model.NoteEdit, v *bool) { e.Protected = v }, false), args: 1},
}

func boolFlag(name, usage string) func(fs *flag.FlagSet) any {
	return func(fs *flag.FlagSet) any { return fs.Bool(name, false, usage) }
}

func (c *cmdCtx) flag() bool { return *(c.opts.(*bool)) }

type serverOpts struct {
	server, email, protocol, code *string
	legacy                        *bool
}

func serverFlags(fs *flag.FlagSet) any {
	return &serverOpts{server: fs.String("server", "", "server URL"), email: fs.String("email", "", "account email")}
}

func signInFlags(fs *flag.FlagSet) any {
	o := serverFlags(fs).(*serverOpts)
	o.legacy = fs.Bool("allow-legacy-protocol", false, "sign in to an account this device has not seen although the server offers protocol 001 or 002")
	o.code = fs.String("code", "", "two-factor authentication code, if the account has two-factor sign-in (or SFNOTES_2FA_CODE)")
	return o
}

func registerFlags(fs *flag.FlagSet) any {
	o := serverFlags(fs).(*serverOpts)
	o.protocol = fs.String("protocol", "", "encryption protocol of the new account: 004 (Argon2id, items keys) or 003; by default 004 where the server speaks it")
	return o
}

func (c *cmdCtx) serverArgs() (string, string, error) {
	o := c.opts.(*serverOpts)
	if *o.server == "" || *o.email == "" {
		return "", "", usageError("--server and --email are required")
	}
	return *o.server, *o.email, nil
}

func cmdRegister(c *cmdCtx) error {
	server, email, err := c.serverArgs()
	if err != nil {
		return err
	}
	if _, ok, _ := c.app.Store.Account(); ok {
		return fmt.Errorf("already signed in; sign out first")
	}
	pw, err := c.password("SFNOTES_PASSWORD", "New account password: ")
	if err != nil {
		return err
	}
	if pw == "" {
		return usageError("the password is empty")
	}
	p := *c.opts.(*serverOpts).protocol
	if p != "" && p != "003" && p != "004" {
		return usageError("--protocol is 003 or 004, not %q", p)
	}
	p, err = c.app.Accounts.Register(c.ctx, syncengine.RegisterOptions{Server: server, Email: email, Password: pw, Protocol: p})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.io.Out, "registered %s on %s (protocol %s); run `sfnotes sync` to upload your notes\n", termLine(email), termLine(server), p)
	return nil
}

func cmdSignIn(c *cmdCtx) error {
	server, email, err := c.serverArgs()
	if err != nil {
		return err
	}
	if acct, ok, _ := c.app.Store.Account(); ok {
		u, err := syncengine.ParseServerURL(server, true)
		if err == nil && !syncengine.SameAccount(acct.Server, acct.Email, u.String(), email) {
			return fmt.Errorf("signed in as %s on %s; sign out first", termLine(acct.Email), termLine(acct.Server))
		}
	}
	pw, err := c.password("SFNOTES_PASSWORD", "Password: ")
	if err != nil {
		return err
	}
	o := c.opts.(*serverOpts)
	err = c.app.Accounts.SignIn(c.ctx, syncengine.SignInOptions{Server: server, Email: email, Password: pw,
		AllowLegacyProtocol: *o.legacy, MFA: c.mfa(*o.code)})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.io.Out, "signed in as %s on %s (keys in the %s)\n", termLine(email), termLine(server), c.app.Accounts.Secrets.Where())
	// The first sync, as the window does after signing in.
	s, err := c.app.Accounts.NewSyncer(c.ctx)
	if err == nil {
		var r syncengine.Result
		if r, err = s.Sync(c.ctx); err == nil {
			fmt.Fprintf(c.io.Out, "synced: %s downloaded, %s uploaded\n", model.Thousands(r.Downloaded), model.Thousands(r.Uploaded))
			return nil
		}
		c.partialSync(r)
	}
	return fmt.Errorf("signed in, but the first sync failed (run `sfnotes sync`): %w", err)
}

func cmdSignOut(c *cmdCtx) error {
	n, err := c.app.Store.DirtyCount()
	if err != nil {
		return err
	}
	if _, ok, _ := c.app.Store.Account(); !ok {
		return syncengine.ErrNotSignedIn
	}
	if n > 0 && !c.flag() {
		return fmt.Errorf("%s not synced yet and would be lost: run `sfnotes sync`, or sign out with --force", changesText(n))
	}
	session := c.app.Accounts.HasSession()
	revoked, err := c.app.Accounts.SignOutRevoking(c.ctx)
	if err != nil {
		return err
	}
	switch {
	case revoked:
		fmt.Fprintln(c.io.Out, "signed out; local data and keys removed; the session was ended on the server")
	case session:
		fmt.Fprintln(c.io.Out, "signed out; local data and keys removed; the server could not be reached, so the session stays valid there until it expires")
	default:
		fmt.Fprintln(c.io.Out, "signed out; local data and keys removed")
	}
	return nil
}

func cmdPasswd(c *cmdCtx) error {
	if _, ok, err := c.app.Store.Account(); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("%w: sign in first (sfnotes signin); without an account there is no password to change", syncengine.ErrNotSignedIn)
		}
		return err
	}
	cur, err := c.password("SFNOTES_PASSWORD", "Current password: ")
	if err != nil {
		return err
	}
	next, err := c.password("SFNOTES_NEW_PASSWORD", "New password: ")
	if err != nil {
		return err
	}
	if next == "" {
		return usageError("the new password is empty")
	}
	if err := c.app.Accounts.ChangePassword(c.ctx, cur, next); err != nil {
		return err
	}
	s, err := c.app.Accounts.NewSyncer(c.ctx)
	if err != nil {
		return err
	}
	r, err := s.Sync(c.ctx)
	if err != nil {
		c.partialSync(r)
		return fmt.Errorf("password changed, but re-uploading failed (run sfnotes sync): %w", err)
	}
	fmt.Fprintf(c.io.Out, "password changed; %s items re-encrypted and uploaded\n", model.Thousands(r.Uploaded))
	return nil
}

// partialSync prints what a sync that then failed had done. A sync can
// upload and download before the server stops it: after a password change
// made elsewhere, the server may still take this device's pending edit,
// and only then does the sync learn that the keys changed. Without this
// line the failed sync said nothing of the upload, and the sign-in after it
// truthfully said "0 uploaded": the edit's upload was reported nowhere.
func (c *cmdCtx) partialSync(r syncengine.Result) {
	if r.Uploaded+r.Downloaded+r.Conflicts == 0 {
		return
	}
	fmt.Fprintf(c.io.Out, "before it stopped, the sync had uploaded %s, downloaded %s, made %s conflicted copies\n",
		model.Thousands(r.Uploaded), model.Thousands(r.Downloaded), model.Thousands(r.Conflicts))
}

func cmdSync(c *cmdCtx) error {
	s, err := c.app.Accounts.NewSyncer(c.ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	r, err := s.Sync(c.ctx)
	if err != nil {
		c.partialSync(r)
		return err
	}
	fmt.Fprintf(c.io.Out, "synced in %.1fs: %s uploaded, %s downloaded, %s conflicted copies, %s cannot be decrypted\n",
		time.Since(start).Seconds(), model.Thousands(r.Uploaded), model.Thousands(r.Downloaded),
		model.Thousands(r.Conflicts), model.Thousands(r.Undecryptable))
	return nil
}

// Status is what `status --json` prints.
type Status struct {
	SignedIn      bool   `json:"signed_in"`
	Email         string `json:"email"`
	Server        string `json:"server"`
	LastSync      string `json:"last_sync"`
	Dirty         int    `json:"dirty"`
	Conflicts     int    `json:"conflicts"`
	Undecryptable int    `json:"undecryptable"`
	Notes         int    `json:"notes"`
	Secrets       string `json:"secrets"`
	DataDir       string `json:"data_dir"`
}

func (a *App) status() (Status, error) {
	st := Status{DataDir: a.Store.Dir(), Secrets: a.Accounts.Secrets.Where()}
	acct, ok, err := a.Store.Account()
	if err != nil {
		return st, err
	}
	if ok {
		st.SignedIn, st.Email, st.Server = true, acct.Email, acct.Server
		if acct.LastSyncMs > 0 {
			st.LastSync = model.FormatTime(time.UnixMilli(acct.LastSyncMs))
		}
	}
	if st.Dirty, err = a.Store.DirtyCount(); err != nil {
		return st, err
	}
	if st.Conflicts, err = a.Store.ConflictCount(); err != nil {
		return st, err
	}
	if st.Undecryptable, err = a.Store.UndecryptableCount(); err != nil {
		return st, err
	}
	// Every note not in the trash, archived ones too, as before archiving
	// existed: the All notes view leaves those out.
	if st.Notes, err = a.Store.CountNotes(model.NoteQuery{}); err != nil {
		return st, err
	}
	archived, err := a.Store.CountNotes(model.NoteQuery{View: model.ViewArchived})
	st.Notes += archived
	return st, err
}

func cmdStatus(c *cmdCtx) error {
	st, err := c.app.status()
	if err != nil {
		return err
	}
	if c.flag() {
		return printJSON(c, st)
	}
	if st.SignedIn {
		last := st.LastSync
		if last == "" {
			last = "never"
		}
		fmt.Fprintf(c.io.Out, "signed in as %s on %s\nlast sync: %s\nkeys kept in: %s\n", termLine(st.Email), termLine(st.Server), last, st.Secrets)
	} else {
		fmt.Fprintln(c.io.Out, "not signed in: working offline")
	}
	fmt.Fprintf(c.io.Out, "notes: %s\nchanges not yet synced: %s\nconflicted copies: %s\ncannot be decrypted: %s\ndata: %s\n",
		model.Thousands(st.Notes), model.Thousands(st.Dirty), model.Thousands(st.Conflicts),
		model.Thousands(st.Undecryptable), termLine(st.DataDir))
	return nil
}

func printJSON(c *cmdCtx, v any) error {
	enc := json.NewEncoder(c.io.Out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// changesText is "1 change is" or "3 changes are".
func changesText(n int) string {
	if n == 1 {
		return "1 change is"
	}
	return model.Thousands(n) + " changes are"
}
