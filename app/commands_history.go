package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// revisionJSON is one kept version in `history --json`.
type revisionJSON struct {
	Version    int64  `json:"version"`
	Title      string `json:"title"`
	Text       string `json:"text"`
	ModifiedAt string `json:"modified_at"`
	KeptAt     string `json:"kept_at"`
	Reason     string `json:"reason"`
}

// cmdHistory lists a note's earlier versions on this device, newest first.
// It works for a note deleted forever too (its last text is kept).
func cmdHistory(c *cmdCtx) error {
	revs, err := c.app.Store.History(c.args[0])
	if err != nil {
		return err
	}
	if c.flag() {
		out := make([]revisionJSON, len(revs))
		for i, r := range revs {
			out[i] = revisionJSON{Version: r.ID, Title: r.Title, Text: r.Text, Reason: r.Reason,
				ModifiedAt: time.UnixMilli(r.ModifiedMs).UTC().Format(time.RFC3339),
				KeptAt:     time.UnixMilli(r.SavedMs).UTC().Format(time.RFC3339)}
		}
		return printJSON(c, out)
	}
	if len(revs) == 0 {
		fmt.Fprintln(c.io.Out, "no earlier versions of this note on this device")
		return nil
	}
	for _, r := range revs {
		first, _, _ := strings.Cut(strings.TrimSpace(r.Text), "\n")
		fmt.Fprintf(c.io.Out, "%d\t%s\t%s\t%s\t%s\n", r.ID, time.UnixMilli(r.ModifiedMs).Local().Format("2006-01-02 15:04:05"),
			termLine(r.Reason), termLine(orUntitled(r.Title)), termLine(first))
	}
	fmt.Fprintln(c.io.Out, "restore one with: sfnotes restore VERSION")
	return nil
}

// cmdRestore makes a kept version the note's text again (a new edit that
// syncs; the text it replaces is kept in the history).
func cmdRestore(c *cmdCtx) error {
	id, err := strconv.ParseInt(c.args[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError("VERSION is a number from sfnotes history, not %q", c.args[0])
	}
	uuid, err := c.app.Store.RestoreRevision(id)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.io.Out, "restored version %d into note %s\n", id, uuid)
	return nil
}
