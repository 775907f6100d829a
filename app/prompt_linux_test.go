package app

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY returns the two ends of a new pseudo-terminal (Linux).
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlocking the pty: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("naming the pty: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("opening the pty: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

// TestCtrlCAtPasswordPromptRestoresEcho: Ctrl-C typed at the password prompt
// (echo off) ends the command with 130 and leaves the terminal echoing.
func TestCtrlCAtPasswordPromptRestoresEcho(t *testing.T) {
	master, slave := openPTY(t)
	d := t.TempDir()
	// The shell ignores nothing: `trap : INT` only keeps it alive to report.
	cmd := exec.Command("sh", "-c", `trap : INT; "$0" --data "$1" signin --server http://127.0.0.1:9 --email e@example.com; echo "rc=$?"; stty -a`,
		os.Args[0], d)
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "SFNOTES_PASSWORD=") {
			env = append(env, e)
		}
	}
	cmd.Env = append(env, "SFNOTES_CLI_CHILD=1", "SFNOTES_KEYRING=off")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var out lockedBuffer
	got := make(chan struct{})
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			out.Write(buf[:n])
			if strings.Contains(out.String(), "Password: ") {
				select {
				case <-got:
				default:
					close(got)
				}
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-got:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("no prompt: %q", out.String())
	}
	time.Sleep(100 * time.Millisecond)
	master.Write([]byte{3}) // Ctrl-C
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("still running 10 s after Ctrl-C: %q", out.String())
	}
	time.Sleep(100 * time.Millisecond) // the reader drains the rest
	text := out.String()
	if !strings.Contains(text, "rc=130") {
		t.Errorf("exit code: %q", text)
	}
	if strings.Contains(text, "-echo ") || !strings.Contains(text, " echo ") {
		t.Errorf("echo is left off: %q", text)
	}
}

// lockedBuffer is written by the pty reader goroutine and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
