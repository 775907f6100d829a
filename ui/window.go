package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// Window is the main window.
type Window struct {
	fa    fyne.App
	win   fyne.Window
	notes Notes
	svc   Services
	now   func() time.Time

	// What the note list shows.
	query    model.NoteQuery
	list     []model.NoteSummary
	selected string // uuid of the note in the editor
	// revealed: the user confirmed once that protected notes may be shown
	// (until the window closes).
	revealed bool

	sidebar  *sidebar
	noteList *noteList
	editor   *editor
	status   *widget.Label
	sync     SyncStatus

	outer, inner *container.Split

	// Search runs off the UI thread after a short pause in typing; queryGen
	// drops results of queries that a newer one replaced.
	searchDelay time.Duration
	searchTimer *time.Timer
	queryGen    int
	listPartial bool // the list shown is the first page of a longer one
	// listShown, if set, is called each time a list is shown (benchmarks
	// time the first rows a person sees with it).
	listShown func()
	snapGen   int // drops a snapshot a newer reload replaced
	// pendingTimer asks again to show a note held back while the user typed.
	pendingTimer *time.Timer
	pending      sync.WaitGroup // background work in flight (WaitIdle)

	// The account dialogs last opened (for tests).
	acctForm      *accountForm
	signOutDialog dialog.Dialog
	sessionsShown dialog.Dialog // the sessions list, for tests
	nameEntry     *escEntry     // the tag name field last shown (for tests)

	listedSearch string       // the search the list shows (to scroll to the top on a new one)
	untouched    string       // a note made by NewNote and not yet written in
	compare      *compareView // the comparison last opened (for tests)
	history      *historyView // the history last opened (for tests)
	noteStale    bool         // another writer changed the open note while the user typed
	prefs        string       // this data directory's preference prefix (prefScope)
}

// Preference keys (cosmetic state only; everything else is in SQLite). All
// but the theme are the window's state over one data directory, and are
// stored under that directory's prefix (prefScope).
const (
	prefWidth    = "window.width"
	prefHeight   = "window.height"
	prefOuter    = "split.outer"
	prefInner    = "split.inner"
	prefView     = "view"
	prefTag      = "view.tag"
	prefSort     = "sort"
	prefSelected = "selected"
	prefTheme    = "theme"
)

// New builds the main window over notes and svc.
func New(fa fyne.App, notes Notes, svc Services) *Window {
	w := &Window{fa: fa, notes: notes, svc: svc, now: time.Now, searchDelay: 120 * time.Millisecond}
	w.win = fa.NewWindow("sfnotes")
	w.prefs = prefScope(notes.Dir())
	p := fa.Preferences()
	fa.Settings().SetTheme(themeFor(p.StringWithFallback(prefTheme, ThemeSystem)))
	w.query = model.NoteQuery{View: model.View(p.IntWithFallback(w.prefs+prefView, int(model.ViewAll))),
		Tag: p.String(w.prefs + prefTag), Sort: model.Sort(p.IntWithFallback(w.prefs+prefSort,
			p.IntWithFallback(prefSort, int(model.SortModified))))}
	w.selected = p.String(w.prefs + prefSelected)

	w.sidebar = newSidebar(w)
	w.noteList = newNoteList(w)
	w.editor = newEditor(w)
	w.status = widget.NewLabel("")
	w.status.Truncation = fyne.TextTruncateEllipsis

	w.inner = container.NewHSplit(w.noteList.root, w.editor.root)
	w.inner.Offset = w.prefFloat(prefInner, 0.36)
	w.outer = container.NewHSplit(w.sidebar.root, w.inner)
	w.outer.Offset = w.prefFloat(prefOuter, 0.2)
	w.win.SetContent(container.NewBorder(nil, w.status, nil, nil, w.outer))
	w.win.SetMainMenu(w.menu())
	w.win.Resize(fyne.NewSize(float32(w.prefFloat(prefWidth, 1100)), float32(w.prefFloat(prefHeight, 700))))
	w.win.SetOnClosed(w.savePrefs)

	w.SetSyncStatus(SyncStatus{State: StateNoAccount})
	w.Reload()
	return w
}

// Window is the Fyne window, to show and run.
func (w *Window) Window() fyne.Window { return w.win }

func (w *Window) savePrefs() {
	p := w.fa.Preferences()
	size := w.win.Canvas().Size()
	p.SetFloat(w.prefs+prefWidth, float64(size.Width))
	p.SetFloat(w.prefs+prefHeight, float64(size.Height))
	p.SetFloat(w.prefs+prefOuter, w.outer.Offset)
	p.SetFloat(w.prefs+prefInner, w.inner.Offset)
	p.SetInt(w.prefs+prefView, int(w.query.View))
	p.SetString(w.prefs+prefTag, w.query.Tag)
	p.SetInt(w.prefs+prefSort, int(w.query.Sort))
	p.SetString(w.prefs+prefSelected, w.selected)
}

// prefFloat reads a layout preference of this data directory; a directory
// without one starts from what an earlier version kept for all directories
// (a size or a pane position is a taste, not data).
func (w *Window) prefFloat(key string, fallback float64) float64 {
	p := w.fa.Preferences()
	return p.FloatWithFallback(w.prefs+key, p.FloatWithFallback(key, fallback))
}

// prefScope is the prefix of a data directory's preference names: a short
// hash of its absolute path, so that two data directories (a second
// account, a test copy) never show each other's view, sort or selection.
func prefScope(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte(filepath.Clean(dir)))
	return "data." + hex.EncodeToString(sum[:6]) + "."
}

// Reload re-reads the sidebar, the list and the selected note from the
// store: after a sync, an import, or any change made outside the editor.
func (w *Window) Reload() {
	w.sidebar.reload()
	if w.query.View == model.ViewTag && !w.sidebar.hasTag(w.query.Tag) {
		w.query.View, w.query.Tag = model.ViewAll, ""
	}
	w.followTagArchived()
	w.sidebar.selectQuery()
	w.reloadList()
	if w.selected != "" && w.indexOf(w.selected) < 0 && w.query.Search == "" {
		// The open note left this view (restored from the trash, trashed or
		// untagged elsewhere): show what the list shows, not a stray note.
		next := ""
		if len(w.list) > 0 {
			next = w.list[0].UUID
		}
		w.selectNote(next)
		return
	}
	w.editor.refreshFromStore()
}

// ExternalChange shows what another writer on the same data directory (the
// command line, a second window) or a sync committed. The store is read off
// the UI thread (snapshot.go); the sidebar and the list follow at once, the
// open note only when the user is not typing in it, so that text never
// changes under the cursor (ShowPending shows it later). Should the user
// type on meanwhile, the edit is checked against the version shown, and the
// other writer's text is kept as a conflicted copy (model.ErrKeptBoth):
// nothing is lost either way.
func (w *Window) ExternalChange() { w.reloadAsync() }

// ShowPending shows another writer's version of the open note held back by
// ExternalChange, once the typing has paused. It reports whether nothing is
// held back any more.
func (w *Window) ShowPending() bool {
	if !w.noteStale {
		return true
	}
	if w.editor.typing() {
		return false
	}
	w.noteStale = false
	w.editor.refreshFromStore()
	return true
}

// reloadList re-runs the current query.
func (w *Window) reloadList() {
	w.queryGen++
	list, err := w.notes.ListNotes(w.query)
	w.applyList(list, err)
}

func (w *Window) applyList(list []model.NoteSummary, err error) { w.applyListPart(list, err, false) }

// applyListPart shows a list; partial marks the first page of a longer one
// (the rest is on its way).
func (w *Window) applyListPart(list []model.NoteSummary, err error, partial bool) {
	if err != nil {
		w.showError(err)
		return
	}
	w.listPartial = partial
	searched := w.listedSearch != w.query.Search
	w.listedSearch = w.query.Search
	w.list = list
	w.noteList.refresh()
	if searched {
		w.noteList.list.ScrollToTop() // a new search starts at its best match
	}
	if w.selected == "" && len(list) > 0 && w.query.Search == "" {
		w.selectNote(list[0].UUID)
	}
	if w.listShown != nil {
		w.listShown()
	}
}

// SelectView shows a sidebar view (ViewTag with a tag uuid). The list is
// read off the UI thread.
func (w *Window) SelectView(v model.View, tag string) {
	if w.query.View == v && w.query.Tag == tag {
		return
	}
	leaving := w.query.View
	w.query.View, w.query.Tag = v, tag
	w.followTagArchived()
	if leaving == model.ViewConflicts {
		// The Conflicts row stays while it is open; once left it goes if
		// nothing is left to review.
		w.sidebar.reload()
		w.sidebar.selectQuery()
	}
	w.sidebar.refreshButtons()
	w.reloadListAsync(w.keepSelectionInView)
}

// keepSelectionInView opens the first listed note when the open one is not
// in the list shown.
func (w *Window) keepSelectionInView() {
	if w.indexOf(w.selected) < 0 {
		w.selectNote("")
		if len(w.list) > 0 {
			w.selectNote(w.list[0].UUID)
		}
	}
}

// SetSearch filters the current view by words in the title or the text. The
// query runs in a goroutine once typing pauses, so a keystroke never waits
// for SQLite; the newest query's result wins.
func (w *Window) SetSearch(s string) {
	w.query.Search = s
	if w.searchDelay < 0 { // synchronous, for tests under the test driver
		w.reloadList()
		return
	}
	w.queryGen++
	gen, q := w.queryGen, w.query
	if w.searchTimer != nil && w.searchTimer.Stop() {
		w.pending.Done()
	}
	w.pending.Add(1)
	w.searchTimer = time.AfterFunc(w.searchDelay, func() {
		defer w.pending.Done()
		w.fetchList(gen, q, nil)
	})
}

// SetSort orders the list.
func (w *Window) SetSort(s model.Sort) {
	w.query.Sort = s
	w.reloadListAsync(nil)
}

func (w *Window) indexOf(uuid string) int {
	for i, n := range w.list {
		if n.UUID == uuid {
			return i
		}
	}
	return -1
}

// selectNote loads a note into the editor ("" clears it).
func (w *Window) selectNote(uuid string) {
	w.dropUntouched(uuid)
	w.selected = uuid
	w.editor.load(uuid)
	if i := w.indexOf(uuid); i >= 0 {
		w.noteList.selectRow(i)
	} else {
		w.noteList.list.UnselectAll()
	}
}

// NewNote creates an empty note in the current tag and opens it.
func (w *Window) NewNote() {
	var tags []string
	if w.query.View == model.ViewTag {
		tags = append(tags, w.query.Tag)
	}
	switch w.query.View {
	case model.ViewTrash, model.ViewArchived, model.ViewConflicts:
		w.query.View = model.ViewAll // where a new note is listed
	}
	n, err := w.notes.CreateNote("", "", tags...)
	if err != nil {
		w.showError(err)
		return
	}
	yes := true
	switch w.query.View {
	case model.ViewPinned:
		_ = w.notes.EditNote(n.UUID, model.NoteEdit{Pinned: &yes})
	case model.ViewStarred:
		_ = w.notes.EditNote(n.UUID, model.NoteEdit{Starred: &yes})
	}
	w.query.Search = ""
	w.noteList.search.SetText("")
	w.dropUntouched(n.UUID)
	w.selected, w.untouched = n.UUID, n.UUID
	w.Reload()
	w.editor.focusTitle()
}

// dropUntouched deletes the note Ctrl+N made if the user moves away (to
// next) without writing anything in it: an empty "Untitled" note is litter,
// not a note. It was never synced unless the engine's timer got there first,
// in which case the delete travels too.
func (w *Window) dropUntouched(next string) {
	u := w.untouched
	if u == "" || u == next {
		return
	}
	w.untouched = ""
	n, err := w.notes.GetNote(u)
	if err != nil || n.Title != "" || n.Text != "" {
		return
	}
	if err := w.notes.DeleteForever(u); err != nil {
		w.showError(err)
		return
	}
	if i := w.indexOf(u); i >= 0 {
		w.list = append(w.list[:i:i], w.list[i+1:]...)
		w.noteList.refresh()
	}
	w.sidebar.reload()
}

// noteChanged refreshes one list row after an edit in the editor, without
// re-running the query on every keystroke.
func (w *Window) noteChanged(n model.Note) {
	if i := w.indexOf(n.UUID); i >= 0 {
		w.list[i] = n.NoteSummary
		w.noteList.list.RefreshItem(i)
	}
	w.svc.Edited()
}

// SetSyncStatus shows where sync stands.
func (w *Window) SetSyncStatus(s SyncStatus) {
	w.sync = s
	w.status.SetText(StatusText(s, w.now()))
}

// StatusLine is the status line's current text.
func (w *Window) StatusLine() string { return w.status.Text }

// Titles are the titles the note list shows, in order (for the app's tests).
func (w *Window) Titles() []string {
	out := make([]string, len(w.list))
	for i, n := range w.list {
		out[i] = n.Title
	}
	return out
}

func (w *Window) showError(err error) {
	w.errorKeys(fmt.Errorf("%s", w.svc.ErrorText(err)))
}

func shortcut(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// shiftShortcut is Ctrl+Shift+k (Cmd+Shift+k on macOS).
func shiftShortcut(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// withShortcut sets an item's shortcut; the menu shows it.
func withShortcut(it *fyne.MenuItem, sc fyne.Shortcut) *fyne.MenuItem {
	it.Shortcut = sc
	return it
}

// menu builds the main menu. Shortcuts live on menu items so that they work
// while an Entry has focus (a canvas shortcut does not). The driver tries
// the menu's shortcuts before the focused field's, so a menu shortcut takes
// its keys from every Entry: none here is one an Entry uses (Ctrl+Delete
// deletes a word, hence Ctrl+Shift+Backspace for Delete note; Cmd+H hides
// the app on macOS, hence Ctrl+Shift+H for History).
func (w *Window) menu() *fyne.MainMenu {
	newNote := withShortcut(fyne.NewMenuItem("New note", w.NewNote), shortcut(fyne.KeyN))
	find := withShortcut(fyne.NewMenuItem("Find in note", w.editor.find.open), shortcut(fyne.KeyF))
	findNext := withShortcut(fyne.NewMenuItem("Find next", func() { w.editor.find.again(1) }), shortcut(fyne.KeyG))
	findPrev := withShortcut(fyne.NewMenuItem("Find previous", func() { w.editor.find.again(-1) }), shiftShortcut(fyne.KeyG))
	searchAll := withShortcut(fyne.NewMenuItem("Search all notes", func() { w.win.Canvas().Focus(w.noteList.search) }),
		shiftShortcut(fyne.KeyF))
	history := withShortcut(fyne.NewMenuItem("History of this note…", w.openHistory), shiftShortcut(fyne.KeyH))
	deleteNote := withShortcut(fyne.NewMenuItem("Delete note", w.editor.deleteNote), shiftShortcut(fyne.KeyBackspace))
	syncNow := withShortcut(fyne.NewMenuItem("Sync now", w.svc.SyncNow), shortcut(fyne.KeyR))
	account := withShortcut(fyne.NewMenuItem("Account…", w.accountDialog), shiftShortcut(fyne.KeyA))
	importItem := withShortcut(fyne.NewMenuItem("Import…", w.importDialog), shortcut(fyne.KeyO))
	export := withShortcut(fyne.NewMenuItem("Export notes…", func() { w.exportDialog(false) }), shiftShortcut(fyne.KeyE))
	quit := withShortcut(fyne.NewMenuItem("Quit", func() { w.win.Close() }), shortcut(fyne.KeyQ))
	quit.IsQuit = true
	// The theme items show the current choice with a check mark.
	var themeItems []*fyne.MenuItem
	var viewMenu *fyne.Menu
	current := w.fa.Preferences().StringWithFallback(prefTheme, ThemeSystem)
	themeItem := func(label, choice string) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, nil)
		it.Checked = choice == current
		it.Action = func() {
			w.fa.Preferences().SetString(prefTheme, choice)
			w.fa.Settings().SetTheme(themeFor(choice))
			for _, other := range themeItems {
				other.Checked = other == it
			}
			viewMenu.Refresh()
		}
		themeItems = append(themeItems, it)
		return it
	}
	// The Edit menu's text commands go to the focused field, which does the
	// work (the same as its keyboard shortcuts, which reach them through
	// these items). A disabled field (a read-only note) only copies and
	// selects: Fyne's Entry would paste into it even then.
	toFocused := func(label string, sc fyne.Shortcut) *fyne.MenuItem {
		return withShortcut(fyne.NewMenuItem(label, func() {
			f, ok := w.win.Canvas().Focused().(fyne.Shortcutable)
			if !ok {
				return
			}
			if d, ok := f.(fyne.Disableable); ok && d.Disabled() && changesText(sc) {
				return
			}
			switch sc.(type) {
			case *fyne.ShortcutUndo:
				if w.editor.undoBody(false) {
					return
				}
			case *fyne.ShortcutRedo:
				if w.editor.undoBody(true) {
					return
				}
			}
			f.TypedShortcut(sc)
		}), sc)
	}
	clip := w.fa.Clipboard()
	light, dark := themeItem("Light theme", ThemeLight), themeItem("Dark theme", ThemeDark)
	// One key switches between light and dark from what is shown: the
	// choice made, or the system's variant under System theme.
	switchTheme := withShortcut(fyne.NewMenuItem("Switch light/dark", func() {
		shown := w.fa.Preferences().StringWithFallback(prefTheme, ThemeSystem)
		if shown == ThemeDark || (shown == ThemeSystem && w.fa.Settings().ThemeVariant() == theme.VariantDark) {
			light.Action()
		} else {
			dark.Action()
		}
	}), shiftShortcut(fyne.KeyL))
	viewMenu = fyne.NewMenu("View", light, dark, themeItem("System theme", ThemeSystem),
		fyne.NewMenuItemSeparator(), switchTheme)
	return fyne.NewMainMenu(
		fyne.NewMenu("File", newNote, fyne.NewMenuItemSeparator(),
			importItem, export,
			fyne.NewMenuItem("Export encrypted backup…", func() { w.exportDialog(true) }),
			fyne.NewMenuItemSeparator(), quit),
		fyne.NewMenu("Edit",
			toFocused("Undo", &fyne.ShortcutUndo{}), toFocused("Redo", &fyne.ShortcutRedo{}),
			fyne.NewMenuItemSeparator(),
			toFocused("Cut", &fyne.ShortcutCut{Clipboard: clip}), toFocused("Copy", &fyne.ShortcutCopy{Clipboard: clip}),
			toFocused("Paste", &fyne.ShortcutPaste{Clipboard: clip}), toFocused("Select all", &fyne.ShortcutSelectAll{}),
			fyne.NewMenuItemSeparator(), find, findNext, findPrev, searchAll,
			fyne.NewMenuItemSeparator(), history, deleteNote),
		w.editor.noteMenu(),
		fyne.NewMenu("Sync", syncNow, account),
		viewMenu,
	)
}
