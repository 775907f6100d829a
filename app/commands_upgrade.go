package app

import (
	"fmt"

	"sfnotes/syncengine"
)

// cmdUpgrade moves the signed-in 003 account to protocol 004 (Argon2id,
// items keys) with the same password, then syncs so that the new items keys
// reach the server at once and other devices can read what is written next.
func cmdUpgrade(c *cmdCtx) error {
	if _, ok, err := c.app.Store.Account(); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("%w: sign in first (sfnotes signin); there is no account to upgrade", syncengine.ErrNotSignedIn)
		}
		return err
	}
	pw, err := c.password("SFNOTES_PASSWORD", "Password: ")
	if err != nil {
		return err
	}
	fmt.Fprintln(c.io.Err, "deriving the new 004 key (Argon2id, 64 MiB)...")
	if err := c.app.Accounts.Upgrade(c.ctx, pw); err != nil {
		return err
	}
	s, err := c.app.Accounts.NewSyncer(c.ctx)
	if err != nil {
		return err
	}
	if _, err := s.Sync(c.ctx); err != nil {
		return fmt.Errorf("upgraded, but uploading the new items keys failed (run sfnotes sync): %w", err)
	}
	fmt.Fprintln(c.io.Out, "upgraded to protocol 004; existing notes stay readable as they are and move to 004 when edited; other devices must sign in again")
	return nil
}
