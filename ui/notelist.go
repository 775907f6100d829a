package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

var sortNames = []string{"Modified", "Created", "Title"}

type noteList struct {
	w      *Window
	list   *widget.List
	search *escEntry
	clear  *widget.Button // clears the search; shown while there is one
	count  *widget.Label  // "3 notes match" while searching
	sort   *widget.Select
	hint   *widget.Label
	// archived shows a tag's archived notes too (tagarchived.go).
	archived *widget.Check
	root     fyne.CanvasObject
	body     *fyne.Container
	hintBox  fyne.CanvasObject
	quiet    bool // selecting from code
	row      int  // the selected row (-1: none), as the list has it
}

// emptyHint is what an empty store shows instead of a blank pane.
const emptyHint = "No notes yet.\n\nPress Ctrl+N (File ▸ New note) to write one,\nor File ▸ Import… to bring notes from\nanother Standard File app, or sign in\n(Sync ▸ Account…) to sync yours."

func newNoteList(w *Window) *noteList {
	l := &noteList{w: w, row: -1}
	l.list = widget.NewList(
		func() int { return len(w.list) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			line := widget.NewLabel("")
			line.Truncation = fyne.TextTruncateEllipsis
			return newListRow(container.New(layout.NewCustomPaddedVBoxLayout(0), title, line), l.list, l.rowMenu)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(w.list) {
				return
			}
			n := w.list[i]
			row := o.(*listRow)
			row.id = i
			c := row.content
			width, size := l.list.Size().Width, theme.Size(theme.SizeNameText)
			setLabel(c.Objects[0].(*widget.Label), clipRunes(rowTitle(n), width, size))
			setLabel(c.Objects[1].(*widget.Label), clipRunes(rowLine(n, w.now()), width, size))
		})
	l.list.OnUnselected = func(widget.ListItemID) { l.row = -1 }
	l.list.OnSelected = func(i widget.ListItemID) {
		l.row = i
		if l.quiet || i >= len(w.list) {
			return
		}
		w.selectNote(w.list[i].UUID)
	}
	l.search = newEscEntry()
	l.search.SetPlaceHolder("Search all notes (Ctrl+Shift+F)")
	l.search.onEscape = func() { l.search.SetText("") }
	l.search.onDown = l.enterResults
	l.search.OnSubmitted = func(string) { l.enterResults() }
	l.clear = widget.NewButtonWithIcon("", theme.CancelIcon(), func() { l.search.SetText("") })
	l.clear.Importance = widget.LowImportance
	l.search.ActionItem = l.clear
	l.clear.Hide()
	l.search.OnChanged = func(s string) {
		if s == "" {
			l.clear.Hide()
		} else {
			l.clear.Show()
		}
		w.SetSearch(s)
	}
	l.count = widget.NewLabel("")
	l.count.Importance = widget.LowImportance
	l.count.Hide()
	l.sort = widget.NewSelect(sortNames, nil)
	l.sort.SetSelectedIndex(int(w.query.Sort)) // before OnChanged: the list is not built yet
	l.sort.OnChanged = func(s string) {
		for i, name := range sortNames {
			if name == s {
				w.SetSort(model.Sort(i))
			}
		}
	}
	newBtn := widget.NewButtonWithIcon("", theme.ContentAddIcon(), w.NewNote)
	newBtn.Importance = widget.HighImportance
	// Search on a row of its own: beside the sort and New buttons it shrank
	// to its icon in a narrow pane.
	l.archived = newShowArchivedCheck(w)
	top := container.NewVBox(l.search, container.NewBorder(nil, nil, nil, newBtn, l.sort), l.archived)
	l.hint = widget.NewLabel(emptyHint)
	l.hint.Alignment = fyne.TextAlignCenter
	l.hint.Wrapping = fyne.TextWrapWord
	l.hintBox = container.NewCenter(l.hint)
	l.body = container.NewStack(l.list)
	l.root = container.NewBorder(container.NewVBox(top, l.count), nil, nil, nil, l.body)
	return l
}

// refresh redraws the list, or the hint when there is nothing to list. The
// rows are laid out once: shaping their text is most of what a list switch
// costs the UI thread, so the container around the list is refreshed only
// when it changes, and a changed selection redraws through Select.
func (l *noteList) refresh() {
	var body fyne.CanvasObject = l.list
	switch {
	case len(l.w.list) > 0:
	case l.w.query.Search != "":
		l.hint.SetText("No notes match “" + l.w.query.Search + "”.")
		body = l.hintBox
	case l.w.query.View == model.ViewAll:
		l.hint.SetText(emptyHint)
		body = l.hintBox
	default:
		l.hint.SetText("Nothing here.")
		body = l.hintBox
	}
	if l.body.Objects[0] != body {
		l.body.Objects = []fyne.CanvasObject{body}
		l.body.Refresh()
	}
	if l.w.query.Search == "" {
		l.count.Hide()
	} else {
		if l.w.listPartial {
			l.count.SetText(model.Thousands(len(l.w.list)) + "+ notes match")
		} else {
			l.count.SetText(matchText(len(l.w.list)))
		}
		l.count.Show()
	}
	i := l.w.indexOf(l.w.selected)
	switch {
	case i < 0 && l.row >= 0:
		l.list.UnselectAll() // redraws
	case i < 0:
		l.list.Refresh()
	case l.row == i:
		l.list.Refresh()
	default:
		l.selectRow(i) // scrolls to it and redraws
	}
}

// enterResults moves the keyboard from the search into its results (Down or
// Enter in the search field): the list takes it with the open note's row
// highlighted, or the first row opened and highlighted; Up and Down then
// move, Space opens. A search still waiting for a pause in typing runs
// first, so that the rows are the ones the search field asks for.
func (l *noteList) enterResults() {
	w := l.w
	if w.searchTimer != nil && w.searchTimer.Stop() {
		w.pending.Done()
		w.reloadList()
	}
	if len(w.list) == 0 {
		return
	}
	i := w.indexOf(w.selected)
	if i < 0 {
		i = 0
		l.list.Select(0) // opens it
	}
	l.list.Highlight(i)
	w.win.Canvas().Focus(l.list)
}

func (l *noteList) selectRow(i int) {
	l.quiet = true
	l.list.Select(i)
	l.quiet = false
}

// setLabel sets a row's text unless it already shows it. Selecting a row
// makes Fyne's list set up every visible row twice (once as it scrolls, once
// as it refreshes); shaping a truncated label's text is most of what a view
// switch costs the UI thread, so the second pass should shape nothing.
func setLabel(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// minGlyphEm is the narrowest average advance, in ems, assumed of a row's
// text: prose in the theme's font averages about half an em a character, and
// a line of only "i", "l" and spaces about a quarter.
const minGlyphEm = 0.3

// clipRunes cuts s, with an ellipsis, to the runes that could fit in width
// at text size size. Fyne's ellipsis truncation shapes the whole string to
// find where to cut it, so a 120-rune preview in a 300-pixel row shaped
// twice what the row can show. Text narrower than minGlyphEm on average
// shows its ellipsis before the row's end.
func clipRunes(s string, width, size float32) string {
	if width <= 0 || size <= 0 {
		return s
	}
	limit := int(width/(size*minGlyphEm)) + 1
	if len(s) <= limit { // no more runes than bytes
		return s
	}
	n := 0
	for i := range s {
		if n == limit {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// matchText is the search's result count.
func matchText(n int) string {
	switch n {
	case 0:
		return "No note matches"
	case 1:
		return "1 note matches"
	}
	return model.Thousands(n) + " notes match"
}

func rowTitle(n model.NoteSummary) string {
	t := n.Title
	if n.DecryptError != "" && t == "" {
		t = "Cannot be decrypted"
	}
	if t == "" {
		t = "Untitled"
	}
	if n.Starred {
		t = "⭐ " + t
	}
	if n.Pinned {
		t = "📌 " + t
	}
	return t
}

// rowLine is the second line of a row: when, what kind, and a preview.
func rowLine(n model.NoteSummary, now time.Time) string {
	parts := []string{friendlyTime(time.UnixMilli(n.ModifiedMs), now)}
	switch {
	case n.DecryptError != "":
		parts = append(parts, "🔒 cannot be decrypted")
	case n.ConflictOf != "":
		parts = append(parts, "⚠ conflicted copy")
	case n.Protected:
		parts = append(parts, "🔒 protected")
	case n.Locked:
		parts = append(parts, "locked")
	}
	if n.Archived && !n.Trashed {
		parts = append(parts, "archived") // in a tag's view that shows them
	}
	if n.Preview != "" {
		parts = append(parts, n.Preview)
	}
	return strings.Join(parts, "  ·  ")
}

// friendlyTime is a short, local modification time.
func friendlyTime(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	switch {
	case t.IsZero() || t.Unix() <= 0:
		return ""
	case t.YearDay() == now.YearDay() && t.Year() == now.Year():
		return "Today " + t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("Jan 2, 15:04")
	}
	return t.Format("Jan 2, 2006")
}
