package model

import (
	"fmt"
	"testing"
)

func seed(b *testing.B, s *Store, n int) {
	b.Helper()
	rs := make([]Remote, n)
	for i := range rs {
		rs[i] = Remote{UUID: fmt.Sprintf("u-%06d", i), ContentType: TypeNote,
			Content:   fmt.Sprintf(`{"title":"Note %d","text":"lorem ipsum dolor sit amet %d consectetur","references":[]}`, i, i),
			CreatedAt: "2020-01-01T00:00:00.000Z", UpdatedAt: "2020-01-01T00:00:00.000Z"}
	}
	if err := s.Update(func(tx *Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkApplyRemote10k stores 10,000 received notes in one transaction.
func BenchmarkApplyRemote10k(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s := openTest(b)
		b.StartTimer()
		seed(b, s, 10000)
	}
}

func benchList(b *testing.B, n int, q NoteQuery) {
	s := openTest(b)
	seed(b, s, n)
	for b.Loop() {
		if _, err := s.ListNotes(q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkList10k(b *testing.B)    { benchList(b, 10000, NoteQuery{}) }
func BenchmarkSearch10k(b *testing.B)  { benchList(b, 10000, NoteQuery{Search: "ipsum 9999"}) }
func BenchmarkSearch100k(b *testing.B) { benchList(b, 100000, NoteQuery{Search: "ipsum 99999"}) }

// The first page of a list, which the window shows while it reads the rest.
func BenchmarkList100k(b *testing.B) { benchList(b, 100000, NoteQuery{}) }
func BenchmarkListFirstPage100k(b *testing.B) {
	benchList(b, 100000, NoteQuery{Limit: 200})
}
func BenchmarkSearchFirstPage100k(b *testing.B) {
	benchList(b, 100000, NoteQuery{Search: "ipsum", Limit: 200})
}

// BenchmarkBuildSearchIndex100k builds the search index for a database of
// 100,000 notes from before it (the one-time migration at Open).
func BenchmarkBuildSearchIndex100k(b *testing.B) {
	s := openTest(b)
	seed(b, s, 100000)
	for b.Loop() {
		b.StopTimer()
		for _, q := range []string{"DROP TRIGGER items_search_ai", "DROP TRIGGER items_search_ad", "DROP TRIGGER items_search_au", "DROP TABLE search_index"} {
			if err := s.db.Exec(q).Error; err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if err := s.ensureSearchIndex(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// seedFlagged stores n notes of which 1 in 100 is archived and 1 in 50
// starred, as the official app writes them.
func seedFlagged(b *testing.B, s *Store, n int) {
	b.Helper()
	rs := make([]Remote, n)
	for i := range rs {
		rs[i] = Remote{UUID: fmt.Sprintf("u-%06d", i), ContentType: TypeNote,
			Content: fmt.Sprintf(`{"title":"Note %d","text":"lorem ipsum %d","references":[],"starred":%v,"appData":{"org.standardnotes.sn":{"archived":%v}}}`,
				i, i, i%50 == 1, i%100 == 0),
			CreatedAt: "2020-01-01T00:00:00.000Z", UpdatedAt: fmt.Sprintf("2020-01-01T00:%02d:%02d.000Z", i/60%60, i%60)}
	}
	if err := s.Update(func(tx *Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		b.Fatal(err)
	}
}

// The first page of the Archived and Starred views (1,000 and 2,000 of
// 100,000 notes), read through the list index in order.
func BenchmarkArchivedFirstPage100k(b *testing.B) {
	benchFlagged(b, NoteQuery{View: ViewArchived, Limit: 200})
}
func BenchmarkStarredFirstPage100k(b *testing.B) {
	benchFlagged(b, NoteQuery{View: ViewStarred, Limit: 200})
}
func BenchmarkAllFirstPageFlagged100k(b *testing.B) { benchFlagged(b, NoteQuery{Limit: 200}) }

func benchFlagged(b *testing.B, q NoteQuery) {
	s := openTest(b)
	seedFlagged(b, s, 100000)
	for b.Loop() {
		if l, err := s.ListNotes(q); err != nil || len(l) != 200 {
			b.Fatal(len(l), err)
		}
	}
}

// benchOpen opens (and closes) a store of n notes that exists already: the
// cost of every start of the window and of every command, checks of the
// search index included.
func benchOpen(b *testing.B, n int) {
	dir := b.TempDir()
	s, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	seed(b, s, n)
	s.Close()
	for b.Loop() {
		s, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

func BenchmarkOpen10k(b *testing.B)  { benchOpen(b, 10000) }
func BenchmarkOpen100k(b *testing.B) { benchOpen(b, 100000) }
