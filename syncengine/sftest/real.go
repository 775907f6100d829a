package sftest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// StartReal runs mdouchement/standardfile (built by `make server`; its
// path in SFNOTES_REAL_SERVER) on a free loopback port with a temporary
// database. In CI the suite must run: a missing server is a failure there.
func StartReal(t testing.TB) string {
	t.Helper()
	bin := os.Getenv("SFNOTES_REAL_SERVER")
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SFNOTES_REAL_SERVER is not set: CI must run the real-server suite (use make test)")
		}
		t.Skip("SFNOTES_REAL_SERVER not set; `make test` builds the real server and sets it")
	}
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
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
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "init", "-c", cfg).CombinedOutput(); err != nil {
		t.Fatalf("standardfile init: %v\n%s", err, out)
	}
	logf, _ := os.Create(filepath.Join(dir, "server.log"))
	cmd := exec.Command(bin, "server", "-c", cfg)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logf.Close()
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			t.Logf("server log (tail):\n%s", tail(string(b), 3000))
		}
	})
	url := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/auth/params?email=probe@example.com")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the real server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return url
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
