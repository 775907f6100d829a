package app

import (
	"fmt"

	"sfnotes/model"
)

// cmdCopyPlain makes a plain-text copy of a note (its readable text, its
// title marked as a copy, its tags) and prints the copy's uuid: the way to
// edit a Super note's text without destroying it for the official app.
func cmdCopyPlain(c *cmdCtx) error {
	n, err := c.app.Store.CopyAsPlain(c.args[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(c.io.Out, termLine(n.UUID))
	return nil
}

// setFlag is a command that sets one flag of a note (archive, star, lock…)
// where the official app keeps it (the store decides where).
func setFlag(field func(e *model.NoteEdit, v *bool), v bool) func(c *cmdCtx) error {
	return func(c *cmdCtx) error {
		var e model.NoteEdit
		field(&e, &v)
		return c.app.Store.EditNote(c.args[0], e)
	}
}

// flagMarks lists a note's flags for the human-readable output.
func flagMarks(n model.NoteSummary) string {
	s := ""
	for _, f := range []struct {
		on   bool
		mark string
	}{{n.Archived, " [archived]"}, {n.Starred, " [starred]"}, {n.Locked, " [locked]"}, {n.Protected, " [protected]"}} {
		if f.on {
			s += f.mark
		}
	}
	return s
}
