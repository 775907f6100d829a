package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// errUsage marks bad usage: exit code 2.
var errUsage = errors.New("usage")

// usageError is bad usage with a message.
func usageError(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

// Main runs sfnotes with the arguments after the program name and returns
// the exit code: 0 success, 1 failure (one line on stderr), 2 bad usage, 130
// interrupted. No subcommand opens the window through gui, which main.go
// supplies so that this package does not link the cgo GL driver. A command
// stops at Ctrl-C (SIGINT) or SIGTERM; see interruptible.
func Main(args []string, stdio IO, gui func(*App) error) int {
	return mainWith(nil, args, stdio, gui)
}

// MainContext is Main with the commands' context given instead of one that
// Ctrl-C cancels (for tests, and for callers with their own signals).
func MainContext(ctx context.Context, args []string, stdio IO, gui func(*App) error) int {
	return mainWith(ctx, args, stdio, gui)
}

// exitInterrupted is the exit code of a command stopped by Ctrl-C (128 + SIGINT).
const exitInterrupted = 130

func mainWith(ctx context.Context, args []string, stdio IO, gui func(*App) error) int {
	fs := flag.NewFlagSet("sfnotes", flag.ContinueOnError)
	fs.SetOutput(stdio.Err)
	dataDir := fs.String("data", "", "data directory (default $SFNOTES_DATA or the OS config dir)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) { // sfnotes --help / -h
			fmt.Fprint(stdio.Out, Usage)
			return 0
		}
		return 2
	}
	rest := fs.Args()
	if len(rest) > 0 && (rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help") {
		fmt.Fprint(stdio.Out, Usage)
		return 0
	}
	if len(rest) == 0 {
		return runGUI(*dataDir, stdio, gui)
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(stdio.Err, "sfnotes: unknown command %q (see sfnotes help)\n", rest[0])
		return 2
	}
	if ctx == nil {
		var stop func()
		ctx, stop = interruptible(stdio.Err)
		defer stop()
	}
	err := runCommand(ctx, cmd, rest[0], rest[1:], *dataDir, stdio)
	switch {
	case err == nil:
		return 0
	case ctx.Err() != nil && errors.Is(err, context.Canceled):
		fmt.Fprintf(stdio.Err, "sfnotes %s: %s\n", rest[0], oneLine(Message(err)))
		return exitInterrupted
	case errors.Is(err, errUsage):
		fmt.Fprintf(stdio.Err, "sfnotes %s: %s\n", rest[0], oneLine(strings.TrimPrefix(err.Error(), "usage: ")))
		return 2
	default:
		fmt.Fprintf(stdio.Err, "sfnotes %s: %s\n", rest[0], oneLine(Message(err)))
		return 1
	}
}

// oneLine is a message as one safe terminal line (an error may quote what a
// server sent).
func oneLine(s string) string { return termLine(strings.ReplaceAll(s, "\n", " ")) }

// beforeInterruptExit holds a func() to run before an interrupted command's
// process exits (the password prompt restores the terminal's echo).
var beforeInterruptExit atomic.Value

// interruptGrace is how long a cancelled command may take to return before
// the process ends anyway.
const interruptGrace = 700 * time.Millisecond

// interruptible returns a context that Ctrl-C (SIGINT) or SIGTERM cancels.
// Every long operation (key derivation, requests, the sync loop) stops on
// it; should one not return within interruptGrace (a large transaction in
// progress), the process exits with 130. That is safe: SQLite in WAL mode
// loses no committed transaction to a killed process (RELIABILITY.md), and
// the sync token is only saved with the last page. stop restores the
// default handling.
func interruptible(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
		case <-done:
			return
		}
		cancel()
		select {
		case <-done:
		case <-sig:
		case <-time.After(interruptGrace):
		}
		select {
		case <-done:
		default:
			if f, ok := beforeInterruptExit.Load().(func()); ok {
				f()
			}
			fmt.Fprintln(stderr, "sfnotes: interrupted")
			os.Exit(exitInterrupted)
		}
	}()
	return ctx, func() { signal.Stop(sig); close(done); cancel() }
}

func runGUI(dataDir string, stdio IO, gui func(*App) error) int {
	a, err := Open(Config{DataDir: dataDir})
	if err != nil {
		fmt.Fprintf(stdio.Err, "sfnotes: %s\n", oneLine(Message(err)))
		return 1
	}
	defer a.Close()
	claim, err := claimWindow(a.Store.Dir())
	if errors.Is(err, errWindowRaised) {
		fmt.Fprintln(stdio.Out, err)
		return 0
	}
	if err != nil {
		// Without the claim a second start opens a second window, which
		// the change log keeps in step: say so and go on.
		fmt.Fprintf(stdio.Err, "sfnotes: %s\n", oneLine(Message(err)))
	} else {
		defer claim.Close()
		a.window = claim
	}
	if err := gui(a); err != nil {
		fmt.Fprintf(stdio.Err, "sfnotes: %s\n", oneLine(Message(err)))
		return 1
	}
	return 0
}

// command is one subcommand: its flags and what it does.
type command struct {
	flags func(fs *flag.FlagSet) any
	run   func(c *cmdCtx) error
	// args is the number of positional arguments: exact, or at least min when variadic.
	args     int
	variadic bool
	// readOnly commands never write the database: they open it read-only
	// and so work on a read-only file system.
	readOnly bool
}

// cmdCtx is what a command runs with.
type cmdCtx struct {
	// ctx is cancelled by Ctrl-C; every network call and key derivation takes it.
	ctx  context.Context
	app  *App
	io   IO
	args []string
	opts any
}

// parseInterleaved lets flags come before or after positional arguments
// (`show UUID --json`), as users type them.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func runCommand(ctx context.Context, cmd command, name string, args []string, dataDir string, stdio IO) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dd := fs.String("data", dataDir, "data directory")
	insecure := fs.Bool("allow-insecure", false, "allow plain http to a non-loopback server")
	var opts any
	if cmd.flags != nil {
		opts = cmd.flags(fs)
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return usageError("%v", err)
	}
	if len(pos) < cmd.args || (!cmd.variadic && len(pos) > cmd.args) {
		return usageError("wrong number of arguments (see sfnotes help)")
	}
	a, err := Open(Config{DataDir: *dd, AllowInsecure: *insecure, ReadOnly: cmd.readOnly})
	if err != nil {
		return err
	}
	defer a.Close()
	return cmd.run(&cmdCtx{ctx: ctx, app: a, io: stdio, args: pos, opts: opts})
}

// Usage is the text of `sfnotes help`.
const Usage = `sfnotes: end-to-end encrypted notes synced through a Standard File server.

Usage:
  sfnotes [--data DIR]                       open the window
  sfnotes [--data DIR] register --server URL --email EMAIL [--protocol 003|004]
  sfnotes [--data DIR] signin   --server URL --email EMAIL [--code CODE] [--allow-legacy-protocol]
  sfnotes [--data DIR] signout  [--force]
  sfnotes [--data DIR] passwd
  sfnotes [--data DIR] upgrade                  move a 003 account to protocol 004
  sfnotes [--data DIR] sessions [--json] [--revoke UUID | --revoke-others]
  sfnotes [--data DIR] sync
  sfnotes [--data DIR] status   [--json]
  sfnotes [--data DIR] notes    [--view VIEW | --tag NAME [--archived]] [--search WORDS] [--json [--reveal]]
                                    VIEW: all (neither archived nor trashed), starred,
                                    archived, trash (or --trash), untagged, conflicts, pinned
  sfnotes [--data DIR] show     UUID [--json] [--reveal]    --reveal: a protected note's text
  sfnotes [--data DIR] new      --title T [--text X | --text-file F] [--tag NAME]...
  sfnotes [--data DIR] edit     UUID [--title T] [--text X | --text-file F] [--force]
  sfnotes [--data DIR] tag      UUID NAME...
  sfnotes [--data DIR] untag    UUID NAME...
  sfnotes [--data DIR] rm       UUID [--forever]
  sfnotes [--data DIR] archive|unarchive|star|unstar|lock|unlock|protect|unprotect UUID
                                                 lock is "Prevent editing": edit then
                                                 needs --force
  sfnotes [--data DIR] copy-plain UUID           an editable plain-text copy of a
                                                 Super (or other non-plain) note
  sfnotes [--data DIR] export   [--encrypted] FILE
  sfnotes [--data DIR] import   FILE
  sfnotes [--data DIR] history  UUID [--json]    earlier versions kept on this device
  sfnotes [--data DIR] restore  VERSION          bring one back (a new edit)
  sfnotes help

Passwords come from SFNOTES_PASSWORD (and SFNOTES_NEW_PASSWORD for passwd) or
a prompt without echo, never from a flag. --data (or SFNOTES_DATA) defaults to
the directory the window uses. Local commands change only local data; sync
syncs. register and signin refuse plain http to a server that is not on this
machine unless --allow-insecure is given. signin refuses params weaker than
this device has seen the account use, and an account it has not seen offered
as protocol 001 or 002 unless --allow-legacy-protocol is given. Exit codes:
0 success, 1 failure,
2 bad usage, 130 interrupted (Ctrl-C).

Notes from the official app whose text is not plain text (Super notes, rich
text, spreadsheets, the token vault) are shown as readable text (show) and
never rewritten: edit --text on them is refused; copy-plain makes a plain
note with the same text and tags to edit instead.
`
