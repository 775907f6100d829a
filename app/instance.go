package app

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"sfnotes/model"
)

// One window per data directory. Two windows on one directory would be
// safe (the store's change log keeps each in step with the other) but
// confusing, so a second start raises the window already open instead. The
// running window listens on a loopback port and writes the port with a
// random token into windowFile (0600, inside the 0700 data directory); a
// second start sends the token and the first brings its window to the front.
// A file left by a crashed window names a port nobody answers on: the new
// window takes it over.

const windowFile = "window.lock"

// errWindowRaised: the data directory's window is open already and has been
// brought to the front; this start has nothing left to do.
var errWindowRaised = errors.New("sfnotes is already open on this data directory: its window was brought to the front")

// windowClaim is the running window's side: the listener and what it does
// when another start asks.
type windowClaim struct {
	ln    net.Listener
	path  string
	token string

	mu      sync.Mutex
	onRaise func()
}

// raiseTimeout bounds how long a second start waits for the first window.
const raiseTimeout = 2 * time.Second

// claimWindow raises the window already open on dir (errWindowRaised) or
// makes this process the window of dir.
func claimWindow(dir string) (*windowClaim, error) {
	path := filepath.Join(dir, windowFile)
	if raised, err := raiseRunning(path); raised {
		return nil, errWindowRaised
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		// A window that does not answer is taken over: say so, then open.
		fmt.Fprintf(os.Stderr, "sfnotes: a window seemed to be open on this data directory but did not answer (%v); opening a new one\n", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for a second start: %w", err)
	}
	tok := make([]byte, 16)
	_, _ = rand.Read(tok)
	c := &windowClaim{ln: ln, path: path, token: hex.EncodeToString(tok)}
	line := fmt.Sprintf("%d %s\n", ln.Addr().(*net.TCPAddr).Port, c.token)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(line), model.PrivateFileMode); err != nil {
		ln.Close()
		return nil, fmt.Errorf("recording the window: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		ln.Close()
		return nil, fmt.Errorf("recording the window: %w", err)
	}
	go c.serve()
	return c, nil
}

// raiseRunning asks the window recorded in path to come to the front.
func raiseRunning(path string) (bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	var port int
	var token string
	if _, err := fmt.Sscanf(string(b), "%d %s", &port, &token); err != nil {
		return false, fmt.Errorf("reading %s: %w", windowFile, err)
	}
	conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), raiseTimeout)
	if err != nil {
		return false, os.ErrNotExist // left by a window that has gone
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(raiseTimeout))
	if _, err := fmt.Fprintf(conn, "raise %s\n", token); err != nil {
		return false, err
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return false, err
	}
	return strings.TrimSpace(reply) == "raised", nil
}

// serve answers second starts until Close.
func (c *windowClaim) serve() {
	for {
		conn, err := c.ln.Accept()
		if err != nil {
			return
		}
		go c.answer(conn)
	}
}

func (c *windowClaim) answer(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(raiseTimeout))
	line, err := bufio.NewReader(io.LimitReader(conn, 256)).ReadString('\n')
	if err != nil {
		return
	}
	tok, ok := strings.CutPrefix(strings.TrimSpace(line), "raise ")
	if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(c.token)) != 1 {
		return // not a start of ours: a port scan, another user
	}
	c.mu.Lock()
	raise := c.onRaise
	c.mu.Unlock()
	if raise != nil {
		raise()
	}
	fmt.Fprintln(conn, "raised")
}

// OnRaise sets what a second start does to the window.
func (c *windowClaim) OnRaise(fn func()) {
	c.mu.Lock()
	c.onRaise = fn
	c.mu.Unlock()
}

// Close stops listening and removes the record, if it is still ours.
func (c *windowClaim) Close() {
	c.ln.Close()
	if b, err := os.ReadFile(c.path); err == nil && strings.Contains(string(b), c.token) {
		os.Remove(c.path)
	}
}
