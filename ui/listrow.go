package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// listRow is one row of the note list: its two labels, and a context menu
// on a right click (the official app's note list has one too): Pin, Star,
// Archive, Prevent editing, Move to trash for the row's note.
//
// A row that takes right clicks also takes the left ones (Fyne delivers a
// click to the topmost object that takes either), so it does what the
// list's own row does with them: the keyboard to the list, the row
// highlighted and selected.
type listRow struct {
	widget.BaseWidget
	content *fyne.Container
	id      widget.ListItemID
	list    *widget.List
	menu    func(id widget.ListItemID, at fyne.Position)
}

func newListRow(content *fyne.Container, list *widget.List, menu func(widget.ListItemID, fyne.Position)) *listRow {
	r := &listRow{content: content, list: list, menu: menu}
	r.ExtendBaseWidget(r)
	return r
}

// Tapped selects the row, as a click on the list's own row does.
func (r *listRow) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.list); c != nil {
		c.Focus(r.list)
	}
	r.list.Highlight(r.id)
	r.list.Select(r.id)
}

func (r *listRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// TappedSecondary opens the row's context menu.
func (r *listRow) TappedSecondary(e *fyne.PointEvent) { r.menu(r.id, e.AbsolutePosition) }

// rowMenu opens the note at row id and shows its actions at pos: the same
// actions as the editor's buttons, on the note just opened.
func (l *noteList) rowMenu(id widget.ListItemID, pos fyne.Position) {
	if id < 0 || id >= len(l.w.list) {
		return
	}
	l.list.Select(id)
	e := l.w.editor
	if !e.loaded || e.note.UUID != l.w.list[id].UUID || e.note.DecryptError != "" || e.protectedHidden(e.note) {
		return
	}
	items := l.rowMenuItems()
	c := fyne.CurrentApp().Driver().CanvasForObject(l.list)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
}

// rowMenuItems are the context menu's actions on the open note.
func (l *noteList) rowMenuItems() []*fyne.MenuItem {
	e := l.w.editor
	pin := fyne.NewMenuItem("Pin", e.togglePin)
	pin.Icon = pinIcon
	if e.note.Pinned {
		pin.Label = "Unpin"
	}
	star := fyne.NewMenuItem("Star", e.toggleStar)
	star.Icon = starIcon
	if e.note.Starred {
		star.Label = "Unstar"
	}
	trash := fyne.NewMenuItem("Move to trash", e.toggleTrash)
	trash.Icon = theme.DeleteIcon()
	if e.note.Trashed {
		trash.Label = "Restore"
		trash.Icon = theme.ContentUndoIcon()
	}
	items := []*fyne.MenuItem{pin, star}
	items = append(items, e.moreItems()...)
	return append(items, fyne.NewMenuItemSeparator(), trash)
}
