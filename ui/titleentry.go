package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// titleEntry is the note's title field. Enter, Down and Tab move on to the
// body, as in other notes apps: with Fyne's default focus order Tab went to
// the tag field, and the first lines meant for the body became tags.
// Shift+Tab goes back to the note list.
type titleEntry struct {
	widget.Entry
	next  func() // focus the body
	prev  func() // focus the note list
	shift bool
}

func newTitleEntry(next, prev func()) *titleEntry {
	t := &titleEntry{next: next, prev: prev}
	t.ExtendBaseWidget(t)
	return t
}

// AcceptsTab lets Tab reach TypedKey instead of the window's focus order.
func (t *titleEntry) AcceptsTab() bool { return true }

// KeyDown tracks Shift, which TypedKey's events do not carry.
func (t *titleEntry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		t.shift = true
	}
	t.Entry.KeyDown(k)
}

// KeyUp tracks Shift.
func (t *titleEntry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		t.shift = false
	}
	t.Entry.KeyUp(k)
}

// TypedKey moves to the body on Enter, Down and Tab.
func (t *titleEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyTab:
		if t.shift {
			t.prev()
			return
		}
		t.next()
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyDown:
		t.next()
	default:
		t.Entry.TypedKey(k)
	}
}
