package ui

import (
	"testing"
	"time"
)

// TestHistoryChange: a History entry says what changed against the next
// newer version.
func TestHistoryChange(t *testing.T) {
	for _, c := range []struct {
		oldTitle, old, newTitle, new, want string
	}{
		{"T", "a\nb", "T", "a\nb", "no change"},
		{"T", "a\nb", "U", "a\nb", "title changed"},
		{"T", "a", "T", "a\nb\nc\nd", "+3 lines"},
		{"T", "a\nb\nc", "T", "a", "−2 lines"},
		{"T", "a\nb", "T", "x\ny\nb\nz", "+3 lines, −1 line"},
		{"T", "hello", "T", "hello world", "+6 chars"},
		{"T", "one\nhello world\nthree", "T", "one\nhello\nthree", "−6 chars"},
		{"T", "cat", "T", "dog", "1 line edited"},
		{"T", "é", "T", "éé", "+1 char"},
		{"T", "", "T", string(make([]byte, 1234)), "+1,234 chars"},
	} {
		if got := historyChange(c.oldTitle, c.old, c.newTitle, c.new); got != c.want {
			t.Errorf("historyChange(%q → %q) = %q, want %q", c.old, c.new, got, c.want)
		}
	}
}

func TestHistoryTime(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.Local)
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 22, 5, 18, 7, 0, time.Local), "Today 05:18:07"},
		{time.Date(2026, 3, 2, 5, 18, 9, 0, time.Local), "Mar 2, 05:18:09"},
		{time.Date(2025, 3, 2, 5, 18, 9, 0, time.Local), "Mar 2, 2025 05:18:09"},
	} {
		if got := historyTime(c.t, now); got != c.want {
			t.Errorf("historyTime(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}
