package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"sfnotes/model"
	"sfnotes/syncengine"
)

// uploadWinResult is the real window while it uploads 10,000 new notes to
// the real server and a person keeps using it.
type uploadWinResult struct {
	notes, rounds, created int
	upload                 time.Duration // window shown -> nothing left to upload
	appCPU, srvCPU         time.Duration // during that span
	p50, p99, worstUI      float64       // per-second longest UI-thread waits, ms
	readBack               int           // notes a new device downloads afterwards
	err                    string
}

// benchUploadWindow: an account on a fresh real server whose device holds
// 10,000 notes never uploaded; the window starts, its engine uploads them,
// and the scripted use of benchUsage runs until nothing is left to upload.
// Afterwards a new device must download every note, those written during the
// upload included.
func benchUploadWindow(o options) uploadWinResult {
	x, err := startXvfb()
	if err != nil {
		return uploadWinResult{err: err.Error()}
	}
	defer x.stop()
	dir, err := os.MkdirTemp("", "sfnotes-upwin-")
	must(err, "temp dir")
	defer os.RemoveAll(dir)
	url, marker, stopServer := realServer(o, dir)
	defer stopServer()
	data := filepath.Join(dir, "data")
	const email = "window@bench.example"

	reg := exec.Command(o.app, "--data", data, "register", "--server", url, "--email", email)
	reg.Env = append(os.Environ(), "SFNOTES_KEYRING=off", "SFNOTES_PASSWORD="+benchPassword,
		"HOME="+filepath.Join(dir, "home"))
	if out, err := reg.CombinedOutput(); err != nil {
		return uploadWinResult{err: fmt.Sprintf("register: %v: %s", err, out)}
	}
	st, err := model.Open(data)
	must(err, "open the window's store")
	must(st.Update(func(tx *model.Tx) error {
		for i := range o.uploadNotes {
			c := fmt.Sprintf(`{"title":"budget upload %d","text":"Written before the upload, note %d. %s","references":[]}`, i, i, strings.Repeat("x", 200))
			if err := tx.PutLocal(model.NewUUID(), model.TypeNote, c, model.FormatTime(time.Now())); err != nil {
				return err
			}
		}
		return nil
	}), "seed the window's store")

	res := uploadWinResult{notes: o.uploadNotes}
	start, srv0 := time.Now(), procCPU(marker)
	w, err := x.launch(o, dir, data, 60*time.Second)
	if err != nil {
		st.Close()
		return uploadWinResult{err: err.Error()}
	}
	// When nothing is left to upload: the time, and the CPU both processes
	// had used by then.
	type finish struct {
		at             time.Time
		appCPU, srvCPU time.Duration
	}
	done := make(chan finish, 1)
	go func() {
		for {
			if n, err := st.DirtyCount(); err == nil && n == 0 {
				done <- finish{time.Now(), procCPU(data), procCPU(marker)}
				return
			}
			time.Sleep(time.Second)
		}
	}()
	deadline := time.After(25 * time.Minute)
	var end time.Time
loop:
	for {
		select {
		case f := <-done:
			end, res.appCPU, res.srvCPU = f.at, f.appCPU, f.srvCPU-srv0
			break loop
		case <-deadline:
			res.err = "the upload did not finish within 25 minutes"
			break loop
		default:
		}
		if x.useRound(res.rounds) {
			res.created++
		}
		res.rounds++
		x.shot(fmt.Sprintf("upload-%03d.png", res.rounds))
	}
	if end.IsZero() {
		end = time.Now()
	}
	res.upload = end.Sub(start)
	res.p50, res.p99, res.worstUI = uiWaits(between(w.lines(), start.Add(10*time.Second), end))
	w.close()
	st.Close()
	if res.err != "" {
		return res
	}
	b := device(filepath.Join(dir, "reader"))
	ctx := context.Background()
	must(b.SignIn(ctx, syncengine.SignInOptions{Server: url, Email: email, Password: benchPassword}), "sign in the reader")
	s, err := b.NewSyncer(ctx)
	must(err, "reader syncer")
	_, err = s.Sync(ctx)
	must(err, "reader sync")
	res.readBack, _ = b.Store.CountNotes(model.NoteQuery{})
	return res
}
