package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NaturalCompare orders names as a person reads them: case aside, and runs
// of digits by their value, so "tag2" comes before "tag10" (SQLite's NOCASE
// order put tag10 and tag11 before tag2). It returns -1, 0 or 1.
func NaturalCompare(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if isDigit(ra) && isDigit(rb) {
			da, db := digitRun(a), digitRun(b)
			if c := compareNumbers(da, db); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		la, lb := unicode.ToLower(ra), unicode.ToLower(rb)
		if la != lb {
			if la < lb {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// digitRun is the run of ASCII digits s starts with.
func digitRun(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// compareNumbers compares two digit runs by value, of any length; equal
// values with different leading zeros: the shorter first.
func compareNumbers(a, b string) int {
	ta, tb := strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	switch {
	case len(ta) != len(tb):
		return sign(len(ta) - len(tb))
	case ta != tb:
		return strings.Compare(ta, tb)
	}
	return sign(len(a) - len(b))
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
