package app

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"sfnotes/model"
)

// TestHistoryPruneKilledAtRandomMoments: a data directory whose history holds
// 40 versions of each of 1,000 notes, all older than the 90 days kept, is
// opened by `sfnotes new`, which prunes that history first; the process is
// killed with SIGKILL at 20 random moments of the prune. After each kill the
// database opens, passes SQLite's integrity check, and has every note with
// its latest text and its newest earlier version: nothing is lost whatever
// the moment.
func TestHistoryPruneKilledAtRandomMoments(t *testing.T) {
	setupEnv(t)
	const notes, versions, kills = 1000, 40, 20
	seed := t.TempDir()
	seedHistory(t, seed, notes, versions)
	// How long one uninterrupted run takes, on a copy.
	probe := copyDir(t, seed)
	start := time.Now()
	if out, err := child("--data", probe, "new", "--title", "probe").CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v: %s", err, out)
	}
	whole := time.Since(start)
	checkPruned(t, probe, notes, versions)
	t.Logf("an uninterrupted open with its prune took %v", whole)
	killedMid := 0
	for k := 0; k < kills; k++ {
		dir := copyDir(t, seed)
		cmd := child("--data", dir, "new", "--title", fmt.Sprintf("kill %d", k))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(whole))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil {
			killedMid++
		}
		checkPruned(t, dir, notes, versions)
	}
	t.Logf("%d of %d runs were killed before they finished", killedMid, kills)
	if killedMid == 0 {
		t.Fatal("no run was killed before its end: the test checked nothing")
	}
}

// seedHistory writes notes whose history holds versions-1 versions each, all
// saved 200 days ago, as sync replacements do.
func seedHistory(t *testing.T, dir string, notes, versions int) {
	t.Helper()
	st, err := model.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old := time.Now().Add(-200 * 24 * time.Hour)
	st.Now = func() time.Time { return old }
	for v := 0; v < versions; v++ {
		rs := make([]model.Remote, notes)
		for i := range rs {
			c, _ := json.Marshal(map[string]any{"title": fmt.Sprintf("note %d", i), "text": versionText(i, v), "references": []any{}})
			rs[i] = model.Remote{UUID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), ContentType: model.TypeNote,
				Content: string(c), CreatedAt: model.FormatTime(old), UpdatedAt: model.FormatTime(old.Add(time.Duration(v) * time.Second))}
		}
		if err := st.Update(func(tx *model.Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
			t.Fatal(err)
		}
	}
}

func versionText(note, v int) string { return fmt.Sprintf("note %d, version %d: %0200d", note, v, v) }

// checkPruned opens dir (finishing any prune) and checks that nothing was
// lost: integrity, every note's latest text, its newest earlier version.
func checkPruned(t *testing.T, dir string, notes, versions int) {
	t.Helper()
	st, err := model.Open(dir)
	if err != nil {
		t.Fatalf("opening after a kill: %v", err)
	}
	defer st.Close()
	if msg, err := st.IntegrityCheck(); err != nil || msg != "ok" {
		t.Fatalf("integrity check after a kill: %q %v", msg, err)
	}
	for i := 0; i < notes; i++ {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		n, err := st.GetNote(id)
		if err != nil || n.Text != versionText(i, versions-1) {
			t.Fatalf("note %d after a kill: %q %v", i, n.Text, err)
		}
		h, err := st.History(id)
		if err != nil || len(h) == 0 || h[0].Text != versionText(i, versions-2) {
			t.Fatalf("note %d's history after a kill: %d versions, %v", i, len(h), err)
		}
	}
}

// copyDir copies a data directory's files into a new temporary one.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		in, err := os.Open(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.OpenFile(filepath.Join(dst, e.Name()), os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			t.Fatal(err)
		}
		in.Close()
		out.Close()
	}
	return dst
}
