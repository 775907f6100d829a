// Package ui is sfnotes' Fyne window: a tag sidebar, a note list and an
// editor, with an account dialog, a status line, menus, import and export.
//
// It depends only on Fyne and the model's types, and reaches everything else
// through the two small interfaces declared here: Notes (the store) and
// Services (account, sync, import and export, implemented in app/). So it
// never imports GORM, net/http or the sync engine, and because it does not
// import fyne.io/fyne/v2/app, its tests run headless without cgo.
//
// Threading: every method of Window must run on the Fyne goroutine. Work that
// may block (key derivation, network, import) runs in a goroutine and comes
// back with fyne.Do. The app feeds engine events in through SetSyncStatus.
package ui

import (
	"context"
	"io"
	"time"

	"sfnotes/model"
)

// Notes is what the window needs from the store. *model.Store implements it.
type Notes interface {
	// Dir is the data directory: the window's remembered state (size,
	// panes, view, sort, selection) is kept per data directory.
	Dir() string
	ListNotes(q model.NoteQuery) ([]model.NoteSummary, error)
	GetNote(uuid string) (model.Note, error)
	CreateNote(title, text string, tagUUIDs ...string) (model.Note, error)
	EditNote(uuid string, e model.NoteEdit) error
	// CopyAsPlain makes an editable plain-text copy of a note whose text is
	// not plain text (a Super note).
	CopyAsPlain(uuid string) (model.Note, error)
	DeleteForever(uuid string) error
	ListTags() ([]model.TagSummary, error)
	CreateTag(title string) (model.TagSummary, error)
	RenameTag(uuid, title string) error
	DeleteTag(uuid string) error
	MergeTags(into, from string) error
	SetTagShowArchived(tag string, on bool) error
	AddTag(note, tag string) error
	RemoveTag(note, tag string) error
	ViewCounts() (model.Counts, error)
	History(note string) ([]model.Revision, error)
	RestoreRevision(id int64) (string, error)
	// ResolveConflict ends a conflict; the rule lives in the model.
	ResolveConflict(copyUUID string, how model.ConflictChoice) (string, error)
}

// Account is what the window shows of the account.
type Account struct {
	SignedIn bool
	Email    string
	Server   string
	LastSync time.Time
	Dirty    int
	Secrets  string // where the keys are kept
	Protocol string // the account's protocol version: "004", "003", ...
}

// SessionInfo is one signed-in device of a 004 account.
type SessionInfo struct {
	ID      string
	Device  string // as the device named itself ("sfnotes (linux; amd64)")
	Created time.Time
	// LastUsed is when the session was last used (the server's
	// updated_at); zero when the server does not say.
	LastUsed time.Time
	Current  bool // this device
}

// ImportJob is an import file read and checked, not yet applied.
type ImportJob interface {
	Encrypted() bool
	// Run applies it and returns a summary for the user.
	Run(password string) (string, error)
}

// Services is what the window needs beyond the store: sync, the account,
// import and export. The app implements it over the sync engine.
type Services interface {
	Edited()
	SyncNow()
	Account() Account
	Register(ctx context.Context, r SignInRequest) error
	SignIn(ctx context.Context, r SignInRequest) error
	SignOut() error
	ChangePassword(ctx context.Context, current, next string) error
	// Upgrade moves a 003 account to protocol 004 with the same password.
	Upgrade(ctx context.Context, password string) error
	// Sessions lists a 004 account's sessions; RevokeSession and
	// RevokeOtherSessions end them.
	Sessions(ctx context.Context) ([]SessionInfo, error)
	RevokeSession(ctx context.Context, id string) error
	RevokeOtherSessions(ctx context.Context) error
	ParseImport(r io.Reader) (ImportJob, error)
	Export(w io.Writer, encrypted bool) (string, error)
	// CheckPassword reports whether password is the account's (before a
	// protected note is shown).
	CheckPassword(ctx context.Context, password string) error
	// ErrorText turns an error into what the user reads.
	ErrorText(err error) string
}
