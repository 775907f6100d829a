package model

import "strconv"

// Thousands writes n with a comma between groups of three digits (1,234).
// Counts shown to people, in the window and the command line's human output
// alike, are read, not parsed; machine output (--json) keeps plain numbers.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
