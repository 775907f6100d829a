package main

import (
	"fmt"
	"time"
)

// syncMarkdown writes the sync section: first sync at every size, upload at
// the largest, and where the CPU time went (sfnotes' own and the server's,
// in total and per 1,000 notes).
func (r *report) syncMarkdown(w func(string, ...any)) {
	if len(r.sync) == 0 {
		return
	}
	last := r.sync[len(r.sync)-1]
	w("## Sync, real server\n\n")
	w("| | sfnotes | JS client | JS / sfnotes | goal |\n|---|---|---|---|---|\n")
	for _, s := range r.sync {
		with := s.jsFirst
		with.d += with.signIn
		w("| first sync of %d notes, sign-in included | %s | %s | %s | ≥ 10x: %s |\n", s.notes, ms(s.goSignIn+s.goFirst),
			jsCell(with, s.notes), jsRatio(with, s.goSignIn+s.goFirst), jsVerdict(with, s.goSignIn+s.goFirst))
		w("| of which the sign-in (003 key derivation and the request) | %s | %s | %.1fx | |\n", ms(s.goSignIn),
			ms(s.jsFirst.signIn), ratio(s.jsFirst.signIn, s.goSignIn))
		w("| first sync of %d notes without the sign-in: download, decrypt, store | %s | %s | %s | |\n",
			s.notes, ms(s.goFirst), jsCell(s.jsFirst, s.notes), jsRatio(s.jsFirst, s.goFirst))
	}
	if last.jsUploadRan {
		w("| upload of %d new notes: encrypt, send, merge | %s | %s | %s | ≥ 10x: %s |\n",
			last.notes, ms(last.goUpload), jsCell(last.jsUpload, last.notes), jsRatio(last.jsUpload, last.goUpload),
			jsVerdict(last.jsUpload, last.goUpload))
	}
	w("\nWhere the time goes (CPU seconds during each timed span, and per 1,000 notes; the server is a separate process):\n\n")
	w("| | sfnotes CPU | per 1,000 | server CPU in sfnotes' span | per 1,000 | server CPU in the JS client's span |\n")
	w("|---|---|---|---|---|---|\n")
	for _, s := range r.sync {
		w("| first sync, %d notes | %s | %s | %s | %s | %s |\n", s.notes, sec(s.goFirstCPU), per1000(s.goFirstCPU, s.notes),
			sec(s.srvFirstCPU), per1000(s.srvFirstCPU, s.notes), sec(s.jsFirstSrvCPU))
	}
	for _, s := range r.sync {
		js := "not run"
		if s.jsUploadRan {
			js = sec(s.jsUploadSrvCPU)
		}
		w("| upload, %d notes | %s | %s | %s | %s | %s |\n", s.notes, sec(s.goUploadCPU), per1000(s.goUploadCPU, s.notes),
			sec(s.srvUploadCPU), per1000(s.srvUploadCPU, s.notes), js)
	}
	w("\nOn a first sync (no sync token) this server answers with every item in one response, whatever `limit` says,\n")
	w("after reading all of the account's rows; its CPU in that span is a floor under the time of any client.\n")
	w("Uploads are bound by the server: mdouchement v0.13.4 spends time on each request that grows with the\n")
	w("items the account already holds (measured: 0.11 s for the first 150-item request, 1.06 s for the\n")
	w("thirteenth, 2,000 notes), so 10,000 notes in requests of at most 150 (the protocol's limit) cost the server\n")
	w("minutes whatever the client does. The ≥ 10x goal cannot be met on upload against this server; sfnotes' own\n")
	w("CPU per 1,000 notes is the column to compare.\n\n")
	w("The JS client's first sync downloads the notes sfnotes uploaded, and must read all of them (checked):\n")
	w("the two clients are compatible both ways. sfnotes stores into SQLite on disk; the harness gives the JS client\n")
	w("an in-memory storage manager, which favours the JS client. Each size runs on a fresh server. Each JS run is\n")
	w("stopped after %s and then reports how far it got.\n\n", jsDeadline)
	unfinished := last.jsUploadRan && !last.jsUpload.finished
	for _, s := range r.sync {
		unfinished = unfinished || !s.jsFirst.finished
	}
	if unfinished {
		w("**The JS client did not finish within %s.** It always asks for pages of 150 (`limit: 150`);\n", jsDeadline)
		w("mdouchement/standardfile v0.13.4 mishandles `limit` together with a `sync_token` (it repeats the newest\n")
		w("page; PROTOCOL.md §4), so the client keeps following a cursor through repeated pages while its uploads\n")
		w("crawl. sfnotes sends no `limit` to such a server and never follows a repeated page. The ratio shown is a\n")
		w("lower bound: the JS client's time when it was stopped, over sfnotes' time for the whole job.\n\n")
	}
}

func sec(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func per1000(d time.Duration, n int) string {
	return fmt.Sprintf("%.0f ms", float64(d.Milliseconds())*1000/float64(n))
}
