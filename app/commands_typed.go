package app

import "fmt"

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
