package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestCountsHaveSeparators: counts in the window read 1,234: the search's
// match count, the sidebar's counts, the status line, the note counts.
func TestCountsHaveSeparators(t *testing.T) {
	for got, want := range map[string]string{
		matchText(1234):                      "1,234 notes match",
		countNotes(12345):                    "12,345 notes",
		countText(1500, "change", "changes"): "1,500 changes",
		StatusText(SyncStatus{State: StateSyncing, Done: 1200, Total: 25000}, time.Now()): "Syncing… 1,200 of 25,000",
		StatusText(SyncStatus{State: StateSynced, Dirty: 2345, Conflicts: 1001}, time.Time{}): "Not synced yet · " +
			"2,345 changes not yet synced · 1,001 conflicted copies to review",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
	f := newFixture(t, nil)
	f.w.Reload()
	s := f.w.sidebar
	s.items[0].count = 10234
	row := s.list.CreateItem()
	s.list.UpdateItem(0, row)
	if got := row.(*fyne.Container).Objects[2].(*widget.Label).Text; got != "10,234" {
		t.Fatalf("the sidebar's count reads %q", got)
	}
}
