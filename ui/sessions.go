package ui

import (
	"context"
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// sessionsDialog lists a 004 account's sessions (one per signed-in device)
// and ends the ones the user picks. The list is read and every change sent
// off the UI thread (busy); the dialog is rebuilt from a fresh list after
// each change, so it never shows a session that is gone.
func (w *Window) sessionsDialog() {
	var list []SessionInfo
	w.busy("Sessions", "Asking the server for this account's sessions…", func() error {
		var err error
		list, err = w.svc.Sessions(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			w.showError(err)
			return
		}
		w.showSessions(list)
	})
}

func (w *Window) showSessions(list []SessionInfo) {
	// This device first, then the newest.
	list = slices.Clone(list)
	slices.SortStableFunc(list, func(a, b SessionInfo) int {
		if a.Current != b.Current {
			if a.Current {
				return -1
			}
			return 1
		}
		return b.Created.Compare(a.Created)
	})
	var d dialog.Dialog
	rows := container.NewVBox()
	others := 0
	now := w.now()
	for _, s := range list {
		s := s
		label := widget.NewLabel(sessionText(s, now))
		label.Wrapping = fyne.TextWrapWord
		var end fyne.CanvasObject = widget.NewLabelWithStyle("this device", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		if !s.Current {
			others++
			end = widget.NewButton("End", func() {
				w.confirmKeys("End this session?", fmt.Sprintf("%s (signed in %s) will be signed out and stop "+
					"syncing until someone signs in there again.", s.Device, sessionTime(s.Created, now)),
					"End session", "Cancel", func(ok bool) {
						if !ok {
							return
						}
						d.Hide()
						w.changeSessions("Ending the session…", func(ctx context.Context) error { return w.svc.RevokeSession(ctx, s.ID) })
					})
			})
		}
		rows.Add(container.NewBorder(nil, nil, nil, end, label))
	}
	intro := widget.NewLabel("Each device signed in to this account has a session. Ending one signs that device out: " +
		"it stops syncing until someone signs in there again.")
	intro.Wrapping = fyne.TextWrapWord
	all := widget.NewButton("Sign out all other devices", func() {
		w.confirmKeys("Sign out all other devices?", fmt.Sprintf("%s other session%s will end; only this device "+
			"stays signed in.", model.Thousands(others), plural(others)), "Sign them out", "Cancel", func(ok bool) {
			if !ok {
				return
			}
			d.Hide()
			w.changeSessions("Ending the other sessions…", w.svc.RevokeOtherSessions)
		})
	})
	if others == 0 {
		all.Disable()
	}
	closeB := widget.NewButton("Close", func() { d.Hide() })
	body := container.NewBorder(intro, container.NewHBox(all, closeB), nil, nil, container.NewVScroll(rows))
	d = dialog.NewCustomWithoutButtons("Sessions ("+model.Thousands(len(list))+")", body, w.win)
	size := w.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(560, size.Width-20), min(420, size.Height-20)))
	d.Show()
	w.sessionsShown = d
}

// changeSessions sends one change, then shows the list again.
func (w *Window) changeSessions(msg string, fn func(context.Context) error) {
	w.busy("Sessions", msg, func() error { return fn(context.Background()) }, func(err error) {
		if err != nil {
			w.showError(err)
			return
		}
		w.sessionsDialog()
	})
}

// sessionText is a session's line: the device as it named itself, when it
// signed in and when it was last used, so that sessions with the same name
// can be told apart (this device is marked beside it).
func sessionText(s SessionInfo, now time.Time) string {
	name := s.Device
	if name == "" {
		name = "Unnamed device"
	}
	text := name + "\nsigned in " + sessionTime(s.Created, now)
	if !s.LastUsed.IsZero() && s.LastUsed.Unix() > 0 {
		text += " · last used " + sessionTime(s.LastUsed, now)
	}
	return text
}

// sessionTime is friendlyTime with the time of day in every year.
func sessionTime(t, now time.Time) string {
	if t.IsZero() || t.Unix() <= 0 {
		return "(unknown)"
	}
	if t.Local().Year() != now.Local().Year() {
		return t.Local().Format("Jan 2, 2006 15:04")
	}
	return friendlyTime(t, now)
}
