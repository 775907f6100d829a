package app

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text from a server, a file or another device reaches the terminal only
// through these two functions: a title holding "\r", ESC or a C1 control
// could otherwise fake listing lines, move the cursor, set the terminal's
// title or worse. JSON output needs none of this (it escapes what it must and
// stays exact).

// termLine makes s safe for one line of human-readable output: every
// control character (C0 with newline and tab, DEL, C1), the bidirectional
// overrides and the line and paragraph separators become visible escapes
// (\n, \t, \x1b, \u009b, \u202e); bytes that are not UTF-8 become \xNN.
func termLine(s string) string { return escapeTerm(s, false) }

// termText is termLine for a note's body, which keeps its newlines and tabs.
func termText(s string) string { return escapeTerm(s, true) }

func escapeTerm(s string, multiline bool) string {
	if !needsEscape(s, multiline) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune: C1 controls, and the invisible characters that reorder or
// break a line (bidi embeddings, overrides and isolates; U+2028, U+2029).
func unsafeRune(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x2028 || r == 0x2029 || r == 0x200e || r == 0x200f || r == 0x061c
}

func needsEscape(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			if c >= 0x80 || !multiline || (c != '\n' && c != '\t') {
				return true // (any non-ASCII byte: checked rune by rune)
			}
		}
	}
	return false
}
