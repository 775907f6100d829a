package ui

import "strings"

// diffRow is one row of a side-by-side comparison: a line of the left text,
// a line of the right text, or both. Changed marks a row whose sides differ
// (a line only on one side, or a line replaced by another).
type diffRow struct {
	Left, Right       string
	HasLeft, HasRight bool
	Changed           bool
}

// maxDiffCells bounds the line-matching table. Past it (two long texts that
// differ all over) the middle is shown as one changed block rather than
// spending seconds and hundreds of megabytes to align it.
const maxDiffCells = 4_000_000

// sideBySide aligns two texts line by line: common lines side by side, and
// each changed block with the left lines against the right ones. The common
// prefix and suffix are matched first, so a small edit in a long note costs
// little; the middle is aligned by longest common subsequence.
func sideBySide(left, right string) []diffRow {
	a, b := strings.Split(left, "\n"), strings.Split(right, "\n")
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var rows []diffRow
	for _, l := range a[:pre] {
		rows = append(rows, diffRow{Left: l, Right: l, HasLeft: true, HasRight: true})
	}
	rows = append(rows, alignMiddle(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		rows = append(rows, diffRow{Left: l, Right: l, HasLeft: true, HasRight: true})
	}
	return rows
}

func alignMiddle(a, b []string) []diffRow {
	if len(a)*len(b) > maxDiffCells {
		return block(a, b)
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:], b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var rows []diffRow
	var delA, insB []string
	flush := func() {
		rows = append(rows, block(delA, insB)...)
		delA, insB = nil, nil
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			flush()
			rows = append(rows, diffRow{Left: a[i], Right: b[j], HasLeft: true, HasRight: true})
			i, j = i+1, j+1
		case j == len(b) || (i < len(a) && lcs[i+1][j] >= lcs[i][j+1]):
			delA = append(delA, a[i])
			i++
		default:
			insB = append(insB, b[j])
			j++
		}
	}
	flush()
	return rows
}

// block pairs a changed block's left lines with its right lines.
func block(a, b []string) []diffRow {
	rows := make([]diffRow, 0, max(len(a), len(b)))
	for k := 0; k < max(len(a), len(b)); k++ {
		r := diffRow{Changed: true}
		if k < len(a) {
			r.Left, r.HasLeft = a[k], true
		}
		if k < len(b) {
			r.Right, r.HasRight = b[k], true
		}
		rows = append(rows, r)
	}
	return rows
}

// mergedDraft is a starting point for a merged text: common lines once, and
// for each changed block the left lines followed by the right ones, so that
// nothing of either version is missing until the user deletes it.
func mergedDraft(rows []diffRow) string {
	var out []string
	var right []string
	for _, r := range rows {
		if !r.Changed {
			out = append(out, right...)
			right = nil
			out = append(out, r.Left)
			continue
		}
		if r.HasLeft {
			out = append(out, r.Left)
		}
		if r.HasRight {
			right = append(right, r.Right)
		}
	}
	out = append(out, right...)
	return strings.Join(out, "\n")
}

// changedCount is how many rows differ.
func changedCount(rows []diffRow) int {
	n := 0
	for _, r := range rows {
		if r.Changed {
			n++
		}
	}
	return n
}
