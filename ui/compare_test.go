package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"sfnotes/model"
)

// conflictFixture is a note and a conflicted copy of it, as a sync makes them.
func conflictFixture(t *testing.T) (*fixture, model.Note, string) {
	t.Helper()
	f := newFixture(t, nil)
	orig, err := f.store.CreateNote("Groceries", "milk\neggs\nbread\ncoffee")
	if err != nil {
		t.Fatal(err)
	}
	var cp string
	err = f.store.Update(func(tx *model.Tx) error {
		var err error
		cp, err = tx.CreateConflictCopy(orig.UUID, model.TypeNote,
			`{"title":"Groceries","text":"milk\nbutter\nbread\ncoffee\ntea","references":[]}`, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.w.Reload()
	f.w.selectNote(cp)
	return f, orig, cp
}

// everyText is every note's text, trash included, sorted.
func everyText(t *testing.T, s *model.Store) []string {
	t.Helper()
	var out []string
	for _, v := range []model.View{model.ViewAll, model.ViewTrash} {
		l, err := s.ListNotes(model.NoteQuery{View: v})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range l {
			full, _ := s.GetNote(n.UUID)
			out = append(out, full.Text)
		}
	}
	slices.Sort(out)
	return out
}

func TestCompareShowsDifferences(t *testing.T) {
	f, _, cp := conflictFixture(t)
	f.w.openCompare(cp)
	v := f.w.compare
	if v == nil || changedCount(v.rows) != 2 {
		t.Fatalf("compare: %+v", v)
	}
	if got := v.summary.Text; got[:len("2 lines differ")] != "2 lines differ" {
		t.Fatalf("summary %q", got)
	}
	// The replaced line sits beside its replacement; the added line stands alone.
	var pairs []string
	for _, r := range v.rows {
		if r.Changed {
			pairs = append(pairs, r.Left+"|"+r.Right)
		}
	}
	if !slices.Equal(pairs, []string{"eggs|butter", "|tea"}) {
		t.Fatalf("changed rows %q", pairs)
	}
}

func TestCompareChoicesLoseNothing(t *testing.T) {
	for _, c := range []struct {
		name   string
		choose func(v *compareView)
		// what stays as ordinary notes, and what is in the Trash, by text
		live, trash []string
	}{
		{"keep left", func(v *compareView) { test.Tap(v.keepLeft) },
			[]string{"milk\neggs\nbread\ncoffee"}, []string{"milk\nbutter\nbread\ncoffee\ntea"}},
		{"keep right", func(v *compareView) { test.Tap(v.keepRight) },
			[]string{"milk\nbutter\nbread\ncoffee\ntea"}, []string{"milk\neggs\nbread\ncoffee"}},
		{"keep both", func(v *compareView) { test.Tap(v.keepBoth) },
			[]string{"milk\nbutter\nbread\ncoffee\ntea", "milk\neggs\nbread\ncoffee"}, nil},
		{"merge", func(v *compareView) {
			test.Tap(v.merge)
			if v.mergeText.Text != "milk\neggs\nbutter\nbread\ncoffee\ntea" {
				t.Fatalf("merge draft %q", v.mergeText.Text)
			}
			v.mergeText.SetText("milk\nbutter\nbread\ncoffee\ntea\neggs")
			test.Tap(v.mergeSave)
		}, []string{"milk\nbutter\nbread\ncoffee\ntea\neggs"},
			[]string{"milk\nbutter\nbread\ncoffee\ntea", "milk\neggs\nbread\ncoffee"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, _, cp := conflictFixture(t)
			f.w.openCompare(cp)
			c.choose(f.w.compare)
			texts := func(v model.View) []string {
				l, _ := f.store.ListNotes(model.NoteQuery{View: v})
				var out []string
				for _, n := range l {
					full, _ := f.store.GetNote(n.UUID)
					out = append(out, full.Text)
				}
				slices.Sort(out)
				return out
			}
			slices.Sort(c.live)
			slices.Sort(c.trash)
			if got := texts(model.ViewAll); !slices.Equal(got, c.live) {
				t.Fatalf("notes %q, want %q", got, c.live)
			}
			if got := texts(model.ViewTrash); !slices.Equal(got, c.trash) {
				t.Fatalf("trash %q, want %q", got, c.trash)
			}
			if n, _ := f.store.ConflictCount(); n != 0 {
				t.Fatalf("%d conflicted copies left", n)
			}
			if f.w.win.Canvas().Overlays().Top() != nil {
				t.Fatal("the comparison is still open")
			}
		})
	}
}

// TestBannerChoicesGoToTrash: the banner's quick choices follow the same rule.
func TestBannerChoicesGoToTrash(t *testing.T) {
	f, orig, _ := conflictFixture(t)
	before := everyText(t, f.store)
	f.w.editor.keepOther()
	if got := everyText(t, f.store); !slices.Equal(got, before) {
		t.Fatalf("keep the other lost text: %q, had %q", got, before)
	}
	if f.w.selected != orig.UUID {
		t.Fatal("the original is not open")
	}
	f, _, _ = conflictFixture(t)
	f.w.editor.keepThis()
	if got := everyText(t, f.store); !slices.Equal(got, before) {
		t.Fatalf("keep this one lost text: %q", got)
	}
}

// TestOriginalShowsItsCopy: the original note, open in the editor, says it
// has a conflicted copy and offers the comparison.
func TestOriginalShowsItsCopy(t *testing.T) {
	f, orig, cp := conflictFixture(t)
	f.w.selectNote(orig.UUID)
	var compare *widget.Button
	walk(f.w.editor.banner, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Compare…" {
			compare = b
		}
	})
	if compare == nil {
		t.Fatal("no Compare button on the original")
	}
	test.Tap(compare)
	if f.w.compare == nil || f.w.compare.copy.UUID != cp {
		t.Fatal("Compare on the original did not open its copy")
	}
}

// TestCompareKeepRightKeepsTheNote: "Keep right" keeps the original note
// (uuid, created date, History) with the copy's text and opens it; it made
// the copy the survivor, with a new uuid, created today and no History, and
// trashed the original (issue 18). "Keep both" renames the copy so that the
// two notes can be told apart.
func TestCompareKeepRightKeepsTheNote(t *testing.T) {
	f, orig, cp := conflictFixture(t)
	f.w.openCompare(cp)
	test.Tap(f.w.compare.keepRight)
	n, err := f.store.GetNote(orig.UUID)
	if err != nil || n.Trashed {
		t.Fatalf("the original is gone or trashed: %v", err)
	}
	if n.Text != "milk\nbutter\nbread\ncoffee\ntea" || n.CreatedMs != orig.CreatedMs {
		t.Fatalf("the original holds %q, created %d (was %d)", n.Text, n.CreatedMs, orig.CreatedMs)
	}
	h, err := f.store.History(orig.UUID)
	if err != nil || len(h) == 0 || h[0].Text != "milk\neggs\nbread\ncoffee" {
		t.Fatalf("the original's History does not keep its earlier text: %d entries, %v", len(h), err)
	}
	if f.w.selected != orig.UUID || f.w.editor.bodyText() != n.Text {
		t.Fatal("the window does not show the original with the kept text")
	}

	f, orig, cp = conflictFixture(t)
	f.w.openCompare(cp)
	test.Tap(f.w.compare.keepBoth)
	c, _ := f.store.GetNote(cp)
	if !strings.HasPrefix(c.Title, "Groceries (conflicted copy, ") || c.ConflictOf != "" {
		t.Fatalf("the kept copy is titled %q", c.Title)
	}
	if o, _ := f.store.GetNote(orig.UUID); o.Title != "Groceries" {
		t.Fatalf("the original is titled %q", o.Title)
	}
}

// TestCompareWrapsLongLines: a changed paragraph (one long line) shows
// whole, wrapped over several rows; it was cut with "…" at one row, so a
// difference at its end did not show (issue 18).
func TestCompareWrapsLongLines(t *testing.T) {
	f := newFixture(t, nil)
	para := strings.Repeat("The quick brown fox jumps over the lazy dog near the river bank. ", 8)
	orig, _ := f.store.CreateNote("Essay", "intro\n"+para+"the end.")
	var cp string
	err := f.store.Update(func(tx *model.Tx) error {
		var err error
		cp, err = tx.CreateConflictCopy(orig.UUID, model.TypeNote,
			`{"title":"Essay","text":"intro\n`+para+`the END, changed.","references":[]}`, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.w.Reload()
	f.w.openCompare(cp)
	one := widget.NewLabel("x").MinSize().Height
	found := 0
	walk(f.w.compare.list, func(o fyne.CanvasObject) {
		l, ok := o.(*widget.Label)
		if !ok || !strings.HasPrefix(l.Text, "The quick") {
			return
		}
		found++
		if l.MinSize().Height < 3*one || l.Size().Height < l.MinSize().Height {
			t.Errorf("the paragraph has %.1f rows of room, needs %.1f", l.Size().Height/one, l.MinSize().Height/one)
		}
	})
	if found != 2 {
		t.Fatalf("%d sides show the paragraph", found)
	}
}
