package model

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// fruits start with distinct trigrams, so that a probe of one note's text
// at another note's rowid finds nothing.
var fruits = []string{"apple", "banana", "cherry", "damson", "elderberry", "fig", "guava", "huckleberry",
	"imbe", "jackfruit", "kiwi", "lime", "mango", "nectarine", "olive", "papaya", "quince", "raspberry",
	"satsuma", "tangerine", "ugli", "vanilla", "watermelon", "xigua", "yuzu", "zucchini", "avocado",
	"blueberry", "cranberry", "durian", "eggplant"}

// seedFruits stores one note per fruit (31, the count of the issue's
// report), each also holding the word "orchard", and 2,000 other notes:
// enough for an index of several segment pages, so that losing its term
// index (one row per page) loses notes.
func seedFruits(t *testing.T, s *Store) {
	t.Helper()
	rs := make([]Remote, 2000)
	for i := range rs {
		rs[i] = Remote{UUID: fmt.Sprintf("filler-%04d", i), ContentType: TypeNote, CreatedAt: "2024-01-01T00:00:00.000Z",
			UpdatedAt: "2024-01-01T00:00:00.000Z", Content: fmt.Sprintf(`{"title":"Filler %d","text":"lorem ipsum %d","references":[]}`, i, i*7919)}
	}
	if err := s.Update(func(tx *Tx) error { _, err := tx.ApplyRemoteBatch(rs); return err }); err != nil {
		t.Fatal(err)
	}
	for i, f := range fruits {
		if _, err := s.CreateNote(f, fmt.Sprintf("%s from the orchard, row %d", f, i)); err != nil {
			t.Fatal(err)
		}
	}
}

// checkSearchTrue: every search agrees with the scan and finds what it
// should, an edit is stored and found, and FTS5's own check passes.
func checkSearchTrue(t *testing.T, s *Store) {
	t.Helper()
	if got := uuidsOf(t, s, NoteQuery{Search: "orchard"}); len(got) != len(fruits) {
		t.Fatalf("search for a word in every note finds %d of %d notes", len(got), len(fruits))
	}
	for _, q := range []string{"kiwi", "durian orchard", "row 17", "berry"} {
		got, want := uuidsOf(t, s, NoteQuery{Search: q}), searchByScan(t, s, NoteQuery{Search: q})
		if !slices.Equal(got, want) || len(got) == 0 {
			t.Fatalf("search %q: the index gives %d notes, the scan %d", q, len(got), len(want))
		}
	}
	l, err := s.ListNotes(NoteQuery{Search: "mango"})
	if err != nil || len(l) != 1 {
		t.Fatalf("mango: %d notes, %v", len(l), err)
	}
	text := "now about plums"
	if err := s.EditNote(l[0].UUID, NoteEdit{Text: &text}); err != nil {
		t.Fatalf("an edit after reopening: %v", err)
	}
	if got := uuidsOf(t, s, NoteQuery{Search: "plums"}); len(got) != 1 {
		t.Fatalf("the edited note is found %d times", len(got))
	}
	checkIndex(t, s)
}

// damageCases damage the index each way while its table and triggers stay.
var damageCases = []struct{ name, sql string }{
	{"emptied by delete-all", `INSERT INTO search_index(search_index) VALUES ('delete-all')`},
	{"size records deleted from a shadow table", `DELETE FROM search_index_docsize WHERE id % 3 = 0`},
	{"segments deleted from a shadow table", `DELETE FROM search_index_data WHERE id > 10`},
	{"term index deleted from a shadow table", `DELETE FROM search_index_idx`},
	{"a few entries missing", `INSERT INTO search_index(search_index, rowid, search)
		SELECT 'delete', rowid, search FROM items WHERE title IN ('kiwi', 'lime', 'durian')`},
	{"rowids renumbered behind the index", `UPDATE items SET rowid = -rowid;
		UPDATE items SET rowid = (SELECT max(-rowid) + min(-rowid) FROM items) + rowid`},
}

// damagedStore makes a store of the fruits, damages its index with sql
// and closes it.
func damagedStore(t *testing.T, sql string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	seedFruits(t, s)
	if err := s.db.Exec(sql).Error; err != nil {
		t.Fatalf("damaging the index: %v", err)
	}
	if ok, _ := searchIndexInStep(s.db); ok {
		t.Fatal("the damage went unnoticed by the check")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDamagedSearchIndexRepairedAtOpen: an index damaged each way (its
// table and triggers intact) is found out of step and rebuilt at Open;
// every search is then the scan's, edits work and FTS5's check passes.
// Before, Open only looked for the table and triggers: the emptied index
// found 0 of 31 notes and edits failed ("database disk image is
// malformed"), and the other damage stayed.
func TestDamagedSearchIndexRepairedAtOpen(t *testing.T) {
	for _, c := range damageCases {
		t.Run(c.name, func(t *testing.T) {
			dir := damagedStore(t, c.sql)
			s, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			checkSearchTrue(t, s)
		})
	}
}

// TestDamagedSearchIndexReadOnly: a read-only open cannot rebuild the
// index; it searches by the scan instead, so results are still right.
func TestDamagedSearchIndexReadOnly(t *testing.T) {
	for _, c := range damageCases {
		t.Run(c.name, func(t *testing.T) {
			s, err := OpenReadOnly(damagedStore(t, c.sql))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := uuidsOf(t, s, NoteQuery{Search: "orchard"}); len(got) != len(fruits) {
				t.Fatalf("read-only: a word in every note finds %d of %d notes", len(got), len(fruits))
			}
			for _, q := range []string{"kiwi", "row 17"} {
				if got := uuidsOf(t, s, NoteQuery{Search: q}); len(got) != 1 {
					t.Fatalf("read-only: %q finds %d notes, want 1", q, len(got))
				}
			}
		})
	}
}

// TestSoundSearchIndexPassesCheck: a sound index of every kind of item
// (tags, tombstones, untitled and empty notes, quotes, non-ASCII, invalid
// UTF-8, a long note, items deleted and added again) passes the check, so
// that Open does not rebuild it every time.
func TestSoundSearchIndexPassesCheck(t *testing.T) {
	s := openTest(t)
	if ok, err := searchIndexInStep(s.db); !ok || err != nil {
		t.Fatalf("an empty store: in step %v, %v", ok, err)
	}
	seedFruits(t, s)
	for _, n := range [][2]string{{"", ""}, {"", "x"}, {`"quoted" title`, `say "hi"`}, {"naïve café", "日本語"},
		{"bad \xff\xfe utf8", "\x80\x80\x80"}, {"long", string(make([]byte, 200000))}, {"ab", "c"}} {
		if _, err := s.CreateNote(n[0], n[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateTag("work"); err != nil {
		t.Fatal(err)
	}
	l, err := s.ListNotes(NoteQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range l[:5] {
		if err := s.DeleteForever(n.UUID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateNote("zebra", "after the deletes"); err != nil {
		t.Fatal(err)
	}
	if ok, err := searchIndexInStep(s.db); !ok || err != nil {
		t.Fatalf("a sound index: in step %v, %v", ok, err)
	}
	checkIndex(t, s)
}

// TestSearchIndexCheckOddText: a note whose text starts with bytes that are
// not plain UTF-8 (invalid or cut sequences, NUL, quotes, letters whose
// lower case changes length) is the one the check looks up, alone in its
// store, and is found: a false "out of step" would rebuild the index at
// every start.
func TestSearchIndexCheckOddText(t *testing.T) {
	for _, title := range []string{"\xffab", "a\xffb", "ab\xff", "\xc3", "\xc3xyz", "\xe6\x97xyz", "😀ab", "İxy", "ßxy",
		"\x00ab", "a\x00b", `"ab`, "ǅxy", "ΣΑΣ", "\u0130\u0130\u0130"} {
		s := openTest(t)
		if _, err := s.CreateNote(title, "t"); err != nil {
			t.Fatal(err)
		}
		if ok, err := searchIndexInStep(s.db); !ok || err != nil {
			t.Errorf("a note titled %q: in step %v, %v", title, ok, err)
		}
	}
}
