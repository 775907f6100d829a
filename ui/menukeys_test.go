package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"sfnotes/model"
)

// TestMenuShortcutsClashWithNothing: the driver tries the menu's shortcuts
// before the focused field's, so a menu shortcut an Entry also uses would
// take it from the text. Every shortcut in the menus is one of a kind, and
// none is one of the Entry's own (word moves and deletes) except the Edit
// items, which hand theirs to the focused field.
func TestMenuShortcutsClashWithNothing(t *testing.T) {
	f := newFixture(t, nil)
	ctrl := fyne.KeyModifierShortcutDefault
	entryOwn := map[string]bool{}
	for _, k := range []fyne.KeyName{fyne.KeyLeft, fyne.KeyRight, fyne.KeyBackspace, fyne.KeyDelete, fyne.KeyHome, fyne.KeyEnd} {
		for _, m := range []fyne.KeyModifier{ctrl, ctrl | fyne.KeyModifierShift} {
			entryOwn[(&desktop.CustomShortcut{KeyName: k, Modifier: m}).ShortcutName()] = true
		}
	}
	entryOwn[(&desktop.CustomShortcut{KeyName: fyne.KeyBackspace, Modifier: ctrl | fyne.KeyModifierShift}).ShortcutName()] = false
	seen := map[string]string{}
	for _, m := range f.w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut == nil {
				continue
			}
			name := it.Shortcut.ShortcutName()
			if other, ok := seen[name]; ok {
				t.Errorf("%s: %s and %s", name, other, it.Label)
			}
			seen[name] = it.Label
			if entryOwn[name] {
				t.Errorf("%s ▸ %s takes %s from the text", m.Label, it.Label, name)
			}
		}
	}
	for _, want := range []string{"Quit", "Import…", "Export notes…", "Account…", "Delete note", "Find next", "Find previous"} {
		found := false
		for _, label := range seen {
			found = found || label == want
		}
		if !found {
			t.Errorf("%s has no shortcut", want)
		}
	}
}

// TestDeleteForeverAnswersKeys: the confirmation before a note is deleted
// forever takes Escape (keeps it) and Enter (deletes it).
func TestDeleteForeverAnswersKeys(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openNote("Gone", "text")
	yes := true
	if err := f.store.EditNote(uuid, model.NoteEdit{Trashed: &yes}); err != nil {
		t.Fatal(err)
	}
	f.w.SelectView(model.ViewTrash, "")
	f.w.selectNote(uuid)
	c := f.w.win.Canvas()
	menuItem(t, f.w, "Edit", "Delete note").Action()
	if c.Overlays().Top() == nil {
		t.Fatal("no confirmation")
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if _, err := f.store.GetNote(uuid); err != nil || c.Overlays().Top() != nil {
		t.Fatalf("Escape: %v, overlay %v", err, c.Overlays().Top())
	}
	menuItem(t, f.w, "Edit", "Delete note").Action()
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if _, err := f.store.GetNote(uuid); err == nil {
		t.Fatal("Enter did not delete the note")
	}
}

// TestEditMenuOnReadOnlyNote: through the Edit menu (where Ctrl+V and the
// others now arrive first), a read-only note's text is selected and copied
// but never pasted into, though Fyne's Entry pastes into itself disabled.
func TestEditMenuOnReadOnlyNote(t *testing.T) {
	f := newFixture(t, nil)
	uuid := f.openNote("Old", "kept text")
	yes := true
	if err := f.store.EditNote(uuid, model.NoteEdit{Trashed: &yes}); err != nil {
		t.Fatal(err)
	}
	f.w.SelectView(model.ViewTrash, "")
	f.w.selectNote(uuid)
	f.w.win.Canvas().Focus(f.w.editor.body)
	if f.w.win.Canvas().Focused() != fyne.Focusable(f.w.editor.body) {
		t.Skip("the canvas does not focus a disabled Entry")
	}
	f.w.fa.Clipboard().SetContent("pasted")
	menuItem(t, f.w, "Edit", "Paste").Action()
	if f.w.editor.body.Text != "kept text" {
		t.Fatalf("pasted into a read-only note: %q", f.w.editor.body.Text)
	}
	menuItem(t, f.w, "Edit", "Select all").Action()
	menuItem(t, f.w, "Edit", "Copy").Action()
	if got := f.w.fa.Clipboard().Content(); got != "kept text" {
		t.Fatalf("copied %q", got)
	}
}

// TestSwitchThemeKey: View ▸ Switch light/dark (Ctrl+Shift+L) goes from
// what is shown to the other variant, and back.
func TestSwitchThemeKey(t *testing.T) {
	f := newFixture(t, nil)
	it := menuItem(t, f.w, "View", "Switch light/dark")
	if it.Shortcut == nil {
		t.Fatal("no shortcut")
	}
	it.Action()
	first := f.w.fa.Preferences().String(prefTheme)
	it.Action()
	second := f.w.fa.Preferences().String(prefTheme)
	if first == second || (first != ThemeLight && first != ThemeDark) || (second != ThemeLight && second != ThemeDark) {
		t.Fatalf("switched to %q, then %q", first, second)
	}
	if !menuItem(t, f.w, "View", map[string]string{ThemeLight: "Light theme", ThemeDark: "Dark theme"}[second]).Checked {
		t.Fatal("the menu does not check the theme shown")
	}
}
