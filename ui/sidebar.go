package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// sideItem is one row of the sidebar.
type sideItem struct {
	label string
	icon  fyne.Resource
	view  model.View
	tag   string
	count int
	// heading is the "Tags" title above the tags: shown, never selected.
	heading bool
}

type sidebar struct {
	w       *Window
	items   []sideItem
	list    *widget.List
	root    fyne.CanvasObject
	rename  *widget.Button
	del     *widget.Button
	syncing bool // the list is being selected from code
	// tags are the tags last read (off the UI thread, with the counts): the
	// editor offers them without asking the store.
	tags []model.TagSummary
	// mergeDialog is the merge confirmation last shown (for tests).
	mergeDialog *dialog.ConfirmDialog
}

func newSidebar(w *Window) *sidebar {
	s := &sidebar{w: w}
	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			count := widget.NewLabel("")
			label := widget.NewLabel("")
			label.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(nil), count, label)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := s.items[i]
			c := o.(*fyne.Container)
			label := c.Objects[0].(*widget.Label)
			if label.TextStyle.Bold != it.heading || label.Text != it.label {
				label.TextStyle.Bold = it.heading
				label.SetText(it.label) // shapes it: see setLabel
			}
			c.Objects[1].(*widget.Icon).SetResource(it.icon)
			count := ""
			if !it.heading {
				count = model.Thousands(it.count)
			}
			setLabel(c.Objects[2].(*widget.Label), count)
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		if s.syncing || i >= len(s.items) {
			return
		}
		if s.items[i].heading {
			s.selectQuery() // a heading is not a view: keep the current one
			return
		}
		w.SelectView(s.items[i].view, s.items[i].tag)
	}
	add := widget.NewButtonWithIcon("", theme.ContentAddIcon(), s.newTag)
	s.rename = widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), s.renameTag)
	s.del = widget.NewButtonWithIcon("", theme.DeleteIcon(), s.deleteTag)
	bar := container.NewHBox(layout.NewSpacer(), add, s.rename, s.del)
	s.root = container.NewBorder(nil, bar, nil, nil, s.list)
	return s
}

// readSidebar reads what the sidebar shows (any goroutine).
func readSidebar(notes Notes) (model.Counts, []model.TagSummary, error) {
	c, err := notes.ViewCounts()
	if err != nil {
		return c, nil, err
	}
	tags, err := notes.ListTags()
	return c, tags, err
}

// reload re-reads the counts and the tags.
func (s *sidebar) reload() {
	c, tags, err := readSidebar(s.w.notes)
	if err != nil {
		s.w.showError(err)
		return
	}
	s.set(c, tags)
}

// set shows counts and tags.
func (s *sidebar) set(c model.Counts, tags []model.TagSummary) {
	s.tags = tags
	s.items = []sideItem{
		{label: "All notes", icon: theme.DocumentIcon(), view: model.ViewAll, count: c.All},
		{label: "Starred", icon: starIcon, view: model.ViewStarred, count: c.Starred},
		{label: "Pinned", icon: pinIcon, view: model.ViewPinned, count: c.Pinned},
		{label: "Untagged", icon: theme.QuestionIcon(), view: model.ViewUntagged, count: c.Untagged},
		{label: "Archived", icon: archiveIcon, view: model.ViewArchived, count: c.Archived},
		{label: "Trash", icon: theme.DeleteIcon(), view: model.ViewTrash, count: c.Trash},
	}
	if c.Conflicts > 0 || s.w.query.View == model.ViewConflicts {
		// Shown while there are conflicted copies to review (or while it is
		// open, so that resolving the last one does not pull the view away).
		s.items = append(s.items, sideItem{label: "Conflicts", icon: theme.WarningIcon(), view: model.ViewConflicts,
			count: c.Conflicts})
	}
	s.items = append(s.items, sideItem{label: "Tags", heading: true})
	for _, t := range tags {
		s.items = append(s.items, sideItem{label: t.Title, icon: theme.ListIcon(), view: model.ViewTag, tag: t.UUID, count: t.Count})
	}
	s.list.Refresh()
}

func (s *sidebar) hasTag(uuid string) bool {
	for _, it := range s.items {
		if it.view == model.ViewTag && it.tag == uuid {
			return true
		}
	}
	return false
}

// selectQuery highlights the row of the current view.
func (s *sidebar) selectQuery() {
	for i, it := range s.items {
		if it.view == s.w.query.View && it.tag == s.w.query.Tag {
			s.syncing = true
			s.list.Select(i)
			s.syncing = false
			break
		}
	}
	s.refreshButtons()
}

func (s *sidebar) refreshButtons() {
	if s.w.query.View == model.ViewTag {
		s.rename.Enable()
		s.del.Enable()
	} else {
		s.rename.Disable()
		s.del.Disable()
	}
}

func (s *sidebar) currentTagTitle() string {
	for _, it := range s.items {
		if it.view == model.ViewTag && it.tag == s.w.query.Tag {
			return it.label
		}
	}
	return ""
}

func (s *sidebar) newTag() {
	s.w.nameDialog("New tag", "Create", "", func(name string) {
		t, err := s.w.notes.CreateTag(name)
		if err != nil {
			s.w.showError(err)
			return
		}
		s.w.svc.Edited()
		s.w.query.View, s.w.query.Tag = model.ViewTag, t.UUID
		s.w.Reload()
	})
}

func (s *sidebar) renameTag() {
	uuid := s.w.query.Tag
	s.w.nameDialog("Rename tag", "Rename", s.currentTagTitle(), func(name string) {
		if other, ok := s.tagNamed(name, uuid); ok {
			s.offerMerge(uuid, other)
			return
		}
		if err := s.w.notes.RenameTag(uuid, name); err != nil {
			s.w.showError(err)
			return
		}
		s.w.svc.Edited()
		s.w.Reload()
	})
}

// tagNamed finds another tag than except with the title name (ignoring case).
func (s *sidebar) tagNamed(name, except string) (sideItem, bool) {
	for _, it := range s.items {
		if it.view == model.ViewTag && it.tag != except && model.SameTagTitle(it.label, name) {
			return it, true
		}
	}
	return sideItem{}, false
}

// offerMerge asks to merge tag from into the tag of the name it was being
// renamed to: one tag per name.
func (s *sidebar) offerMerge(from string, into sideItem) {
	title := s.currentTagTitle()
	msg := fmt.Sprintf("A tag named “%s” exists already. Merge “%s” into it? Its %s will be tagged “%s”, "+
		"and “%s” will be removed.", into.label, title, countNotes(s.countOf(from)), into.label, title)
	s.mergeDialog = s.w.confirmKeys("Merge tags", msg, "Merge", "Cancel", func(ok bool) {
		if !ok {
			return
		}
		if err := s.w.notes.MergeTags(into.tag, from); err != nil {
			s.w.showError(err)
			return
		}
		s.w.svc.Edited()
		s.w.query.View, s.w.query.Tag = model.ViewTag, into.tag
		s.w.Reload()
	})
}

func (s *sidebar) countOf(tag string) int {
	for _, it := range s.items {
		if it.view == model.ViewTag && it.tag == tag {
			return it.count
		}
	}
	return 0
}

func countNotes(n int) string {
	if n == 1 {
		return "1 note"
	}
	return model.Thousands(n) + " notes"
}

func (s *sidebar) deleteTag() {
	uuid, title := s.w.query.Tag, s.currentTagTitle()
	msg := fmt.Sprintf("Delete the tag %q? Its notes are kept.", title)
	s.w.confirmKeys("Delete tag", msg, "Delete tag", "Cancel", func(ok bool) {
		if !ok {
			return
		}
		if err := s.w.notes.DeleteTag(uuid); err != nil {
			s.w.showError(err)
			return
		}
		s.w.svc.Edited()
		s.w.query.View, s.w.query.Tag = model.ViewAll, ""
		s.w.Reload()
	})
}
