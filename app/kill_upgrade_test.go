package app

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

// TestUpgradeAndPasswd004KilledAtRandomMoments: `sfnotes upgrade` (003 ->
// 004) and then `sfnotes passwd` on the 004 account are killed with SIGKILL
// at random moments. After each kill a plain `sfnotes sync` must settle what
// was started (done or not done), and a new device signing in with the
// password the server now has must read every note, including the one
// edited just before the kill. The real server only: the in-memory one does
// not speak 004.
func TestUpgradeAndPasswd004KilledAtRandomMoments(t *testing.T) {
	setupEnv(t)
	server := sftest.StartReal(t)
	const notes, upgrades, passwds = 100, 8, 10
	pw := [2]string{"first password of the 004 kill test", "second password of the 004 kill test"}
	t.Setenv("SFNOTES_PASSWORD", pw[0])

	// One account upgraded without a kill, to time the window.
	timing := t.TempDir()
	ok(t, timing, "register", "--server", server, "--email", "upgrade-timing@example.com", "--protocol", "003")
	seedNotes(t, timing, notes)
	ok(t, timing, "sync")
	start := time.Now()
	ok(t, timing, "upgrade")
	window := time.Since(start)
	t.Logf("an uninterrupted upgrade of %d notes takes %v (process start included); killing within it", notes, window)

	killedMidway, upgraded := 0, 0
	var a, mail string
	var ids []string
	for trial := 1; trial <= upgrades; trial++ {
		a, mail = t.TempDir(), fmt.Sprintf("upgrade-kill-%d@example.com", trial)
		t.Setenv("SFNOTES_PASSWORD", pw[0])
		ok(t, a, "register", "--server", server, "--email", mail, "--protocol", "003")
		ids = seedNotes(t, a, notes)
		ok(t, a, "sync")
		edited, text := ids[rand.IntN(notes)], fmt.Sprintf("edited before upgrade kill %d", trial)
		ok(t, a, "edit", edited, "--text", text)
		if killAfter(t, child("--data", a, "upgrade"), window) {
			killedMidway++
		}
		ok(t, a, "sync")
		if protocolOf(t, a) == sfcrypto.Version004 {
			upgraded++
		}
		everyNoteReadable(t, a, server, mail, pw[0], notes, edited, text, fmt.Sprintf("upgrade trial %d", trial))
	}
	t.Logf("upgrade: %d kills, %d before it finished, %d accounts ended upgraded", upgrades, killedMidway, upgraded)
	if killedMidway < upgrades/3 {
		t.Fatalf("only %d of %d upgrade kills landed mid-upgrade", killedMidway, upgrades)
	}

	// The last account, made 004 for sure, then its password changed under kills.
	if protocolOf(t, a) != sfcrypto.Version004 {
		ok(t, a, "upgrade")
	}
	cur := 0
	passwd := func() *exec.Cmd {
		cmd := child("--data", a, "passwd")
		cmd.Env = append(cmd.Env, "SFNOTES_PASSWORD="+pw[cur], "SFNOTES_NEW_PASSWORD="+pw[1-cur])
		return cmd
	}
	start = time.Now()
	if out, err := passwd().CombinedOutput(); err != nil {
		t.Fatalf("baseline 004 passwd: %v %s", err, out)
	}
	window = time.Since(start)
	cur = 1
	killedMidway = 0
	for trial := 1; trial <= passwds; trial++ {
		edited, text := ids[rand.IntN(notes)], fmt.Sprintf("edited before passwd kill %d", trial)
		ok(t, a, "edit", edited, "--text", text)
		if killAfter(t, passwd(), window) {
			killedMidway++
		}
		ok(t, a, "sync")
		cur = rootPasswordOf(t, a, pw)
		everyNoteReadable(t, a, server, mail, pw[cur], notes, edited, text, fmt.Sprintf("004 passwd trial %d", trial))
	}
	t.Logf("004 passwd: %d kills, %d before it finished (an uninterrupted one takes %v); every note readable after each", passwds, killedMidway, window)
	if killedMidway < passwds/3 {
		t.Fatalf("only %d of %d passwd kills landed mid-change", killedMidway, passwds)
	}
}

// killAfter starts cmd, SIGKILLs it at a random moment within window, and
// reports whether it was still running then.
func killAfter(t *testing.T, cmd *exec.Cmd, window time.Duration) bool {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Duration(rand.Int64N(int64(window))))
	_ = cmd.Process.Signal(syscall.SIGKILL)
	return cmd.Wait() != nil
}

// everyNoteReadable checks device a after its settling sync, then a new
// device signed in with password.
func everyNoteReadable(t *testing.T, a, server, mail, password string, notes int, edited, text, what string) {
	t.Helper()
	var st Status
	json.Unmarshal([]byte(ok(t, a, "status", "--json")), &st)
	if st.Dirty != 0 || st.Undecryptable != 0 || st.Notes != notes {
		t.Fatalf("%s: A has %d notes, %d dirty, %d undecryptable", what, st.Notes, st.Dirty, st.Undecryptable)
	}
	d := t.TempDir()
	t.Setenv("SFNOTES_PASSWORD", password)
	ok(t, d, "signin", "--server", server, "--email", mail)
	ok(t, d, "sync")
	json.Unmarshal([]byte(ok(t, d, "status", "--json")), &st)
	if st.Undecryptable != 0 || st.Notes != notes {
		t.Fatalf("%s: a new device reads %d notes, %d cannot be decrypted", what, st.Notes, st.Undecryptable)
	}
	if n := findNote(notesJSON(t, d), edited); n == nil || n.Text != text {
		t.Fatalf("%s: the note edited before the kill reads %+v on the new device", what, n)
	}
}

// protocolOf is the protocol version of the device's account params.
func protocolOf(t *testing.T, dir string) string {
	t.Helper()
	app, err := Open(Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	acct, _, err := app.Store.Account()
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Version string `json:"version"`
	}
	json.Unmarshal([]byte(acct.AuthParams), &p)
	return p.Version
}

// rootPasswordOf says which password the device's 004 root key and params
// come from, without a sign-in attempt.
func rootPasswordOf(t *testing.T, dir string, pw [2]string) int {
	t.Helper()
	app, err := Open(Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	cred, err := app.Accounts.Secrets.Load()
	if err != nil || cred.Root == nil {
		t.Fatalf("no 004 root key stored: %v", err)
	}
	for i, p := range pw {
		k, err := sfcrypto.DeriveRootKey004(p, cred.Root.Params)
		if err != nil {
			t.Fatal(err)
		}
		if k.ServerPassword == cred.Root.ServerPassword {
			return i
		}
	}
	t.Fatal("the device's root key matches neither password")
	return 0
}
