package main

import (
	"fmt"
	"os"
	"time"

	"sfnotes/model"
)

type searchResult struct {
	size        int
	few, many   time.Duration
	nFew, nMany int
}

// seedStore makes a store with n notes of realistic length.
func seedStore(dir string, n int) *model.Store {
	st, err := model.Open(dir)
	must(err, "open store")
	words := []string{"meeting", "budget", "travel", "groceries", "project", "idea", "recipe", "book", "garden", "music"}
	rs := make([]model.Remote, n)
	for i := range rs {
		w1, w2 := words[i%len(words)], words[(i/10)%len(words)]
		rs[i] = model.Remote{UUID: model.NewUUID(), ContentType: model.TypeNote,
			CreatedAt: "2024-01-01T00:00:00.000Z", UpdatedAt: model.FormatTime(time.Unix(1700000000+int64(i), 0)),
			Content: fmt.Sprintf(`{"title":"%s notes %d","text":"About %s and %s. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ticket %d.","references":[]}`,
				w1, i, w1, w2, i)}
	}
	must(st.Update(func(tx *model.Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }), "seed")
	return st
}

// benchSearch times a selective search (a few hits) and a broad one (a tenth
// of the notes) over 10,000 and 100,000 notes: the median of 15 queries each.
func benchSearch() []searchResult {
	var out []searchResult
	for _, n := range []int{10000, 100000} {
		dir, err := os.MkdirTemp("", "sfnotes-search-")
		must(err, "temp dir")
		st := seedStore(dir, n)
		r := searchResult{size: n}
		r.few, r.nFew = timeSearch(st, "ticket 4242")
		r.many, r.nMany = timeSearch(st, "budget travel")
		out = append(out, r)
		st.Close()
		os.RemoveAll(dir)
	}
	return out
}

func timeSearch(st *model.Store, q string) (time.Duration, int) {
	var ds []time.Duration
	hits := 0
	for i := 0; i < 15; i++ {
		start := time.Now()
		l, err := st.ListNotes(model.NoteQuery{Search: q})
		ds = append(ds, time.Since(start))
		must(err, "search")
		hits = len(l)
	}
	return median(ds), hits
}
