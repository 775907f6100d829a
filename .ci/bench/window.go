package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// benchTime finds a Go benchmark's ns/op in the micro results ("" name
// parts must match the benchmark's name up to the -GOMAXPROCS suffix).
func benchTime(lines []string, name string) (time.Duration, bool) {
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) < 4 || f[3] != "ns/op" {
			continue
		}
		n := f[0]
		if i := strings.LastIndex(n, "-"); i > 0 {
			n = n[:i]
		}
		if n != name {
			continue
		}
		ns, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return 0, false
		}
		return time.Duration(ns), true
	}
	return 0, false
}

// windowSection is the window at real sizes: long notes and the UI thread,
// read from the Go benchmarks of this run.
func windowSection(micro []string) string {
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }
	w("## The window at real sizes\n\n| | Go benchmark | time | goal |\n|---|---|---|---|\n")
	rows := []struct {
		what, bench string
		goal        time.Duration
	}{
		{"open a 5,000-line (320 KB) note", "BenchmarkLongNote5000/open", 100 * time.Millisecond},
		{"a keystroke in it (UI thread)", "BenchmarkLongNote5000/keystroke", 16 * time.Millisecond},
		{"open a 1 MB (16,000-line) note", "BenchmarkLongNote1MB/open", 100 * time.Millisecond},
		{"a keystroke in it (UI thread)", "BenchmarkLongNote1MB/keystroke", 16 * time.Millisecond},
		{"view switch at 10,000 notes: UI thread", "BenchmarkSwitchViewUIThread10k", 16 * time.Millisecond},
		{"view switch at 10,000 notes: click to list shown", "BenchmarkSwitchView10k", 50 * time.Millisecond},
		{"a change from elsewhere at 10,000 notes: UI thread", "BenchmarkExternalChangeUIThread10k", 16 * time.Millisecond},
		{"search keystroke at 10,000 notes: UI thread", "BenchmarkSearchKeystroke10k", 16 * time.Millisecond},
		{"search at 10,000 notes: keystroke to the first rows shown", "BenchmarkSearchFirstRows10k", 50 * time.Millisecond},
		{"search at 10,000 notes: keystroke to the whole list read", "BenchmarkSearchResult10k", 50 * time.Millisecond},
		{"a keystroke in a short note at 10,000 notes", "BenchmarkTypeInEditor10k", 16 * time.Millisecond},
		{"list at 100,000 notes: the first page, shown while the rest is read", "BenchmarkListFirstPage100k", 100 * time.Millisecond},
		{"search at 100,000 notes, a rare word with a common one (FTS5 trigram index)", "BenchmarkSearch100k", 10 * time.Millisecond},
		{"search at 100,000 notes, a word in every note: the first page", "BenchmarkSearchFirstPage100k", 10 * time.Millisecond},
	}
	for _, r := range rows {
		d, ok := benchTime(micro, r.bench)
		if !ok {
			w("| %s | `%s` | not measured | < %s |\n", r.what, r.bench, ms(r.goal))
			continue
		}
		w("| %s | `%s` | %s | < %s: %s |\n", r.what, r.bench, ms2(d), ms(r.goal), verdict(d < r.goal))
	}
	w("\nA long note (from 400 lines or 48 KB) is edited as pages of 100 lines, each its own Entry, built as they\n")
	w("scroll into view; its text is saved off the UI thread. In one Fyne 2.8.1 Entry the cost grew with the\n")
	w("square of the length (the text renderer converts the whole text to runes once per row): the 5,000-line\n")
	w("note took 8.9 s to open and 2.6 s a keystroke before. The lists are read off the UI thread and applied in\n")
	w("one step; the times marked UI thread are what the window cannot draw during. A list longer than 200 notes\n")
	w("is read twice: its first 200 rows, shown at once, then the whole list (`BenchmarkList100k` is that second read);\n")
	w("the first rows come in the list's order from an index per sort, so they cost the same at any size.\n")
	w("Searches use the FTS5 index where it is selective (see Search above).\n\n")
	return b.String()
}
