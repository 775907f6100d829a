package sftest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// StartReal runs mdouchement/standardfile (built by `make server`; its path
// in SFNOTES_REAL_SERVER) on a free loopback port with a temporary database,
// for the test's duration. In CI the suite must run: a missing server is a
// failure there, a skip elsewhere.
func StartReal(t testing.TB) string {
	t.Helper()
	bin := os.Getenv("SFNOTES_REAL_SERVER")
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SFNOTES_REAL_SERVER is not set: CI must run the real-server suite (use make test)")
		}
		t.Skip("SFNOTES_REAL_SERVER not set; `make test` builds the real server and sets it")
	}
	logPath := filepath.Join(t.TempDir(), "server.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	url, stop, err := RunReal(bin, t.TempDir(), logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop()
		logf.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("server log (tail):\n%s", tail(string(b), 3000))
		}
	})
	return url
}

// RunReal starts the real server binary on a free loopback port with its
// database in dir, waits until it answers, and returns its URL and a stop
// function.
func RunReal(bin, dir string, log io.Writer) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	cfg := filepath.Join(dir, "standardfile.yml")
	yml := fmt.Sprintf(`address: %q
no_registration: false
show_real_version: false
database_path: %q
secret_key: sfnotes-test-secret-key-0123456789
session:
  secret: sfnotes-test-session-secret-0123456
  access_token_ttl: 1440h
  refresh_token_ttl: 8760h
cors:
  allow_origins: ["http://127.0.0.1"]
  allow_methods: ["GET", "POST"]
`, addr, dir)
	if err := os.WriteFile(cfg, []byte(yml), 0o600); err != nil {
		return "", nil, err
	}
	if out, err := exec.Command(bin, "init", "-c", cfg).CombinedOutput(); err != nil {
		return "", nil, fmt.Errorf("standardfile init: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "server", "-c", cfg)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	url := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/auth/params?email=probe@example.com")
		if err == nil {
			resp.Body.Close()
			return url, stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, errors.New("the real server did not start: " + err.Error())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
