package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// A note the official app wrote with an editor whose text is not plain text
// (a Super note's Lexical JSON, a spreadsheet, the token vault) is never
// edited here: typing into its raw text would destroy it for the official
// app. The editor shows its readable text instead, selectable but read-only,
// and offers a plain-text copy to edit. Which types these are is the
// model's rule (model.TextEditable), shared with the command line.

// readableView shows a typed note's readable text: a selectable label, not a
// disabled Entry, so that it reads as text rather than greyed out.
type readableView struct {
	label  *widget.Label
	scroll *container.Scroll
}

func newReadableView() *readableView {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	return &readableView{label: l, scroll: container.NewVScroll(l)}
}

// showText shows n's text: in the editable body, or, for a note whose text
// is not plain text, its readable form read-only. Called with loading set.
func (e *editor) showText(n model.Note) {
	if e.protectedHidden(n) {
		e.long = nil
		e.slot.Objects = []fyne.CanvasObject{e.hidden}
		e.slot.Refresh()
		e.plain.Hide()
		return
	}
	// A locked note reads the same way: as text, not greyed out; a long one
	// in the paged body, disabled (a label took 7.6 s to show 5,000 lines).
	if (!n.TextEditable || n.Locked) && n.DecryptError == "" {
		if isLong(n.Readable) {
			if e.long == nil || e.slot.Objects[0] != e.long.scroll || e.long.Text() != n.Readable {
				e.setBody(n.Readable)
			}
		} else if e.slot.Objects[0] != e.reading.scroll || e.reading.label.Text != n.Readable {
			e.long = nil
			e.reading.label.SetText(n.Readable)
			e.reading.scroll.ScrollToTop()
			e.slot.Objects = []fyne.CanvasObject{e.reading.scroll}
			e.slot.Refresh()
		}
		if !n.TextEditable {
			e.plain.Show()
		} else {
			e.plain.Hide()
		}
		return
	}
	e.plain.Hide()
	shown := e.slot.Objects[0]
	if (shown != e.body && (e.long == nil || shown != e.long.scroll)) || e.bodyText() != n.Text || (e.long == nil) == isLong(n.Text) {
		e.setBody(n.Text)
	}
}

// typedReason explains why a note's text is read-only ("" when it is not).
func typedReason(n model.Note) string {
	if n.TextEditable {
		return ""
	}
	what := "a " + model.TypeName(n.NoteType) + " note"
	if n.NoteType == model.NoteTypeSuper {
		what = "a Super note (Standard Notes' rich editor)"
	}
	return "🔒 This is " + what + ". Its text is shown here read-only, so that it stays intact for the " +
		"Standard Notes app; the title, tags and pin can still change. To edit the text here, make a plain-text copy."
}

// copyAsPlain makes a plain-text copy of the open note and opens it.
func (e *editor) copyAsPlain() {
	if !e.loaded {
		return
	}
	n, err := e.w.notes.CopyAsPlain(e.note.UUID)
	if err != nil {
		e.w.showError(err)
		return
	}
	if e.w.query.View == model.ViewTrash || e.w.query.View == model.ViewPinned || e.w.query.View == model.ViewConflicts {
		e.w.query.View = model.ViewAll // where the copy is listed
	}
	e.w.query.Search = ""
	e.w.noteList.search.SetText("")
	e.w.selected = n.UUID
	e.changed(nil)
}
