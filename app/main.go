package app

import (
	"flag"
	"fmt"
)

// Main runs sfnotes with the arguments after the program name and returns
// the exit code: 0 success, 1 failure, 2 bad usage. No subcommand opens the
// window through gui, which main.go supplies so that this package does not
// link the cgo GL driver.
func Main(args []string, io IO, gui func(*App) error) int {
	fs := flag.NewFlagSet("sfnotes", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	dataDir := fs.String("data", "", "data directory (default $SFNOTES_DATA or the OS config dir)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	rest := fs.Args()
	if len(rest) > 0 && (rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help") {
		fmt.Fprint(io.Out, usage)
		return 0
	}
	if len(rest) > 0 {
		fmt.Fprintf(io.Err, "sfnotes: unknown command %q (see sfnotes help)\n", rest[0])
		return 2
	}
	a, err := Open(Config{DataDir: *dataDir})
	if err != nil {
		fmt.Fprintf(io.Err, "sfnotes: %v\n", err)
		return 1
	}
	defer a.Close()
	if err := gui(a); err != nil {
		fmt.Fprintf(io.Err, "sfnotes: %v\n", err)
		return 1
	}
	return 0
}

const usage = `sfnotes: end-to-end encrypted notes synced through a Standard File server.

Usage:
  sfnotes [--data DIR]            open the window
  sfnotes help                    this text
`
