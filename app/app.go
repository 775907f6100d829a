// Package app wires sfnotes together: the store, the sync engine, the
// secrets, the window and the command line. It holds no domain logic of its
// own; main.go only parses nothing and calls Main.
package app

import (
	"fmt"
	"io"
	"os"

	"sfnotes/model"
	"sfnotes/syncengine"
)

// ID is the application id (FyneApp.toml, preferences, keyring service).
const ID = "org.sfnotes.app"

// Config says where the data lives.
type Config struct {
	DataDir       string // "" means $SFNOTES_DATA, else the OS default
	AllowInsecure bool   // permit plain http to non-loopback servers
	// ReadOnly opens an existing database read-only (model.OpenReadOnly), for
	// commands that only read; a missing or outdated one is opened as usual.
	ReadOnly bool
}

// App is one running sfnotes over one data directory.
type App struct {
	Store    *model.Store
	Accounts *syncengine.Accounts
	cfg      Config
	window   *windowClaim // this process is the data directory's window
}

// Open opens the data directory.
func Open(cfg Config) (*App, error) {
	if cfg.DataDir == "" {
		cfg.DataDir = os.Getenv("SFNOTES_DATA")
	}
	if cfg.DataDir == "" {
		d, err := model.DefaultDataDir()
		if err != nil {
			return nil, err
		}
		cfg.DataDir = d
	}
	var st *model.Store
	var err error
	if cfg.ReadOnly {
		st, err = model.OpenReadOnly(cfg.DataDir)
	}
	if st == nil {
		st, err = model.OpenReporting(cfg.DataDir, indexProgress(os.Stderr))
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", cfg.DataDir, err)
	}
	acc := &syncengine.Accounts{Store: st, Secrets: newSecretStore(cfg.DataDir),
		Options: syncengine.ClientOptions{AllowInsecure: cfg.AllowInsecure}}
	return &App{Store: st, Accounts: acc, cfg: cfg}, nil
}

// indexProgress reports the one-time build of the search index for a large
// database from before it (2.6 s for 100,000 short notes here), so that a
// slow first start says why; small ones build silently.
func indexProgress(w io.Writer) model.IndexProgress {
	return func(done, total int) {
		if total >= 20000 {
			fmt.Fprintf(w, "sfnotes: building the search index: %s of %s items\n", model.Thousands(done), model.Thousands(total))
		}
	}
}

// Close releases everything Open took.
func (a *App) Close() error { return a.Store.Close() }

// IO is the standard streams, injectable for tests.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
}

// StdIO is the process's own streams.
func StdIO() IO { return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr} }
