package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"sfnotes/model"
)

// limitRecorder is the store, noting the Limit of every list query.
type limitRecorder struct {
	*model.Store
	mu     sync.Mutex
	limits []int
}

func (r *limitRecorder) ListNotes(q model.NoteQuery) ([]model.NoteSummary, error) {
	r.mu.Lock()
	r.limits = append(r.limits, q.Limit)
	r.mu.Unlock()
	return r.Store.ListNotes(q)
}

// TestLongListShownInTwoSteps: a view switch or a search over a long list
// first reads a page (so it shows at once whatever the size), then the
// whole list, which ends up exactly the store's order; a short list is read
// once.
func TestLongListShownInTwoSteps(t *testing.T) {
	st, err := model.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range 450 {
		if _, err := st.CreateNote(fmt.Sprintf("note %03d", i), fmt.Sprintf("kiwi grp%d", i%3)); err != nil {
			t.Fatal(err)
		}
	}
	rec := &limitRecorder{Store: st}
	w := New(test.NewTempApp(t), rec, &fakeServices{})
	w.searchDelay = 1 // not inline: the real window's path
	check := func(what string, q model.NoteQuery, wantLimits []int) {
		t.Helper()
		w.WaitIdle()
		want, err := st.ListNotes(q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		asUI(func() {
			for _, n := range w.list {
				got = append(got, n.UUID)
			}
		})
		var wantIDs []string
		for _, n := range want {
			wantIDs = append(wantIDs, n.UUID)
		}
		if !slices.Equal(got, wantIDs) {
			t.Fatalf("%s: the list shows %d notes, the store has %d", what, len(got), len(wantIDs))
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if !slices.Equal(rec.limits, wantLimits) {
			t.Fatalf("%s: list queries with limits %v, want %v", what, rec.limits, wantLimits)
		}
		rec.limits = nil
	}
	rec.limits = nil
	asUI(func() { w.SetSort(model.SortTitle) })
	check("sort by title", model.NoteQuery{Sort: model.SortTitle}, []int{firstPage, 0})
	asUI(func() { w.SetSearch("grp1") })
	check("a search with 150 results", model.NoteQuery{Sort: model.SortTitle, Search: "grp1"}, []int{firstPage})
	asUI(func() { w.SetSearch("kiwi") })
	check("a search with 450 results", model.NoteQuery{Sort: model.SortTitle, Search: "kiwi"}, []int{firstPage, 0})
}
