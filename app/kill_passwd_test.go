package app

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sfcrypto"
	"sfnotes/syncengine/sftest"
)

// TestPasswdKilledAtRandomMoments: `sfnotes passwd` on an account of 300
// notes is killed with SIGKILL at random moments. After each kill, a plain
// `sfnotes sync` on that device must settle the change (finished or not
// made), and a new device signing in with whichever password the server now
// has must read every note, including the one edited just before the kill.
// Today's main left notes under the old keys (once 150 of 300 unreadable).
func TestPasswdKilledAtRandomMoments(t *testing.T) {
	setupEnv(t)
	server := ""
	if os.Getenv("SFNOTES_REAL_SERVER") != "" {
		server = sftest.StartReal(t)
	} else {
		server = sftest.New().Start(t).URL
	}
	const notes, kills = 300, 20
	const mail = "passwd-kill@example.com"
	pw := [2]string{"first password of the kill test", "second password of the kill test"}
	a := t.TempDir()
	t.Setenv("SFNOTES_PASSWORD", pw[0])
	ok(t, a, "register", "--server", server, "--email", mail, "--protocol", "003")
	ids := seedNotes(t, a, notes)
	ok(t, a, "sync")

	cur := 0
	passwd := func() *exec.Cmd {
		cmd := child("--data", a, "passwd")
		cmd.Env = append(cmd.Env, "SFNOTES_PASSWORD="+pw[cur], "SFNOTES_NEW_PASSWORD="+pw[1-cur])
		return cmd
	}
	start := time.Now()
	if out, err := passwd().CombinedOutput(); err != nil {
		t.Fatalf("baseline passwd: %v %s", err, out)
	}
	window := time.Since(start)
	cur = 1 - cur
	t.Logf("an uninterrupted passwd of %d notes takes %v (process start included); killing within it", notes, window)

	killedMidway := 0
	for trial := 1; trial <= kills; trial++ {
		edited := ids[rand.IntN(len(ids))]
		text := fmt.Sprintf("edited before kill %d", trial)
		ok(t, a, "edit", edited, "--text", text)
		cmd := passwd()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(window))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil {
			killedMidway++
		}
		ok(t, a, "sync") // settles the change, whatever state the kill left
		var st Status
		json.Unmarshal([]byte(ok(t, a, "status", "--json")), &st)
		if st.Dirty != 0 || st.Undecryptable != 0 || st.Notes != notes {
			t.Fatalf("trial %d: A has %d notes, %d dirty, %d undecryptable", trial, st.Notes, st.Dirty, st.Undecryptable)
		}
		cur = passwordOf(t, a, pw)
		// A new device with that password reads every note.
		d := t.TempDir()
		t.Setenv("SFNOTES_PASSWORD", pw[cur])
		ok(t, d, "signin", "--server", server, "--email", mail)
		ok(t, d, "sync")
		json.Unmarshal([]byte(ok(t, d, "status", "--json")), &st)
		if st.Undecryptable != 0 || st.Notes != notes {
			t.Fatalf("trial %d: a new device reads %d notes, %d cannot be decrypted", trial, st.Notes, st.Undecryptable)
		}
		if n := findNote(notesJSON(t, d), edited); n == nil || n.Text != text {
			t.Fatalf("trial %d: the note edited before the kill reads %+v on the new device", trial, n)
		}
	}
	t.Logf("%d kills, %d of them before passwd finished; every note readable after each", kills, killedMidway)
	if killedMidway < kills/3 {
		t.Fatalf("only %d of %d kills landed mid-change: the test did not test much", killedMidway, kills)
	}
}

// seedNotes writes n notes into the data directory in one transaction.
func seedNotes(t *testing.T, dir string, n int) []string {
	t.Helper()
	app, err := Open(Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	ids := make([]string, n)
	err = app.Store.Update(func(tx *model.Tx) error {
		for i := range ids {
			ids[i] = model.NewUUID()
			c := fmt.Sprintf(`{"title":"note %d","text":"text %d","references":[]}`, i, i)
			if err := tx.PutLocal(ids[i], model.TypeNote, c, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// passwordOf says which of the two passwords the device's stored keys and
// params were derived from, without a sign-in attempt (a wrong one counts
// towards the server's lock-out).
func passwordOf(t *testing.T, dir string, pw [2]string) int {
	t.Helper()
	app, err := Open(Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	_, keys, acct, err := app.Accounts.Session()
	if err != nil {
		t.Fatal(err)
	}
	var params sfcrypto.AuthParams
	if err := json.Unmarshal([]byte(acct.AuthParams), &params); err != nil {
		t.Fatal(err)
	}
	for i, p := range pw {
		k, err := sfcrypto.DeriveKeys(p, params)
		if err != nil {
			t.Fatal(err)
		}
		if k == keys {
			return i
		}
	}
	t.Fatal("the device's keys match neither password")
	return 0
}
