package ui

import (
	"strings"
	"time"
	"unicode/utf8"

	"sfnotes/model"
)

// historyChange says in a few words what changed between a version of a note
// and the next newer one: lines added and removed (a line edited in place
// counts as one of each), or, when a single line was edited, how many
// characters it gained or lost. The title counts only when the text is the
// same. It is what tells apart History entries kept moments apart.
func historyChange(olderTitle, older, newerTitle, newer string) string {
	if older == newer {
		if olderTitle != newerTitle {
			return "title changed"
		}
		return "no change"
	}
	added, removed := 0, 0
	for _, r := range sideBySide(older, newer) {
		if !r.Changed {
			continue
		}
		if r.HasLeft {
			removed++
		}
		if r.HasRight {
			added++
		}
	}
	if added == 1 && removed == 1 {
		d := utf8.RuneCountInString(newer) - utf8.RuneCountInString(older)
		switch {
		case d > 0:
			return "+" + countOf(d, "char")
		case d < 0:
			return "−" + countOf(-d, "char")
		}
		return "1 line edited"
	}
	var parts []string
	if added > 0 {
		parts = append(parts, "+"+countOf(added, "line"))
	}
	if removed > 0 {
		parts = append(parts, "−"+countOf(removed, "line"))
	}
	return strings.Join(parts, ", ")
}

// countOf is "1 line", "1,234 lines".
func countOf(n int, what string) string {
	return model.Thousands(n) + " " + what + plural(n)
}

// historyTime is friendlyTime to the second, with the time of day in every
// year: versions are often kept within the same minute.
func historyTime(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	switch {
	case t.IsZero() || t.Unix() <= 0:
		return ""
	case t.YearDay() == now.YearDay() && t.Year() == now.Year():
		return "Today " + t.Format("15:04:05")
	case t.Year() == now.Year():
		return t.Format("Jan 2, 15:04:05")
	}
	return t.Format("Jan 2, 2006 15:04:05")
}
