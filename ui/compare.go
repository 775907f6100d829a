package ui

import (
	"errors"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// Resolving a conflict never destroys text, and whatever is kept stays under
// the original note (its uuid, created date, tags, links and History): the
// rule is model.ResolveConflict, which this view and the editor's banner
// call. A version given up goes to the Trash, where Restore brings it back.
// "Keep right" writes the copy's text into the original as an edit; "Keep
// both" renames the copy so the two can be told apart. Merging writes the
// merged text into the original note and puts both earlier versions in the
// Trash.

// compareView shows a conflicted copy beside its original, line by line,
// with the lines that differ highlighted, and the ways to resolve it.
type compareView struct {
	w          *Window
	orig, copy model.Note
	rows       []diffRow
	heights    []float32 // each row's height as last set (comparewrap.go)
	newList    func() *widget.List
	rowsBox    *fyne.Container // holds list
	list       *widget.List
	summary    *widget.Label
	d          dialog.Dialog
	keepLeft   *widget.Button
	keepRight  *widget.Button
	keepBoth   *widget.Button
	merge      *widget.Button

	// The merge dialog's fields (for tests).
	mergeTitle, mergeText *widget.Entry
	mergeSave             *widget.Button
}

// openCompare opens the comparison of a conflicted copy with its original.
func (w *Window) openCompare(copyUUID string) {
	cp, err := w.notes.GetNote(copyUUID)
	if err != nil {
		w.showError(err)
		return
	}
	orig, err := w.notes.GetNote(cp.ConflictOf)
	if err != nil {
		w.showError(fmt.Errorf("the original of this copy no longer exists, so there is nothing to compare: %w", err))
		return
	}
	v := &compareView{w: w, orig: orig, copy: cp, rows: sideBySide(orig.Text, cp.Text)}
	v.build()
	w.compare = v
}

// copyOf is a listed conflicted copy of the note uuid, if any.
func (w *Window) copyOf(uuid string) string {
	for _, n := range w.list {
		if n.ConflictOf == uuid {
			return n.UUID
		}
	}
	return ""
}

// changedColor tints a changed line: the theme's error colour for the left
// (original) side, its success colour for the right, faint enough to read
// text over in both themes.
func changedColor(name fyne.ThemeColorName) color.Color {
	r, g, b, _ := theme.Color(name).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x40}
}

func (v *compareView) build() {
	w := v.w
	cell := func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord // a paragraph is one line: every difference must show
		return container.NewStack(canvas.NewRectangle(color.Transparent), l)
	}
	v.newList = func() *widget.List {
		return widget.NewList(
			func() int { return len(v.rows) },
			func() fyne.CanvasObject { return container.NewGridWithColumns(2, cell(), cell()) },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				r := v.rows[i]
				cols := o.(*fyne.Container).Objects
				v.fill(cols[0].(*fyne.Container), r.Left, r.Changed && r.HasLeft, r.Changed, theme.ColorNameError)
				v.fill(cols[1].(*fyne.Container), r.Right, r.Changed && r.HasRight, r.Changed, theme.ColorNameSuccess)
			})
	}
	v.list = v.newList()
	now := w.now()
	head := func(kind string, n model.Note) fyne.CanvasObject {
		t := widget.NewLabelWithStyle(orUntitled(n.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		t.Truncation = fyne.TextTruncateEllipsis
		m := widget.NewLabel(kind + " · modified " + friendlyTime(time.UnixMilli(n.ModifiedMs), now))
		m.Truncation = fyne.TextTruncateEllipsis
		return container.NewVBox(t, m)
	}
	heads := container.NewGridWithColumns(2, head("Original", v.orig), head("Conflicted copy", v.copy))
	v.summary = widget.NewLabel(v.summaryText())
	v.summary.Wrapping = fyne.TextWrapWord
	v.keepLeft = widget.NewButton("Keep left", func() { v.resolve(v.keepOriginal) })
	v.keepRight = widget.NewButton("Keep right", func() { v.resolve(v.keepCopy) })
	v.keepBoth = widget.NewButton("Keep both", func() { v.resolve(v.keepBothNotes) })
	v.merge = widget.NewButton("Merge…", v.openMerge)
	v.merge.Importance = widget.HighImportance
	closeBtn := widget.NewButton("Close", func() { v.d.Hide() })
	buttons := container.NewHBox(v.keepLeft, v.keepRight, v.keepBoth, v.merge, closeBtn)
	top := container.NewVBox(v.summary, heads, widget.NewSeparator())
	v.rowsBox = container.New(&widthWatch{onWidth: v.fitRows}, v.list)
	body := container.NewBorder(top, container.NewCenter(buttons), nil, nil, v.rowsBox)
	v.d = dialog.NewCustomWithoutButtons("Compare versions", body, w.win)
	size := w.win.Canvas().Size()
	v.d.Resize(fyne.NewSize(size.Width*0.92, size.Height*0.88))
	w.keysClose(v.d, false) // Escape closes
	v.d.Show()
}

// fill draws one side of a row.
func (v *compareView) fill(c *fyne.Container, text string, tinted, changed bool, tint fyne.ThemeColorName) {
	bg := c.Objects[0].(*canvas.Rectangle)
	l := c.Objects[1].(*widget.Label)
	if tinted {
		bg.FillColor = changedColor(tint)
	} else {
		bg.FillColor = color.Transparent
	}
	bg.Refresh()
	l.TextStyle.Italic = changed && text == "" && !tinted
	if changed && !tinted {
		text = "" // nothing on this side
	}
	l.SetText(text)
}

func (v *compareView) summaryText() string {
	n := changedCount(v.rows)
	var s string
	switch {
	case n == 0 && v.orig.Title == v.copy.Title:
		s = "The two versions have the same text."
	case n == 0:
		s = "The texts are the same; only the titles differ."
	case n == 1:
		s = "1 line differs (highlighted)."
	default:
		s = fmt.Sprintf("%s lines differ (highlighted).", model.Thousands(n))
	}
	return s + " Left: the original note. Right: the copy made when both were changed. " +
		"Whatever you give up goes to the Trash, where Restore brings it back."
}

// resolve applies a choice and closes the view.
func (v *compareView) resolve(fn func() error) {
	if err := fn(); err != nil {
		v.w.showError(err)
		return
	}
	v.d.Hide()
	v.w.compare = nil
	v.w.svc.Edited()
	v.w.Reload()
}

// trashVersion sends a version to the Trash as an ordinary note.
func (v *compareView) trashVersion(uuid string) error {
	yes := true
	return v.w.notes.EditNote(uuid, model.NoteEdit{Trashed: &yes, ClearConflict: true})
}

// choose applies a choice by the model's rule (model.ResolveConflict) and
// opens the note it keeps.
func (v *compareView) choose(how model.ConflictChoice) error {
	show, err := v.w.notes.ResolveConflict(v.copy.UUID, how)
	if err == nil {
		v.w.selected = show
	}
	return err
}

func (v *compareView) keepOriginal() error  { return v.choose(model.KeepOriginal) }
func (v *compareView) keepCopy() error      { return v.choose(model.KeepCopy) }
func (v *compareView) keepBothNotes() error { return v.choose(model.KeepBoth) }

// openMerge edits a merged text, starting from both versions' lines.
func (v *compareView) openMerge() {
	title := widget.NewEntry()
	title.SetText(v.orig.Title)
	if v.copy.Title != v.orig.Title && v.orig.Title == "" {
		title.SetText(v.copy.Title)
	}
	text := widget.NewMultiLineEntry()
	text.Wrapping = fyne.TextWrapWord
	text.SetText(mergedDraft(v.rows))
	hint := widget.NewLabel("Both versions' lines are here: delete what you do not want. The original note gets " +
		"this text; both earlier versions go to the Trash.")
	hint.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	save := &widget.Button{Text: "Save merged note", Importance: widget.HighImportance, OnTapped: func() {
		t, body := title.Text, text.Text
		v.resolve(func() error { return v.saveMerged(t, body) })
		d.Hide()
	}}
	cancel := widget.NewButton("Back", func() { d.Hide() })
	content := container.NewBorder(container.NewVBox(hint, title), container.NewCenter(container.NewHBox(cancel, save)),
		nil, nil, text)
	d = dialog.NewCustomWithoutButtons("Merge", content, v.w.win)
	size := v.w.win.Canvas().Size()
	d.Resize(fyne.NewSize(size.Width*0.8, size.Height*0.8))
	d.Show()
	v.w.win.Canvas().Focus(text)
	v.mergeTitle, v.mergeText, v.mergeSave = title, text, save
}

// saveMerged writes the merged text into the original and keeps both earlier
// versions in the Trash: the copy as it is, the original's text as a new
// trashed note.
func (v *compareView) saveMerged(title, text string) error {
	if title == v.orig.Title && text == v.orig.Text {
		return v.keepOriginal()
	}
	before, err := v.w.notes.CreateNote(orUntitled(v.orig.Title)+" (before the merge)", v.orig.Text)
	if err != nil {
		return err
	}
	if err := v.trashVersion(before.UUID); err != nil {
		return errors.Join(err, v.w.notes.DeleteForever(before.UUID))
	}
	if err := v.w.notes.EditNote(v.orig.UUID, model.NoteEdit{Title: &title, Text: &text}); err != nil {
		return err
	}
	v.w.selected = v.orig.UUID
	return v.trashVersion(v.copy.UUID)
}
