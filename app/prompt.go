package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"sfnotes/syncengine"
)

// password returns the password from the environment variable env, or asks
// for it without echo on a terminal; from a pipe it reads one line.
func (c *cmdCtx) password(env, prompt string) (string, error) {
	if v, ok := os.LookupEnv(env); ok {
		return v, nil
	}
	if f, ok := c.io.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		// Ctrl-C at the prompt ends the process (see interruptible) while
		// echo is off: put the terminal back first.
		if st, err := term.GetState(int(f.Fd())); err == nil {
			beforeInterruptExit.Store(func() { _ = term.Restore(int(f.Fd()), st); fmt.Fprintln(c.io.Err) })
			defer beforeInterruptExit.Store(func() {})
		}
		fmt.Fprint(c.io.Err, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(c.io.Err)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		return string(b), nil
	}
	if c.io.In == nil {
		return "", fmt.Errorf("no password: set %s", env)
	}
	line, err := bufio.NewReader(c.io.In).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password given (set " + env + " or type it)")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// mfa is how `signin` gets a two-factor code when the server asks: --code,
// else SFNOTES_2FA_CODE, else a prompt on the terminal (up to three tries).
// Without a terminal and without a code, the sign-in stops and says so.
func (c *cmdCtx) mfa(flagCode string) syncengine.MFA {
	m := syncengine.MFA{Code: flagCode}
	if m.Code == "" {
		m.Code = os.Getenv("SFNOTES_2FA_CODE")
	}
	f, ok := c.io.In.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return m
	}
	m.Ask = func(ctx context.Context, message string, tries int) (string, error) {
		if tries > 0 {
			fmt.Fprintln(c.io.Err, "That code is wrong, or was used already.")
		}
		fmt.Fprintf(c.io.Err, "%s\nTwo-factor code: ", termLine(message))
		line, err := bufio.NewReader(f).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("reading the two-factor code: %w", err)
		}
		return strings.TrimSpace(line), nil
	}
	return m
}
