package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine/sftest"
)

// TestMain lets a test re-run this binary as the sfnotes command line
// (SFNOTES_CLI_CHILD=1), so that a real process can be killed mid-sync.
func TestMain(m *testing.M) {
	if os.Getenv("SFNOTES_CLI_CHILD") == "1" {
		os.Exit(Main(os.Args[1:], StdIO(), func(*App) error { return errors.New("no window here") }))
	}
	os.Exit(m.Run())
}

func child(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "SFNOTES_CLI_CHILD=1")
	return cmd
}

// TestSyncKilledAtRandomMoments: `sfnotes sync` carrying 500 local edits is
// killed with SIGKILL at 50 random moments. After each kill a restarted sync
// must put every edit on the server, with no note lost and no stray duplicate.
// It runs against the real server where one is configured (always in CI).
func TestSyncKilledAtRandomMoments(t *testing.T) {
	setupEnv(t)
	server := ""
	if os.Getenv("SFNOTES_REAL_SERVER") != "" {
		server = sftest.StartReal(t)
	} else {
		server = sftest.New().Start(t).URL
	}
	const pool, edited, created, kills = 500, 400, 100, 50 // 500 local edits per sync
	a, b := t.TempDir(), t.TempDir()
	ok(t, a, "register", "--server", server, "--email", "kill@example.com", "--protocol", "003")
	var ids []string
	// edit makes one round of 500 local edits in A's store: 400 notes of the
	// pool get new text, 100 new notes are written.
	edit := func(trial int) {
		t.Helper()
		app, err := Open(Config{DataDir: a})
		if err != nil {
			t.Fatal(err)
		}
		defer app.Close()
		text := fmt.Sprintf("trial %d", trial)
		n := created
		if trial == 0 {
			n = pool
		}
		note := func(title string) string {
			b, _ := json.Marshal(map[string]any{"title": title, "text": text, "references": []any{}})
			return string(b)
		}
		// One transaction of local edits, as fast typing across many notes.
		err = app.Store.Update(func(tx *model.Tx) error {
			for i := 0; i < n; i++ {
				id := model.NewUUID()
				if err := tx.PutLocal(id, model.TypeNote, note(fmt.Sprintf("t%d-%d", trial, i)), ""); err != nil {
					return err
				}
				ids = append(ids, id)
			}
			if trial == 0 {
				return nil
			}
			for i, id := range ids[:edited] {
				if err := tx.PutLocal(id, model.TypeNote, note(fmt.Sprintf("t0-%d", i)), ""); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	edit(0)
	ok(t, a, "sync")
	ok(t, b, "signin", "--server", server, "--email", "kill@example.com")

	// How long does an uninterrupted sync of 500 edits take here?
	edit(1)
	start := time.Now()
	if out, err := child("--data", a, "sync").CombinedOutput(); err != nil {
		t.Fatalf("baseline sync: %v %s", err, out)
	}
	window := time.Since(start)
	t.Logf("an uninterrupted sync of 500 edits takes %v (process start included); killing within it", window)

	killedMidway := 0
	for trial := 2; trial <= kills+1; trial++ {
		edit(trial)
		cmd := child("--data", a, "sync")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(window))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil {
			killedMidway++
		}
		// Restart: a normal sync must finish the job.
		ok(t, a, "sync")
		var st Status
		json.Unmarshal([]byte(ok(t, a, "status", "--json")), &st)
		if st.Dirty != 0 || st.Conflicts != 0 {
			t.Fatalf("trial %d: after the restart A has %d dirty, %d conflicted copies", trial, st.Dirty, st.Conflicts)
		}
	}
	// Another device sees every edit of the last trial, every note once.
	ok(t, b, "sync")
	l := notesJSON(t, b)
	if len(l) != len(ids) {
		t.Fatalf("B has %d notes, A made %d (lost or duplicated)", len(l), len(ids))
	}
	seen := map[string]bool{}
	for _, n := range l {
		if seen[n.UUID] || n.ConflictOf != "" {
			t.Fatalf("stray duplicate %+v", n)
		}
		seen[n.UUID] = true
	}
	last := fmt.Sprintf("trial %d", kills+1)
	for _, id := range append(ids[:edited:edited], ids[len(ids)-created:]...) {
		if n := findNote(l, id); n == nil || n.Text != last {
			t.Fatalf("note %s on B: %+v, want %q", id, n, last)
		}
	}
	t.Logf("%d kills, %d of them before the sync finished; %d notes, each once, on both devices", kills, killedMidway, len(l))
	if killedMidway < kills/3 {
		t.Fatalf("only %d of %d kills landed mid-sync: the test did not test much", killedMidway, kills)
	}
}

func findNote(l []NoteJSON, id string) *NoteJSON {
	for i := range l {
		if l[i].UUID == id {
			return &l[i]
		}
	}
	return nil
}
