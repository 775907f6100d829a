package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// The flags the official app keeps on a note, in the editor: Star (the
// Starred view), Archive (the note leaves every view but Archived and the
// Trash) and Prevent editing (locked: title and text cannot change, the
// trash asks first). Star is a button; Archive and Prevent editing sit
// behind a "More" menu, so the action row still fits an 800-pixel window.
// The store writes each where the official app reads it.

func (e *editor) newFlagButtons() {
	e.star = widget.NewButtonWithIcon("Star", starIcon, e.toggleStar)
	e.more = widget.NewButtonWithIcon("", theme.MoreHorizontalIcon(), e.showMore)
	e.unlock = widget.NewButtonWithIcon("Unlock", lockIcon, e.toggleLock)
	e.unlock.Importance = widget.HighImportance
	e.unlock.Hide()
	e.reveal = widget.NewButtonWithIcon("Show note", theme.VisibilityIcon(), e.confirmReveal)
	e.reveal.Importance = widget.HighImportance
	msg := widget.NewLabel("🔒 This note is protected: its text is hidden until you show it.")
	msg.Wrapping = fyne.TextWrapWord
	e.hidden = container.NewVBox(msg, container.NewHBox(e.reveal))
}

// protectedHidden reports whether n's text is hidden: it is protected
// (the official app's "Password protect") and the user has not yet
// confirmed in this window that protected notes may be shown.
func (e *editor) protectedHidden(n model.Note) bool {
	return n.Protected && !e.w.revealed && n.DecryptError == ""
}

// hideProtected keeps a hidden protected note from being changed or acted
// on before it is shown; only its title (listed anyway) stays readable.
func (e *editor) hideProtected() {
	for _, x := range []interface{ Disable() }{e.title, e.body, e.addTag, e.pin, e.star, e.more, e.trash, e.history} {
		x.Disable()
	}
}

// confirmReveal asks once per window before protected notes are shown: for
// the account password when signed in, as the official app does (checked
// against the stored keys, off the UI thread), else for a confirmation,
// which keeps the text from a glance at the screen only.
func (e *editor) confirmReveal() {
	if e.w.svc.Account().SignedIn {
		e.askPassword()
		return
	}
	e.w.confirmKeys("Show protected notes", "Protected notes stay hidden until you confirm. Show them until sfnotes is closed?",
		"Show", "Cancel", func(ok bool) {
			if !ok {
				return
			}
			e.w.revealed = true
			e.show(e.note)
		})
}

// showFlags labels the flag buttons for the open note.
func (e *editor) showFlags() {
	e.star.SetText("Star")
	if e.note.Starred {
		e.star.SetText("Unstar")
	}
	e.unlock.Hide()
	if e.note.Locked && e.note.DecryptError == "" && !e.protectedHidden(e.note) {
		e.unlock.Show()
	}
}

// moreItems are the actions of the More menu for the open note.
func (e *editor) moreItems() []*fyne.MenuItem {
	archive := fyne.NewMenuItem("Archive", e.toggleArchive)
	archive.Icon = archiveIcon
	if e.note.Archived {
		archive.Label = "Unarchive"
	}
	lock := fyne.NewMenuItem("Prevent editing", e.toggleLock)
	lock.Icon = lockIcon
	if e.note.Locked {
		lock.Label = "Allow editing"
	}
	protect := fyne.NewMenuItem("Protect", e.toggleProtect)
	protect.Icon = theme.VisibilityOffIcon()
	if e.note.Protected {
		protect.Label = "Unprotect"
	}
	return []*fyne.MenuItem{archive, lock, protect}
}

func (e *editor) showMore() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e.more)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e.more).Add(fyne.NewPos(0, e.more.Size().Height))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", e.moreItems()...), c, pos)
}

func (e *editor) toggleStar() {
	v := !e.note.Starred
	e.changed(e.w.notes.EditNote(e.note.UUID, model.NoteEdit{Starred: &v}))
}

func (e *editor) toggleArchive() {
	v := !e.note.Archived
	e.changed(e.w.notes.EditNote(e.note.UUID, model.NoteEdit{Archived: &v}))
}

func (e *editor) toggleProtect() {
	v := !e.note.Protected
	e.changed(e.w.notes.EditNote(e.note.UUID, model.NoteEdit{Protected: &v}))
}

func (e *editor) toggleLock() {
	v := !e.note.Locked
	e.changed(e.w.notes.EditNote(e.note.UUID, model.NoteEdit{Locked: &v}))
}

// confirmTrashLocked asks before a locked note goes to the trash.
func (e *editor) confirmTrashLocked() {
	e.w.confirmKeys("Move to trash", "“"+orUntitled(e.note.Title)+"” is locked against editing. Move it to the trash anyway?",
		"Move to trash", "Cancel", func(ok bool) {
			if ok {
				e.moveToTrash()
			}
		})
}

// askPassword asks for the account password and shows protected notes
// once it is right.
func (e *editor) askPassword() {
	w := e.w
	pw := newEscPassword()
	d := dialog.NewForm("Show protected notes", "Show", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Account password", pw)}, func(ok bool) {
		if !ok {
			return
		}
		p := pw.Text
		w.busy("Show protected notes", "Checking the password…", func() error {
			return w.svc.CheckPassword(context.Background(), p)
		}, func(err error) {
			if err != nil {
				w.showError(err)
				return
			}
			w.revealed = true
			e.show(e.note)
		})
	}, w.win)
	pw.OnSubmitted = func(string) { d.Submit() }
	pw.onEscape = d.Hide
	d.Resize(fyne.NewSize(min(420, w.win.Canvas().Size().Width-20), 0))
	d.Show()
	w.win.Canvas().Focus(pw)
}

// showReason says why the open note (or part of it) is read-only.
func (e *editor) showReason(n model.Note) {
	var why []string
	if n.DecryptError != "" {
		why = append(why, "🔒 This note cannot be decrypted: "+n.DecryptError+
			". It is kept exactly as the server sent it and is read-only.")
	} else {
		if n.Trashed {
			why = append(why, "This note is in the Trash and cannot be edited. Restore it to edit it.")
		}
		if n.Locked {
			why = append(why, "🔒 Editing is prevented for this note (here or in Standard Notes): its title and text cannot change until you unlock it.")
		}
		if t := typedReason(n); t != "" {
			why = append(why, t)
		}
	}
	e.reason.SetText(strings.Join(why, "\n"))
	if len(why) == 0 {
		e.reason.Hide()
	} else {
		e.reason.Show()
	}
	e.showFlags()
}

// noteMenu is the main menu's Note menu: the open note's flags and its
// plain-text copy, for the keyboard and for those who look there first.
func (e *editor) noteMenu() *fyne.Menu {
	act := func(fn func()) func() {
		return func() {
			if e.loaded && e.note.DecryptError == "" && !e.protectedHidden(e.note) {
				fn()
			}
		}
	}
	plain := func() {
		if !e.note.TextEditable {
			e.copyAsPlain()
		}
	}
	return fyne.NewMenu("Note",
		fyne.NewMenuItem("Star / Unstar", act(e.toggleStar)),
		fyne.NewMenuItem("Archive / Unarchive", act(e.toggleArchive)),
		fyne.NewMenuItem("Prevent editing / Allow editing", act(e.toggleLock)),
		fyne.NewMenuItem("Protect / Unprotect", act(e.toggleProtect)),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Make a plain-text copy", act(plain)))
}
