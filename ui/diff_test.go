package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// sides rebuilds both texts from rows: every line of each side, in order.
func sides(rows []diffRow) (string, string) {
	var l, r []string
	for _, row := range rows {
		if row.HasLeft {
			l = append(l, row.Left)
		}
		if row.HasRight {
			r = append(r, row.Right)
		}
	}
	return strings.Join(l, "\n"), strings.Join(r, "\n")
}

func TestSideBySide(t *testing.T) {
	for _, c := range []struct {
		left, right string
		changed     int
	}{
		{"a\nb\nc", "a\nb\nc", 0},
		{"a\nb\nc", "a\nX\nc", 1},             // one line replaced: one row, both sides
		{"a\nb\nc", "a\nb\nnew\nc", 1},        // inserted
		{"a\nb\nc", "a\nc", 1},                // deleted
		{"", "only right", 1},                 // empty against text
		{"1\n2\n3\n4\n5", "1\nx\n3\ny\n5", 2}, // two separate changes
		{"same\nmoved\nend", "moved\nsame\nend", 2},
	} {
		for _, swap := range []bool{false, true} { // each case both ways
			l, r := c.left, c.right
			if swap {
				l, r = r, l
			}
			rows := sideBySide(l, r)
			if gl, gr := sides(rows); gl != l || gr != r {
				t.Errorf("%q vs %q: rows rebuild %q and %q", l, r, gl, gr)
			}
			if got := changedCount(rows); got != c.changed {
				t.Errorf("%q vs %q: %d changed rows, want %d: %+v", l, r, got, c.changed, rows)
			}
			for _, row := range rows {
				if !row.Changed && (row.Left != row.Right || !row.HasLeft || !row.HasRight) {
					t.Errorf("an unchanged row that differs: %+v", row)
				}
			}
		}
	}
}

// TestSideBySideRandom: random edits of random texts always rebuild both
// sides exactly, whatever the alignment.
func TestSideBySideRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"alpha", "beta", "gamma", "", "delta", "x"}
	text := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = words[rng.IntN(len(words))]
		}
		return out
	}
	for i := 0; i < 500; i++ {
		a := text(rng.IntN(30))
		b := append([]string(nil), a...)
		for k := rng.IntN(6); k > 0; k-- {
			p := rng.IntN(len(b) + 1)
			switch rng.IntN(3) {
			case 0:
				b = append(b[:p], append([]string{fmt.Sprint("new", k)}, b[p:]...)...)
			case 1:
				if p < len(b) {
					b = append(b[:p], b[p+1:]...)
				}
			default:
				if p < len(b) {
					b[p] = "changed"
				}
			}
		}
		l, r := strings.Join(a, "\n"), strings.Join(b, "\n")
		if gl, gr := sides(sideBySide(l, r)); gl != l || gr != r {
			t.Fatalf("%q vs %q rebuilt as %q and %q", l, r, gl, gr)
		}
	}
}

// TestSideBySideLongTexts: two 5,000-line notes that differ everywhere take
// the bounded path and still rebuild exactly.
func TestSideBySideLongTexts(t *testing.T) {
	var a, b []string
	for i := 0; i < 5000; i++ {
		a = append(a, fmt.Sprint("left ", i))
		b = append(b, fmt.Sprint("right ", i))
	}
	l, r := strings.Join(a, "\n"), strings.Join(b, "\n")
	rows := sideBySide(l, r)
	if gl, gr := sides(rows); gl != l || gr != r || len(rows) != 5000 {
		t.Fatalf("%d rows", len(rows))
	}
}

// TestMergedDraftKeepsEverything: the draft has every line of both versions,
// common lines once.
func TestMergedDraftKeepsEverything(t *testing.T) {
	got := mergedDraft(sideBySide("title\nmilk\neggs\nend", "title\nmilk\nbread\nend"))
	if got != "title\nmilk\neggs\nbread\nend" {
		t.Fatalf("draft %q", got)
	}
	if got := mergedDraft(sideBySide("a\nb", "a\nb")); got != "a\nb" {
		t.Fatalf("draft of equal texts %q", got)
	}
}
