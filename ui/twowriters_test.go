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

// TestCommandLineEditWhileWindowHoldsNote is issue 8's lost edit: the command
// line changes the note open in the editor, then the window types. Today's
// main overwrote the command line's text with the window's old text plus the
// keystroke. Now both texts exist, and the note's banner says so.
func TestCommandLineEditWhileWindowHoldsNote(t *testing.T) {
	f := newFixture(t, nil)
	n, err := f.store.CreateNote("Plan", "window text")
	if err != nil {
		t.Fatal(err)
	}
	f.w.Reload()
	f.w.selectNote(n.UUID)
	cli, err := model.Open(f.store.Dir()) // another process on the same data directory
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	text := "the command line's text"
	if err := cli.EditNote(n.UUID, model.NoteEdit{Text: &text}); err != nil {
		t.Fatal(err)
	}
	f.w.editor.focusBody()
	test.Type(f.w.editor.body, "!")
	var texts []string
	for _, v := range []model.View{model.ViewAll, model.ViewTrash} {
		l, _ := cli.ListNotes(model.NoteQuery{View: v})
		for _, s := range l {
			full, _ := cli.GetNote(s.UUID)
			texts = append(texts, full.Text)
		}
	}
	slices.Sort(texts)
	if want := []string{"!window text", text}; !slices.Equal(texts, want) {
		t.Fatalf("texts %q, want %q", texts, want)
	}
	if f.w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("an error was shown for a kept-both edit")
	}
	var banner []string
	walk(f.w.editor.banner, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			banner = append(banner, l.Text)
		}
	})
	if !strings.Contains(strings.Join(banner, " "), "conflicted copy") {
		t.Fatalf("no banner on the note: %q", banner)
	}
	// Typing goes on in the note, based on the stored version now.
	test.Type(f.w.editor.body, "?")
	if got, _ := cli.GetNote(n.UUID); got.Text != "!?window text" {
		t.Fatalf("the note reads %q", got.Text)
	}
	if c, _ := cli.ConflictCount(); c != 1 {
		t.Fatalf("%d conflicted copies", c)
	}
}
