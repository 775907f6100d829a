package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

// Issue 12, items 4, 6 and 7, as a user of the command line meets them.

// runWithin is run, failing the test if the command has not returned after d.
func runWithin(t *testing.T, d time.Duration, data string, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := Main(append([]string{"--data", data}, args...), IO{In: strings.NewReader(""), Out: &out, Err: &errb},
			func(*App) error { return errors.New("no window") })
		done <- result{code, out.String(), errb.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(d):
		t.Fatalf("sfnotes %v still running after %v", args, d)
		return 0, "", ""
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestCtrlCEndsSignIn: Ctrl-C during the key derivation of a sign-in (the
// server asks for the highest cost we accept, seconds of work) ends the real
// process within a second, with nothing signed in.
func TestCtrlCEndsSignIn(t *testing.T) {
	setupEnv(t)
	s := sftest.New()
	s.Params = map[string]any{"pw_cost": sfcrypto.MaxCost}
	url := s.Start(t).URL
	d := t.TempDir()
	cmd := child("--data", d, "signin", "--server", url, "--email", "ctrl-c@example.com")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the sign-in to fetch its params", func() bool { return s.RequestCount("/auth/params") > 0 })
	time.Sleep(300 * time.Millisecond) // deriving now
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	sent := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		took := time.Since(sent)
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
			t.Errorf("exit: %v, want code %d; stderr %q", err, exitInterrupted, stderr.String())
		}
		if took > time.Second {
			t.Errorf("ended %v after Ctrl-C, want under a second", took)
		}
		t.Logf("ended %v after Ctrl-C: %q", took.Round(time.Millisecond), strings.TrimSpace(stderr.String()))
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("still running 5 s after Ctrl-C (stderr %q)", stderr.String())
	}
	if s.RequestCount("/auth/sign_in") != 0 {
		t.Error("signed in after Ctrl-C")
	}
	var st Status
	json.Unmarshal([]byte(ok(t, d, "status", "--json")), &st)
	if st.SignedIn {
		t.Error("an account was saved")
	}
}

// TestCLIRefusesHugeCost: a server (or a backup) asking for cost 1e9 or
// 1e12 is refused at once with a message that says why, where sign-in used
// to compute for days.
func TestCLIRefusesHugeCost(t *testing.T) {
	setupEnv(t)
	s := sftest.New()
	s.Params = map[string]any{"pw_cost": 1e9}
	url := s.Start(t).URL
	d := t.TempDir()
	code, _, errs := runWithin(t, 5*time.Second, d, "signin", "--server", url, "--email", "cost@example.com")
	if code != 1 || !strings.Contains(errs, "key-derivation cost far above") {
		t.Errorf("signin: exit %d, %q", code, errs)
	}
	backup := filepath.Join(t.TempDir(), "b.json")
	os.WriteFile(backup, []byte(`{"items":[{"uuid":"u","content_type":"Note","content":"003:x","enc_item_key":"003:y"}],`+
		`"auth_params":{"version":"003","pw_cost":1000000000000,"pw_nonce":"n","identifier":"e"}}`), 0o600)
	code, _, errs = runWithin(t, 5*time.Second, d, "import", backup)
	if code != 1 || !strings.Contains(errs, "key-derivation cost far above") {
		t.Errorf("import: exit %d, %q", code, errs)
	}
}

// TestCLIEscapesControlCharacters: titles, tags, texts and error details
// reach the terminal with their control characters made visible; JSON
// output stays exact.
func TestCLIEscapesControlCharacters(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	title := "evil\x1b]0;pwned\x07\r00000000-0000-0000-0000-000000000000  2020-01-01 00:00  fake\nline \u009b31m \u202eoverride"
	text := "body\x1b[2J cleared\nsecond line\tok"
	id := strings.TrimSpace(ok(t, d, "new", "--title", title, "--text", text, "--tag", "t\x1b[5m"))
	ok(t, d, "new", "--title", "plain", "--text", "x")
	bad := func(what, out string) {
		t.Helper()
		for _, c := range []string{"\x1b", "\x07", "\r", "\u009b", "\u202e"} {
			if strings.Contains(out, c) {
				t.Errorf("%s prints %q raw: %q", what, c, out)
			}
		}
	}
	list := ok(t, d, "notes")
	bad("notes", list)
	if n := strings.Count(list, "\n"); n != 2 {
		t.Errorf("notes prints %d lines for 2 notes: %q", n, list)
	}
	if !strings.Contains(list, `evil\x1b]0;pwned\x07\r0000`) || !strings.Contains(list, `\nline \u009b31m \u202eoverride`) {
		t.Errorf("escapes not visible: %q", list)
	}
	show := ok(t, d, "show", id)
	bad("show", show)
	if !strings.Contains(show, "body\\x1b[2J cleared\nsecond line\tok") || !strings.Contains(show, `t\x1b[5m`) {
		t.Errorf("show: %q", show)
	}
	if l := notesJSON(t, d, "--search", "evil"); len(l) != 1 || l[0].Title != title || l[0].Text != text {
		t.Errorf("JSON is not exact: %+v", l)
	}
	_, _, errs := run(t, d, "", "show", "no-such\x1b]0;x\x07")
	bad("an error", errs)
}

// TestCLISignOutLeavesNoPlaintext: after `signout`, no file in the data
// directory holds a note's text, the email, the auth params or the keys.
func TestCLISignOutLeavesNoPlaintext(t *testing.T) {
	setupEnv(t)
	s := sftest.New()
	url := s.Start(t).URL
	d := t.TempDir()
	const email = "residue@example.com"
	ok(t, d, "register", "--server", url, "--email", email)
	secrets := []string{email}
	for i := 0; i < 40; i++ {
		text := fmt.Sprintf("SECRET-TEXT-%02d", i)
		id := strings.TrimSpace(ok(t, d, "new", "--title", fmt.Sprintf("SECRET-TITLE-%02d", i), "--text", text))
		secrets = append(secrets, text, fmt.Sprintf("SECRET-TITLE-%02d", i))
		if i%2 == 0 {
			edited := fmt.Sprintf("SECRET-EDIT-%02d", i)
			ok(t, d, "edit", id, "--text", edited)
			secrets = append(secrets, edited)
		}
	}
	ok(t, d, "sync")
	a, err := Open(Config{DataDir: d})
	if err != nil {
		t.Fatal(err)
	}
	acct, _, _ := a.Store.Account()
	var p sfcrypto.AuthParams
	json.Unmarshal([]byte(acct.AuthParams), &p)
	cred, err := a.Accounts.Secrets.Load()
	a.Close()
	if err != nil || p.PwNonce == "" {
		t.Fatalf("params %+v, credentials: %v", p, err)
	}
	secrets = append(secrets, p.PwNonce, cred.Keys.MK, cred.Keys.AK, cred.Token)
	if out := ok(t, d, "signout"); !strings.Contains(out, "removed") {
		t.Fatalf("signout: %q", out)
	}
	entries, _ := os.ReadDir(d)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(d, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range secrets {
			if bytes.Contains(b, []byte(sec)) {
				t.Errorf("%s still holds %q", e.Name(), sec)
			}
		}
	}
}

// TestCLIMessagesSayItOnce: the sentence a user reads does not repeat itself
// in the detail ("The server refused the request. (the server refused the
// request: ...)").
func TestCLIMessagesSayItOnce(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	if _, _, errs := run(t, d, "", "sync"); strings.Count(strings.ToLower(errs), "not signed in") != 1 {
		t.Errorf("sync without an account: %q", errs)
	}
	s := sftest.New()
	url := s.Start(t).URL
	ok(t, d, "register", "--server", url, "--email", "once@example.com")
	for _, c := range []struct {
		status int
		phrase string
	}{
		{400, "the server refused the request"},
		{503, "cannot reach the server"},
		{401, "sign in again"},
		{423, "locked"},
	} {
		s.Inject(sftest.Fault{Path: "/items/sync", Status: c.status, Body: `{"error":{"message":"nope"}}`})
		code, _, errs := run(t, d, "", "sync")
		if code != 1 || strings.Count(strings.ToLower(errs), c.phrase) != 1 || !strings.Contains(errs, "HTTP "+fmt.Sprint(c.status)+": nope") {
			t.Errorf("HTTP %d: exit %d, %q says %q other than once, or not the detail", c.status, code, errs, c.phrase)
		}
	}
}

// TestCLIDatabaseErrorsExplained: a damaged database file gives a sentence,
// not SQLite's raw "file is not a database (26)".
func TestCLIDatabaseErrorsExplained(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	os.WriteFile(filepath.Join(d, "sfnotes.db"), bytes.Repeat([]byte("this is not SQLite "), 500), 0o600)
	for _, args := range [][]string{{"notes"}, {"new", "--title", "x"}} {
		code, _, errs := run(t, d, "", args...)
		if code != 1 || !strings.HasPrefix(errs, "sfnotes "+args[0]+": The database file is damaged") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
}

// TestCLIReadOnlyFileSystem: notes, show, status and export work on a data
// directory that cannot be written, and change nothing in it; a command
// that writes fails with a sentence. As root (where chmod stops nothing) the
// directory is bind-mounted read-only in a private mount namespace (unshare);
// otherwise it is made 0500 with a 0400 database.
func TestCLIReadOnlyFileSystem(t *testing.T) {
	setupEnv(t)
	d := t.TempDir()
	id := strings.TrimSpace(ok(t, d, "new", "--title", "read me", "--text", "from a read-only disk", "--tag", "ro"))
	before := dirBytes(t, d)
	out := t.TempDir()
	var runRO func(args ...string) (int, string, string)
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("unshare"); err != nil {
			t.Skip("root without unshare(1): cannot make a read-only file system here")
		}
		mnt := t.TempDir()
		runRO = func(args ...string) (int, string, string) {
			script := `mount --bind "$1" "$2" && mount -o remount,ro,bind "$2" && touch "$2/probe" 2>/dev/null && exit 99; shift; d="$1"; shift; exec "$@"`
			cmd := exec.Command("unshare", append([]string{"-m", "sh", "-c", script, "sh", d, mnt, os.Args[0], "--data", mnt}, args...)...)
			cmd.Env = append(os.Environ(), "SFNOTES_CLI_CHILD=1")
			var o, e bytes.Buffer
			cmd.Stdout, cmd.Stderr = &o, &e
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code == 99 {
				t.Fatal("the bind mount is writable")
			}
			if strings.Contains(e.String(), "mount:") || strings.Contains(e.String(), "unshare:") {
				t.Skipf("cannot make a read-only bind mount here (%s)", strings.TrimSpace(e.String()))
			}
			return code, o.String(), e.String()
		}
	} else {
		os.Chmod(filepath.Join(d, "sfnotes.db"), 0o400)
		os.Chmod(d, 0o500)
		t.Cleanup(func() { os.Chmod(d, 0o700); os.Chmod(filepath.Join(d, "sfnotes.db"), 0o600) })
		runRO = func(args ...string) (int, string, string) { return run(t, d, "", args...) }
	}
	expect := func(args []string, want string) {
		t.Helper()
		code, o, e := runRO(args...)
		if code != 0 || !strings.Contains(o, want) {
			t.Errorf("%v on a read-only data directory: exit %d, %q, %q", args, code, o, e)
		}
	}
	expect([]string{"notes"}, "read me")
	expect([]string{"notes", "--json", "--tag", "ro"}, "from a read-only disk")
	expect([]string{"show", id}, "from a read-only disk")
	expect([]string{"status"}, "notes: 1")
	expect([]string{"export", filepath.Join(out, "e.json")}, "exported 2 items")
	if b, err := os.ReadFile(filepath.Join(out, "e.json")); err != nil || !bytes.Contains(b, []byte("from a read-only disk")) {
		t.Errorf("export file: %v", err)
	}
	code, _, e := runRO("new", "--title", "x")
	if code != 1 || !strings.Contains(e, "cannot be written") {
		t.Errorf("a write on a read-only data directory: exit %d, %q", code, e)
	}
	if after := dirBytes(t, d); after != before {
		t.Errorf("the data directory changed:\nbefore %s\nafter  %s", before, after)
	}
}

// dirBytes describes every file of dir by name, size and content hash.
func dirBytes(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s:%d:%x ", e.Name(), len(data), sha(data))
	}
	return b.String()
}

func sha(b []byte) [32]byte { return sha256.Sum256(b) }

// TestCancelledContextEndsSignIn: MainContext's context reaches the key
// derivation (the in-process half of TestCtrlCEndsSignIn).
func TestCancelledContextEndsSignIn(t *testing.T) {
	setupEnv(t)
	s := sftest.New()
	s.Params = map[string]any{"pw_cost": sfcrypto.MaxCost}
	url := s.Start(t).URL
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		waitUntil(t, "the params request", func() bool { return s.RequestCount("/auth/params") > 0 })
		time.Sleep(100 * time.Millisecond)
		cancel()
	}()
	var out, errb bytes.Buffer
	start := time.Now()
	code := MainContext(ctx, []string{"--data", t.TempDir(), "signin", "--server", url, "--email", "c@example.com"},
		IO{In: strings.NewReader(""), Out: &out, Err: &errb}, nil)
	if code != exitInterrupted || !strings.Contains(errb.String(), "Interrupted") {
		t.Errorf("exit %d, %q", code, errb.String())
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v for a sign-in cancelled after its params", d)
	}
}
