package ui

import (
	"reflect"
	"strings"
	"testing"
)

func TestFindAll(t *testing.T) {
	for _, c := range []struct {
		text, query string
		matchCase   bool
		want        [][2]int // rune offsets
	}{
		{"", "a", false, nil},
		{"abc", "", false, nil},
		{"banana", "an", false, [][2]int{{1, 3}, {3, 5}}},
		{"aaaa", "aa", false, [][2]int{{0, 2}, {2, 4}}}, // not overlapping
		{"Cat cat CAT", "cat", false, [][2]int{{0, 3}, {4, 7}, {8, 11}}},
		{"Cat cat CAT", "cat", true, [][2]int{{4, 7}}},
		{"Cat cat CAT", "CAT", true, [][2]int{{8, 11}}},
		{"héllo HÉLLO", "éll", false, [][2]int{{1, 4}, {7, 10}}}, // offsets in runes, not bytes
		{"日本語 日本", "日本", false, [][2]int{{0, 2}, {4, 6}}},
		{"line one\nline two", "e\nl", false, [][2]int{{7, 10}}},
		{"Straße STRASSE", "straße", false, [][2]int{{0, 6}}},
		{"no match here", "xyz", false, nil},
	} {
		var got [][2]int
		for _, m := range findAll(c.text, c.query, c.matchCase) {
			got = append(got, [2]int{m.start, m.end})
			// The byte offsets cover the same text as the rune offsets.
			if r := []rune(c.text); c.text[m.bStart:m.bEnd] != string(r[m.start:m.end]) {
				t.Errorf("%q in %q: bytes %d-%d are %q, runes %d-%d are %q", c.query, c.text,
					m.bStart, m.bEnd, c.text[m.bStart:m.bEnd], m.start, m.end, string(r[m.start:m.end]))
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("findAll(%q, %q, %v) = %v, want %v", c.text, c.query, c.matchCase, got, c.want)
		}
	}
}

func TestReplaceMatches(t *testing.T) {
	for _, c := range []struct {
		text, query, repl string
		matchCase         bool
		want              string
	}{
		{"banana", "an", "AN", false, "bANANa"},
		{"Cat cat CAT", "cat", "dog", false, "dog dog dog"},
		{"Cat cat CAT", "cat", "dog", true, "Cat dog CAT"},
		{"a, b, c", ", ", "", false, "abc"},                        // replaced by nothing
		{"héllo wörld héllo", "héllo", "hi", false, "hi wörld hi"}, // multi-byte before and after
		{"x", "x", "longer text", false, "longer text"},
		{"nothing", "zz", "y", false, "nothing"},
		{"aaa", "a", "aa", false, "aaaaaa"}, // the replacement is not searched again
	} {
		got := replaceMatches(c.text, findAll(c.text, c.query, c.matchCase), c.repl)
		if got != c.want {
			t.Errorf("replace %q by %q in %q: %q, want %q", c.query, c.repl, c.text, got, c.want)
		}
	}
	// One match replaced: the others stay.
	text := "one two one two"
	ms := findAll(text, "two", false)
	if got := replaceMatches(text, ms[1:], "2"); got != "one two one 2" {
		t.Errorf("replacing the second match: %q", got)
	}
}

func TestMatchFrom(t *testing.T) {
	ms := []textMatch{{start: 2}, {start: 10}, {start: 20}}
	for _, c := range []struct {
		at, dir, want int
	}{
		{-1, 1, 0}, {2, 1, 1}, {10, 1, 2}, {20, 1, 0}, // forward, wrapping to the first
		{20, -1, 1}, {10, -1, 0}, {2, -1, 2}, {-1, -1, 2}, // backward, wrapping to the last
		{0, 0, 0}, {2, 0, 0}, {3, 0, 1}, {21, 0, 0}, // as typed: the first at or after
	} {
		if got := matchFrom(ms, c.at, c.dir); got != c.want {
			t.Errorf("matchFrom(at %d, dir %d) = %d, want %d", c.at, c.dir, got, c.want)
		}
	}
	if got := matchFrom(nil, 0, 1); got != -1 {
		t.Errorf("no matches: %d", got)
	}
}

func TestWordsAndChars(t *testing.T) {
	for _, c := range []struct {
		text         string
		words, chars int
	}{
		{"", 0, 0},
		{"   ", 0, 3},
		{"one", 1, 3},
		{"one two  three", 3, 14},
		{"  lead and trail  ", 3, 18},
		{"lines\nand\ttabs\n", 3, 15},
		{"héllo wörld", 2, 11}, // characters, not bytes
		{"don't stop—now", 2, 14},
	} {
		w, n := wordsAndChars(c.text)
		if w != c.words || n != c.chars {
			t.Errorf("wordsAndChars(%q) = %d words, %d chars; want %d, %d", c.text, w, n, c.words, c.chars)
		}
	}
	big := strings.Repeat("word ", 200000)
	if w, n := wordsAndChars(big); w != 200000 || n != 1000000 {
		t.Errorf("a million characters: %d words, %d chars", w, n)
	}
}
