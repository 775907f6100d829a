package ui

import (
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

// confirmReveal asks once per window before protected notes are shown. The
// official app asks for the account password (or a passcode) here; sfnotes
// asks for a confirmation: it keeps the text from a glance at the screen,
// not from someone who can run the program on this account.
func (e *editor) confirmReveal() {
	dialog.ShowConfirm("Show protected notes", "Protected notes stay hidden until you confirm. Show them until sfnotes is closed?",
		func(ok bool) {
			if !ok {
				return
			}
			e.w.revealed = true
			e.show(e.note)
		}, e.w.win)
}

// showFlags labels the flag buttons for the open note.
func (e *editor) showFlags() {
	e.star.SetText("Star")
	if e.note.Starred {
		e.star.SetText("Unstar")
	}
	e.unlock.Hide()
	if e.note.Locked && e.note.DecryptError == "" {
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
	dialog.ShowConfirm("Move to trash", "“"+orUntitled(e.note.Title)+"” is locked against editing. Move it to the trash anyway?",
		func(ok bool) {
			if ok {
				e.moveToTrash()
			}
		}, e.w.win)
}

// showReason says why the open note (or part of it) is read-only.
func (e *editor) showReason(n model.Note) {
	var why []string
	if n.DecryptError != "" {
		why = append(why, "🔒 This note cannot be decrypted: "+n.DecryptError+
			". It is kept exactly as the server sent it and is read-only.")
	} else {
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
