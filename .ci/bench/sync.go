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
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine"
	"sfnotes/syncengine/sftest"
)

type syncResult struct {
	goFirst, goUpload time.Duration
	goSignIn          time.Duration // the sign-in before the first sync (key derivation included)
	// CPU used by sfnotes itself and by the server during each timed span.
	goFirstCPU, goUploadCPU, srvFirstCPU, srvUploadCPU time.Duration
	jsFirstSrvCPU, jsUploadSrvCPU                      time.Duration
	jsFirst, jsUpload                                  jsRun
	notes                                              int
	jsUploadRan                                        bool
}

// jsRun is one run of the JS client.
type jsRun struct {
	d        time.Duration
	signIn   time.Duration // before a first sync: its sign-in, key derivation included
	items    int           // readable notes it ended with
	dirty    int           // notes it had not uploaded yet
	requests int
	finished bool
}

// jsDeadline bounds each JS run: against mdouchement the JS client's fixed
// limit of 150 meets the server's paging bug (PROTOCOL.md §4).
const jsDeadline = 5 * time.Minute

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

// benchSync runs benchSyncSize for each size, each on a fresh server (the
// server's cost grows with everything it holds); the JS client's upload runs
// at the largest size only (it is bound by the server: see the report).
func benchSync(o options) []syncResult {
	var out []syncResult
	for i, n := range o.sizes {
		out = append(out, benchSyncSize(o, n, o.jsUpload && i == len(o.sizes)-1))
	}
	return out
}

// benchSyncSize: on one real server, sfnotes uploads n new notes into
// account A and then downloads them on a fresh device; the JS client
// downloads account A's n notes (written by sfnotes, so this also proves the
// JS client decrypts them) and, if jsUpload, uploads n new notes into account
// B. The sign-in before the first sync (key derivation included) is timed
// on its own on both sides; the report gives the first sync with and without it.
// With SFNOTES_BENCH_PROFILE=dir, sfnotes' first sync is CPU-profiled into
// dir/first-sync-<n>.prof.
func benchSyncSize(o options, n int, jsUpload bool) syncResult {
	dir, err := os.MkdirTemp("", "sfnotes-bench-")
	must(err, "temp dir")
	defer os.RemoveAll(dir)
	url, marker, stop := realServer(o, dir)
	defer stop()
	ctx := context.Background()
	res := syncResult{notes: n}

	a := device(filepath.Join(dir, "a"))
	_, err = a.Register(ctx, syncengine.RegisterOptions{Server: url, Email: "a@bench.example", Password: benchPassword, Protocol: "003"})
	must(err, "register A")
	must(a.Store.Update(func(tx *model.Tx) error {
		for i := range n {
			c := fmt.Sprintf(`{"title":"Note %d","text":"Written by sfnotes, note number %d. %s","references":[]}`, i, i, strings.Repeat("x", 200))
			if err := tx.PutLocal(model.NewUUID(), model.TypeNote, c, model.FormatTime(time.Now())); err != nil {
				return err
			}
		}
		return nil
	}), "seed A")
	s, err := a.NewSyncer(ctx)
	must(err, "syncer A")
	start, cpu0, srv0 := time.Now(), selfCPU(), procCPU(marker)
	r, err := s.Sync(ctx)
	res.goUpload = time.Since(start)
	res.goUploadCPU, res.srvUploadCPU = selfCPU()-cpu0, procCPU(marker)-srv0
	must(err, "sfnotes upload")
	if r.Uploaded != n {
		log.Fatalf("bench: sfnotes uploaded %d of %d", r.Uploaded, n)
	}

	b := device(filepath.Join(dir, "b"))
	start = time.Now()
	must(b.SignIn(ctx, syncengine.SignInOptions{Server: url, Email: "a@bench.example", Password: benchPassword}), "sign in B")
	res.goSignIn = time.Since(start)
	s, err = b.NewSyncer(ctx)
	must(err, "syncer B")
	stopProfile := profile(fmt.Sprintf("first-sync-%d.prof", n))
	start, cpu0, srv0 = time.Now(), selfCPU(), procCPU(marker)
	r, err = s.Sync(ctx)
	res.goFirst = time.Since(start)
	res.goFirstCPU, res.srvFirstCPU = selfCPU()-cpu0, procCPU(marker)-srv0
	stopProfile()
	must(err, "sfnotes first sync")
	if got, _ := b.Store.CountNotes(model.NoteQuery{}); got != n || r.Undecryptable != 0 {
		log.Fatalf("bench: sfnotes first sync has %d notes, %d undecryptable", got, r.Undecryptable)
	}

	srv0 = procCPU(marker)
	res.jsFirst = runJS(o, "first-sync", url, "a@bench.example", "")
	res.jsFirstSrvCPU = procCPU(marker) - srv0
	if res.jsFirst.finished && res.jsFirst.items != n {
		log.Fatalf("bench: the JS client read %d of the %d notes sfnotes uploaded", res.jsFirst.items, n)
	}
	if jsUpload {
		srv0 = procCPU(marker)
		res.jsUpload = runJS(o, "upload", url, "js@bench.example", strconv.Itoa(n))
		res.jsUploadSrvCPU = procCPU(marker) - srv0
		res.jsUploadRan = true
	}
	return res
}

// realServer starts the real server with its files in dir/server. marker
// finds its process for procCPU.
func realServer(o options, dir string) (url, marker string, stop func()) {
	must(os.MkdirAll(filepath.Join(dir, "server"), 0o700), "server dir")
	url, stop, err := sftest.RunReal(o.server, filepath.Join(dir, "server"), io.Discard)
	must(err, "start the real server")
	return url, filepath.Join(dir, "server", "standardfile.yml"), stop
}

// profile starts a CPU profile into $SFNOTES_BENCH_PROFILE/name when that is
// set, and returns what stops it.
func profile(name string) func() {
	d := os.Getenv("SFNOTES_BENCH_PROFILE")
	if d == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(d, name))
	must(err, "profile file")
	must(pprof.StartCPUProfile(f), "CPU profile")
	return func() { pprof.StopCPUProfile(); _ = f.Close() }
}

// runJS runs the JS client under a deadline and reads how far it got.
func runJS(o options, mode, url, email, n string) jsRun {
	args := []string{"--max-old-space-size=8192", filepath.Join(o.jsdir, "sfjs-bench.js"), mode, url, email, benchPassword}
	if n != "" {
		args = append(args, n)
	}
	cmd := exec.Command("node", args...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("SFJS_DEADLINE_MS=%d", jsDeadline.Milliseconds()))
	cmd.Stderr = io.Discard
	out, err := cmd.Output()
	must(err, "JS client "+mode)
	var r struct {
		MS       float64 `json:"ms"`
		SignInMS float64 `json:"signin_ms"`
		Items    int     `json:"items"`
		Dirty    int     `json:"dirty"`
		Requests int     `json:"requests"`
		Finished bool    `json:"finished"`
	}
	must(json.Unmarshal(out, &r), "JS client output "+string(out))
	return jsRun{d: time.Duration(r.MS * float64(time.Millisecond)), signIn: time.Duration(r.SignInMS * float64(time.Millisecond)), items: r.Items, dirty: r.Dirty,
		requests: r.Requests, finished: r.Finished}
}
