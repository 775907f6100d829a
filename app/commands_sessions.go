package app

import (
	"encoding/json"
	"flag"
	"fmt"

	"sfnotes/syncengine"
)

type sessionsOpts struct {
	json, others *bool
	revoke       *string
}

func sessionsFlags(fs *flag.FlagSet) any {
	return &sessionsOpts{json: fs.Bool("json", false, "print JSON"),
		revoke: fs.String("revoke", "", "end the session with this uuid (another device's)"),
		others: fs.Bool("revoke-others", false, "end every session but this device's")}
}

// cmdSessions lists a 004 account's sessions (one per signed-in device), or
// ends one or all of the others: a lost device stops syncing at once.
func cmdSessions(c *cmdCtx) error {
	o := c.opts.(*sessionsOpts)
	acc := c.app.Accounts
	switch {
	case *o.revoke != "" && *o.others:
		return usageError("--revoke and --revoke-others go alone")
	case *o.revoke != "":
		if err := acc.RevokeSession(c.ctx, *o.revoke); err != nil {
			return err
		}
		fmt.Fprintf(c.io.Out, "session %s ended; that device must sign in again\n", termLine(*o.revoke))
		return nil
	case *o.others:
		if err := acc.RevokeOtherSessions(c.ctx); err != nil {
			return err
		}
		fmt.Fprintln(c.io.Out, "every other session ended; other devices must sign in again")
		return nil
	}
	list, err := acc.Sessions(c.ctx)
	if err != nil {
		return err
	}
	if *o.json {
		out := make([]sessionJSON, 0, len(list))
		for _, s := range list {
			out = append(out, sessionJSON{Session: s, Name: s.Device})
		}
		enc := json.NewEncoder(c.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, s := range list {
		mark := " "
		if s.Current {
			mark = "*"
		}
		fmt.Fprintf(c.io.Out, "%s %s  %s  %s\n", mark, s.UUID, s.CreatedAt.Local().Format("2006-01-02 15:04"), termLine(s.Device))
	}
	fmt.Fprintln(c.io.Out, "(* this device)")
	return nil
}

// sessionJSON is a session as `sessions --json` prints it: the server's
// fields, and device, the name of the device whichever field the server
// gave it in (user_agent, or the official server's device_info).
type sessionJSON struct {
	syncengine.Session
	Name string `json:"device"`
}
