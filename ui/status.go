package ui

import (
	"fmt"
	"time"

	"sfnotes/model"
)

// SyncState is where sync stands.
type SyncState int

// Sync states.
const (
	StateNoAccount SyncState = iota // working offline, no account
	StateIdle                       // signed in, nothing happened yet
	StateSyncing
	StateSynced
	StateOffline // cannot reach the server; retrying
	StateAuth    // sign in again
	StateError   // another failure
)

// SyncStatus is what the status line shows. The app builds it from engine
// events and the store's counts.
type SyncStatus struct {
	State   SyncState
	Done    int
	Total   int
	At      time.Time // last successful sync
	RetryAt time.Time
	Dirty   int // changes not yet synced
	// Conflicts counts the conflicted copies to review (the sidebar's
	// Conflicts view); shown whatever the sync state.
	Conflicts int
	Message   string
}

// StatusText is the status line's sentence for s at now.
func StatusText(s SyncStatus, now time.Time) string {
	var text string
	switch s.State {
	case StateNoAccount:
		text = "Working offline (no account)"
	case StateSyncing:
		text = "Syncing…"
		if s.Total > 0 {
			text = fmt.Sprintf("Syncing… %s of %s", model.Thousands(min(s.Done, s.Total)), model.Thousands(s.Total))
		}
	case StateSynced, StateIdle:
		text = "Not synced yet"
		if !s.At.IsZero() {
			text = "Synced at " + s.At.Local().Format("15:04")
			if now.Sub(s.At) > 24*time.Hour {
				text = "Synced on " + s.At.Local().Format("Jan 2 15:04")
			}
		}
	case StateOffline:
		text = "Cannot reach the server"
		if !s.RetryAt.IsZero() {
			text += fmt.Sprintf(", retrying in %s", roundWait(s.RetryAt.Sub(now)))
		}
	case StateAuth:
		text = "Sign in again to sync (Sync ▸ Account…)"
	case StateError:
		text = "Sync failed: " + s.Message
	}
	if s.Dirty > 0 && s.State != StateNoAccount {
		text += fmt.Sprintf(" · %s change%s not yet synced", model.Thousands(s.Dirty), plural(s.Dirty))
	}
	if s.Conflicts == 1 {
		text += " · 1 conflicted copy to review"
	} else if s.Conflicts > 1 {
		text += fmt.Sprintf(" · %s conflicted copies to review", model.Thousands(s.Conflicts))
	}
	return text
}

func roundWait(d time.Duration) string {
	if d < time.Second {
		return "a moment"
	}
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()+0.5))
	}
	return fmt.Sprintf("%dm", int(d.Minutes()+0.5))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
