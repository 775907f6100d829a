package ui

import (
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// A tag's view leaves archived notes out unless the tag asks for them (its
// preferences.showArchived, which the official app reads too): a check box
// above the list, shown in a tag's view only.

func newShowArchivedCheck(w *Window) *widget.Check {
	c := widget.NewCheck("Show archived notes", nil)
	c.Hide()
	c.OnChanged = func(on bool) {
		if w.query.View != model.ViewTag || on == w.query.Archived {
			return // set from code, or outside a tag's view
		}
		if err := w.notes.SetTagShowArchived(w.query.Tag, on); err != nil {
			w.showError(err)
			return
		}
		w.svc.Edited()
		w.Reload()
	}
	return c
}

// followTagArchived makes the list query and the check box follow the open
// tag's preference (which a sync or the command line may change).
func (w *Window) followTagArchived() {
	on := false
	if w.query.View == model.ViewTag {
		for _, t := range w.sidebar.tags {
			if t.UUID == w.query.Tag {
				on = t.ShowArchived
			}
		}
	}
	w.query.Archived = on
	if w.noteList == nil || w.noteList.archived == nil {
		return // the window is still being built
	}
	c := w.noteList.archived
	if c.Checked != on {
		c.SetChecked(on)
	}
	if w.query.View == model.ViewTag {
		c.Show()
	} else {
		c.Hide()
	}
}
