package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// historyView lists the open note's earlier versions on this device (kept
// by the store: after a pause in editing, before a sync or the command line
// replaced the text, before a restore). One is shown whole; restoring it is
// an ordinary edit that syncs, and keeps the text it replaces in the
// history, so a restore can be undone by restoring again.
type historyView struct {
	w       *Window
	note    model.Note
	revs    []model.Revision
	current int            // the version shown (-1: none)
	changes map[int]string // changeAfter, worked out once per version

	d       dialog.Dialog
	list    *escapeList
	shown   *widget.Label
	about   *widget.Label
	restore *widget.Button
}

// openHistory shows the open note's history.
func (w *Window) openHistory() {
	if !w.editor.loaded || w.editor.note.DecryptError != "" {
		return
	}
	revs, err := w.notes.History(w.editor.note.UUID)
	if err != nil {
		w.showError(err)
		return
	}
	note := w.editor.note
	if n, err := w.notes.GetNote(note.UUID); err == nil {
		note = n // the text as stored, which the newest version is compared with
	}
	v := &historyView{w: w, note: note, revs: revs, current: -1}
	v.build()
	w.history = v
}

func (v *historyView) build() {
	w := v.w
	now := w.now()
	v.list = newEscapeList(func() {
		if v.d != nil {
			v.d.Hide()
		}
	},
		func() int { return len(v.revs) },
		func() fyne.CanvasObject {
			when := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			when.Truncation = fyne.TextTruncateEllipsis
			prev := widget.NewLabel("")
			prev.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(when, prev)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			rows := o.(*fyne.Container).Objects
			when, what := v.historyLines(i, now)
			rows[0].(*widget.Label).SetText(when)
			rows[1].(*widget.Label).SetText(what)
		})
	v.list.OnSelected = v.show
	v.shown = widget.NewLabel("")
	v.shown.Wrapping = fyne.TextWrapWord
	v.about = widget.NewLabel("")
	v.about.Wrapping = fyne.TextWrapWord
	v.restore = widget.NewButton("Restore this version", v.restoreShown)
	v.restore.Importance = widget.HighImportance
	v.restore.Disable()
	closeBtn := widget.NewButton("Close", func() { v.d.Hide(); w.history = nil })
	var body fyne.CanvasObject
	if len(v.revs) == 0 {
		empty := widget.NewLabel("No earlier versions of this note on this device yet. A version is kept when you " +
			"come back to the note after a pause, every 15 minutes of writing, and before a sync, the command " +
			"line or a restore replaces its text.")
		empty.Wrapping = fyne.TextWrapWord
		body = container.NewBorder(empty, container.NewCenter(closeBtn), nil, nil)
	} else {
		split := container.NewHSplit(v.list, container.NewBorder(v.about, nil, nil, nil, container.NewVScroll(v.shown)))
		split.Offset = 0.32
		body = container.NewBorder(nil, container.NewCenter(container.NewHBox(closeBtn, v.restore)), nil, nil, split)
	}
	v.d = dialog.NewCustomWithoutButtons("History of “"+orUntitled(v.note.Title)+"”", body, w.win)
	size := w.win.Canvas().Size()
	v.d.Resize(fyne.NewSize(size.Width*0.9, size.Height*0.88))
	w.keysClose(v.d, false) // Escape closes
	v.d.Show()
	if len(v.revs) > 0 {
		v.list.Select(0)
		w.win.Canvas().Focus(v.list)
	}
}

// historyLines are a version's two list lines: when it was written, to the
// second, and its size; then what changed from it to the next newer version
// (the note as it is, for the newest), why it was kept and how it starts. So
// versions kept moments apart for the same reason read differently.
func (v *historyView) historyLines(i int, now time.Time) (string, string) {
	r := v.revs[i]
	text := model.ReadableText(v.note.NoteType, r.Text)
	return historyTime(time.UnixMilli(r.ModifiedMs), now) + " · " + countOf(utf8.RuneCountInString(text), "char"),
		"then " + v.changeAfter(i) + " · " + revisionPreview(r, v.note.NoteType)
}

// changeAfter is historyChange from version i to the next newer one,
// worked out once per version (a row is drawn again as the list scrolls).
func (v *historyView) changeAfter(i int) string {
	if c, ok := v.changes[i]; ok {
		return c
	}
	r := v.revs[i]
	newerTitle, newer := v.note.Title, v.note.Text
	if i > 0 {
		newerTitle, newer = v.revs[i-1].Title, v.revs[i-1].Text
	}
	c := historyChange(r.Title, model.ReadableText(v.note.NoteType, r.Text),
		newerTitle, model.ReadableText(v.note.NoteType, newer))
	if v.changes == nil {
		v.changes = map[int]string{}
	}
	v.changes[i] = c
	return c
}

// revisionPreview is a version's list line: why it was kept, and its start
// (a Super note's versions read as text, not as their Lexical JSON).
func revisionPreview(r model.Revision, noteType string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(model.ReadableText(noteType, r.Text)), "\n")
	if first == "" {
		first = orUntitled(r.Title)
	}
	if len(first) > 80 {
		first = first[:80]
	}
	return r.Reason + " · " + first
}

// show displays one version whole.
func (v *historyView) show(i widget.ListItemID) {
	if i < 0 || i >= len(v.revs) {
		return
	}
	v.current = i
	r := v.revs[i]
	now := v.w.now()
	v.about.SetText(fmt.Sprintf("“%s” as it was %s, kept %s %s; the next version: %s. Restoring it makes it "+
		"the note's text again; the text it replaces stays in this history.", orUntitled(r.Title),
		historyTime(time.UnixMilli(r.ModifiedMs), now), historyTime(time.UnixMilli(r.SavedMs), now), r.Reason,
		v.changeAfter(i)))
	v.shown.SetText(model.ReadableText(v.note.NoteType, r.Text))
	v.restore.Enable()
}

// restoreShown makes the shown version the note's text.
func (v *historyView) restoreShown() {
	if v.current < 0 {
		return
	}
	uuid, err := v.w.notes.RestoreRevision(v.revs[v.current].ID)
	if err != nil {
		v.w.showError(err)
		return
	}
	v.d.Hide()
	v.w.history = nil
	v.w.selected = uuid
	v.w.svc.Edited()
	v.w.Reload()
}
