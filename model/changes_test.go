package model

import (
	"testing"
)

// TestForeignChanges: each store hears of the other's commits, never of its
// own; a reader left far behind (pruned log) is told something changed.
func TestForeignChanges(t *testing.T) {
	dir := t.TempDir()
	win, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer win.Close()
	cli, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	mark, foreign, err := win.ForeignChanges(0)
	if err != nil || foreign {
		t.Fatalf("first read: %v %v", foreign, err)
	}
	n, _ := win.CreateNote("mine", "x")
	text := "typed"
	win.EditNote(n.UUID, NoteEdit{Text: &text})
	if mark, foreign, _ = win.ForeignChanges(mark); foreign {
		t.Fatal("the window's own edits counted as foreign")
	}
	cli.CreateNote("theirs", "y")
	win.EditNote(n.UUID, NoteEdit{Text: &text})
	if mark, foreign, _ = win.ForeignChanges(mark); !foreign {
		t.Fatal("the command line's note went unnoticed")
	}
	if mark, foreign, _ = win.ForeignChanges(mark); foreign {
		t.Fatal("the same change reported twice")
	}
	if _, foreign, _ := cli.ForeignChanges(1); !foreign {
		t.Fatal("the command line did not hear of the window")
	}
	for i := 0; i < changeLogKeep+5; i++ {
		if err := win.Update(func(tx *Tx) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	var rows int64
	win.db.Model(&Change{}).Count(&rows)
	if rows > changeLogKeep+1 {
		t.Fatalf("the log keeps %d rows", rows)
	}
	if _, foreign, _ = cli.ForeignChanges(ChangeMark(2)); !foreign {
		t.Fatal("a reader behind the pruned log was not told")
	}
	mark, _, _ = win.ForeignChanges(0)
	win.CreateNote("more", "z")
	if _, foreign, _ = win.ForeignChanges(mark); foreign {
		t.Fatal("the window's own note counted as foreign after pruning")
	}
}
