package model

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// searchByScan is the reference: the plain scan every search did before
// the index, on the same store.
func searchByScan(t *testing.T, s *Store, q NoteQuery) []string {
	t.Helper()
	was := s.indexed
	s.indexed = false
	defer func() { s.indexed = was }()
	return uuidsOf(t, s, q)
}

func uuidsOf(t *testing.T, s *Store, q NoteQuery) []string {
	t.Helper()
	l, err := s.ListNotes(q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range l {
		out = append(out, n.UUID)
	}
	return out
}

// checkIndex runs FTS5's own check that the index matches the items table.
func checkIndex(t *testing.T, s *Store) {
	t.Helper()
	if err := s.db.Exec(`INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)`).Error; err != nil {
		t.Fatalf("the search index does not match the items: %v", err)
	}
}

var ftsQueries = []string{"kiwi", "KIWI fig", "ki", "k", "a b", "naïve café", "日本語", "本", `say "hi"`, `"`, "it's",
	"AND", "or not", "fig*", "^kiwi", "NEAR(kiwi fig)", "-x", "no such word", "grüße", "GRÜSSE", "  spaced   out  "}

// TestSearchIndexAgreesWithScan: after a random mix of creates, edits,
// trashing, deletes and received items, every query returns exactly what
// the scan returns, and the index passes FTS5's integrity check.
func TestSearchIndexAgreesWithScan(t *testing.T) {
	s := openTest(t)
	words := []string{"kiwi", "fig", "naïve", "café", "日本語", `say "hi"`, "it's", "AND", "or", "not", "grüße", "a", "b", "NEAR(x)", "fig*"}
	r := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var b []string
		for range 1 + r.IntN(6) {
			b = append(b, words[r.IntN(len(words))])
		}
		return strings.Join(b, " ")
	}
	var ids []string
	for i := range 300 {
		switch op := r.IntN(10); {
		case op < 4 || len(ids) == 0:
			n, err := s.CreateNote(text(), text())
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, n.UUID)
		case op < 7:
			tx := text()
			if err := s.EditNote(ids[r.IntN(len(ids))], NoteEdit{Text: &tx}); err != nil {
				t.Fatal(err)
			}
		case op < 8:
			yes := true
			if err := s.EditNote(ids[r.IntN(len(ids))], NoteEdit{Trashed: &yes}); err != nil {
				t.Fatal(err)
			}
		case op < 9:
			k := r.IntN(len(ids))
			if err := s.DeleteForever(ids[k]); err != nil {
				t.Fatal(err)
			}
			ids = slices.Delete(ids, k, k+1)
		default:
			id := fmt.Sprintf("remote-%d", i%20) // received, often the same uuids again
			c := fmt.Sprintf(`{"title":%q,"text":%q,"references":[]}`, text(), text())
			err := s.Update(func(tx *Tx) error {
				_, err := tx.ApplyRemoteBatch([]Remote{{UUID: id, ContentType: TypeNote, Content: c,
					CreatedAt: "2024-01-01T00:00:00.000Z", UpdatedAt: "2024-01-02T00:00:00.000Z"}})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	checkIndex(t, s)
	hits := 0
	for _, q := range ftsQueries {
		for _, v := range []View{ViewAll, ViewTrash} {
			nq := NoteQuery{View: v, Search: q}
			got, want := uuidsOf(t, s, nq), searchByScan(t, s, nq)
			if !slices.Equal(got, want) {
				t.Fatalf("search %q in view %v: index gives %d notes, the scan %d", q, v, len(got), len(want))
			}
			hits += len(got)
		}
	}
	if hits == 0 {
		t.Fatal("no query found anything: the comparison proved nothing")
	}
}

// TestSearchIndexBuiltForOldDatabase: a database without the index (as
// every one before it) gets it at Open, with progress, and finds what the
// scan finds; a database whose trigger went missing gets it rebuilt.
func TestSearchIndexBuiltForOldDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 12000 {
		if i%1000 == 0 {
			if _, err := s.CreateNote(fmt.Sprintf("rare %d", i), "kiwi"); err != nil {
				t.Fatal(err)
			}
		}
	}
	rs := make([]Remote, 12000)
	for i := range rs {
		rs[i] = Remote{UUID: fmt.Sprintf("r-%05d", i), ContentType: TypeNote, Content: fmt.Sprintf(`{"title":"n %d","text":"fig %d","references":[]}`, i, i),
			CreatedAt: "2024-01-01T00:00:00.000Z", UpdatedAt: "2024-01-01T00:00:00.000Z"}
	}
	if err := s.Update(func(tx *Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		t.Fatal(err)
	}
	// Back to a database from before the index.
	for _, q := range []string{"DROP TRIGGER items_search_ai", "DROP TRIGGER items_search_ad", "DROP TRIGGER items_search_au", "DROP TABLE search_index"} {
		if err := s.db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	var calls []int
	s, err = OpenReporting(dir, func(done, total int) { calls = append(calls, done) })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(calls) < 3 || calls[len(calls)-1] != 12012 {
		t.Fatalf("progress %v, want batches up to 12012 items", calls)
	}
	checkIndex(t, s)
	for _, q := range []string{"rare", "fig 1199", "kiwi"} {
		got, want := uuidsOf(t, s, NoteQuery{Search: q}), searchByScan(t, s, NoteQuery{Search: q})
		if !slices.Equal(got, want) || len(got) == 0 {
			t.Fatalf("%q: index %d, scan %d", q, len(got), len(want))
		}
	}
	// One trigger lost (a table rebuilt by a migration): rebuilt at Open.
	if err := s.db.Exec("DROP TRIGGER items_search_au").Error; err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	tx := "now about plums"
	if err := s.EditNote("r-00007", NoteEdit{Text: &tx}); err != nil {
		t.Fatal(err)
	}
	if got := uuidsOf(t, s, NoteQuery{Search: "plums"}); len(got) != 1 {
		t.Fatalf("an edit after the rebuild is found %d times", len(got))
	}
	checkIndex(t, s)
}

// TestSearchIndexAfterWipe: signing out VACUUMs (which may renumber rowids);
// the index is rebuilt and new notes are found.
func TestSearchIndexAfterWipe(t *testing.T) {
	s := openTest(t)
	for i := range 50 {
		if _, err := s.CreateNote(fmt.Sprintf("before %d", i), "kiwi"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SignOut(); err != nil {
		t.Fatal(err)
	}
	checkIndex(t, s)
	if _, err := s.CreateNote("after", "figs and kiwis"); err != nil {
		t.Fatal(err)
	}
	got, want := uuidsOf(t, s, NoteQuery{Search: "kiwi"}), searchByScan(t, s, NoteQuery{Search: "kiwi"})
	if !slices.Equal(got, want) {
		t.Fatalf("after a wipe: index %d, scan %d", len(got), len(want))
	}
	checkIndex(t, s)
}

// TestSearchNarrowsByTheRarestWord: with a word in more notes than the index
// is worth and a rare one, the rare one narrows (each counted apart), and the
// result is still the scan's; a query of common words only scans.
func TestSearchNarrowsByTheRarestWord(t *testing.T) {
	s := openTest(t)
	rs := make([]Remote, selectiveLimit+100)
	for i := range rs {
		text := "lorem ipsum"
		if i%700 == 0 {
			text += " zanzibar"
		}
		rs[i] = Remote{UUID: fmt.Sprintf("n-%05d", i), ContentType: TypeNote, CreatedAt: "2024-01-01T00:00:00.000Z",
			UpdatedAt: "2024-01-01T00:00:00.000Z", Content: fmt.Sprintf(`{"title":"Note %d","text":%q,"references":[]}`, i, text)}
	}
	if err := s.Update(func(tx *Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		t.Fatal(err)
	}
	if match, ok := s.narrowest([]string{"ipsum", "zanzibar", "lorem"}); !ok || match != `"zanzibar"` {
		t.Fatalf("narrowest = %q, %v; want the rare word", match, ok)
	}
	if match, ok := s.narrowest([]string{"ipsum", "lorem"}); ok {
		t.Fatalf("common words only: narrowed by %q, want a scan", match)
	}
	for _, q := range []string{"ipsum zanzibar", "zanzibar lorem ipsum", "ipsum lorem", "zanz ip"} {
		nq := NoteQuery{Search: q}
		got, want := uuidsOf(t, s, nq), searchByScan(t, s, nq)
		if !slices.Equal(got, want) || len(got) == 0 {
			t.Fatalf("search %q: index gives %d notes, the scan %d", q, len(got), len(want))
		}
	}
}
