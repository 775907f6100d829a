package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"sfnotes/app"
	"sfnotes/model"
)

// usageResult is the window after a scripted session at 10,000 notes.
type usageResult struct {
	minutes            float64
	rounds, created    int
	start, end         app.ProbeLine // memory at start (settled) and at the end
	minute1            app.ProbeLine // after the first minute of use
	p50, p99, worstUI  float64       // per-second longest UI-thread waits, ms
	notesBefore, after int
	err                string
}

// Window coordinates at 1280x800 (docs/screenshot.png): the sidebar's rows,
// the search field, the sort menu, the new-note button, the list and the editor.
var (
	sidebarRow = func(i int) (int, int) { return 130, 48 + 39*i } // 0 All, 1 Pinned, 2 Untagged, 3 Trash
	tagRow     = func(i int) (int, int) { return 130, 244 + 39*i }
	listRow    = func(i int) (int, int) { return 440, 145 + 74*i }
	sortMenu   = [2]int{420, 88}
	listMiddle = [2]int{440, 420}
	editorBody = [2]int{950, 450}
)

func (x *xserver) click(px, py int) {
	x.xdo("mousemove", fmt.Sprint(px), fmt.Sprint(py), "click", "1")
}

func (x *xserver) keys(k ...string) { x.xdo(append([]string{"key", "--delay", "60"}, k...)...) }

func (x *xserver) typeText(s string) { x.xdo("type", "--delay", "70", s) }

func pause(ms int) { time.Sleep(time.Duration(ms) * time.Millisecond) }

// useRound is one round of a person's use of the window (about 20 s): views
// and tags, opening notes, searching, scrolling, sorting, typing into a note
// and, every third round, writing a new note. It returns whether it wrote one.
func (x *xserver) useRound(i int) bool {
	x.click(sidebarRow(0))
	pause(800)
	x.click(tagRow(i % 10))
	pause(800)
	x.click(listRow(i % 5))
	pause(700)
	x.click(editorBody[0], editorBody[1])
	x.keys("ctrl+End")
	x.typeText(fmt.Sprintf(" edit %d", i))
	pause(1500)
	x.keys("ctrl+f")
	x.typeText(fmt.Sprintf("budget %d", i%100))
	pause(1200)
	x.keys("ctrl+a", "BackSpace")
	pause(800)
	x.click(sidebarRow(0))
	for range 3 {
		x.xdo("mousemove", fmt.Sprint(listMiddle[0]), fmt.Sprint(listMiddle[1]), "click", "--repeat", "15", "--delay", "20", "5")
		pause(300)
	}
	x.xdo("mousemove", fmt.Sprint(listMiddle[0]), fmt.Sprint(listMiddle[1]), "click", "--repeat", "45", "--delay", "20", "4")
	x.click(sortMenu[0], sortMenu[1])
	pause(500)
	x.click(sortMenu[0], sortMenu[1]+40+40*(i%3))
	pause(800)
	x.click(sidebarRow(1 + i%3))
	pause(800)
	wrote := i%3 == 0
	if wrote {
		x.keys("ctrl+n")
		pause(500)
		x.typeText(fmt.Sprintf("Scripted %d", i))
		x.keys("Return")
		x.typeText("Written by the bench while it uses the window.")
		pause(1500)
	}
	x.click(sidebarRow(0))
	pause(1000)
	return wrote
}

// seedTags gives the seeded notes ten tags (one per seed word), so that
// switching tags switches between lists of 1,000 notes.
func seedTags(st *model.Store) {
	words := []string{"meeting", "budget", "travel", "groceries", "project", "idea", "recipe", "book", "garden", "music"}
	l, err := st.ListNotes(model.NoteQuery{})
	must(err, "list notes")
	refs := make([][]string, len(words))
	for _, n := range l {
		for w, word := range words {
			if strings.HasPrefix(n.Title, word+" ") {
				refs[w] = append(refs[w], fmt.Sprintf(`{"uuid":%q,"content_type":"Note"}`, n.UUID))
			}
		}
	}
	var rs []model.Remote
	for w, word := range words {
		rs = append(rs, model.Remote{UUID: model.NewUUID(), ContentType: model.TypeTag, CreatedAt: "2024-01-01T00:00:00.000Z",
			UpdatedAt: "2024-01-01T00:00:00.000Z",
			Content:   fmt.Sprintf(`{"title":%q,"references":[%s]}`, word, strings.Join(refs[w], ","))})
	}
	must(st.Update(func(tx *model.Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }), "seed tags")
}

// benchUsage runs the window on 10,000 tagged notes for o.useMinutes of
// scripted use and reads its probe: resident memory settled at start and at
// the end, and the UI thread's waits.
func benchUsage(o options) usageResult {
	x, err := startXvfb()
	if err != nil {
		return usageResult{err: err.Error()}
	}
	defer x.stop()
	dir, err := os.MkdirTemp("", "sfnotes-usage-")
	must(err, "temp dir")
	defer os.RemoveAll(dir)
	data := filepath.Join(dir, "data")
	st := seedStore(data, 10000)
	seedTags(st)
	st.Close()

	w, err := x.launch(o, dir, data, 60*time.Second)
	if err != nil {
		return usageResult{err: err.Error()}
	}
	pause(8000) // settled: first lists read, first frames drawn
	res := usageResult{notesBefore: 10000}
	begin := time.Now()
	for time.Since(begin) < o.useMinutes {
		if x.useRound(res.rounds) {
			res.created++
		}
		res.rounds++
		x.shot(fmt.Sprintf("usage-%03d.png", res.rounds))
	}
	res.minutes = time.Since(begin).Minutes()
	pause(3000)
	lines := w.lines()
	w.close()
	x.keepProbe(w, "usage-probe.jsonl")
	if len(lines) < 10 {
		return usageResult{err: "the probe recorded no memory (SFNOTES_PROBE)"}
	}
	startLines := between(lines, begin.Add(-3*time.Second), begin)
	if len(startLines) == 0 {
		startLines = lines[:1]
	}
	res.start, res.end = startLines[len(startLines)-1], lines[len(lines)-1]
	if m := between(lines, begin.Add(time.Minute), begin.Add(time.Minute+3*time.Second)); len(m) > 0 {
		res.minute1 = m[0]
	}
	res.p50, res.p99, res.worstUI = uiWaits(between(lines, begin, begin.Add(o.useMinutes)))
	st2, err := model.Open(data)
	must(err, "reopen the store")
	res.after, _ = st2.CountNotes(model.NoteQuery{})
	st2.Close()
	return res
}
