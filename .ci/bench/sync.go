package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine"
	"sfnotes/syncengine/sftest"
)

type syncResult struct {
	goFirst, jsFirst   time.Duration
	goUpload, jsUpload time.Duration
	notes              int
}

const benchPassword = "a long benchmark password"

type memSecrets struct{ c *syncengine.Credentials }

func (m *memSecrets) Load() (syncengine.Credentials, error) {
	if m.c == nil {
		return syncengine.Credentials{}, syncengine.ErrNoCredentials
	}
	return *m.c, nil
}
func (m *memSecrets) Save(c syncengine.Credentials) error { m.c = &c; return nil }
func (m *memSecrets) Clear() error                        { m.c = nil; return nil }
func (m *memSecrets) Where() string                       { return "memory" }

func device(dir string) *syncengine.Accounts {
	st, err := model.Open(dir)
	must(err, "open store")
	return &syncengine.Accounts{Store: st, Secrets: &memSecrets{}}
}

// benchSync: on one real server, sfnotes uploads n new notes into account A
// and then downloads them on a fresh device; the JS client uploads n new notes
// into account B and downloads account A's n notes (written by sfnotes, so
// this also proves the JS client decrypts them). Sign-in (key derivation) is
// outside every timed span, on both sides.
func benchSync(o options) syncResult {
	dir, err := os.MkdirTemp("", "sfnotes-bench-")
	must(err, "temp dir")
	defer os.RemoveAll(dir)
	must(os.MkdirAll(filepath.Join(dir, "server"), 0o700), "server dir")
	url, stop, err := sftest.RunReal(o.server, filepath.Join(dir, "server"), io.Discard)
	must(err, "start the real server")
	defer stop()
	ctx := context.Background()
	res := syncResult{notes: o.notes}

	a := device(filepath.Join(dir, "a"))
	must(a.Register(ctx, url, "a@bench.example", benchPassword), "register A")
	rs := make([]model.Remote, o.notes)
	for i := range rs {
		rs[i] = model.Remote{UUID: model.NewUUID(), ContentType: model.TypeNote, CreatedAt: model.FormatTime(time.Now()),
			Content: fmt.Sprintf(`{"title":"Note %d","text":"Written by sfnotes, note number %d. %s","references":[]}`, i, i, strings.Repeat("x", 200))}
	}
	must(a.Store.Update(func(tx *model.Tx) error {
		for _, r := range rs {
			if err := tx.PutLocal(r.UUID, r.ContentType, r.Content, r.CreatedAt); err != nil {
				return err
			}
		}
		return nil
	}), "seed A")
	s, err := a.NewSyncer()
	must(err, "syncer A")
	start := time.Now()
	r, err := s.Sync(ctx)
	res.goUpload = time.Since(start)
	must(err, "sfnotes upload")
	if r.Uploaded != o.notes {
		log.Fatalf("bench: sfnotes uploaded %d of %d", r.Uploaded, o.notes)
	}

	b := device(filepath.Join(dir, "b"))
	must(b.SignIn(ctx, url, "a@bench.example", benchPassword), "sign in B")
	s, err = b.NewSyncer()
	must(err, "syncer B")
	start = time.Now()
	r, err = s.Sync(ctx)
	res.goFirst = time.Since(start)
	must(err, "sfnotes first sync")
	if n, _ := b.Store.CountNotes(model.NoteQuery{}); n != o.notes || r.Undecryptable != 0 {
		log.Fatalf("bench: sfnotes first sync has %d notes, %d undecryptable", n, r.Undecryptable)
	}

	res.jsUpload = runJS(o, "upload", url, "js@bench.example", strconv.Itoa(o.notes))
	res.jsFirst = runJS(o, "first-sync", url, "a@bench.example", "", o.notes)
	return res
}

// runJS runs the JS client; want, if given, is the number of notes it must end with.
func runJS(o options, mode, url, email, n string, want ...int) time.Duration {
	args := []string{filepath.Join(o.jsdir, "sfjs-bench.js"), mode, url, email, benchPassword}
	if n != "" {
		args = append(args, n)
	}
	cmd := exec.Command("node", append([]string{"--max-old-space-size=8192"}, args...)...)
	cmd.Stderr = io.Discard
	out, err := cmd.Output()
	must(err, "JS client "+mode)
	var r struct {
		MS    float64 `json:"ms"`
		Items int     `json:"items"`
	}
	must(json.Unmarshal(out, &r), "JS client output")
	if len(want) > 0 && r.Items != want[0] {
		log.Fatalf("bench: JS client %s ended with %d readable notes, want %d", mode, r.Items, want[0])
	}
	return time.Duration(r.MS * float64(time.Millisecond))
}
