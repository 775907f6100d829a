package main

import (
	"fmt"
	"strings"
	"time"
)

type report struct {
	started time.Time
	kdf     kdfResult
	sync    syncResult
	search  []searchResult
	cold    coldResult
	micro   []string
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func (r *report) markdown(o options) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# Benchmarks\n\n")
	w("Every figure below comes from one run of `make bench` (which runs `go run ./.ci/bench`), on %s, %s.\n",
		machine(), r.started.UTC().Format("2006-01-02"))
	w("These machines are noisy: compare the ratios, which are measured side by side in the same run; absolute\n")
	w("times are context. The sync figures use one real mdouchement/standardfile v0.13.4 server on loopback for both\n")
	w("clients; the JS client is the official standard-file-js 0.3.71 driven through its own SFAuthManager,\n")
	w("SFModelManager and SFSyncManager under Node (`.ci/jsbench/sfjs-bench.js`). Key derivation is outside the\n")
	w("timed sync spans on both sides.\n\n")

	k := r.kdf
	kr := ratio(k.goMed, k.nodeMed)
	w("## Key derivation (003, PBKDF2-SHA512, cost 110,000, 768 bits)\n\n")
	w("| | median of %d | |\n|---|---|---|\n", o.kdfRounds)
	w("| sfnotes (Go `crypto/pbkdf2`) | %s | |\n| Node `crypto.pbkdf2Sync` (OpenSSL) | %s | |\n", ms(k.goMed), ms(k.nodeMed))
	w("| **ratio Go / OpenSSL** | **%.2fx** | goal ≤ 1.2x: %s |\n\n", kr, verdict(kr <= 1.2))
	w("Both derive the same keys (checked in the run).\n\n")

	s := r.sync
	fr, ur := ratio(s.jsFirst, s.goFirst), ratio(s.jsUpload, s.goUpload)
	w("## Sync of %d notes, real server\n\n", s.notes)
	w("| | sfnotes | JS client | JS / sfnotes | goal |\n|---|---|---|---|---|\n")
	w("| first sync: download, decrypt, store | %s | %s | **%.1fx** | ≥ 10x: %s; sfnotes < 2 s: %s |\n",
		ms(s.goFirst), ms(s.jsFirst), fr, verdict(fr >= 10), verdict(s.goFirst < 2*time.Second))
	w("| upload of new notes: encrypt, send, merge | %s | %s | **%.1fx** | ≥ 10x: %s |\n\n",
		ms(s.goUpload), ms(s.jsUpload), ur, verdict(ur >= 10))
	w("The JS client's first sync downloads the %d notes sfnotes uploaded and must read all of them (checked).\n",
		s.notes)
	w("sfnotes stores into SQLite on disk; the JS client keeps its models in memory (the harness's storage\n")
	w("manager is an in-memory map), so the comparison favours the JS client.\n\n")

	w("## Search (every word, any case, title or text)\n\n| notes | selective query | broad query | goal |\n|---|---|---|---|\n")
	for _, x := range r.search {
		goal := 10 * time.Millisecond
		if x.size > 10000 {
			goal = 50 * time.Millisecond
		}
		w("| %d | %s (%d hits) | %s (%d hits) | < %s: %s |\n", x.size, ms2(x.few), x.nFew, ms2(x.many), x.nMany,
			ms(goal), verdict(x.few < goal && x.many < goal))
	}
	w("\nMedian of 15 queries each, through `Store.ListNotes` (the query the window runs, off the UI thread).\n\n")

	w("## Cold start with 10,000 notes\n\n")
	if r.cold.err != "" {
		w("Not measured in this run: %s.\n\n", r.cold.err)
	} else {
		w("| | median of 3 | goal |\n|---|---|---|\n")
		w("| exec to the window mapped and visible (Xvfb, Mesa llvmpipe) | %s | < 1 s: %s |\n", ms(r.cold.firstFrame),
			verdict(r.cold.firstFrame < time.Second))
		w("| resident memory 3 s after start (VmRSS) | %.0f MB | < 150 MB: %s |\n\n", r.cold.rssMB, verdict(r.cold.rssMB < 150))
		w("\"Visible\" is when xdotool finds the mapped window; the first frame is drawn right after. It includes\n")
		w("GL set-up under software rendering.\n\n")
	}
	w("## Go benchmarks behind these figures\n\n```\n%s\n```\n", strings.Join(r.micro, "\n"))
	w("\nReproduce: `make bench` (builds the app and the server, installs the JS client with npm into\n")
	w("`.ci/jsbench/node_modules`, needs Node 20, Xvfb and xdotool). Only the Go part: `go test -run '^$' -bench . ./...`.\n")
	return b.String()
}

func ms2(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
