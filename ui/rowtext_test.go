package ui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClipRunes(t *testing.T) {
	const size = 10 // limit at width 300: 300/(10*0.3)+1 = 101 runes
	cases := []struct {
		name, in string
		width    float32
		want     string
	}{
		{"short", "Today 10:04  ·  hello", 300, "Today 10:04  ·  hello"},
		{"no width yet", strings.Repeat("a", 500), 0, strings.Repeat("a", 500)},
		{"exactly the limit", strings.Repeat("a", 101), 300, strings.Repeat("a", 101)},
		{"over the limit", strings.Repeat("a", 102), 300, strings.Repeat("a", 101) + "…"},
		{"multi-byte under the limit", strings.Repeat("é", 101), 300, strings.Repeat("é", 101)},
		{"multi-byte over", strings.Repeat("ü", 150), 300, strings.Repeat("ü", 101) + "…"},
		{"narrow row", strings.Repeat("x", 40), 30, strings.Repeat("x", 11) + "…"},
	}
	for _, c := range cases {
		got := clipRunes(c.in, c.width, size)
		if got != c.want {
			t.Errorf("%s: clipRunes = %q (%d runes), want %q", c.name, got, utf8.RuneCountInString(got), c.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("%s: cut inside a rune: %q", c.name, got)
		}
	}
}
