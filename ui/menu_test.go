package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func menuItem(t *testing.T, w *Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.win.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no %s ▸ %s", menu, label)
	return nil
}

// TestEditMenuActsOnFocusedField: Select all, Copy, Paste, Cut, Undo reach the
// field that has the keyboard.
func TestEditMenuActsOnFocusedField(t *testing.T) {
	f := newFixture(t, nil)
	f.w.NewNote()
	test.Type(f.w.editor.title, "Title")
	f.w.editor.focusBody()
	test.Type(f.w.editor.body, "hello world")
	menuItem(t, f.w, "Edit", "Select all").Action()
	menuItem(t, f.w, "Edit", "Copy").Action()
	if got := f.w.fa.Clipboard().Content(); got != "hello world" {
		t.Fatalf("clipboard %q after Select all, Copy", got)
	}
	menuItem(t, f.w, "Edit", "Cut").Action()
	if f.w.editor.body.Text != "" {
		t.Fatalf("after Cut the body is %q", f.w.editor.body.Text)
	}
	menuItem(t, f.w, "Edit", "Paste").Action()
	menuItem(t, f.w, "Edit", "Paste").Action()
	if f.w.editor.body.Text != "hello worldhello world" {
		t.Fatalf("after two Pastes the body is %q", f.w.editor.body.Text)
	}
	menuItem(t, f.w, "Edit", "Undo").Action()
	if f.w.editor.body.Text != "hello world" {
		t.Fatalf("after Undo the body is %q", f.w.editor.body.Text)
	}
	menuItem(t, f.w, "Edit", "Redo").Action()
	if f.w.editor.body.Text != "hello worldhello world" {
		t.Fatalf("after Redo the body is %q", f.w.editor.body.Text)
	}
}

// TestViewMenuShowsTheme: one theme item is checked, and choosing another
// moves the check.
func TestViewMenuShowsTheme(t *testing.T) {
	f := newFixture(t, nil)
	if !menuItem(t, f.w, "View", "System theme").Checked || menuItem(t, f.w, "View", "Dark theme").Checked {
		t.Fatal("the default choice is not shown")
	}
	menuItem(t, f.w, "View", "Dark theme").Action()
	if !menuItem(t, f.w, "View", "Dark theme").Checked || menuItem(t, f.w, "View", "System theme").Checked {
		t.Fatal("the check did not move to Dark theme")
	}
}

// TestModifiedFollowsTyping: the Modified time updates as the note changes.
func TestModifiedFollowsTyping(t *testing.T) {
	f := newFixture(t, nil)
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local)
	f.store.Now = func() time.Time { return clock }
	f.w.now = func() time.Time { return clock }
	f.w.NewNote()
	test.Type(f.w.editor.title, "x")
	if !strings.Contains(f.w.editor.times.Text, "Modified Today 09:00") {
		t.Fatalf("times %q", f.w.editor.times.Text)
	}
	clock = clock.Add(7 * time.Minute)
	test.Type(f.w.editor.title, "y")
	if !strings.Contains(f.w.editor.times.Text, "Modified Today 09:07") {
		t.Fatalf("times after typing %q", f.w.editor.times.Text)
	}
}
