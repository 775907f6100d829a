package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"sfnotes/assets"
	"sfnotes/model"
	"sfnotes/syncengine"
	"sfnotes/ui"
)

// RunGUI shows the main window on fa and blocks until it closes; the sync
// engine runs beside it and stops with it.
func (a *App) RunGUI(fa fyne.App) error {
	fa.SetIcon(assets.Icon)
	g := a.newGUI(fa, syncengine.EngineConfig{})
	if a.window != nil {
		w := g.win.Window()
		a.window.OnRaise(func() { fyne.Do(func() { w.Show(); w.RequestFocus() }) })
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = g.engine.Run(ctx); close(done) }()
	go g.bridge(ctx)
	if p := os.Getenv("SFNOTES_PROBE"); p != "" {
		// Not stopped: it may be waiting on the UI loop when that ends, and
		// the process ends right after.
		_ = startProbe(p)
	}
	g.win.Window().ShowAndRun()
	// A long note's last keystrokes may still be on their way to the store.
	if !g.win.Flush(10 * time.Second) {
		fmt.Fprintln(os.Stderr, "sfnotes: the last edit could not be saved within 10 s")
	}
	cancel()
	<-done
	return nil
}

// gui is the window with the services it runs on.
type gui struct {
	app    *App
	engine *syncengine.Engine
	win    *ui.Window
	status ui.SyncStatus

	// The change log as far as the window has seen it (watchStore).
	mark model.ChangeMark
}

func (a *App) newGUI(fa fyne.App, cfg syncengine.EngineConfig) *gui {
	g := &gui{app: a, engine: syncengine.NewEngine(a.Accounts, cfg)}
	g.win = ui.New(fa, a.Store, g)
	g.status = g.initialStatus()
	g.win.SetSyncStatus(g.status)
	return g
}

func (g *gui) initialStatus() ui.SyncStatus {
	acct := g.Account()
	conflicts, _ := g.app.Store.CountNotes(model.NoteQuery{View: model.ViewConflicts})
	if !acct.SignedIn {
		return ui.SyncStatus{State: ui.StateNoAccount, Conflicts: conflicts}
	}
	return ui.SyncStatus{State: ui.StateIdle, At: acct.LastSync, Dirty: acct.Dirty, Conflicts: conflicts}
}

// bridge is the only path from the engine to the window: it reads events,
// reads what it needs from the store off the UI thread, and applies the
// result on the UI thread with fyne.Do. A ticker keeps the "retrying in"
// countdown and the count of unsynced changes current.
func (g *gui) bridge(ctx context.Context) {
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	watch := time.NewTicker(time.Second)
	defer watch.Stop()
	g.mark, _, _ = g.app.Store.ForeignChanges(0)
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-g.engine.Events():
			g.handle(&e)
		case <-tick.C:
			g.handle(nil)
		case <-watch.C:
			g.watchStore()
		}
	}
}

// watchStore polls the store's change log (two indexed reads) and shows
// what another process wrote to the same data directory: the command line,
// a second window. The window reads the store off the UI thread and holds
// the open note back while the user types.
func (g *gui) watchStore() {
	mark, foreign, err := g.app.Store.ForeignChanges(g.mark)
	if err != nil {
		return // a busy or closing database: the next poll tries again
	}
	g.mark = mark
	if foreign {
		fyne.Do(g.win.ExternalChange)
	}
}

// handle applies one engine event (nil: a tick) to the window.
func (g *gui) handle(ev *syncengine.Event) {
	dirty, _ := g.app.Store.DirtyCount()
	conflicts, _ := g.app.Store.CountNotes(model.NoteQuery{View: model.ViewConflicts})
	if ev != nil {
		g.status = statusFor(*ev, g.status, time.Now())
	}
	// Taken on every event and tick: a sync's changes are shown even if
	// its SyncDone event was lost, and once however many syncs made them.
	reload := g.engine.TakeChanged()
	if _, ok, _ := g.app.Store.Account(); !ok {
		g.status = ui.SyncStatus{State: ui.StateNoAccount}
	} else if g.status.State == ui.StateNoAccount {
		g.status = ui.SyncStatus{State: ui.StateIdle}
	}
	g.status.Dirty, g.status.Conflicts = dirty, conflicts
	s := g.status
	fyne.Do(func() {
		g.win.SetSyncStatus(s)
		if reload {
			// Like another writer's change: the open note is not replaced
			// under the cursor (its banner and the list tell of any copy).
			g.win.ExternalChange()
		}
	})
}

// statusFor maps an engine event onto the status line.
func statusFor(ev syncengine.Event, prev ui.SyncStatus, now time.Time) ui.SyncStatus {
	s := ui.SyncStatus{At: prev.At, Dirty: prev.Dirty}
	switch ev.Kind {
	case syncengine.SyncStarted:
		s.State = ui.StateSyncing
	case syncengine.SyncProgress:
		s.State, s.Done, s.Total = ui.StateSyncing, ev.Done, ev.Total
	case syncengine.SyncDone:
		s.State, s.At = ui.StateSynced, now
	case syncengine.AuthRequired:
		s.State = ui.StateAuth
	case syncengine.SyncFailed:
		if ev.ErrKind == syncengine.KindTransient {
			s.State, s.RetryAt = ui.StateOffline, ev.RetryAt
		} else {
			s.State, s.Message, s.RetryAt = ui.StateError, Message(ev.Err), ev.RetryAt
		}
	}
	return s
}

func (g *gui) Edited()  { g.engine.Edited() }
func (g *gui) SyncNow() { g.engine.SyncNow() }

func (g *gui) Account() ui.Account {
	acct, ok, err := g.app.Store.Account()
	if err != nil || !ok {
		return ui.Account{}
	}
	dirty, _ := g.app.Store.DirtyCount()
	out := ui.Account{SignedIn: true, Email: acct.Email, Server: acct.Server, Dirty: dirty,
		Secrets: g.app.Accounts.Secrets.Where(), Protocol: syncengine.ProtocolOf(acct)}
	if acct.LastSyncMs > 0 {
		out.LastSync = time.UnixMilli(acct.LastSyncMs)
	}
	return out
}

func (g *gui) Register(ctx context.Context, r ui.SignInRequest) error {
	_, err := g.app.Accounts.Register(ctx, syncengine.RegisterOptions{Server: r.Server, Email: r.Email, Password: r.Password,
		AllowInsecure: r.AllowInsecure})
	if errors.Is(err, syncengine.ErrAccountExists) {
		return fmt.Errorf("%w: %w", ui.ErrAlreadyRegistered, err)
	}
	return signInError(err)
}

func (g *gui) SignIn(ctx context.Context, r ui.SignInRequest) error {
	if acct, ok, _ := g.app.Store.Account(); ok {
		u, err := syncengine.ParseServerURL(r.Server, true)
		if err == nil && !syncengine.SameAccount(acct.Server, acct.Email, u.String(), r.Email) {
			return fmt.Errorf("signed in as %s on %s; sign out first", acct.Email, acct.Server)
		}
	}
	err := g.app.Accounts.SignIn(ctx, syncengine.SignInOptions{Server: r.Server, Email: r.Email, Password: r.Password,
		AllowInsecure: r.AllowInsecure, AllowLegacyProtocol: r.AllowLegacyProtocol, MFA: syncengine.MFA{Code: r.Code}})
	switch {
	case errors.Is(err, syncengine.ErrLegacyProtocol):
		return fmt.Errorf("%w: %w", ui.ErrAskLegacyProtocol, err)
	case errors.Is(err, syncengine.ErrMFARequired):
		return fmt.Errorf("%w: %w", ui.ErrAskCode, err)
	case errors.Is(err, syncengine.ErrMFAInvalid):
		return fmt.Errorf("%w: %w", ui.ErrCodeWrong, err)
	}
	return signInError(err)
}

// SignOut ends a 004 account's session on the server too (best effort, up
// to 5 s; signing out works offline).
func (g *gui) SignOut() error {
	_, err := g.app.Accounts.SignOutRevoking(context.Background())
	return err
}

func (g *gui) ChangePassword(ctx context.Context, current, next string) error {
	err := g.app.Accounts.ChangePassword(ctx, current, next)
	if errors.Is(err, syncengine.ErrPasswordChangeUnknown) {
		g.engine.SyncNow() // the engine settles it as soon as the server answers
	}
	return err
}

// Upgrade moves the account to 004; an unknown outcome is settled by the
// engine's next sync, as for a password change.
func (g *gui) Upgrade(ctx context.Context, password string) error {
	err := g.app.Accounts.Upgrade(ctx, password)
	if errors.Is(err, syncengine.ErrPasswordChangeUnknown) {
		g.engine.SyncNow()
	}
	return err
}

func (g *gui) Sessions(ctx context.Context) ([]ui.SessionInfo, error) {
	l, err := g.app.Accounts.Sessions(ctx)
	out := make([]ui.SessionInfo, 0, len(l))
	for _, s := range l {
		out = append(out, ui.SessionInfo{ID: s.UUID, Device: s.Device, Created: s.CreatedAt,
			LastUsed: s.UpdatedAt, Current: s.Current})
	}
	return out, err
}

func (g *gui) RevokeSession(ctx context.Context, id string) error {
	return g.app.Accounts.RevokeSession(ctx, id)
}

func (g *gui) RevokeOtherSessions(ctx context.Context) error {
	return g.app.Accounts.RevokeOtherSessions(ctx)
}

func (g *gui) ErrorText(err error) string { return Message(err) }

func (g *gui) CheckPassword(ctx context.Context, password string) error {
	return g.app.Accounts.CheckPassword(ctx, password)
}

// importJob adapts a parsed backup to the window.
type importJob struct {
	p  *syncengine.ParsedBackup
	st *model.Store
}

func (j importJob) Encrypted() bool { return j.p.Encrypted() }

func (j importJob) Run(password string) (string, error) {
	sum, err := j.p.Import(context.Background(), j.st, password)
	if err != nil {
		return "", err
	}
	return ImportText(sum), nil
}

func (g *gui) ParseImport(r io.Reader) (ui.ImportJob, error) {
	p, err := syncengine.ParseBackup(r)
	if err != nil {
		return nil, err
	}
	return importJob{p: p, st: g.app.Store}, nil
}

func (g *gui) Export(w io.Writer, encrypted bool) (string, error) {
	var sum syncengine.ExportSummary
	var err error
	if encrypted {
		sum, err = g.app.exportEncrypted(w)
	} else {
		sum, err = syncengine.ExportDecrypted(g.app.Store, w)
	}
	if err != nil {
		return "", err
	}
	text := fmt.Sprintf("Exported %s items.", model.Thousands(sum.Items))
	if sum.Skipped > 0 {
		text += fmt.Sprintf(" %s items that cannot be decrypted were left out.", model.Thousands(sum.Skipped))
	}
	return text, nil
}

// errNeedAccount: an encrypted backup is encrypted with the account's keys.
var errNeedAccount = errors.New("an encrypted backup needs an account: sign in first (Sync ▸ Account…)")
