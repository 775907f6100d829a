package main

import (
	"time"
)

// usageMarkdown writes the memory section (goal: resident memory after 10
// minutes of scripted use within 20 MB of its value at start).
func (r *report) usageMarkdown(w func(string, ...any)) {
	u := r.usage
	w("## Memory over %s of scripted use at 10,000 notes\n\n", minutes(u.minutes))
	if u.err != "" {
		w("Not measured in this run: %s.\n\n", u.err)
		return
	}
	grow := u.end.RSSMB - u.start.RSSMB
	w("The real window (Xvfb, 1280x800) on 10,000 notes with 10 tags, driven by xdotool in rounds of about 20 s:\n")
	w("a view and a tag, a note opened and typed into, a search typed and cleared, the list scrolled, the sort\n")
	w("changed, Pinned/Untagged/Trash, and every third round a new note written (%d rounds, %d new notes; the\n", u.rounds, u.created)
	w("store holds %d notes after). The app's own probe (`SFNOTES_PROBE`) records, each second, memory and the\n", u.after)
	w("longest wait of a no-op handed to the UI thread (sampled every 50 ms): what a key press would have waited.\n\n")
	w("| | at start (settled) | after %s | change | goal |\n|---|---|---|---|---|\n", minutes(u.minutes))
	w("| resident memory (VmRSS) | %.0f MB | %.0f MB | %+.0f MB | within 20 MB: %s |\n", u.start.RSSMB, u.end.RSSMB, grow,
		verdict(grow <= 20 && grow >= -20))
	w("| of which file-backed (the binary, shared libraries) | %.0f MB | %.0f MB | %+.0f MB | |\n", u.start.FileMB, u.end.FileMB,
		u.end.FileMB-u.start.FileMB)
	w("| of which anonymous | %.0f MB | %.0f MB | %+.0f MB | |\n", u.start.AnonMB, u.end.AnonMB, u.end.AnonMB-u.start.AnonMB)
	w("| Go heap in use | %.0f MB | %.0f MB | %+.0f MB | |\n", u.start.HeapMB, u.end.HeapMB, u.end.HeapMB-u.start.HeapMB)
	w("| Go stacks | %.1f MB | %.1f MB | | |\n", u.start.StackMB, u.end.StackMB)
	w("| all memory the Go runtime holds (resident or not) | %.0f MB | %.0f MB | | |\n", u.start.GoSysMB, u.end.GoSysMB)
	if u.minute1.RSSMB > 0 {
		w("| resident memory after the first minute of use | %.0f MB | | %+.0f MB from there to the end | |\n",
			u.minute1.RSSMB, u.end.RSSMB-u.minute1.RSSMB)
	}
	w("\nThe anonymous memory outside the Go heap is C and transpiled-C memory: Mesa's llvmpipe renderer (textures,\n")
	w("shaders compiled as new drawing states appear), GLFW, and SQLite's page cache (modernc's allocator maps its own\n")
	w("memory). glibc's `malloc_trim` on the running window (gdb, after 2.5 minutes of use) returned 2 MB: that\n")
	w("memory is in use, not freed and kept. The Go runtime's total grows while the heap reaches the collector's goal\n")
	w("(twice the live heap with the default GOGC), then stays.\n\n")
	w("UI thread during the session: the longest wait in a median second %.1f ms, in the 99th-percentile second\n", u.p50)
	w("%.1f ms, the worst second %.1f ms. Every visible change costs at least one frame, and under Mesa's software\n", u.p99, u.worstUI)
	w("renderer a frame of this window takes 40-60 ms (the wait measured while only the old fading text cursor\n")
	w("redrew it); the reading of lists and searches runs off the UI thread (the Go benchmarks below).\n\n")
}

// uploadWindowMarkdown writes the window-during-upload section.
func (r *report) uploadWindowMarkdown(w func(string, ...any)) {
	u := r.uploadWin
	w("## The window while it uploads %d notes\n\n", u.notes)
	if u.err != "" {
		w("Not measured in this run: %s.\n\n", u.err)
		return
	}
	w("A device with %d notes never uploaded, signed in to a fresh real server; the window starts and its engine\n", u.notes)
	w("uploads them while the scripted use above runs (%d rounds, %d new notes written during the upload).\n\n", u.rounds, u.created)
	w("| | |\n|---|---|\n")
	w("| window shown to nothing left to upload | %s |\n", sec(u.upload))
	w("| sfnotes CPU (the whole app: drawing the window in software, engine, store) | %s, %s per 1,000 notes |\n", sec(u.appCPU), per1000(u.appCPU, u.notes))
	w("| server CPU in the same span | %s, %s per 1,000 notes |\n", sec(u.srvCPU), per1000(u.srvCPU, u.notes))
	w("| UI thread: longest wait in the median second | %.1f ms |\n", u.p50)
	w("| UI thread: longest wait in the 99th-percentile second | %.1f ms |\n", u.p99)
	w("| UI thread: the worst second | %.1f ms |\n", u.worstUI)
	w("| notes a new device then downloads | %d of %d |\n\n", u.readBack, u.notes+u.created)
}

func minutes(m float64) string {
	return (time.Duration(m * float64(time.Minute))).Round(time.Second).String()
}
