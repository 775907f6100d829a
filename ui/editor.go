package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

type editor struct {
	w       *Window
	note    model.Note
	loaded  bool
	loading bool      // SetText from code: do not save
	typedAt time.Time // the last edit typed here
	saver   saver     // saves a long note off the UI thread (saver.go)
	find    *findBar  // find and replace in the note (findbar.go)
	// bodyUndo, bodyRedo: replacements in body, undone as one step (findbar.go).
	bodyUndo, bodyRedo []wholeEdit

	title   *titleEntry
	body    *noteEntry      // takes F3 (findkeys.go)
	long    *pagedBody      // a long note's text, paged (nil: body shows the text)
	reading *readableView   // a typed note's text, read-only (typednote.go)
	slot    *fyne.Container // holds body, long or reading
	chips   *fyne.Container
	addTag  *widget.SelectEntry
	offered []string // the existing tags the drop-down offers
	pin     *widget.Button
	trash   *widget.Button
	forever *widget.Button
	history *widget.Button
	plain   *widget.Button    // Make a plain-text copy (typednote.go)
	star    *widget.Button    // noteflags.go
	more    *widget.Button    // Archive, Prevent editing (noteflags.go)
	unlock  *widget.Button    // shown on a locked note
	hidden  fyne.CanvasObject // in place of a protected note's text (noteflags.go)
	reveal  *widget.Button    // Show note, on a protected note
	times   *widget.Label
	banner  *fyne.Container
	reason  *widget.Label
	empty   fyne.CanvasObject
	content *fyne.Container
	root    *fyne.Container
}

func newEditor(w *Window) *editor {
	e := &editor{w: w}
	e.title = newTitleEntry(e.focusBody, func() { e.focus(e.w.noteList.list) })
	e.title.SetPlaceHolder("Title")
	e.title.TextStyle = fyne.TextStyle{Bold: true}
	e.title.OnChanged = func(s string) { e.save(model.NoteEdit{Title: &s}) }
	e.body = newNoteEntry(func(back bool) { e.findAgain(back) })
	e.body.SetPlaceHolder("Write here…")
	e.body.Wrapping = fyne.TextWrapWord
	e.body.OnChanged = func(s string) { e.save(model.NoteEdit{Text: &s}) }

	e.chips = container.NewHBox()
	e.addTag = widget.NewSelectEntry(nil)
	e.addTag.SetPlaceHolder("Add tag…")
	e.addTag.OnSubmitted = e.tagNote
	e.addTag.OnChanged = func(s string) {
		// Picking an offered tag from the drop-down adds it at once.
		for _, o := range e.offered {
			if o == s && !e.loading {
				e.tagNote(s)
				return
			}
		}
	}
	e.pin = widget.NewButtonWithIcon("Pin", pinIcon, e.togglePin)
	e.trash = widget.NewButtonWithIcon("Move to trash", theme.DeleteIcon(), e.toggleTrash)
	e.forever = widget.NewButtonWithIcon("Delete forever", theme.CancelIcon(), e.deleteForever)
	e.forever.Importance = widget.DangerImportance
	e.history = widget.NewButtonWithIcon("History", theme.HistoryIcon(), func() { e.w.openHistory() })
	e.plain = widget.NewButtonWithIcon("Make a plain-text copy", theme.ContentCopyIcon(), e.copyAsPlain)
	e.plain.Importance = widget.HighImportance
	e.plain.Hide()
	e.reading = newReadableView()
	e.newFlagButtons()
	e.times = widget.NewLabel("")
	e.reason = widget.NewLabel("")
	e.reason.Wrapping = fyne.TextWrapWord
	e.banner = container.NewVBox()

	tagRow := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(170, e.addTag.MinSize().Height), e.addTag),
		container.NewHScroll(e.chips))
	// The times and counts sit under the text, the width of the editor:
	// beside the buttons, at 1000 pixels they were cut to "Created …".
	e.times.Truncation = fyne.TextTruncateEllipsis
	e.times.Alignment = fyne.TextAlignTrailing
	actions := container.NewHBox(e.pin, e.star, e.more, e.trash, e.history, e.forever)
	// The way out of a read-only note sits beside the reason it is read-only.
	reasonRow := container.NewBorder(nil, nil, nil, container.NewVBox(e.unlock, e.plain), e.reason)
	e.find = newFindBar(e)
	top := container.NewVBox(e.banner, e.title, tagRow, actions, reasonRow, e.find.root)
	e.slot = container.NewStack(e.body)
	e.content = container.NewBorder(top, e.times, nil, nil, e.slot)
	hint := widget.NewLabel("Select a note, or press Ctrl+N to write a new one.")
	hint.Alignment = fyne.TextAlignCenter
	e.empty = container.NewCenter(hint)
	e.root = container.NewStack(e.empty)
	return e
}

// focusBody moves the keyboard to the note's text.
func (e *editor) focusBody() {
	if e.long != nil {
		e.long.Focus()
		return
	}
	e.focus(e.body)
}

// bodyText is the note's text as the editor shows it.
func (e *editor) bodyText() string {
	if e.long != nil {
		return e.long.Text()
	}
	return e.body.Text
}

// setBody shows text: in the Entry, or paged when it is long (pagedbody.go).
// Called with loading set, so nothing is saved.
func (e *editor) setBody(text string) {
	if !isLong(text) {
		if e.slot.Objects[0] != e.body {
			e.long = nil
			e.slot.Objects = []fyne.CanvasObject{e.body}
			e.slot.Refresh()
		}
		if e.body.Text != text {
			e.body.SetText(text)
		}
		return
	}
	canvas := func() fyne.Canvas { return fyne.CurrentApp().Driver().CanvasForObject(e.title) }
	e.long = newPagedBody(text, e.body.Wrapping, canvas, e.saveInBackground)
	e.long.onF3 = e.findAgain
	e.slot.Objects = []fyne.CanvasObject{e.long.scroll}
	e.slot.Refresh()
}

func (e *editor) focus(o fyne.Focusable) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(e.title); c != nil {
		c.Focus(o)
	}
}

// load shows a note ("" shows the empty hint).
func (e *editor) load(uuid string) {
	e.flush() // the previous note's last keystrokes first
	if uuid == "" {
		e.loaded = false
		e.root.Objects = []fyne.CanvasObject{e.empty}
		e.root.Refresh()
		return
	}
	n, err := e.w.notes.GetNote(uuid)
	if err != nil {
		e.load("")
		return
	}
	e.show(n)
}

// typingPause is how long after a keystroke the editor counts as in use:
// another writer's version replaces the text on screen only after it.
const typingPause = 2 * time.Second

// typing reports whether the user typed in the open note just now.
func (e *editor) typing() bool {
	if e.saving() {
		return true // its own text is still on its way to the store
	}
	return e.loaded && !e.typedAt.IsZero() && e.w.now().Sub(e.typedAt) < typingPause
}

// refreshFromStore reloads the open note if the store changed under it (a
// sync brought a new version); the typed text is in the store already.
func (e *editor) refreshFromStore() {
	if !e.loaded || e.w.selected != e.note.UUID {
		e.load(e.w.selected)
		return
	}
	n, err := e.w.notes.GetNote(e.note.UUID)
	e.refreshWith(n, err)
}

// refreshWith shows n, read from the store for the open note, if it differs
// from what is shown (err: the note is gone).
func (e *editor) refreshWith(n model.Note, err error) {
	if !e.loaded || e.w.selected != e.note.UUID {
		e.load(e.w.selected)
		return
	}
	if err != nil {
		e.w.selected = ""
		e.load("")
		return
	}
	if n.Content != e.note.Content || len(n.Tags) != len(e.note.Tags) {
		e.show(n)
		return
	}
	e.showBanner() // a conflicted copy of this note may have just appeared
}

func (e *editor) show(n model.Note) {
	e.loading = true
	defer func() { e.loading = false }()
	if n.UUID != e.note.UUID {
		e.bodyUndo, e.bodyRedo = nil, nil
	}
	e.note, e.loaded = n, true
	if e.title.Text != n.Title {
		e.title.SetText(n.Title)
	}
	e.showText(n)
	readOnly := n.DecryptError != ""
	for _, x := range []interface {
		Enable()
		Disable()
	}{e.title, e.body, e.addTag, e.pin, e.trash, e.plain, e.star, e.more} {
		if readOnly {
			x.Disable()
		} else {
			x.Enable()
		}
	}
	// A note in the Trash is read-only until restored: text typed there
	// was saved into a note the user had thrown away (issue 18).
	if n.Trashed {
		setEnabled(false, e.title, e.addTag, e.pin)
	}
	textReadOnly := readOnly || n.Trashed || !n.TextEditable || n.Locked
	if textReadOnly {
		e.body.Disable() // not shown either (typednote.go): belt and braces
	}
	if e.long != nil {
		e.long.SetEnabled(!textReadOnly)
	}
	e.history.Enable()
	if e.protectedHidden(n) {
		e.hideProtected()
	}
	if n.Locked {
		e.title.Disable()
	}
	e.showReason(n)
	e.showChips()
	e.showActions()
	e.showBanner()
	e.find.noteShown()
	e.root.Objects = []fyne.CanvasObject{e.content}
	e.root.Refresh()
}

// readOnly reports whether the open note may not be edited: it cannot be
// decrypted, or it is in the Trash. Its fields are disabled too, but Fyne
// 2.8.1's Entry still pastes into itself when disabled: nothing of that is
// saved.
func (e *editor) readOnly() bool { return e.note.DecryptError != "" || e.note.Trashed }

// setEnabled enables or disables widgets.
func setEnabled(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

func (e *editor) showChips() {
	e.chips.Objects = nil
	for _, t := range e.note.Tags {
		tag := t
		chip := widget.NewButtonWithIcon(tag.Title, theme.CancelIcon(), func() { e.untag(tag.UUID) })
		chip.Importance = widget.LowImportance
		chip.IconPlacement = widget.ButtonIconTrailingText
		if e.note.DecryptError != "" || e.note.Trashed {
			chip.Disable()
		}
		e.chips.Add(chip)
	}
	e.chips.Refresh()
	e.offerTags(e.w.sidebar.tags)
	e.addTag.SetText("")
}

// offerTags offers the tags the open note does not have, from the tags the
// sidebar last read: asking the store here made opening a note wait ~90 ms on
// the UI thread at 10,000 notes (a profile of the real window in use).
func (e *editor) offerTags(tags []model.TagSummary) {
	have := map[string]bool{}
	for _, t := range e.note.Tags {
		have[t.UUID] = true
	}
	var offer []string
	for _, t := range tags {
		if !have[t.UUID] {
			offer = append(offer, t.Title)
		}
	}
	e.offered = offer
	e.addTag.SetOptions(offer)
}

func (e *editor) showActions() {
	if e.note.Pinned {
		e.pin.SetText("Unpin")
	} else {
		e.pin.SetText("Pin")
	}
	if e.note.Trashed {
		e.trash.SetText("Restore")
		e.trash.SetIcon(theme.ContentUndoIcon())
		e.forever.Show()
	} else {
		e.trash.SetText("Move to trash")
		e.trash.SetIcon(theme.DeleteIcon())
		e.forever.Hide()
	}
	if e.note.DecryptError != "" {
		e.forever.Show()
	}
	e.showTimes()
}

// showTimes shows when the note was created and last modified, and how many
// words and characters its text has; it follows the typing.
func (e *editor) showTimes() {
	now := e.w.now()
	words, chars := wordsAndChars(e.countedText())
	e.times.SetText(fmt.Sprintf("%s words · %s characters · Created %s · Modified %s", model.Thousands(words), model.Thousands(chars),
		friendlyTime(time.UnixMilli(e.note.CreatedMs), now), friendlyTime(time.UnixMilli(e.note.ModifiedMs), now)))
}

func orUntitled(s string) string {
	if strings.TrimSpace(s) == "" {
		return "Untitled"
	}
	return s
}

// save writes an edit as it is typed; the list row follows.
func (e *editor) save(edit model.NoteEdit) {
	if e.loading || !e.loaded || e.readOnly() || (edit.Text != nil && !e.note.TextEditable) ||
		(e.note.Locked && (edit.Text != nil || edit.Title != nil)) {
		return
	}
	// The edit is based on what the editor shows: if another writer (the
	// command line, another window, a sync) changed the same field meanwhile,
	// the store keeps their version as a conflicted copy (ErrKeptBoth).
	edit.Base = e.note.Content
	e.typedAt = e.w.now()
	err := e.w.notes.EditNote(e.note.UUID, edit)
	keptBoth := errors.Is(err, model.ErrKeptBoth)
	if err != nil && !keptBoth {
		e.w.showError(err)
		return
	}
	n, err := e.w.notes.GetNote(e.note.UUID)
	if err != nil {
		return
	}
	// A field another writer changed (and this edit did not touch) shows its
	// new text, so that the next edit is based on what is on screen.
	e.loading = true
	if edit.Title == nil && e.title.Text != n.Title {
		e.title.SetText(n.Title)
	}
	if edit.Text == nil {
		e.showText(n)
	}
	e.loading = false
	e.note = n
	e.showTimes()
	e.w.noteChanged(n)
	if keptBoth {
		e.w.Reload() // the copy appears in the list and the banner above the note
		e.showBanner()
	}
}

func (e *editor) focusTitle() { e.w.win.Canvas().Focus(e.title) }

// changed saves a change made by a button and reloads around it.
func (e *editor) changed(err error) {
	if err != nil {
		e.w.showError(err)
		return
	}
	e.w.svc.Edited()
	e.w.Reload()
}

func (e *editor) tagNote(name string) {
	name = strings.TrimSpace(name)
	if name == "" || !e.loaded {
		return
	}
	t, err := e.w.notes.CreateTag(name)
	if err == nil {
		err = e.w.notes.AddTag(e.note.UUID, t.UUID)
	}
	e.changed(err)
}

func (e *editor) untag(tag string) { e.changed(e.w.notes.RemoveTag(e.note.UUID, tag)) }

func (e *editor) togglePin() {
	v := !e.note.Pinned
	e.changed(e.w.notes.EditNote(e.note.UUID, model.NoteEdit{Pinned: &v}))
}

func (e *editor) toggleTrash() {
	if e.note.Locked && !e.note.Trashed {
		e.confirmTrashLocked()
		return
	}
	e.moveToTrash()
}

// moveToTrash moves the open note to the trash, or out of it.
func (e *editor) moveToTrash() {
	v := !e.note.Trashed
	err := e.w.notes.EditNote(e.note.UUID, model.NoteEdit{Trashed: &v})
	if err == nil && e.w.query.View != model.ViewTrash && v {
		e.w.selected = ""
	}
	e.changed(err)
}

// deleteNote is Edit ▸ Delete note: to the trash, or, from the trash, forever.
func (e *editor) deleteNote() {
	if !e.loaded {
		return
	}
	if e.note.Trashed || e.note.DecryptError != "" {
		e.deleteForever()
		return
	}
	e.toggleTrash()
}

func (e *editor) deleteForever() {
	uuid := e.note.UUID
	e.w.confirmKeys("Delete forever", "Delete “"+orUntitled(e.note.Title)+"” forever, on every device? This cannot be undone.",
		"Delete forever", "Cancel", func(ok bool) {
			if !ok {
				return
			}
			e.w.selected = ""
			e.changed(e.w.notes.DeleteForever(uuid))
		})
}

// keepThis keeps the conflicted copy's version, keepOther the original's,
// keepBoth both: by the rule in the model (model.ResolveConflict), the same
// as the Compare view's choices. What is kept stays under the original note.
func (e *editor) keepThis()  { e.resolve(model.KeepCopy) }
func (e *editor) keepOther() { e.resolve(model.KeepOriginal) }
func (e *editor) keepBoth()  { e.resolve(model.KeepBoth) }

func (e *editor) resolve(how model.ConflictChoice) {
	show, err := e.w.notes.ResolveConflict(e.note.UUID, how)
	if err == nil {
		e.w.selected = show
	}
	e.changed(err)
}

func isNotFound(err error) bool { return errors.Is(err, model.ErrNotFound) }
